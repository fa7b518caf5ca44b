"""What tutor remembers about a learner: per course, one record per topic read and per question.

Records are immutable: every change makes a new record object. That is what
lets the file writer reuse the text of every record that did not change
(see :class:`tutor.study.document.LineCache`), so saving stays fast with
thousands of questions on record.

Keys this version does not know (``extra``) are kept as read and written
back, so that data from a newer tutor (the scheduler's ``card`` table, say)
survives a session of an older one. To give a record a new field, add it to
the dataclass and to its :class:`_Layout`; reading, validation and writing
follow from there.
"""

from __future__ import annotations

import dataclasses
import operator
import re
from collections.abc import Callable
from dataclasses import dataclass, field, replace
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


def now() -> datetime:
    """The current time in UTC, to the second (enough for study history, and readable)."""
    return datetime.now(UTC).replace(microsecond=0)


# Field checks: each turns a value read from the file into the record's value
# or raises DamagedRecord saying what is wrong with it.


def _count(value: Any) -> int:
    if type(value) is int and value >= 0:
        return value
    raise DamagedRecord(f"{value!r} is not a whole number ≥ 0")


def _score(value: Any) -> float:
    if type(value) in (float, int) and 0 <= value <= 1:
        return float(value)
    raise DamagedRecord(f"{value!r} is not a score from 0 to 1")


def _verdict(value: Any) -> str:
    if value in VERDICTS and type(value) is str:
        return value
    raise DamagedRecord(f"{value!r} is not one of {', '.join(VERDICTS)}")


def _moment(value: Any) -> datetime:
    """A datetime in UTC; a local (zone-less) datetime written by hand is taken as UTC."""
    if type(value) is datetime:
        if value.tzinfo is UTC:
            return value
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)
    raise DamagedRecord(f"{value!r} is not a date and time")


def _text(value: Any) -> str:
    if type(value) is str:
        return value
    raise DamagedRecord(f"{value!r} is not a string")


Check = Callable[[Any], Any]


class _Layout:
    """A record type's fields in the file, in order, each with the check that reads it.

    The fields are the dataclass's first ones, in the same order, so that a
    record written by tutor (exactly these keys, in this order) is built
    positionally: the fast way, for files with thousands of records.
    """

    def __init__(self, make: type[Any], fields: dict[str, Check]) -> None:
        self.make = make
        self.names = list(fields)
        self.checks = list(fields.values())
        self.fields = fields
        declared = [declared.name for declared in dataclasses.fields(make)]
        if declared[: len(self.names)] != self.names:
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
        table = {name: getattr(record, name) for name in self.names}
        table = {name: value for name, value in table.items() if value is not None}
        table.update(record.extra)
        return table

    def unknown(self, raw: Any) -> dict[str, Any]:
        """The keys of a (damaged) record that are not fields, kept as they were."""
        if type(raw) is not dict:
            return {}
        return {key: value for key, value in raw.items() if key not in self.fields}


@dataclass(frozen=True, slots=True)
class QuestionRecord:
    """How a learner has done on one question."""

    attempts: int
    last_score: float
    best_score: float
    last_verdict: str
    last_answered: datetime
    last_answer: str = ""
    extra: dict[str, Any] = field(default_factory=dict)

    @classmethod
    def from_toml(cls, raw: Any) -> QuestionRecord:
        """The record in a table read from the file; raises DamagedRecord."""
        return _QUESTION.read(raw)

    def to_toml(self) -> dict[str, Any]:
        return _QUESTION.write(self)

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


_QUESTION = _Layout(
    QuestionRecord,
    {
        "attempts": _count,
        "last_score": _score,
        "best_score": _score,
        "last_verdict": _verdict,
        "last_answered": _moment,
        "last_answer": _text,
    },
)
_TOPIC = _Layout(TopicRecord, {"read": _moment})


@dataclass(slots=True)
class CourseProgress:
    """A learner's progress in one course, keyed by the course's stable ids.

    ``damaged_topics`` and ``damaged_questions`` hold records that could not be
    read (a hand edit gone wrong, say) exactly as they were, so that saving
    writes them back unchanged; answering such a question (or reading such a
    topic) replaces the damaged record with a new one, keeping its unknown keys.
    """

    path: str | None = None
    last_topic: str | None = None
    topics: dict[str, TopicRecord] = field(default_factory=dict)
    questions: dict[str, QuestionRecord] = field(default_factory=dict)
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
            record = QuestionRecord(1, score, score, verdict, when, answer, extra)
        else:
            record = record.answered(score, verdict, answer, when)
        self.questions[question_id] = record
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
