"""Study statistics on a hand-built history, in a time zone two hours east of UTC."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone
from pathlib import Path

import pytest

from tests.conftest import WriteFile
from tests.test_schedule import COURSE, write_course
from tutor.course import Course, load_course
from tutor.study import CourseProgress, ProgressStore
from tutor.study.stats import ACTIVITY_DAYS, FORECAST_DAYS, CourseStats, course_stats

EAST = timezone(timedelta(hours=2))
NOW = datetime(2026, 11, 26, 10, 0, tzinfo=EAST)  # 08:00 UTC


def utc(day: int, hour: int, month: int = 11) -> datetime:
    return datetime(2026, month, day, hour, tzinfo=UTC)


# question, rating, when, seconds taken
HISTORY = [
    ("v1", 3, utc(24, 8), 10),  # learning, 10 minutes
    ("l1", 2, utc(24, 10), 5),  # learning
    ("v1", 4, utc(24, 23), 20),  # 25 Nov here: graduates, stability 3.95 (a same-day review)
    ("m1", 4, utc(1, 9, month=10), 40),  # due 9 Oct: long overdue
    ("v2", 1, utc(26, 6), 30),  # failed: due a minute later
    ("gone", 3, utc(26, 7), 15),  # a question since removed from the notes
]


@pytest.fixture
def course(notes: Path, write: WriteFile) -> Course:
    write_course(write)
    return load_course(notes)


@pytest.fixture
def stats(course: Course, tmp_path: Path) -> CourseStats:
    store = ProgressStore.open(tmp_path / "progress.toml")
    for question, rating, when, seconds in HISTORY:
        score, verdict = {1: (0.0, "wrong"), 2: (0.5, "partial")}.get(rating, (1.0, "correct"))
        store.review(COURSE, question, rating, score, verdict, "an answer", seconds, when)
    return course_stats(course, store.course(COURSE), NOW)


def test_reviews_per_day_count_local_days(stats: CourseStats) -> None:
    assert len(stats.reviews_per_day) == ACTIVITY_DAYS
    assert stats.reviews_per_day[0].day == date(2026, 10, 28)
    assert stats.reviews_per_day[-1].day == stats.today == date(2026, 11, 26)
    counts = [day.count for day in stats.reviews_per_day]
    assert counts[-3:] == [2, 1, 2]  # in UTC days it would be 3, 0, 2
    assert sum(counts) == 5  # the review of 1 October is too old


def test_accuracy_streak_and_time(stats: CourseStats) -> None:
    assert stats.accuracy == 3 / 5  # good or easy, over the last 30 days
    assert stats.streak == 3
    assert stats.seconds_studied == 120


def test_a_streak_may_end_yesterday(course: Course, tmp_path: Path) -> None:
    store = ProgressStore.open(tmp_path / "progress.toml")
    for day in (20, 22, 23, 24):
        store.review(COURSE, "v1", 3, 1.0, "correct", "x", 1.0, utc(day, 12))
    progress = store.course(COURSE)
    assert course_stats(course, progress, utc(24, 20)).streak == 3  # today included
    assert course_stats(course, progress, utc(25, 20)).streak == 3  # none yet today
    assert course_stats(course, progress, utc(26, 20)).streak == 0  # a day missed


def test_forecast_counts_cards_due_per_local_day(stats: CourseStats) -> None:
    assert len(stats.forecast) == FORECAST_DAYS
    assert stats.forecast[0].day == date(2026, 11, 26)
    assert stats.forecast[-1].day == date(2026, 12, 9)
    due = {day.day: day.count for day in stats.forecast if day.count}
    # today: v2 (failed), m1 (overdue since October), l1 (learning, overdue); v1: in 4
    # days' time, 28 Nov 23:00 UTC, which is 29 Nov here. l2 was never answered.
    assert due == {date(2026, 11, 26): 3, date(2026, 11, 29): 1}


def test_mastery_and_due_by_top_level_topic(stats: CourseStats) -> None:
    by_title = {topic.title: topic for topic in stats.topics}
    assert list(by_title) == ["Algebra", "Calculus"]
    algebra, calculus = by_title["Algebra"], by_title["Calculus"]
    # v1 is in review and recalled with a chance of 0.97; m1 is in review but 56
    # days after its last review the chance is below 0.9; v2 and l1 are learning.
    assert (algebra.cards, algebra.mastered, algebra.due) == (3, 1, 2)
    assert algebra.mastery == pytest.approx(1 / 3)
    assert (calculus.cards, calculus.mastered, calculus.due) == (2, 0, 1)
    assert (stats.total.cards, stats.total.mastered, stats.total.due) == (5, 1, 3)


def test_no_history(course: Course) -> None:
    stats = course_stats(course, CourseProgress(), NOW)
    assert stats.accuracy is None and stats.streak == 0 and stats.seconds_studied == 0
    assert {day.count for day in (*stats.reviews_per_day, *stats.forecast)} == {0}
    assert stats.total.mastery == 0.0 and stats.to_json()["accuracy_30_days"] is None


def test_json_holds_the_same_figures(stats: CourseStats) -> None:
    data = stats.to_json()
    assert set(data) == {
        "course",
        "date",
        "due_now",
        "streak_days",
        "seconds_studied",
        "accuracy_30_days",
        "reviews_per_day",
        "forecast",
        "topics",
        "total",
    }
    assert data["course"] == {"id": COURSE, "title": "Demo"} and data["date"] == "2026-11-26"
    assert (data["due_now"], data["streak_days"], data["seconds_studied"]) == (3, 3, 120)
    assert data["reviews_per_day"][-1] == {"date": "2026-11-26", "reviews": 2}
    assert data["forecast"][3] == {"date": "2026-11-29", "due": 1}
    assert data["topics"][0] == {
        "id": "demo/algebra",
        "title": "Algebra",
        "cards": 3,
        "mastered": 1,
        "mastery": 1 / 3,
        "due": 2,
    }


def test_now_needs_a_time_zone(course: Course) -> None:
    with pytest.raises(ValueError, match="time zone"):
        course_stats(course, CourseProgress(), datetime(2026, 1, 1))
