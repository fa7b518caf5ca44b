"""The real app in a real terminal (a pty) on a hostile course: the bytes it writes hold
none of the escapes the notes and quizzes carry, only the visible stand-ins.

Textual writes escape sequences of its own, so what is searched for is each
injected sequence with its payload word, never ESC alone.
"""

from __future__ import annotations

import fcntl
import os
import pty
import select
import struct
import subprocess
import sys
import termios
import time
from pathlib import Path

import pytest

from tests import injection
from tests.conftest import REPO

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="needs a POSIX pty")

ROWS, COLUMNS = 40, 140


class Terminal:
    """``python -m tutor`` on the slave end of a pty; everything it writes is kept."""

    def __init__(self, course: Path, home: Path) -> None:
        self.master, slave = pty.openpty()
        fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", ROWS, COLUMNS, 0, 0))
        environment = {
            "PATH": "/usr/bin:/bin",
            "PYTHONPATH": str(REPO),
            "HOME": str(home),
            "TERM": "xterm-256color",
            "XDG_DATA_HOME": str(home / "data"),
            "XDG_CONFIG_HOME": str(home / "config"),
            "XDG_CACHE_HOME": str(home / "cache"),
            "OLLAMA_HOST": "http://127.0.0.1:9",  # nothing listens: grading stays offline
        }
        self.process = subprocess.Popen(
            [sys.executable, "-m", "tutor", "--no-llm", str(course)],
            stdin=slave,
            stdout=slave,
            stderr=slave,
            env=environment,
            cwd=home,
            start_new_session=True,
        )
        os.close(slave)
        self.output = bytearray()

    def read(self, seconds: float) -> None:
        """Keep what the app writes for ``seconds``."""
        end = time.monotonic() + seconds
        while (left := end - time.monotonic()) > 0:
            ready, _, _ = select.select([self.master], [], [], left)
            if ready:
                try:
                    self.output += os.read(self.master, 65536)
                except OSError:  # the app has closed the terminal
                    return

    def type(self, keys: str, until: str | None = None, seconds: float = 0.3) -> None:
        """Type ``keys``, then keep what the app writes until it has drawn ``until``
        (a loaded machine may take its time), and for ``seconds`` more: a key typed
        while the app is still busy drawing may be missed."""
        start = len(self.output)
        os.write(self.master, keys.encode())
        deadline = time.monotonic() + 60
        while until and until.encode() not in self.output[start:]:
            if time.monotonic() > deadline:
                return
            self.read(0.2)
        self.read(seconds)

    def ended(self, seconds: float = 10) -> int | None:
        """Wait for the app to end; its exit status, or None if it had to be killed."""
        try:
            return self.process.wait(timeout=seconds)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
            return None

    def close(self) -> int | None:
        """Wait for the app to end, then close the terminal; as :meth:`ended`."""
        try:
            return self.ended()
        finally:
            os.close(self.master)


INJECTED = [
    b"\x1b]52;c;" + injection.CLIPBOARD_B64.encode(),
    b"\x1b]0;tutor-heading-title",
    b"\x1b]0;tutor-prompt-title",
    b"\x1b]2;tutor-choice-title",
    b"\x1b]0;tutor-course-title",
    b"\x1b]8;;https://example.invalid/tutor-link-payload",
    "\x9d0;tutor-c1-title".encode(),
    "\x9b6n".encode(),
    "\u202eevil".encode(),
    "\u200fright\u200e".encode(),
    "\u2028line\u2029".encode(),
    b"\x1b[c",  # DA1: tutor never asks the terminal this itself
]


def test_no_injected_escape_reaches_the_terminal(tmp_path: Path) -> None:
    course = injection.write_course(tmp_path / "course", tmp_path / "shots")
    terminal = Terminal(course, tmp_path)
    try:
        terminal.type("", until="Copy this", seconds=1)  # start-up: the first topic's lesson
        terminal.type("j", until="More text")  # the sub-topic, with its bidi controls
        terminal.type("k", until="Copy this")
        terminal.type("s", until="Which [/b] [i]")  # the quiz: prompt and choices
        terminal.type("h", until="Hint: ")
        terminal.type("2")
        terminal.type("\r", until="Because")  # the feedback and its explanation
        terminal.type("\x1b")  # leave the quiz
        terminal.type("\x10", until="Search for commands", seconds=1)  # Ctrl+P: the palette
        terminal.type("Injected", until="Go to: ")  # the headings it finds
        terminal.type("\x1b")
        terminal.type("t", until="Reviews per day")  # the stats screen
        terminal.type("\x1b")
        terminal.type("q")
    finally:
        status = terminal.close()
    shown = bytes(terminal.output)
    assert [sequence for sequence in INJECTED if sequence in shown] == []
    assert status == 0
    for drawn in ("␛]52;c;", "Which [/b] [i]", "Because", "Go to: ", "Reviews per day"):
        assert drawn.encode() in shown  # each screen was drawn, its escapes as pictures
    assert list((tmp_path / "shots").glob("*")) == []
