"""An answer taken back stays taken back: through saves, a rewrite of the file, the
journal's replay, a sync tool's conflict copy, ``tutor merge`` and a divergent merge."""

from __future__ import annotations

import shutil
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from tutor.study import ProgressStore
from tutor.study.cards import LOG_SIZE
from tutor.study.journal import journal_path
from tutor.study.progress_format import record_readers
from tutor.study.records import QuestionRecord
from tutor.study.tomlread import parse

COURSE = "ml-concepts"
T0 = datetime(2026, 11, 1, 8, 0, tzinfo=UTC)


def at(hours: float) -> datetime:
    return T0 + timedelta(hours=hours)


def review(store: ProgressStore, question: str, hours: float, right: bool = True) -> None:
    score, verdict = (1.0, "correct") if right else (0.0, "wrong")
    store.review(COURSE, question, 3 if right else 1, score, verdict, f"at {hours}", 4, at(hours))


def answer_then_take_back(store: ProgressStore, question: str, hours: float) -> None:
    """Answer ``question`` wrongly at ``hours`` and take the answer back, as ``u`` does."""
    previous = store.course(COURSE).questions.get(question)
    review(store, question, hours, right=False)
    store.take_back(COURSE, question, at(hours), previous)
    store.save()


def questions(path: Path) -> dict[str, QuestionRecord]:
    return dict(ProgressStore.open(path).course(COURSE).questions)


def history(record: QuestionRecord) -> tuple[object, ...]:
    """All of a record, its log decoded."""
    return (record, tuple(record.log), record.log.reviews[-1].before)


def laptop_and_server(path: Path, tmp_path: Path) -> tuple[ProgressStore, Path, ProgressStore]:
    """The laptop's store after "q" was answered, the server's file synced from it, and
    the server's store."""
    store = ProgressStore.open(path)
    review(store, "q", 0)
    store.fold()
    server = tmp_path / "server" / "progress.toml"
    server.parent.mkdir()
    shutil.copy(path, server)
    return store, server, ProgressStore.open(server)


def answered_twice(path: Path) -> tuple[ProgressStore, QuestionRecord]:
    """A store where "q" was answered right and saved, then wrongly, with "first" (its
    first answer) at the same time; and the record of "q" between the two."""
    store = ProgressStore.open(path)
    review(store, "q", 0)
    store.save()
    before = store.course(COURSE).questions["q"]
    review(store, "q", 30, right=False)
    review(store, "first", 30, right=False)
    return store, before


def take_both_back(store: ProgressStore, before: QuestionRecord) -> None:
    """Take back the answers of :func:`answered_twice` given at the same time."""
    store.take_back(COURSE, "q", at(30), before)
    store.take_back(COURSE, "first", at(30), None)


@pytest.fixture
def path(tmp_path: Path) -> Path:
    return tmp_path / "laptop" / "progress.toml"


@pytest.mark.parametrize("saved", ["not saved", "journal", "folded"])
def test_an_answer_taken_back_is_not_there_after_reopening(path: Path, saved: str) -> None:
    store, before = answered_twice(path)
    if saved == "journal":  # the answers in one save, the undo in the next
        store.save()
    elif saved == "folded":  # the answers in progress.toml, the undo in the journal
        store.fold()
    take_both_back(store, before)
    store.save()
    assert journal_path(path).exists()
    records = questions(path)
    assert history(records["q"]) == history(before) and "first" not in records
    ProgressStore.open(path).fold()  # the tombstones go into progress.toml
    assert not journal_path(path).exists()
    records = questions(path)
    assert history(records["q"]) == history(before) and "first" not in records
    assert ProgressStore.open(path).course(COURSE).undone == {"q": (at(30),), "first": (at(30),)}


def test_a_file_with_tombstones_reads_line_by_line(path: Path) -> None:
    store = ProgressStore.open(path)
    answer_then_take_back(store, "q", 0)
    review(store, "other", 1)
    store.fold()
    text = path.read_text(encoding="utf-8")
    assert f"[courses.{COURSE}.undone]\nq = [2026-11-01T08:00:00Z]\n" in text
    assert parse(text, record_readers).lines  # not handed whole to tomllib


