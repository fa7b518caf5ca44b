"""A terminal that goes away ends tutor as a quit would, with or without SIGHUP."""

from __future__ import annotations

import os
import signal
import sys
from pathlib import Path

import pytest

from tests.test_untrusted_terminal import Terminal

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="needs a POSIX pty")

NOTE = "# Tides\n\nThe moon's pull raises the tides twice a day.\n"


def started(tmp_path: Path) -> Terminal:
    """tutor on a one-note course, its first screen drawn."""
    course = tmp_path / "course"
    course.mkdir()
    (course / "tides.md").write_text(NOTE, encoding="utf-8")
    terminal = Terminal(course, tmp_path)
    terminal.type("", until="twice a day", seconds=0.5)
    assert b"twice a day" in terminal.output
    return terminal


def test_a_terminal_closed_without_sighup_ends_tutor(tmp_path: Path) -> None:
    """The pty's other end closes and no SIGHUP comes (tutor has no controlling terminal
    here): tutor sees the hang-up on its input and quits instead of spinning a core."""
    terminal = started(tmp_path)
    os.close(terminal.master)
    assert terminal.ended(seconds=30) == 0


def test_sighup_quits_as_q_does(tmp_path: Path) -> None:
    terminal = started(tmp_path)
    try:
        terminal.process.send_signal(signal.SIGHUP)
        assert terminal.ended(seconds=30) == 0  # not killed by the signal: the quit ran
    finally:
        os.close(terminal.master)
