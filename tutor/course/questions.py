"""The question kinds a quiz can hold, as plain data.

Each kind is its own class so that graders and widgets can ``match`` on it;
all share the fields of :class:`Question`. What makes an answer right lives in
``tutor.grading``; these classes only hold what the author wrote.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import ClassVar

# ``{{answer}}`` or ``{{answer|other accepted answer}}`` inside cloze text.
CLOZE_BLANK = re.compile(r"\{\{(.*?)\}\}", re.DOTALL)


@dataclass(frozen=True, slots=True, kw_only=True)
class Question:
    """What every question has, whatever its kind."""

    kind: ClassVar[str] = ""
    label: ClassVar[str] = ""

    id: str
    topic_id: str
    prompt: str
    explanation: str = ""
    hint: str = ""
    source: Path | None = field(default=None, compare=False)
    line: int | None = field(default=None, compare=False)


@dataclass(frozen=True, slots=True, kw_only=True)
class SingleChoice(Question):
    kind: ClassVar[str] = "single"
    label: ClassVar[str] = "single choice"

    choices: tuple[str, ...]
    answer: str


@dataclass(frozen=True, slots=True, kw_only=True)
class MultipleChoice(Question):
    kind: ClassVar[str] = "multiple"
    label: ClassVar[str] = "multiple choice"

    choices: tuple[str, ...]
    answers: frozenset[str]


@dataclass(frozen=True, slots=True, kw_only=True)
class TrueFalse(Question):
    kind: ClassVar[str] = "true_false"
    label: ClassVar[str] = "true/false"

    answer: bool


@dataclass(frozen=True, slots=True, kw_only=True)
class ShortAnswer(Question):
    kind: ClassVar[str] = "short"
    label: ClassVar[str] = "short answer"

    answers: tuple[str | float, ...]
    tolerance: float = 0.0


@dataclass(frozen=True, slots=True, kw_only=True)
class FreeText(Question):
    kind: ClassVar[str] = "free"
    label: ClassVar[str] = "free text"

    reference: str
    key_points: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True, kw_only=True)
class Cloze(Question):
    kind: ClassVar[str] = "cloze"
    label: ClassVar[str] = "cloze"

    text: str

    @property
    def blanks(self) -> tuple[tuple[str, ...], ...]:
        """The accepted answers of each blank, in order."""
        return tuple(split_blank(match.group(1)) for match in CLOZE_BLANK.finditer(self.text))

    def masked(self, mark: str = "_____") -> str:
        """The text with each blank shown as a numbered gap."""
        counter = iter(range(1, 1000))
        return CLOZE_BLANK.sub(lambda _match: f"{mark}({next(counter)})", self.text)


def split_blank(inner: str) -> tuple[str, ...]:
    """The alternatives of one cloze blank, without empty ones."""
    return tuple(part.strip() for part in inner.split("|") if part.strip())


KINDS: dict[str, type[Question]] = {
    cls.kind: cls for cls in (SingleChoice, MultipleChoice, TrueFalse, ShortAnswer, FreeText, Cloze)
}
