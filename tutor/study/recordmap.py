"""A course's question records by id, each decoded from its line in the file when first used.

A progress file of 10,000 cards is 10,000 lines of up to 2 KB, and decoding
them all takes well over the 100 ms that loading may take on a small machine,
where the course on screen needs only its own few hundred. So question lines
in tutor's layout are handed over undecoded (:class:`UnreadRecord`, see
:mod:`tutor.study.recordlines`), and :class:`QuestionRecords` decodes one the
first time it is asked for. A record never decoded, or decoded and not
changed, is written back as the very line it came from.

A line that turns out not to be a readable record (edited by hand) is a
damaged record from then on: gone from the mapping, as one found damaged at
load is, and written back as it was.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, MutableMapping
from typing import TYPE_CHECKING

from tutor.study.record_layout import DamagedRecord

if TYPE_CHECKING:
    from tutor.study.records import QuestionRecord

_UNREAD = object()


class UnreadRecord:
    """A question record still as its line in the file: ``text[start:end]``."""

    __slots__ = ("_decode", "_record", "end", "start", "text")

    def __init__(
        self, text: str, start: int, end: int, decode: Callable[[str, int, int], QuestionRecord]
    ) -> None:
        self.text, self.start, self.end = text, start, end
        self._decode = decode  # raises DamagedRecord
        self._record: object = _UNREAD

    @property
    def line(self) -> str:
        return self.text[self.start : self.end]

    def record(self) -> QuestionRecord | None:
        """The record, decoded the first time; None if the line cannot be read."""
        if self._record is _UNREAD:
            try:
                self._record = self._decode(self.text, self.start, self.end)
            except DamagedRecord:
                self._record = None
        return self._record  # type: ignore[return-value]


class QuestionRecords(MutableMapping[str, "QuestionRecord"]):
    """Question records by id, read from their lines as they are asked for.

    Looking one up decodes only that one; iterating, ``len`` and comparing
    decode them all (to leave out damaged ones).
    """

    __slots__ = ("_entries",)

    def __init__(self, entries: dict[str, QuestionRecord | UnreadRecord] | None = None) -> None:
        self._entries: dict[str, QuestionRecord | UnreadRecord] = entries or {}

    def __getitem__(self, question_id: str) -> QuestionRecord:
        entry = self._entries[question_id]
        if type(entry) is not UnreadRecord:
            return entry  # type: ignore[return-value]
        record = entry.record()
        if record is None:
            raise KeyError(question_id)
        return record

    def __setitem__(self, question_id: str, record: QuestionRecord) -> None:
        self._entries[question_id] = record

    def __delitem__(self, question_id: str) -> None:
        del self._entries[question_id]

    def __iter__(self) -> Iterator[str]:
        return iter([question_id for question_id in self._entries if question_id in self])

    def __len__(self) -> int:
        return sum(1 for _ in self)

    def __repr__(self) -> str:
        return f"QuestionRecords({dict(self.items())!r})"

    def stored(self) -> dict[str, QuestionRecord | UnreadRecord]:
        """Every entry as held, unread ones (damaged or not) undecoded: what to write."""
        return self._entries
