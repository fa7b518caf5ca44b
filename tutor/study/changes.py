"""Changes a learner makes, kept until saved so they can be replayed on another state.

When two tutor sessions share a progress file, a save first reads what the
other one wrote, then replays this session's unsaved changes on top: answers
add up instead of overwriting each other. Each change applies itself to a
:class:`Progress`, the same way whether now or on replay.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any, Protocol

from tutor.study.cards import CardScheduler
from tutor.study.merge import merge_progress, take_back
from tutor.study.records import Progress, QuestionRecord

Touched = tuple[str, str | None, str | None]
"""What a change touches: a course, and the section and id of a record (None, None for
the course's own fields); the journal saves those records as they are after it."""


class Change(Protocol):
    def apply(self, progress: Progress) -> None: ...

    @property
    def touched(self) -> tuple[Touched, ...]: ...


@dataclass(frozen=True, slots=True)
class CourseOpened:
    course_id: str
    path: str

    @property
    def touched(self) -> tuple[Touched, ...]:
        return ((self.course_id, None, None),)

    def apply(self, progress: Progress) -> None:
        progress.last_course = self.path
        progress.course_to_change(self.course_id).path = self.path


@dataclass(frozen=True, slots=True)
class TopicRead:
    course_id: str
    topic_id: str
    when: datetime

    @property
    def touched(self) -> tuple[Touched, ...]:
        return ((self.course_id, "topics", self.topic_id),)

    def apply(self, progress: Progress) -> None:
        progress.course_to_change(self.course_id).read(self.topic_id, self.when)


@dataclass(frozen=True, slots=True)
class TopicSelected:
    course_id: str
    topic_id: str

    @property
    def touched(self) -> tuple[Touched, ...]:
        return ((self.course_id, None, None),)

    def apply(self, progress: Progress) -> None:
        progress.course_to_change(self.course_id).last_topic = self.topic_id


@dataclass(frozen=True, slots=True)
class QuestionAnswered:
    course_id: str
    question_id: str
    score: float
    verdict: str
    answer: str
    when: datetime

    @property
    def touched(self) -> tuple[Touched, ...]:
        return ((self.course_id, "questions", self.question_id),)

    def apply(self, progress: Progress) -> None:
        progress.course_to_change(self.course_id).answer(
            self.question_id, self.score, self.verdict, self.answer, self.when
        )


@dataclass(frozen=True, slots=True)
class QuestionReviewed:
    """An answer that also reviews the question's card. The card is scheduled when the
    change is applied, so a replay on another session's progress builds on that card.
    """

    course_id: str
    question_id: str
    score: float
    verdict: str
    answer: str
    when: datetime
    rating: int
    secs: int | None
    scheduler: CardScheduler

    @property
    def touched(self) -> tuple[Touched, ...]:
        return ((self.course_id, "questions", self.question_id),)

    def apply(self, progress: Progress) -> None:
        progress.course_to_change(self.course_id).review(
            self.question_id,
            self.score,
            self.verdict,
            self.answer,
            self.when,
            self.rating,
            self.secs,
            self.scheduler,
        )


@dataclass(frozen=True, slots=True)
class ReviewRerated:
    """The learner's own rating (1-4) for the review at ``answered``."""

    course_id: str
    question_id: str
    rating: int
    answered: datetime
    scheduler: CardScheduler

    @property
    def touched(self) -> tuple[Touched, ...]:
        return ((self.course_id, "questions", self.question_id),)

    def apply(self, progress: Progress) -> None:
        progress.course_to_change(self.course_id).rate(
            self.question_id, self.answered, self.rating, self.scheduler, chosen=True
        )


@dataclass(frozen=True, slots=True)
class QuestionRegraded:
    course_id: str
    question_id: str
    score: float
    verdict: str
    answered: datetime  # identifies the attempt being graded again
    best_before: float  # the best score before that attempt
    rating: int | None  # the rating the new grade suggests; None leaves the card alone
    scheduler: CardScheduler
    overruled: bool = False  # the learner overruled the grader: their grade is final

    @property
    def touched(self) -> tuple[Touched, ...]:
        return ((self.course_id, "questions", self.question_id),)

    def apply(self, progress: Progress) -> None:
        course = progress.course_to_change(self.course_id)
        course.regrade(self.question_id, self.score, self.verdict, self.answered, self.best_before)
        course.rate(
            self.question_id,
            self.answered,
            self.rating,
            self.scheduler,
            chosen=False,
            score=self.score,
            overruled=self.overruled,
        )


@dataclass(frozen=True, slots=True)
class AnswerTakenBack:
    """The learner took back the answer given at ``answered`` (``u``): the record is
    ``previous`` again (None: the question had none), and the answer's time is kept as
    a tombstone, so that no merge (a journal's replay, a sync copy) brings it back.
    """

    course_id: str
    question_id: str
    answered: datetime
    previous: QuestionRecord | None
    scheduler: CardScheduler
    damaged: Any = None  # a damaged record the answer replaced: it comes back as it was

    @property
    def touched(self) -> tuple[Touched, ...]:
        return (
            (self.course_id, "questions", self.question_id),
            (self.course_id, "undone", self.question_id),
        )

    def apply(self, progress: Progress) -> None:
        course = progress.course_to_change(self.course_id)
        take_back(course, self.question_id, self.answered, self.previous, self.scheduler)
        if self.damaged is not None and self.question_id not in course.questions:
            course.damaged_questions[self.question_id] = self.damaged


@dataclass(frozen=True, slots=True)
class ProgressMerged:
    """Another copy of the progress (another machine's, a sync tool's conflict copy)
    merged in: see :mod:`tutor.study.merge`. Merging twice changes nothing more.
    """

    theirs: Progress
    scheduler: CardScheduler

    @property
    def touched(self) -> tuple[Touched, ...]:
        return tuple(
            touched
            for course_id, course in self.theirs.courses.items()
            for touched in (
                (course_id, None, None),
                *((course_id, "topics", topic_id) for topic_id in course.topics),
                *((course_id, "questions", question_id) for question_id in course.questions),
                *((course_id, "undone", question_id) for question_id in course.undone),
            )
        )

    def apply(self, progress: Progress) -> None:
        merge_progress(progress, self.theirs, self.scheduler)
