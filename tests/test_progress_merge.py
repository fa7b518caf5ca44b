"""Progress from two machines made one: every review once, each card replayed in time order."""

from __future__ import annotations

import shutil
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from tutor.cli import main
from tutor.clock import FixedClock
from tutor.study import ProgressError, ProgressStore
from tutor.study.cards import LOG_SIZE
from tutor.study.journal import journal_path

COURSE = "ml-concepts"
T0 = datetime(2026, 11, 1, 8, 0, tzinfo=UTC)
RATINGS = (3, 1, 3, 4, 2, 3, 3, 1, 4, 3)


def review(store: ProgressStore, question: str, hours: float, course: str = COURSE) -> None:
    rating = RATINGS[int(hours) % len(RATINGS)]
    score = {1: 0.0, 2: 0.5}.get(rating, 1.0)
    verdict = {1: "wrong", 2: "partial"}.get(rating, "correct")
    when = T0 + timedelta(hours=hours)
    store.review(course, question, rating, score, verdict, f"at {hours}", 4, when)


def interleaved(tmp_path: Path, shared: int) -> tuple[Path, Path, ProgressStore]:
    """A laptop's and a server's progress files after ``shared`` reviews synced between
    them and then reviews on each, interleaved in time; and a store that saw every review
    in time order, as one machine would have.
    """
    laptop, server = tmp_path / "laptop" / "progress.toml", tmp_path / "server" / "progress.toml"
    everything = ProgressStore.open(tmp_path / "all" / "progress.toml")
    start = ProgressStore.open(laptop)
    for hour in range(shared):
        for store in (start, everything):
            review(store, "q", hour * 30)
    start.open_course(COURSE, "/notes")
    start.fold()
    server.parent.mkdir()
    shutil.copy(laptop, server)
    on_laptop, on_server = ProgressStore.open(laptop), ProgressStore.open(server)
    for step in range(6):
        hours = (shared + step) * 30
        review(on_laptop if step % 2 else on_server, "q", hours)
        review(everything, "q", hours)
    review(on_laptop, "only-laptop", 1)
    review(on_server, "only-server", 2)
    review(everything, "only-laptop", 1)
    review(everything, "only-server", 2)
    on_laptop.mark_read(COURSE, "topic", T0 + timedelta(days=1))
    on_server.mark_read(COURSE, "topic", T0 + timedelta(days=2))
    on_laptop.save()
    on_server.save()
    return laptop, server, everything


@pytest.mark.parametrize("shared", [0, 3])
def test_two_interleaved_histories_merge_with_nothing_lost_or_doubled(
    tmp_path: Path, shared: int
) -> None:
    laptop, server, everything = interleaved(tmp_path, shared)
    store = ProgressStore.open(laptop)
    count = store.merge(server)
    assert (count.questions, count.reviews, count.topics) == (1, 3, 0)

    merged = ProgressStore.open(laptop).course(COURSE)
    expected = everything.course(COURSE)
    for question in ("q", "only-laptop", "only-server"):
        record, reference = merged.questions[question], expected.questions[question]
        assert [r.t for r in record.log] == [r.t for r in reference.log]
        assert [r.rating for r in record.log] == [r.rating for r in reference.log]
        assert record.card == reference.card
        assert record.attempts == reference.attempts
        assert record.last_answer == reference.last_answer
    assert merged.topics["topic"].read == T0 + timedelta(days=2)
    assert merged.path == "/notes"


def test_merging_either_way_gives_the_same_cards_and_merging_again_changes_nothing(
    tmp_path: Path,
) -> None:
    laptop, server, _ = interleaved(tmp_path, 2)
    server_copy = tmp_path / "server-copy.toml"
    ProgressStore.open(server).fold()  # its journal into the file, to copy the file alone
    shutil.copy(server, server_copy)
    ProgressStore.open(server).merge(laptop)
    ProgressStore.open(laptop).merge(server_copy)
    one, other = ProgressStore.open(laptop), ProgressStore.open(server)
    for question in ("q", "only-laptop", "only-server"):
        mine, theirs = (
            one.course(COURSE).questions[question],
            other.course(COURSE).questions[question],
        )
        assert (mine.card, list(mine.log), mine.attempts) == (
            theirs.card,
            list(theirs.log),
            theirs.attempts,
        )
    before = laptop.read_bytes()
    again = one.merge(server)
    assert (again.questions, again.reviews, again.topics) == (0, 0, 0)
    assert ProgressStore.open(laptop).course(COURSE) == one.course(COURSE)
    assert len(laptop.read_bytes()) == len(before)


