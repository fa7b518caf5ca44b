"""What tutor remembers about a learner: per course, one record per topic read and per question.

Records are immutable: every change makes a new record object. That is what
lets the file writer reuse the text of every record that did not change
(see :class:`tutor.study.progress_format.LineCache`), so saving stays fast with
thousands of questions on record.

Keys this version does not know (``extra``) are kept as read and written
back, so that data from a newer tutor survives a session of an older one. To
give a record a new field, add it to the dataclass and to its
:class:`~tutor.study.record_layout.Layout`; reading, validation and writing follow
from there. (For question records, teach the fast reader in
:mod:`tutor.study.recordlines` the field too, or every record that has it is
read through tomllib, some twenty times slower.)
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field, replace
from datetime import datetime
from functools import partial
from operator import attrgetter
from typing import Any

from tutor.study import record_layout
from tutor.study.cards import (
    LOG_SIZE,
    CardScheduler,
    CardState,
    History,
    Review,
    ScheduleCard,
    read_card,
    read_history,
)
from tutor.study.record_layout import VERDICTS, Layout
from tutor.study.recordmap import QuestionRecords


@dataclass(frozen=True, slots=True)
class QuestionRecord:
    """How a learner has done on one question, and the question as a card.

    ``card`` is None until the question's first review (an answer recorded
    without scheduling, or a record from a schema-1 file, has none).
    """

    attempts: int
    last_score: float
    best_score: float
    last_verdict: str
    last_answered: datetime
    last_answer: str = ""
    card: CardState | None = None
    log: History = field(default_factory=History)
    extra: dict[str, Any] = field(default_factory=dict)

    @classmethod
    def from_toml(cls, raw: Any) -> QuestionRecord:
        """The record in a table read from the file; raises DamagedRecord."""
        return _QUESTION.read(raw)

    def to_toml(self) -> dict[str, Any]:
        table = _QUESTION.write(self)
        if self.log.unread:  # a log that could not be read goes on as text, not lost
            table["unread_log"] = self.log.unread
        return table

    def answered(self, score: float, verdict: str, answer: str, when: datetime) -> QuestionRecord:
        """This record after one more answer. Answers may arrive out of order when two
        tutor sessions' saves are merged, so ``last_*`` follow the later answer.
        """
        best_score = max(self.best_score, score)
        if when < self.last_answered:
            return replace(self, attempts=self.attempts + 1, best_score=best_score)
        return replace(
            self,
            attempts=self.attempts + 1,
            last_score=score,
            best_score=best_score,
            last_verdict=verdict,
            last_answered=when,
            last_answer=answer,
        )

    def regraded(
        self, score: float, verdict: str, answered: datetime, best_before: float
    ) -> QuestionRecord:
        """This record with the answer given at ``answered`` graded again.

        A second grader (a local LLM) may overrule the first: the attempt is
        the same, so ``attempts`` stays and the best score is recomputed from
        the best before that attempt. If a later answer has been recorded
        since, only the best score can change.
        """
        if self.last_answered != answered:
            return replace(self, best_score=max(self.best_score, score))
        return replace(
            self,
            last_score=score,
            best_score=max(best_before, score),
            last_verdict=verdict,
        )

    def reviewed(
        self,
        rating: int,
        score: float,
        secs: int | None,
        when: datetime,
        schedule: ScheduleCard,
    ) -> QuestionRecord:
        """This record with a review at ``when`` logged and the card scheduled by it.

        The log keeps the last :data:`LOG_SIZE` reviews, and the card before
        the latest one (see :class:`Review`). A review older than the latest
        on record (another session's, merged late) joins the log in time
        order but leaves the card alone: the card follows the latest review,
        as ``last_*`` follow the latest answer.
        """
        log = self.log.reviews
        if log and when < log[-1].t:
            late = Review(when, rating, _log_score(score), secs)
            merged = sorted((*log, late), key=attrgetter("t"))
            return replace(self, log=self.log.with_reviews(merged[-LOG_SIZE:]))
        kept = log[-(LOG_SIZE - 1) :]
        if kept:
            kept = (*kept[:-1], kept[-1]._replace(before=None))
        latest = Review(when, rating, _log_score(score), secs, before=self.card)
        card = schedule(self.card, rating, when)
        return replace(self, card=card, log=self.log.with_reviews((*kept, latest)))

    def rated(
        self,
        answered: datetime,
        rating: int | None,
        schedule: ScheduleCard,
        *,
        chosen: bool,
        score: float | None = None,
        overruled: bool = False,
    ) -> QuestionRecord:
        """This record with the review at ``answered`` rated ``rating`` instead (None: the
        rating stays) and, when the answer was graded again, scored ``score``
        (``overruled``: by the learner overruling the grader, which a later
        grade never undoes).

        If that review is the latest, the card is scheduled again from the
        card before it: the new rating replaces the review, it does not add
        one. A rating the learner chose (``chosen``) is never replaced by one
        that was not, such as one derived from a model's later grade.
        """
        log = self.log.reviews
        index = next((i for i in range(len(log) - 1, -1, -1) if log[i].t == answered), None)
        if index is None:
            return self
        review = log[index]
        if score is not None and (overruled or not review.overruled):
            review = review._replace(score=_log_score(score), overruled=overruled)
        if rating is not None and (chosen or not review.rerated):
            review = review._replace(rating=rating, rerated=review.rerated or chosen)
        if review == log[index]:
            return self
        card = self.card
        if index == len(log) - 1 and review.rating != log[index].rating:
            card = schedule(review.before, review.rating, answered)
        new_log = self.log.with_reviews((*log[:index], review, *log[index + 1 :]))
        return replace(self, card=card, log=new_log)


def _log_score(score: float) -> float:
    """A score as the log keeps it: to the hundredth, which is all history needs."""
    return round(score, 2)


@dataclass(frozen=True, slots=True)
class TopicRecord:
    """When a learner last read a topic."""

    read: datetime | None = None
    extra: dict[str, Any] = field(default_factory=dict)

    @classmethod
    def from_toml(cls, raw: Any) -> TopicRecord:
        """The record in a table read from the file; raises DamagedRecord."""
        return _TOPIC.read(raw)

    def to_toml(self) -> dict[str, Any]:
        return _TOPIC.write(self)

    def read_at(self, when: datetime) -> TopicRecord:
        """This record after a reading at ``when``; the later reading wins."""
        if self.read is not None and self.read >= when:
            return self
        return replace(self, read=when)


_QUESTION = Layout(
    QuestionRecord,
    {
        "attempts": record_layout.whole_number,
        "last_score": record_layout.score,
        "best_score": record_layout.score,
        "last_verdict": record_layout.verdict,
        "last_answered": record_layout.moment,
        "last_answer": record_layout.text,
        "card": read_card,
        "log": read_history,
    },
    writers={"card": CardState.to_toml, "log": History.to_toml},
)
_TOPIC = Layout(TopicRecord, {"read": record_layout.moment})


@dataclass(slots=True)
class CourseProgress:
    """A learner's progress in one course, keyed by the course's stable ids.

    ``damaged_topics`` and ``damaged_questions`` hold records that could not be
    read (a hand edit gone wrong, say) exactly as they were, so that saving
    writes them back unchanged; answering such a question (or reading such a
    topic) replaces the damaged record with a new one, keeping its unknown keys.
    (A question line found damaged only when first used stays in ``questions``,
    undecoded: see :mod:`tutor.study.recordmap`.)

    ``undone`` holds, per question id, the times of the answers the learner took
    back (``u``), oldest first: a merge with a version that still holds one of
    them drops it (see :mod:`tutor.study.merge`). They sit beside the records,
    not in them, so that a question whose only answer was taken back has no
    record and reads everywhere as never answered.
    """

    path: str | None = None
    last_topic: str | None = None
    topics: dict[str, TopicRecord] = field(default_factory=dict)
    questions: QuestionRecords = field(default_factory=QuestionRecords)
    undone: dict[str, tuple[datetime, ...]] = field(default_factory=dict)
    extra: dict[str, Any] = field(default_factory=dict)
    damaged_topics: dict[str, Any] = field(default_factory=dict)
    damaged_questions: dict[str, Any] = field(default_factory=dict)

    def answer(
        self, question_id: str, score: float, verdict: str, answer: str, when: datetime
    ) -> QuestionRecord:
        """Add an answer to the question's record (a new record for a new question)."""
        record = self.questions.get(question_id)
        if record is None:
            extra = _QUESTION.unknown(self.damaged_questions.pop(question_id, None))
            record = QuestionRecord(1, score, score, verdict, when, answer, extra=extra)
        else:
            record = record.answered(score, verdict, answer, when)
        self.questions[question_id] = record
        return record

    def review(
        self,
        question_id: str,
        score: float,
        verdict: str,
        answer: str,
        when: datetime,
        rating: int,
        secs: int | None,
        scheduler: CardScheduler,
    ) -> QuestionRecord:
        """Add an answer to the question's record and schedule its card by ``rating``."""
        record = self.answer(question_id, score, verdict, answer, when)
        schedule = partial(scheduler.next_card, question_id)
        record = self.questions[question_id] = record.reviewed(rating, score, secs, when, schedule)
        return record

    def rate(
        self,
        question_id: str,
        answered: datetime,
        rating: int | None,
        scheduler: CardScheduler,
        *,
        chosen: bool,
        score: float | None = None,
        overruled: bool = False,
    ) -> QuestionRecord | None:
        """Rate the review at ``answered`` again (see :meth:`QuestionRecord.rated`);
        None if the question has no record.
        """
        record = self.questions.get(question_id)
        if record is not None:
            schedule = partial(scheduler.next_card, question_id)
            record = self.questions[question_id] = record.rated(
                answered, rating, schedule, chosen=chosen, score=score, overruled=overruled
            )
        return record

    def regrade(
        self, question_id: str, score: float, verdict: str, answered: datetime, best_before: float
    ) -> QuestionRecord | None:
        """Grade the answer given at ``answered`` again; None if the question has no record."""
        record = self.questions.get(question_id)
        if record is not None:
            record = self.questions[question_id] = record.regraded(
                score, verdict, answered, best_before
            )
        return record

    def read(self, topic_id: str, when: datetime) -> TopicRecord:
        """Note a reading of the topic (a new record for a topic not read before)."""
        record = self.topics.get(topic_id)
        if record is None:
            extra = _TOPIC.unknown(self.damaged_topics.pop(topic_id, None))
            record = TopicRecord(when, extra)
        else:
            record = record.read_at(when)
        self.topics[topic_id] = record
        return record


@dataclass(slots=True)
class Progress:
    """Everything in the progress file: the course last opened and each course's progress."""

    last_course: str | None = None
    courses: dict[str, CourseProgress] = field(default_factory=dict)
    extra: dict[str, Any] = field(default_factory=dict)

    def course_to_change(self, course_id: str) -> CourseProgress:
        """The course's progress, created (empty) if the course is new."""
        course = self.courses.get(course_id)
        if course is None:
            course = self.courses[course_id] = CourseProgress()
        return course


def check_score(score: float) -> float:
    """``score`` as a float, if it is a real number from 0 to 1 (else ValueError)."""
    if isinstance(score, bool) or not isinstance(score, int | float) or not 0 <= score <= 1:
        raise ValueError(f"a score is a number from 0 to 1, not {score!r}")
    return float(score)


def check_verdict(verdict: str) -> str:
    if verdict not in VERDICTS:
        raise ValueError(f"a verdict is one of {', '.join(VERDICTS)}, not {verdict!r}")
    return verdict


def check_rating(rating: int) -> int:
    """``rating`` if it is 1 (again), 2 (hard), 3 (good) or 4 (easy), else ValueError."""
    if isinstance(rating, bool) or not isinstance(rating, int) or not 1 <= rating <= 4:
        raise ValueError(f"a rating is 1, 2, 3 or 4, not {rating!r}")
    return int(rating)


def check_seconds(seconds: float | None) -> int | None:
    """Time taken to answer, as the log keeps it: whole seconds (None: unknown)."""
    if seconds is None:
        return None
    if isinstance(seconds, bool) or not isinstance(seconds, int | float):
        raise ValueError(f"seconds are a number ≥ 0, not {seconds!r}")
    if not 0 <= seconds < math.inf:  # NaN fails too
        raise ValueError(f"seconds are a number ≥ 0, not {seconds!r}")
    return round(seconds)
