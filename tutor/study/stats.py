"""A course's study statistics, for the stats screen and ``tutor stats`` alike.

Computed from the progress at an explicit ``now``; days are those of
``now``'s time zone (pass a local time). The figures come from two places:

- the course's questions as cards: mastery and what is due, for the
  questions in the course now;
- the review logs: reviews per day, accuracy, streak and time studied, from
  every record of the course, those of questions since removed from the
  notes included (that study happened). A log keeps a card's last
  :data:`~tutor.study.cards.LOG_SIZE` reviews, so a card reviewed more often
  counts only those.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from fsrs import Rating

from tutor.course import Course, Question, Topic
from tutor.study.cards import Review
from tutor.study.due import due_at
from tutor.study.mastery import is_mastered
from tutor.study.records import CourseProgress

ACTIVITY_DAYS = 30
"""Days of reviews per day and of accuracy, today included."""

FORECAST_DAYS = 14
"""Days of the due forecast, from today."""


@dataclass(frozen=True, slots=True)
class CardCounts:
    """A topic's cards (its questions and those of every topic below it)."""

    topic_id: str
    title: str
    cards: int
    mastered: int  # see tutor.study.mastery
    due: int  # due now

    @property
    def mastery(self) -> float:
        """The share of the cards mastered (0 when there are none)."""
        return self.mastered / self.cards if self.cards else 0.0

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.topic_id,
            "title": self.title,
            "cards": self.cards,
            "mastered": self.mastered,
            "mastery": self.mastery,
            "due": self.due,
        }


@dataclass(frozen=True, slots=True)
class DayCount:
    day: date
    count: int


@dataclass(frozen=True, slots=True)
class CourseStats:
    """Everything the stats screen and ``tutor stats`` show."""

    course_id: str
    title: str
    today: date
    topics: tuple[CardCounts, ...]  # one per top-level topic
    total: CardCounts  # the whole course
    accuracy: float | None  # share of the last 30 days' reviews rated Good or Easy
    reviews_per_day: tuple[DayCount, ...]  # the last 30 days, today last
    forecast: tuple[DayCount, ...]  # cards due each day from today (overdue ones today)
    streak: int  # days in a row with a review, up to today (or yesterday)
    seconds_studied: int  # time spent answering, over every review logged

    def to_json(self) -> dict[str, Any]:
        """The figures as JSON values, for ``tutor stats --json``: ``course`` (id,
        title), ``date`` (today), ``due_now``, ``streak_days``, ``seconds_studied``,
        ``accuracy_30_days`` (null without reviews), ``reviews_per_day`` (date,
        reviews), ``forecast`` (date, due), ``topics`` and ``total`` (id, title,
        cards, mastered, mastery, due).
        """
        return {
            "course": {"id": self.course_id, "title": self.title},
            "date": self.today.isoformat(),
            "due_now": self.total.due,
            "streak_days": self.streak,
            "seconds_studied": self.seconds_studied,
            "accuracy_30_days": self.accuracy,
            "reviews_per_day": [
                {"date": day.day.isoformat(), "reviews": day.count} for day in self.reviews_per_day
            ],
            "forecast": [{"date": day.day.isoformat(), "due": day.count} for day in self.forecast],
            "topics": [topic.to_json() for topic in self.topics],
            "total": self.total.to_json(),
        }


def course_stats(course: Course, progress: CourseProgress, now: datetime) -> CourseStats:
    """The statistics of ``course`` at ``now`` (a datetime with a time zone)."""
    zone = now.tzinfo
    if zone is None:
        raise ValueError(f"a datetime with a time zone is needed, not {now!r}")
    today = now.date()
    dated = [(review.t.astimezone(zone).date(), review) for review in _reviews(progress)]
    per_day = Counter(day for day, _ in dated)
    window = _days(today, ACTIVITY_DAYS, back=True)
    recent = [review.rating for day, review in dated if day >= window[0]]
    topics = tuple(_card_counts(topic, progress, now) for topic in course.topics)
    return CourseStats(
        course_id=course.id,
        title=course.title,
        today=today,
        topics=topics,
        total=CardCounts(
            course.id,
            course.title,
            sum(topic.cards for topic in topics),
            sum(topic.mastered for topic in topics),
            sum(topic.due for topic in topics),
        ),
        accuracy=sum(rating >= Rating.Good for rating in recent) / len(recent) if recent else None,
        reviews_per_day=tuple(DayCount(day, per_day[day]) for day in window),
        forecast=_forecast(course.questions, progress, now),
        streak=_streak(set(per_day), today),
        seconds_studied=sum(review.secs or 0 for _, review in dated),
    )


def _card_counts(topic: Topic, progress: CourseProgress, now: datetime) -> CardCounts:
    questions = list(topic.all_questions())
    records = [progress.questions.get(question.id) for question in questions]
    mastered = sum(is_mastered(record, now) for record in records)
    due = sum(record is not None and due_at(record) <= now for record in records)
    return CardCounts(topic.id, topic.title, len(questions), mastered, due)


def _forecast(
    questions: Iterable[Question], progress: CourseProgress, now: datetime
) -> tuple[DayCount, ...]:
    """Cards due each day from today, those overdue counted today."""
    today = now.date()
    due_days: Counter[date] = Counter()
    for question in questions:
        record = progress.questions.get(question.id)
        if record is not None:
            due_days[max(due_at(record).astimezone(now.tzinfo).date(), today)] += 1
    return tuple(DayCount(day, due_days[day]) for day in _days(today, FORECAST_DAYS))


def _streak(days: set[date], today: date) -> int:
    """Days in a row with a review, ending today, or yesterday if none yet today."""
    day = today if today in days else today - timedelta(days=1)
    streak = 0
    while day in days:
        streak += 1
        day -= timedelta(days=1)
    return streak


def _reviews(progress: CourseProgress) -> Iterator[Review]:
    for record in progress.questions.values():
        yield from record.log


def _days(start: date, count: int, *, back: bool = False) -> list[date]:
    """``count`` days from ``start`` on, or (``back``) up to ``start``, in order."""
    first = start - timedelta(days=count - 1) if back else start
    return [first + timedelta(days=number) for number in range(count)]