def test_a_long_history_keeps_its_last_reviews_and_a_card_from_them(tmp_path: Path) -> None:
    laptop, server, everything = interleaved(tmp_path, LOG_SIZE + 5)
    store = ProgressStore.open(laptop)
    store.merge(server)
    record = ProgressStore.open(laptop).course(COURSE).questions["q"]
    reference = everything.course(COURSE).questions["q"]
    assert list(record.log) and len(record.log) == LOG_SIZE
    assert [r.t for r in record.log] == [r.t for r in reference.log]
    assert record.card is not None and record.card.last_review == reference.card.last_review


@pytest.mark.parametrize(
    "name",
    [
        "progress.sync-conflict-20261204-171900-ABCDEFG.toml",
        "progress (Ada's conflicted copy 2026-12-04).toml",
        "progress (conflicted copy 2026-12-04 171900).toml",
    ],
)
def test_a_sync_tools_conflict_copy_is_merged_at_start_and_moved_aside(
    tmp_path: Path, name: str
) -> None:
    laptop, server, everything = interleaved(tmp_path, 2)
    ProgressStore.open(server).fold()
    copy = laptop.with_name(name)
    shutil.copy(server, copy)
    data = copy.read_bytes()

    store = ProgressStore.open(laptop)
    assert not copy.exists()
    (aside,) = laptop.parent.glob(f"{copy.stem}.merged-*.toml")
    assert aside.read_bytes() == data
    assert store.notice is not None and str(copy) in store.notice and str(aside) in store.notice
    assert set(store.course(COURSE).questions) == {"q", "only-laptop", "only-server"}
    reopened = ProgressStore.open(laptop)
    assert reopened.notice is None
    assert (
        reopened.course(COURSE).questions["q"].card == everything.course(COURSE).questions["q"].card
    )


def test_a_conflict_copy_of_the_journal_is_merged_too(tmp_path: Path) -> None:
    laptop, server, _ = interleaved(tmp_path, 2)
    copy = laptop.with_name("progress.journal.sync-conflict-20261204-171900-ABCDEFG.toml")
    shutil.copy(journal_path(server), copy)
    store = ProgressStore.open(laptop)
    assert not copy.exists() and "only-server" in store.course(COURSE).questions


def test_an_unreadable_conflict_copy_is_left_where_it_is_and_named(tmp_path: Path) -> None:
    laptop, _, _ = interleaved(tmp_path, 1)
    copy = laptop.with_name("progress.sync-conflict-20261204-171900-ABCDEFG.toml")
    copy.write_text("schema = 2\n[courses\n", encoding="utf-8")
    store = ProgressStore.open(laptop)
    assert copy.read_text(encoding="utf-8") == "schema = 2\n[courses\n"
    assert store.notice is not None and f"{copy}" in store.notice and "line 2" in store.notice


def test_tutor_merge_merges_a_file_by_hand_and_leaves_it_as_it_is(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _, server, _ = interleaved(tmp_path, 2)
    data = server.read_bytes()
    clock = FixedClock(T0 + timedelta(days=30))
    assert main(["merge", str(server)], clock) == 0
    out = capsys.readouterr().out
    assert f"merged {server}" in out and "2 new questions, 0 new reviews" in out
    assert server.read_bytes() == data
    assert "only-server" in ProgressStore.open().course(COURSE).questions

    bad = tmp_path / "bad.toml"
    bad.write_text("[x\n", encoding="utf-8")
    assert main(["merge", str(bad)], clock) == 2
    assert f"{bad}" in capsys.readouterr().err


def test_merging_a_file_that_cannot_be_read_raises_naming_it(tmp_path: Path) -> None:
    store = ProgressStore.open(tmp_path / "progress.toml")
    with pytest.raises(ProgressError, match=r"missing\.toml"):
        store.merge(tmp_path / "missing.toml")
