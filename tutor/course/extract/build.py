"""What every extracted question shares: a stable id, its origin, and choices in a fixed order.

The id hashes the note's topic id with the text the question comes from, so
a question keeps its id (and the learner's progress on it) when the note
changes elsewhere, and only a change to its own text makes it a new one.
The same hash orders choices and picks distractors, so they do not move
from one run to the next, and the right answer is not always first.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from tutor.course.kinds import EXTRACTED
from tutor.course.model import Topic

ID_PREFIX = "x-"


@dataclass(frozen=True, slots=True)
class Origin:
    """Where a question comes from: the note (its top topic's id) and the topic it tests."""

    note_id: str
    topic: Topic

    def fields(self, made_from: str, *source_text: str, origin: str = EXTRACTED) -> dict[str, Any]:
        """The fields every question has, the id made from what it is made from and its text.

        ``made_from`` names the rule ("definition", "list", "cloze",
        "recall"), not the question's kind, which may change with the rest
        of the note (a definition is a single choice only while the note
        defines enough other terms). ``origin`` is the author's for the cards
        the notes already hold.
        """
        return {
            "id": question_id(self.note_id, made_from, *source_text),
            "topic_id": self.topic.id,
            "source": self.topic.source,
            "line": self.topic.line,
            "origin": origin,
        }


def question_id(note_id: str, made_from: str, *source_text: str) -> str:
    digest = _digest("\0".join((note_id, made_from, *source_text)))
    return ID_PREFIX + digest.hex()[:12]


def _digest(text: str) -> bytes:
    return hashlib.sha1(text.encode("utf-8")).digest()


def shuffled(seed: str, texts: Iterable[str]) -> list[str]:
    """``texts`` in an order fixed by ``seed``: the same inputs always give the same order."""
    return sorted(texts, key=lambda text: _digest(seed + "\0" + text))