@pytest.mark.parametrize("how", ["tutor merge", "conflict copy"])
def test_a_copy_saved_before_the_undo_does_not_bring_the_answer_back(
    path: Path, tmp_path: Path, how: str
) -> None:
    store, before = answered_twice(path)
    store.save()
    copy = tmp_path / "copy" / "progress.toml"
    copy.parent.mkdir()
    shutil.copy(path, copy)
    shutil.copy(journal_path(path), journal_path(copy))
    take_both_back(store, before)
    store.save()
    if how == "tutor merge":
        count = ProgressStore.open(path).merge(copy)
        assert (count.questions, count.reviews) == (0, 0)
    else:
        ProgressStore.open(path).fold()
        shutil.copy(copy, path.with_name("progress.sync-conflict-20261204-171900-ABCDEFG.toml"))
        assert "merged the sync conflict copy" in (ProgressStore.open(path).notice or "")
    records = questions(path)
    assert history(records["q"]) == history(before) and "first" not in records


def test_the_other_machine_takes_the_answer_out_too(path: Path, tmp_path: Path) -> None:
    """The server synced the answer before the laptop took it back: merging the laptop's
    file there takes it out."""
    store, server, on_server = laptop_and_server(path, tmp_path)
    before = store.course(COURSE).questions["q"]
    review(on_server, "q", 30, right=False)  # the answer, synced to the server as it was
    review(on_server, "first", 30, right=False)
    on_server.fold()
    shutil.copy(server, path)
    store = ProgressStore.open(path)
    take_both_back(store, before)
    store.fold()
    ProgressStore.open(server).merge(path)
    records = questions(server)
    assert history(records["q"]) == history(before) and "first" not in records


def test_a_divergent_merge_keeps_the_other_machines_answers_and_not_the_one_taken_back(
    path: Path, tmp_path: Path
) -> None:
    store, server, on_server = laptop_and_server(path, tmp_path)
    review(on_server, "q", 10)
    review(on_server, "elsewhere", 11)
    on_server.save()
    answer_then_take_back(store, "q", 20)
    review(store, "q", 40)
    store.save()
    # the server got the answer taken back before it was: a copy from that moment
    review(on_server, "q", 20, right=False)
    on_server.save()
    count = ProgressStore.open(path).merge(server)
    assert (count.questions, count.reviews) == (1, 1)
    records = questions(path)
    assert [review.t for review in records["q"].log] == [at(0), at(10), at(40)]
    assert (records["q"].attempts, records["q"].last_answered) == (3, at(40))
    assert records["q"].last_answer == "at 40"
    assert "elsewhere" in records
    reference = ProgressStore.open(tmp_path / "reference" / "progress.toml")
    for hours in (0, 10, 40):
        review(reference, "q", hours)
    assert records["q"].card == reference.course(COURSE).questions["q"].card


def test_a_divergent_merge_after_the_answer_taken_back_was_the_latest(
    path: Path, tmp_path: Path
) -> None:
    """The copy that still holds the answer taken back also holds a review the other
    lacks: the last answer goes back to the latest one left, its text unknown."""
    store, server, on_server = laptop_and_server(path, tmp_path)
    review(on_server, "q", 10)
    review(on_server, "q", 20, right=False)  # synced from the laptop before the undo
    on_server.save()
    store.review(COURSE, "q", 1, 0.0, "wrong", "at 20", 4, at(20))
    store.take_back(COURSE, "q", at(20), ProgressStore.open(path).course(COURSE).questions["q"])
    store.save()
    ProgressStore.open(path).merge(server)
    record = questions(path)["q"]
    assert [review.t for review in record.log] == [at(0), at(10)]
    assert (record.attempts, record.last_answered, record.last_score) == (2, at(10), 1.0)
    assert record.last_verdict == "correct"


def test_tombstones_are_bounded(path: Path) -> None:
    store = ProgressStore.open(path)
    for hours in range(LOG_SIZE + 5):
        answer_then_take_back(store, "q", hours)
    undone = ProgressStore.open(path).course(COURSE).undone["q"]
    assert undone == tuple(at(hours) for hours in range(5, LOG_SIZE + 5))
    assert "q" not in questions(path)
