"""The model's questions, each checked as an author's would be before anything is written.

Every item of the reply becomes a quiz-file table (the fields it should have,
as plain text, plus ``topic`` and ``generated_by``) and goes through the very
checker ``tutor check`` uses (:func:`tutor.course.quiz.check_table`). An item
that fails it, that repeats a question the course already has, or whose
prompt gives its answer away is dropped with the reason; the rest are kept
in the order the model wrote them.
"""

from __future__ import annotations

import json
from collections.abc import Collection
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from tutor.course import KINDS, Question
from tutor.course.extract.terms import mentions
from tutor.course.quiz import check_table
from tutor.course.quiztable import QuestionError
from tutor.llm.plain import plain_text

EXCERPT = 60


class UnusableReply(Exception):
    """The reply as a whole cannot be read as questions; the message says why."""


@dataclass(frozen=True, slots=True)
class Dropped:
    """A question of the model's that was not kept, and why."""

    reason: str
    excerpt: str  # the start of its prompt (or cloze text), to recognise it by

    def __str__(self) -> str:
        return f"{self.reason} ({self.excerpt})" if self.excerpt else self.reason


@dataclass(slots=True)
class Checked:
    """The reply's questions that passed, as tables to write and as questions, and the rest."""

    tables: list[dict[str, Any]] = field(default_factory=list)
    questions: list[Question] = field(default_factory=list)
    dropped: list[Dropped] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class Target:
    """Where the questions go: their topic (as an id and as the file names it) and their file."""

    topic_id: str
    spec: str
    path: Path


def check_reply(
    content: str, target: Target, model: str, kinds: Collection[str], taken: Collection[str]
) -> Checked:
    """The questions in ``content`` that can be written; raises :class:`UnusableReply`.

    ``taken`` holds the ids of the questions the course has already, so
    that none is asked twice.
    """
    try:
        reply = json.loads(content, strict=False)
    except ValueError:
        raise UnusableReply(f"{model}'s reply was not valid JSON") from None
    items = reply.get("questions") if isinstance(reply, dict) else None
    if not isinstance(items, list):
        raise UnusableReply(f"{model}'s reply has no list of questions")
    checked = Checked()
    for item in items:
        excerpt = _excerpt(item)
        try:
            table = _table(item, target, model, kinds)
            question = check_table(table, target.topic_id, target.path)
            _gives_nothing_away(question)
        except QuestionError as error:
            checked.dropped.append(Dropped(str(error), excerpt))
            continue
        repeated = _repeated(question, taken, checked.questions)
        if repeated:
            checked.dropped.append(Dropped(repeated, excerpt))
            continue
        checked.tables.append(table)
        checked.questions.append(question)
    return checked


def _repeated(question: Question, taken: Collection[str], kept: list[Question]) -> str:
    """Why ``question`` is a repeat (empty if it is not): of the course's, or of this reply's."""
    if question.id in taken:
        return "a question the course already has"
    if any(question.id == other.id for other in kept):
        return "the same question twice"
    return ""


def _table(item: object, target: Target, model: str, kinds: Collection[str]) -> dict[str, Any]:
    """The quiz-file table for one item: its kind's fields as plain text, then topic and model."""
    if not isinstance(item, dict):
        raise QuestionError("not a question object")
    kind = item.get("kind")
    if kind not in kinds or not isinstance(kind, str):
        raise QuestionError(f"kind {kind!r} was not asked for")
    table: dict[str, Any] = {"kind": kind, "topic": target.spec}
    for key in KINDS[kind].reply_fields:
        if key in item:
            table[key] = _plain(item[key])
    if not table.get("explanation"):
        table.pop("explanation", None)
    table["generated_by"] = model
    return table


def _plain(value: object) -> object:
    """Model text made safe to show (no terminal escapes); other values as they are."""
    if isinstance(value, str):
        return plain_text(value).strip()
    if isinstance(value, list):
        return [_plain(entry) for entry in value]
    return value


def _gives_nothing_away(question: Question) -> None:
    """Raise :class:`QuestionError` if what the learner reads before answering contains
    the answer (a cloze's text around its blanks included)."""
    shown = question.shown()
    if any(mentions(shown, answer) for answer in question.right_answers()):
        raise QuestionError("the question gives its answer away")


def _excerpt(item: object) -> str:
    text = ""
    if isinstance(item, dict):
        text = next((item[key] for key in ("prompt", "text") if isinstance(item.get(key), str)), "")
    line = " ".join(plain_text(text).split())
    return line if len(line) <= EXCERPT else line[: EXCERPT - 1] + "…"


class ItemCounter:
    """How many questions of a streamed reply are complete so far, for a progress display.

    It follows the JSON as it arrives (strings and nesting only), counting
    each object that closes inside the top-level ``questions`` array.
    """

    def __init__(self) -> None:
        self.count = 0
        self._seen = 0
        self._depth = 0
        self._in_string = False
        self._escaped = False

    def update(self, content: str) -> int:
        """Read what ``content`` (the reply so far) adds; return the count."""
        for char in content[self._seen :]:
            if self._in_string:
                if self._escaped:
                    self._escaped = False
                elif char == "\\":
                    self._escaped = True
                elif char == '"':
                    self._in_string = False
            elif char == '"':
                self._in_string = True
            elif char in "{[":
                self._depth += 1
            elif char in "}]":
                self._depth -= 1
                if self._depth == 2 and char == "}":
                    self.count += 1
        self._seen = len(content)
        return self.count
