"""A record's fields in the progress file: checks for values read back, and the layout
that ties a record class to its keys.

Every record type (a question, a topic read, an FSRS card, one review) is a
dataclass with an ``extra`` field. A :class:`Layout` lists the keys tutor
writes for it, in order, each with the check that turns a value read from the
file into the record's value. Keys it does not know go to ``extra`` and are
written back as they were, so data from a newer tutor survives a session of
an older one.
"""

from __future__ import annotations

import dataclasses
import math
import operator
import re
from collections.abc import Callable, Mapping
from datetime import UTC, datetime
from typing import Any

VERDICTS = ("correct", "partial", "wrong")

_LONE_SURROGATE = re.compile("[\ud800-\udfff]")


class DamagedRecord(ValueError):
    """A record in the file has a missing field or a value of the wrong type."""


def clean_text(text: str) -> str:
    """``text`` with lone surrogates (undecodable bytes from a terminal or file name)
    replaced by U+FFFD: UTF-8, and so TOML, cannot hold them.
    """
    return _LONE_SURROGATE.sub("\ufffd", text)


def utc(moment: datetime) -> datetime:
    """``moment`` in UTC. A naive datetime is refused: tutor cannot know its zone."""
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise ValueError(f"a datetime with a time zone is needed, not {moment!r}")
    return moment.astimezone(UTC)


# Field checks: each turns a value read from the file into the record's value
# or raises DamagedRecord saying what is wrong with it.


def whole_number(value: Any) -> int:
    if type(value) is int and value >= 0:
        return value
    raise DamagedRecord(f"{value!r} is not a whole number ≥ 0")


def score(value: Any) -> float:
    if type(value) in (float, int) and 0 <= value <= 1:
        return float(value)
    raise DamagedRecord(f"{value!r} is not a score from 0 to 1")


def positive(value: Any) -> float:
    if type(value) in (float, int) and 0 < value < math.inf:
        return float(value)
    raise DamagedRecord(f"{value!r} is not a number > 0")


def verdict(value: Any) -> str:
    if value in VERDICTS and type(value) is str:
        return value
    raise DamagedRecord(f"{value!r} is not one of {', '.join(VERDICTS)}")


def moment(value: Any) -> datetime:
    """A datetime in UTC; a local (zone-less) datetime written by hand is taken as UTC."""
    if type(value) is datetime:
        if value.tzinfo is UTC:
            return value
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)
    raise DamagedRecord(f"{value!r} is not a date and time")


def text(value: Any) -> str:
    if type(value) is str:
        return value
    raise DamagedRecord(f"{value!r} is not a string")


def flag(value: Any) -> bool:
    if type(value) is bool:
        return value
    raise DamagedRecord(f"{value!r} is not true or false")


def one_of(*allowed: int) -> Callable[[Any], int]:
    """A check for a whole number among ``allowed`` (a rating, an FSRS state)."""

    def check(value: Any) -> int:
        if type(value) is int and value in allowed:
            return value
        raise DamagedRecord(f"{value!r} is not one of {', '.join(map(str, allowed))}")

    return check


Check = Callable[[Any], Any]


class Layout:
    """A record type's fields in the file, in order, each with the check that reads it.

    The record type is a dataclass or a named tuple whose first fields are
    these, in the same order, so that a record holding exactly these keys, in
    this order, is built positionally.
    ``writers`` turn a field's value into what the file holds (a nested
    record into its table); a field written as None is left out, which is how
    TOML, having no null, says "absent".
    """

    def __init__(
        self,
        make: type[Any],
        fields: dict[str, Check],
        writers: Mapping[str, Callable[[Any], Any]] | None = None,
    ) -> None:
        self.make = make
        self.names = list(fields)
        self.checks = list(fields.values())
        self.fields = fields
        self.writers = dict(writers or {})
        declared = getattr(make, "_fields", None) or [f.name for f in dataclasses.fields(make)]
        if list(declared[: len(self.names)]) != self.names:
            raise TypeError(f"{make.__name__}'s first fields must be {self.names}")

    def read(self, raw: Any) -> Any:
        """A record from a table read from the file, unknown keys going to ``extra``."""
        if type(raw) is dict and list(raw) == self.names:
            try:
                return self.make(*map(operator.call, self.checks, raw.values()))
            except DamagedRecord:
                pass  # the slow way below says which field is wrong
        if type(raw) is not dict:
            raise DamagedRecord(f"{raw!r} is not a table")
        values: dict[str, Any] = {}
        extra: dict[str, Any] = {}
        for key, value in raw.items():
            check = self.fields.get(key)
            if check is None:
                extra[key] = value
                continue
            try:
                values[key] = check(value)
            except DamagedRecord as damage:
                raise DamagedRecord(f"{key}: {damage}") from None
        try:
            return self.make(**values, extra=extra)
        except TypeError:
            missing = [name for name in self.names if name not in values]
            raise DamagedRecord(f"{', '.join(missing)} missing") from None

    def write(self, record: Any) -> dict[str, Any]:
        """The record as a table for the file: its fields in order (None left out), then
        ``extra``.
        """
        table = {}
        for name in self.names:
            value = getattr(record, name)
            writer = self.writers.get(name)
            if writer is not None and value is not None:
                value = writer(value)
            if value is not None:
                table[name] = value
        table.update(record.extra)
        return table

    def unknown(self, raw: Any) -> dict[str, Any]:
        """The keys of a (damaged) record that are not fields, kept as they were."""
        if type(raw) is not dict:
            return {}
        return {key: value for key, value in raw.items() if key not in self.fields}
