"""Roll-ups kept current one topic at a time agree with a count of the whole course."""

from __future__ import annotations

import random
from datetime import datetime
from pathlib import Path

from tests.conftest import WriteFile
from tests.test_schedule import COURSE, DAY, MINUTE, T0, review, write_course
from tutor.course import Course, load_course
from tutor.study import ProgressStore
from tutor.study.rollups import Rollups


def _course(notes: Path, write: WriteFile) -> Course:
    write_course(write)
    return load_course(notes)


def _store(path: Path, notes: Path) -> ProgressStore:
    """A store with the course opened in it, as the app opens it at start."""
    store = ProgressStore.open(path)
    store.open_course(COURSE, notes)
    return store


def _same_as_full_count(
    rollups: Rollups, course: Course, store: ProgressStore, now: datetime
) -> None:
    full = Rollups(course, store.course(COURSE), now)
    assert rollups.statuses == full.statuses
    assert rollups.due == full.due
    assert (rollups.overall, rollups.due_now) == (full.overall, full.due_now)


def test_an_answer_recounts_its_topic_and_ancestors_only(
    notes: Path, write: WriteFile, tmp_path: Path
) -> None:
    course = _course(notes, write)
    store = _store(tmp_path / "progress.toml", notes)
    rollups = Rollups(course, store.course(COURSE), T0)
    review(store, "m1", 3, T0)
    changed = rollups.update(store.course(COURSE), T0, ["demo/algebra/matrices"])
    assert changed == {"demo/algebra/matrices", "demo/algebra"}
    assert rollups.statuses["demo/algebra"].answered == 1
    assert rollups.statuses["demo/calculus"].answered == 0
    _same_as_full_count(rollups, course, store, T0)


def test_many_answers_reads_and_hours_give_the_full_count(
    notes: Path, write: WriteFile, tmp_path: Path
) -> None:
    course = _course(notes, write)
    store = _store(tmp_path / "progress.toml", notes)
    rollups = Rollups(course, store.course(COURSE), T0)
    questions = {question.id: question.topic_id for question in course.questions}
    topics = [topic.id for topic in course.walk()]
    rng, now = random.Random(3), T0
    for _ in range(60):
        now += rng.choice([MINUTE, 10 * MINUTE, DAY, 3 * DAY])
        if rng.random() < 0.2:
            topic = rng.choice(topics)
            store.mark_read(COURSE, topic, now)
        else:
            question = rng.choice(sorted(questions))
            review(store, question, rng.randint(1, 4), now)
            topic = questions[question]
        rollups.update(store.course(COURSE), now, [topic])
        _same_as_full_count(rollups, course, store, now)


def test_cards_coming_due_are_counted_without_an_answer(
    notes: Path, write: WriteFile, tmp_path: Path
) -> None:
    course = _course(notes, write)
    store = _store(tmp_path / "progress.toml", notes)
    review(store, "l1", 1, T0)  # failed: due again a minute later
    rollups = Rollups(course, store.course(COURSE), T0)
    assert rollups.due_now == 0
    changed = rollups.update(store.course(COURSE), T0 + 2 * MINUTE)
    assert changed == {"demo/calculus/limits", "demo/calculus"}
    assert rollups.due["demo/calculus"] == rollups.due_now == 1


def test_answers_another_session_saved_are_counted(
    notes: Path, write: WriteFile, tmp_path: Path
) -> None:
    course = _course(notes, write)
    path = tmp_path / "progress.toml"
    mine, other = _store(path, notes), _store(path, notes)
    rollups = Rollups(course, mine.course(COURSE), T0)
    review(other, "v1", 4, T0)
    other.save()
    review(mine, "l2", 4, T0)
    mine.save()  # merges the other session's answer
    rollups.update(mine.course(COURSE), T0, ["demo/calculus/limits"])
    assert rollups.statuses["demo/algebra/vectors"].answered == 1
    _same_as_full_count(rollups, course, mine, T0)
