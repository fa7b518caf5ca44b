"""One ``[[question]]`` table of a quiz file, and the checks every kind's reader shares.

A kind of question (:mod:`tutor.course.kinds`) reads its own keys from a
:class:`QuizTable`; what is wrong with them is a :class:`QuestionError`
whose ``key`` points the author at the line to fix.
"""

from __future__ import annotations

import difflib
import math
from dataclasses import dataclass
from typing import Any

MAX_CHOICES = 9  # the learner picks a choice with a single digit key
MAX_BLANKS = 12  # each blank is an input line in the quiz pane
MAX_NUMBER = 1e15  # beyond this a float no longer holds every whole number


class QuestionError(Exception):
    """A question that cannot be used; ``key`` says where to point the author."""

    def __init__(self, message: str, key: str | None = None) -> None:
        super().__init__(message)
        self.key = key


def is_answerable(value: object) -> bool:
    """A number a learner can type: finite, and no larger than MAX_NUMBER.
    NaN equals nothing and infinity cannot be typed, so either would make the
    question unanswerable.
    """
    if isinstance(value, int) and not isinstance(value, bool):
        return abs(value) <= MAX_NUMBER
    return isinstance(value, float) and math.isfinite(value) and abs(value) <= MAX_NUMBER


def type_name(value: object) -> str:
    """A TOML value's type as an author would call it."""
    if isinstance(value, int | float) and not isinstance(value, bool):
        return "a number"
    names = {str: "a string", bool: "a boolean", list: "a list", dict: "a table"}
    return names.get(type(value), type(value).__name__)


@dataclass(slots=True)
class QuizTable:
    """One ``[[question]]`` table with the lines its keys stand on (None for an inline
    table, or a question a model wrote: there is no line to point at)."""

    table: dict[str, Any]
    line: int | None
    key_lines: dict[str, int]

    def line_of(self, key: str | None) -> int | None:
        return self.key_lines.get(key, self.line) if key else self.line

    def text(self, key: str, required: bool = True) -> str:
        value = self.table.get(key)
        if value is None:
            if required:
                raise QuestionError(f"missing `{key}`", None)
            return ""
        if not isinstance(value, str):
            raise QuestionError(f"`{key}` must be a string, not {type_name(value)}", key)
        if required and not value.strip():
            raise QuestionError(f"empty `{key}`", key)
        return value.strip()

    def strings(self, key: str, required: bool = True) -> tuple[str, ...]:
        value = self.table.get(key)
        if value is None:
            if required:
                raise QuestionError(f"missing `{key}` (a list of strings)")
            return ()
        if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
            raise QuestionError(f"`{key}` must be a list of strings", key)
        if any(not item.strip() for item in value):
            raise QuestionError(f"`{key}` has an empty entry", key)
        if required and not value:
            raise QuestionError(f"`{key}` is empty", key)
        return tuple(item.strip() for item in value)

    def choices(self) -> tuple[str, ...]:
        """``choices``: 2 to :data:`MAX_CHOICES` distinct strings."""
        choices = self.strings("choices")
        if len(choices) < 2:
            raise QuestionError("`choices` needs at least 2 entries", "choices")
        if len(choices) > MAX_CHOICES:
            raise QuestionError(
                f"`choices` has {len(choices)} entries; at most {MAX_CHOICES}", "choices"
            )
        seen: set[str] = set()
        for choice in choices:
            if choice.casefold() in seen:
                raise QuestionError(f"duplicate choice {choice!r}", "choices")
            seen.add(choice.casefold())
        return choices

    def require(self, wanted: str, kind: str, example: str) -> None:
        """Raise if the answer key ``wanted`` is missing, naming the other one if the
        author wrote ``answer`` for ``answers`` (or the reverse)."""
        if wanted in self.table:
            return
        other = "answers" if wanted == "answer" else "answer"
        extra = (
            f" (found `{other}`; {kind} questions use `{wanted}`)" if other in self.table else ""
        )
        raise QuestionError(f"missing `{wanted}`{extra}: write {example}", other if extra else None)


def require_choice(answer: str, choices: tuple[str, ...], key: str) -> None:
    """Raise unless ``answer`` is one of ``choices``, suggesting the closest."""
    if answer in choices:
        return
    close = difflib.get_close_matches(answer, choices, n=1, cutoff=0.6)
    hint = f"; did you mean {close[0]!r}?" if close else f"; the choices are {list(choices)}"
    raise QuestionError(f"answer {answer!r} is not among the choices{hint}", key)
