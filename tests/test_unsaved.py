"""Nothing studied is lost when progress cannot be saved (a full disk, a read-only folder).

The app says so at the first failed save, keeps the answers in memory and
tries again; at quit they are saved, or written to another file the learner
is told about, with a non-zero exit status.
"""

from __future__ import annotations

import os
import shutil
import stat
import tempfile
from pathlib import Path

import pytest

from tests.conftest import NOW
from tests.test_study_screen import BACKPROP, WIDE, answer_right, new_app
from tutor.cli import EXIT_OK, EXIT_PROBLEMS, EXIT_UNUSABLE, keep_unsaved
from tutor.course import bundled_course_path, load_course
from tutor.study.progress import ProgressStore, default_progress_path
from tutor.ui import study_screen

COURSE = "ml"


def block(folder: Path) -> None:
    """Make ``folder`` impossible to write into, even as root: it becomes a file."""
    shutil.rmtree(folder, ignore_errors=True)
    folder.parent.mkdir(parents=True, exist_ok=True)
    folder.write_text("in the way\n")


def unblock(folder: Path) -> None:
    folder.unlink()


def answered_store(path: Path) -> ProgressStore:
    store = ProgressStore.open(path)
    store.record_answer(COURSE, "q-1", 1.0, "correct", "the chain rule", NOW)
    return store


async def test_the_app_says_at_once_keeps_the_answer_and_saves_it_when_it_can(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(study_screen, "SAVE_RETRY_SECONDS", 0.2)
    folder = default_progress_path().parent
    app = new_app(load_course(bundled_course_path()))
    async with app.run_test(size=WIDE) as pilot:
        await app.go_to_topic(BACKPROP)
        block(folder)
        await pilot.press("s")
        await answer_right(pilot, app)
        await pilot.pause()
        (failed,) = [n for n in app._notifications if n.title == "Progress not saved"]
        assert "Your answers are kept: tutor tries again" in failed.message
        assert app.store.unsaved
        unblock(folder)
        await pilot.pause(0.5)
        assert [n.message for n in app._notifications if n.title == "Progress"] == [
            "Progress saved."
        ]
        assert app.store.unsaved == 0
    assert ProgressStore.open().course(app.course.id).questions


def test_at_quit_unsaved_progress_is_saved_if_the_file_can_be_written_again(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "data" / "progress.toml"
    store = answered_store(path)
    assert keep_unsaved(store) == EXIT_OK
    assert ProgressStore.open(path).course(COURSE).questions["q-1"].attempts == 1
    assert capsys.readouterr().err == ""


def test_at_quit_unsaved_progress_goes_to_another_file_the_learner_is_told_of(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "data" / "progress.toml"
    store = answered_store(path)
    block(path.parent)
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    (tmp_path / "home").mkdir()
    assert keep_unsaved(store) == EXIT_PROBLEMS
    (rescued,) = (tmp_path / "home").glob("progress.unsaved-*.toml")
    message = capsys.readouterr().err
    assert f"Could not save progress to {path}" in message
    assert f"with 1 change not saved, is in {rescued}" in message
    assert f"once {path} can be written, replace it with that file" in message
    assert ProgressStore.open(rescued).course(COURSE).questions["q-1"].last_answer == (
        "the chain rule"
    )


def test_the_file_of_unsaved_progress_is_the_learners_alone(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    store = answered_store(tmp_path / "data" / "progress.toml")
    block(tmp_path / "data")
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    umask = os.umask(0)  # even where files are made world-readable by default
    try:
        rescued = store.rescue()
    finally:
        os.umask(umask)
    assert rescued.parent == tmp_path
    assert stat.S_IMODE(rescued.stat().st_mode) == 0o600


def test_when_no_folder_takes_it_the_learner_is_told_what_was_lost(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "data" / "progress.toml"
    store = answered_store(path)
    for folder in ("data", "home", "tmp"):
        block(tmp_path / folder)
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path / "tmp"))
    assert keep_unsaved(store) == EXIT_UNUSABLE
    assert capsys.readouterr().err.splitlines()[-1].endswith("1 change lost.")
