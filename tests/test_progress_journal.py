"""The progress journal: a save appends what it changed, and nothing in the journal is lost."""

from __future__ import annotations

import tomllib
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from tutor.study import ProgressError, ProgressStore
from tutor.study import journal as journal_module
from tutor.study import progress as progress_module
from tutor.study.journal import journal_path, read_journal

COURSE = "ml-concepts"
T0 = datetime(2026, 11, 26, 6, 45, tzinfo=UTC)


@pytest.fixture
def path(tmp_path: Path) -> Path:
    return tmp_path / "progress.toml"


def review(store: ProgressStore, question: str, day: int, rating: int = 3) -> None:
    when = T0 + timedelta(days=day)
    store.review(COURSE, question, rating, 1.0, "correct", f"answer on day {day}", 5, when)


def started(path: Path, questions: int = 3) -> ProgressStore:
    """A store whose progress file holds ``questions`` reviewed questions, and no journal."""
    store = ProgressStore.open(path)
    store.open_course(COURSE, "/notes")
    for number in range(questions):
        review(store, f"q{number}", 0)
    store.save()
    assert not journal_path(path).exists()
    return store


def test_a_save_appends_only_what_it_changed_and_a_reopen_reads_it(path: Path) -> None:
    store = started(path)
    snapshot = path.read_bytes()
    review(store, "q1", 3, rating=1)
    store.mark_read(COURSE, "topic/one", T0)
    store.save()
    review(store, "q2", 4)
    store.save()

    assert path.read_bytes() == snapshot
    journal = journal_path(path).read_text(encoding="utf-8")
    saves = tomllib.loads(journal)["save"]
    assert list(saves) == ["1", "2"]
    assert set(saves["1"]["courses"][COURSE]["questions"]) == {"q1"}
    assert set(saves["1"]["courses"][COURSE]["topics"]) == {"topic/one"}
    assert set(saves["2"]["courses"][COURSE]["questions"]) == {"q2"}
    assert "q0" not in journal

    reopened = ProgressStore.open(path)
    assert reopened.notice is None
    assert reopened.course(COURSE) == store.course(COURSE)
    assert [review.rating for review in reopened.course(COURSE).questions["q1"].log] == [3, 1]


def test_a_journal_grown_past_its_limit_is_folded_into_the_file(
    path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    store = started(path)
    review(store, "q1", 1)
    store.save()
    assert journal_path(path).exists()
    monkeypatch.setattr(progress_module, "COMPACT_AT", 1)
    review(store, "q2", 1)
    store.save()
    assert not journal_path(path).exists()
    on_disk = tomllib.loads(path.read_text(encoding="utf-8"))
    questions = on_disk["courses"][COURSE]["questions"]
    assert questions["q1"]["attempts"] == questions["q2"]["attempts"] == 2
    assert ProgressStore.open(path).course(COURSE) == store.course(COURSE)


def test_a_half_written_save_costs_only_itself_and_the_journal_is_kept_aside(path: Path) -> None:
    store = started(path)
    review(store, "q1", 1)
    store.save()
    whole = journal_path(path).read_bytes()
    torn = whole + b"\n[save.2.courses.ml-concepts.questions]\nq2 = { attempts = 2, last_sc"
    journal_path(path).write_bytes(torn)

    reopened = ProgressStore.open(path)
    assert reopened.notice is not None
    line = torn.count(b"\n") + 1
    assert f"progress journal {journal_path(path)}:{line}: " in reopened.notice
    (aside,) = path.parent.glob("progress.journal.corrupt-*.toml")
    assert aside.read_bytes() == torn and "moved it to" in reopened.notice
    assert not journal_path(path).exists()
    assert reopened.course(COURSE).questions["q1"].attempts == 2  # the whole save was read
    assert reopened.course(COURSE).questions["q2"].attempts == 1


def test_a_journal_the_file_has_taken_in_is_not_read_again(path: Path) -> None:
    """A kill between rewriting the file and removing the journal leaves the journal."""
    store = started(path)
    review(store, "q1", 1)
    store.save()
    left_behind = journal_path(path).read_bytes()
    review(store, "q1", 2)
    store.fold()
    journal_path(path).write_bytes(left_behind)

    reopened = ProgressStore.open(path)
    assert reopened.notice is None
    assert reopened.course(COURSE).questions["q1"].attempts == 3
    review(reopened, "q0", 3)
    reopened.save()
    assert ProgressStore.open(path).course(COURSE) == reopened.course(COURSE)


def test_a_journal_whose_file_was_removed_is_moved_aside(path: Path) -> None:
    store = started(path)
    review(store, "q1", 1)
    store.save()
    journal = journal_path(path).read_bytes()
    path.unlink()  # the learner starts afresh

    reopened = ProgressStore.open(path)
    assert reopened.course(COURSE).questions == {}
    (aside,) = path.parent.glob("progress.journal.orphan-*.toml")
    assert aside.read_bytes() == journal
    assert reopened.notice is not None and str(aside) in reopened.notice


def test_a_failed_append_leaves_no_half_save_and_a_later_save_writes_it_all(
    path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    store = started(path)
    review(store, "q1", 1)
    store.save()
    before = journal_path(path).read_bytes()

    def full_disk(fd: int) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(journal_module.os, "fsync", full_disk)
    review(store, "q2", 1)
    with pytest.raises(ProgressError, match="No space left on device"):
        store.save()
    assert journal_path(path).read_bytes() == before
    monkeypatch.undo()
    store.save()
    assert ProgressStore.open(path).course(COURSE).questions["q2"].attempts == 2


def test_every_save_of_two_sessions_is_in_the_journal(path: Path) -> None:
    started(path)
    first, second = ProgressStore.open(path), ProgressStore.open(path)
    for day in range(1, 4):
        review(first, "q0", day)
        first.save()
        review(second, "q0", day, rating=2)
        second.save()
    journal = read_journal(journal_path(path).read_text(encoding="utf-8"))
    assert journal.problem is None and len(journal.saves) == 6
    record = ProgressStore.open(path).course(COURSE).questions["q0"]
    assert record.attempts == 7 and len(record.log) == 7


@pytest.mark.parametrize("preamble", [True, False])
def test_a_journal_that_starts_with_a_byte_order_mark_is_read_whole(
    path: Path, preamble: bool
) -> None:
    """A sync tool or an editor may put a BOM before the journal, as before the progress file."""
    store = started(path)
    review(store, "q1", 1)
    store.save()
    review(store, "q2", 2)
    store.save()
    text = journal_path(path).read_text(encoding="utf-8")
    if not preamble:
        text = text[text.index("\n[save.") + 1 :]
    journal_path(path).write_text("\ufeff" + text, encoding="utf-8")

    reopened = ProgressStore.open(path)
    assert reopened.notice is None
    assert reopened.course(COURSE) == store.course(COURSE)
    review(reopened, "q0", 3)
    reopened.save()
    assert ProgressStore.open(path).course(COURSE) == reopened.course(COURSE)
    other = path.with_name("other.journal.toml")
    other.write_text("\ufeff" + text, encoding="utf-8")
    merged = ProgressStore.open(path.with_name("fresh.toml"))
    merged.merge(other)
    assert merged.course(COURSE).questions["q2"].attempts == 2
