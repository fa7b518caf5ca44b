"""How far a learner has got with a topic: read, answered, and how well.

This is the tree's view (:mod:`tutor.study.rollups` adds up the branches). It
is not mastery (:mod:`tutor.study.mastery`, what FSRS says is remembered
now): a topic whose questions were all answered right yesterday is complete
here, and its cards are mastered only once their reviews say so.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass

from tutor.course import Topic
from tutor.grading.verdict import CORRECT_AT
from tutor.study.progress import CourseProgress


@dataclass(frozen=True, slots=True)
class TopicStatus:
    """A topic's state at a glance: read, how many questions answered, and how well."""

    read: bool
    answered: int
    total: int
    best_total: float  # sum of best scores over the answered questions

    @property
    def score(self) -> float:
        """Mean best score over all questions; unanswered ones count as 0."""
        return self.best_total / self.total if self.total else 0.0

    @property
    def complete(self) -> bool:
        """Every question answered, with a mean best score that counts as right."""
        return bool(self.total) and self.answered == self.total and self.score >= CORRECT_AT

    @property
    def mark(self) -> str:
        """One character for the tree: · untouched, ○ read, ◐ under way, ✓ complete."""
        if self.complete:
            return "✓"
        if self.answered:
            return "◐"
        return "○" if self.read else "·"

    @property
    def summary(self) -> str:
        """``3/6 · 42%`` when any question is answered, else empty."""
        if not self.answered:
            return ""
        return f"{self.answered}/{self.total} · {self.score:.0%}"

    def __add__(self, other: TopicStatus) -> TopicStatus:
        return make_status(
            read=self.read or other.read,
            answered=self.answered + other.answered,
            total=self.total + other.total,
            best_total=self.best_total + other.best_total,
        )


def make_status(read: bool, answered: int, total: int, best_total: float) -> TopicStatus:
    """A topic's status: one object for all the topics alike with nothing answered yet.

    Most of a large course's topics have nothing answered (a 13,000-note vault
    has 80,000 topics), and one object each for them and for their roll-ups
    took 7 MB.
    """
    if answered:
        return TopicStatus(read, answered, total, best_total)
    return _unanswered(read, total)


@functools.cache
def _unanswered(read: bool, total: int) -> TopicStatus:
    return TopicStatus(read=read, answered=0, total=total, best_total=0.0)


EMPTY = make_status(read=False, answered=0, total=0, best_total=0.0)


def own_status(topic: Topic, progress: CourseProgress) -> TopicStatus:
    """The topic's status from its own questions only; :mod:`tutor.study.rollups`
    adds its sub-topics'."""
    records = [progress.questions.get(question.id) for question in topic.questions]
    answered = [record for record in records if record is not None]
    read = topic.id in progress.topics and progress.topics[topic.id].read is not None
    return make_status(
        read=read,
        answered=len(answered),
        total=len(records),
        best_total=sum(record.best_score for record in answered),
    )
