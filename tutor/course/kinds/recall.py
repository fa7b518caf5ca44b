"""Cards the learner grades: a topic to recall, and the cards an author writes in the notes."""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from tutor.course.kinds.base import Question


@dataclass(frozen=True, slots=True, kw_only=True)
class Recall(Question):
    """A topic to recall unaided, then compare with the notes and rate oneself.

    The way Anki and the Obsidian spaced-repetition plugin study a heading:
    the prompt is the topic's heading path (never its text), the learner
    recalls or jots notes, the section is revealed, and the learner's own
    rating (Again, Hard, Good, Easy) is the grade. Made for topics with text
    that no better question asks about; nothing is graded by a program.
    Its answer is the whole section, so it has no answer text to look for.
    """

    kind: ClassVar[str] = "recall"
    label: ClassVar[str] = "recall"


@dataclass(frozen=True, slots=True, kw_only=True)
class NoteCard(Recall):
    """A flash card the author wrote in the notes (``Question::Answer``, or a front and
    a back separated by a ``?`` line, as the Obsidian spaced-repetition plugin reads
    them): recalled, its back shown, and rated by the learner like a recall card.
    """

    kind: ClassVar[str] = "card"
    label: ClassVar[str] = "card from the notes"

    back: str

    def answer_text(self) -> str:
        return f"{self.prompt} {self.back}"
