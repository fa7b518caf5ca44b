"""A second grader (a local LLM) overrules the first on the same attempt."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

from tutor.study.progress import ProgressStore

T0 = datetime(2026, 11, 20, 9, 0, tzinfo=UTC)


def test_regrade_replaces_the_grade_not_the_attempt(tmp_path: Path) -> None:
    store = ProgressStore.open(tmp_path / "progress.toml")
    store.record_answer("c", "q", 0.5, "partial", "first", when=T0)
    second = T0 + timedelta(days=1)
    record = store.record_answer("c", "q", 0.9, "correct", "second", when=second)
    assert record.best_score == 0.9
    store.regrade_answer("c", "q", 0.3, "partial", answered=second, best_before=0.5)
    store.save()
    reread = ProgressStore.open(tmp_path / "progress.toml").course("c").questions["q"]
    assert (reread.attempts, reread.last_score, reread.best_score, reread.last_verdict) == (
        2,
        0.3,
        0.5,
        "partial",
    )
    assert reread.last_answer == "second"


def test_regrade_of_an_older_attempt_only_raises_the_best(tmp_path: Path) -> None:
    store = ProgressStore.open(tmp_path / "progress.toml")
    store.record_answer("c", "q", 0.2, "wrong", "old", when=T0)
    store.record_answer("c", "q", 0.4, "partial", "new", when=T0 + timedelta(hours=1))
    record = store.regrade_answer("c", "q", 1.0, "correct", answered=T0, best_before=0.0)
    assert record is not None
    assert (record.last_score, record.best_score, record.last_answer) == (0.4, 1.0, "new")


def test_regrade_survives_a_merge_with_another_session(tmp_path: Path) -> None:
    path = tmp_path / "progress.toml"
    mine, theirs = ProgressStore.open(path), ProgressStore.open(path)
    mine.record_answer("c", "q", 0.3, "partial", "mine", when=T0)
    mine.save()
    theirs.record_answer("c", "other", 1.0, "correct", "theirs", when=T0)
    theirs.save()
    mine.regrade_answer("c", "q", 0.9, "correct", answered=T0, best_before=0.0)
    mine.save()
    questions = ProgressStore.open(path).course("c").questions
    assert questions["q"].last_score == 0.9 and questions["q"].attempts == 1
    assert questions["other"].last_answer == "theirs"


def test_regrade_of_an_unknown_question_changes_nothing(tmp_path: Path) -> None:
    store = ProgressStore.open(tmp_path / "progress.toml")
    assert store.regrade_answer("c", "q", 1.0, "correct", answered=T0, best_before=0) is None
    assert store.course("c").questions == {}
