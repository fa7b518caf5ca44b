"""``tutor stats``: text fitted to the terminal, plain under NO_COLOR, and JSON for scripts."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from rich.console import Console

from tests.conftest import WriteFile, heavy_imports
from tests.test_schedule import COURSE, write_course
from tutor.clock import FixedClock
from tutor.course import load_course
from tutor.stats_command import render, run
from tutor.study import ProgressStore
from tutor.study.stats import CourseStats, course_stats

HOUR, DAY = timedelta(hours=1), timedelta(days=1)


def study(store: ProgressStore, now: datetime) -> None:
    """Three reviews: v1 easy yesterday, l1 good three days ago, v2 failed an hour ago."""
    for question, rating, ago in (("l1", 3, 3 * DAY), ("v1", 4, DAY), ("v2", 1, HOUR)):
        score, verdict = (0.0, "wrong") if rating == 1 else (1.0, "correct")
        store.review(COURSE, question, rating, score, verdict, "an answer", 12.0, now - ago)


@pytest.fixture
def studied(
    notes: Path, write: WriteFile, monkeypatch: pytest.MonkeyPatch, clock: FixedClock
) -> Path:
    """The demo course, studied a little, as the course opened last."""
    write_course(write)
    store = ProgressStore.open()
    study(store, clock.now())
    store.open_course(COURSE, str(notes))
    store.save()
    for variable in ("NO_COLOR", "FORCE_COLOR", "COLUMNS"):
        monkeypatch.delenv(variable, raising=False)
    return notes


@pytest.fixture
def stats(notes: Path, write: WriteFile, tmp_path: Path, clock: FixedClock) -> CourseStats:
    """The same history at a fixed time, for exact text."""
    write_course(write)
    now = clock.now()
    store = ProgressStore.open(tmp_path / "fixed.toml")
    study(store, now)
    return course_stats(load_course(notes), store.course(COURSE), now)


def printed(stats: CourseStats, width: int) -> list[str]:
    console = Console(record=True, width=width, file=open("/dev/null", "w"))  # noqa: SIM115
    render(stats, console)
    return console.export_text(styles=False).splitlines()


def test_text_at_100_columns(stats: CourseStats) -> None:
    lines = printed(stats, 100)
    assert lines[0] == "Demo · 26 Nov 2026"
    assert lines[1] == "2 due now · streak 2 days · 36 s studied · 67% right (30 days)"
    table = [line.rstrip() for line in lines[3:7]]
    assert table[0].split() == ["Topic", "Cards", "Due", "Mastery"]
    assert table[1].split()[:3] == ["Algebra", "3", "1"] and table[1].endswith(" 33%")
    assert table[2].split()[:3] == ["Calculus", "2", "1"] and table[2].endswith(" 0%")
    assert table[3].split()[:4] == ["All", "topics", "5", "2"] and table[3].endswith(" 20%")
    assert max(len(line) for line in lines) == 72  # wider only stretches the bars
    assert "Reviews per day, last 30 days: 3 in all" in lines
    assert lines[-14].startswith("Thu 26 Nov") and lines[-14].endswith(" 2")
    assert lines[-1].startswith("Wed 9 Dec")


def test_text_at_40_columns(stats: CourseStats) -> None:
    lines = printed(stats, 40)
    assert max(len(line) for line in lines) <= 40
    assert lines[4].split() == ["Topic", "Cards", "Due", "Mastery"]
    rows = {
        line.split()[0]: line for line in lines if line.split()[:1] in (["Algebra"], ["Calculus"])
    }
    assert rows["Algebra"].split()[1:3] == ["3", "1"] and rows["Algebra"].rstrip().endswith("33%")
    assert rows["Calculus"].rstrip().endswith("0%")
    chart = lines[lines.index("Reviews per day, last 30 days: 3 in all") + 1 :][:5]
    assert [len(line.rstrip()) <= 40 for line in chart] == [True] * 5
    assert chart[-1].split() == ["28", "Oct", "26", "Nov"]  # the first and the last day
    assert sum(line.count("█") for line in chart[:4]) == 3 * 4  # 3 days of 1 review, full height


def test_the_command_fits_the_terminal_width(
    studied: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    clock: FixedClock,
) -> None:
    for width in (40, 100):
        monkeypatch.setenv("COLUMNS", str(width))
        assert run([str(studied)], clock) == 0
        out = capsys.readouterr().out
        assert out.startswith("Demo · ")
        assert max(len(line) for line in out.splitlines()) <= min(width, 72)
        assert "\x1b" not in out  # not a terminal: no codes


def test_no_color_means_no_escape_codes(
    studied: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    clock: FixedClock,
) -> None:
    monkeypatch.setenv("FORCE_COLOR", "1")  # as if on a terminal
    monkeypatch.setenv("TERM", "xterm-256color")
    assert run([str(studied)], clock) == 0
    assert "\x1b[" in capsys.readouterr().out
    monkeypatch.setenv("NO_COLOR", "1")
    assert run([str(studied)], clock) == 0
    out = capsys.readouterr().out
    assert "\x1b" not in out and "Algebra" in out


def test_json_for_scripts(
    studied: Path, capsys: pytest.CaptureFixture[str], clock: FixedClock
) -> None:
    assert run(["--json", str(studied)], clock) == 0
    data = json.loads(capsys.readouterr().out)
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
    assert data["course"] == {"id": COURSE, "title": "Demo"}
    assert data["date"] == "2026-11-26"
    assert len(data["reviews_per_day"]) == 30 and len(data["forecast"]) == 14
    assert sum(day["reviews"] for day in data["reviews_per_day"]) == 3
    assert data["seconds_studied"] == 36 and data["accuracy_30_days"] == pytest.approx(2 / 3)
    assert [topic["title"] for topic in data["topics"]] == ["Algebra", "Calculus"]
    assert data["total"]["cards"] == 5


def test_without_a_path_the_course_opened_last(
    studied: Path, capsys: pytest.CaptureFixture[str], clock: FixedClock
) -> None:
    assert run(["--json"], clock) == 0
    assert json.loads(capsys.readouterr().out)["course"]["id"] == COURSE


def test_without_a_path_or_a_last_course_the_bundled_one(
    capsys: pytest.CaptureFixture[str], clock: FixedClock
) -> None:
    assert run(["--json"], clock) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["course"]["id"] == "ml-concepts" and data["total"]["cards"] > 0
    assert data["streak_days"] == 0 and data["accuracy_30_days"] is None


def test_a_bad_path_is_one_line_and_status_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], clock: FixedClock
) -> None:
    missing = tmp_path / "missing"
    assert run([str(missing)], clock) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err == f"tutor: {missing}: no such file or folder\n"


def test_a_damaged_progress_file_is_reported_not_fatal(
    studied: Path, capsys: pytest.CaptureFixture[str], clock: FixedClock
) -> None:
    path = ProgressStore.open().path
    path.write_text("[broken")
    assert run(["--json", str(studied)], clock) == 0
    captured = capsys.readouterr()
    assert captured.err.startswith(f"tutor: progress file {path} was unreadable")
    assert json.loads(captured.out)["seconds_studied"] == 0


def test_the_command_imports_nothing_heavy() -> None:
    assert heavy_imports("import tutor.stats_command") == []


def test_titles_are_text_not_markup(stats: CourseStats) -> None:
    lines = printed(replace(stats, title="Notes [bold]draft[/bold]"), 60)
    assert lines[0] == "Notes [bold]draft[/bold] · 26 Nov 2026"
