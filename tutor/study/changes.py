"""Changes a learner makes, kept until saved so they can be replayed on another state.

When two tutor sessions share a progress file, a save first reads what the
other one wrote, then replays this session's unsaved changes on top: answers
add up instead of overwriting each other. Each change applies itself to a
:class:`Progress`, the same way whether now or on replay.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Protocol

from tutor.study.records import Progress


class Change(Protocol):
    def apply(self, progress: Progress) -> None: ...


@dataclass(frozen=True, slots=True)
class CourseOpened:
    course_id: str
    path: str

    def apply(self, progress: Progress) -> None:
        progress.last_course = self.path
        progress.course_to_change(self.course_id).path = self.path


@dataclass(frozen=True, slots=True)
class TopicRead:
    course_id: str
    topic_id: str
    when: datetime

    def apply(self, progress: Progress) -> None:
        progress.course_to_change(self.course_id).read(self.topic_id, self.when)


@dataclass(frozen=True, slots=True)
class TopicSelected:
    course_id: str
    topic_id: str

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

    def apply(self, progress: Progress) -> None:
        progress.course_to_change(self.course_id).answer(
            self.question_id, self.score, self.verdict, self.answer, self.when
        )


@dataclass(frozen=True, slots=True)
class QuestionRegraded:
    course_id: str
    question_id: str
    score: float
    verdict: str
    answered: datetime  # identifies the attempt being graded again
    best_before: float  # the best score before that attempt

    def apply(self, progress: Progress) -> None:
        progress.course_to_change(self.course_id).regrade(
            self.question_id, self.score, self.verdict, self.answered, self.best_before
        )
