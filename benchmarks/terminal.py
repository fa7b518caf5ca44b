"""What a user waits for, in a real terminal: tutor against bare Textual, same run.

Run: ``python benchmarks/terminal.py [--runs N] [--notes N]`` (needs ``pyte``,
in the test extras). Each program runs on a pseudo-terminal of 120x36; its
output is read as it comes and played on a terminal emulator (pyte), so a
time is taken the moment a frame with the awaited text is written, not when
a poll happens to look. The floor is benchmarks/minimal_app.py: a Tree and
a Markdown widget showing the same notes, ``j`` moving to the next note.

Measured (medians of ``--runs`` runs, programs interleaved so both see the
same machine load):

- first screen: process start to the first frame holding the lesson's text,
  for the bundled course and a synthetic vault of ``--notes`` notes, cold
  (empty cache folder) and warm (the cache the cold run left); and for the
  vault, to the frame with the course's figures (its questions counted);
- ``j``: key sent to the first frame that shows what the screen then settles
  on (no output for :data:`QUIET`), scroll bars aside, stepping through a
  7,000-line chapter folder and onto and off a 100 KB note without headings;
  median and worst over every press. Each press waits for the screen to settle,
  as a learner reads each lesson (tutor then has the lessons next to it ready);
  the last rows time a press :data:`SKIMMING` seconds after another one, as when
  skimming the tree (the lesson is made then);
- per answer: the work an answer makes on the app's thread in the synthetic
  vault, bringing the tree's and the header's figures up to date (against
  counting the whole course, as every answer once did);
- ``tutor --help``: process start to exit, against argparse's own help;
- peak memory (RSS) of each program at quit.
"""

from __future__ import annotations

import argparse
import fcntl
import os
import random
import select
import signal
import statistics
import struct
import subprocess
import sys
import tempfile
import termios
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, replace
from pathlib import Path

import pyte

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
sys.path.insert(0, str(HERE))

from vault import note_text, write_vault  # noqa: E402

COLUMNS, ROWS = 120, 36
QUIET = 1.0  # seconds without output after which a screen counts as settled (a loaded
# machine can pause that long between the tree's frame and the lesson's)
SKIMMING = 0.1  # seconds between two steps of a learner skimming the tree, not reading
BLOCK_ELEMENTS = {code: " " for code in range(0x2580, 0x25A0)}
TUTOR = [sys.executable, "-m", "tutor"]
FLOOR = [sys.executable, str(HERE / "minimal_app.py")]
RIGHT = "\x1b[C"  # the arrow key, as a terminal sends it
BUNDLED_MARKER = "Neural networks"  # the first lesson's text, in both apps (the tree: "Networks")


class Exited(Exception):
    """The program ended (or closed its terminal) while it was awaited."""


class Terminal:
    """A program on a pseudo-terminal, its screen kept by a terminal emulator."""

    def __init__(self, command: list[str], env: dict[str, str]) -> None:
        master, slave = os.openpty()
        fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", ROWS, COLUMNS, 0, 0))
        self.screen = pyte.Screen(COLUMNS, ROWS)
        self.stream = pyte.ByteStream(self.screen)
        self.started = time.perf_counter()
        self.process = subprocess.Popen(
            command, stdin=slave, stdout=slave, stderr=slave, env=env, start_new_session=True
        )
        os.close(slave)
        self.fd = master
        self.last_output = self.started
        self.frames: list[tuple[float, list[str]]] = []  # what each output showed, and when

    def _read(self, timeout: float) -> bool:
        """Play what the program writes within ``timeout`` seconds; False if nothing came."""
        ready, _, _ = select.select([self.fd], [], [], max(0.0, timeout))
        if not ready:
            return False
        try:
            data = os.read(self.fd, 1 << 16)
        except OSError as error:  # EIO: the program closed the terminal
            raise Exited(str(error)) from error
        if not data:
            raise Exited("end of output")
        self.last_output = time.perf_counter()
        data += self._waiting()
        self.stream.feed(data)
        self.frames.append((self.last_output, self.content()))
        return True

    def _waiting(self) -> bytes:
        """What else the program has written by now, read before any of it is played: a
        frame arrives in pieces of a few kilobytes, and the emulator is far slower to
        play a piece than a real terminal, so playing each as it came would date the
        frame's last piece by the emulator's work on the others. If the program has
        written two frames by then, both are played at once and dated by the later:
        a frame is never dated earlier than it was written."""
        more = b""
        while select.select([self.fd], [], [], 0)[0]:
            try:
                piece = os.read(self.fd, 1 << 16)
            except OSError:
                break  # closed: the next read says so
            if not piece:
                break
            more += piece
            self.last_output = time.perf_counter()
        return more

    def content(self) -> list[str]:
        """The screen's text, without block elements: scroll bars are drawn with them,
        and they change as the rest of a long lesson is laid out below the screen."""
        return [line.translate(BLOCK_ELEMENTS) for line in self.screen.display]

    def shows(self, text: str) -> bool:
        return any(text in line for line in self.screen.display)

    def wait_for(self, text: str, timeout: float = 120.0) -> float:
        """The moment (perf_counter) a frame holding ``text`` was written."""
        deadline = time.perf_counter() + timeout
        while not self.shows(text):
            if time.perf_counter() > deadline:
                screen = "\n".join(self.screen.display)
                raise TimeoutError(f"{text!r} not shown within {timeout} s:\n{screen}")
            self._read(deadline - time.perf_counter())
        return self.last_output

    def settle(self, timeout: float = 60.0) -> float:
        """The moment of the last output before :data:`QUIET` seconds of none, waiting
        first for some output: a loaded machine may take longer than that to answer."""
        deadline = time.perf_counter() + timeout
        if not self._read(timeout):
            raise TimeoutError(f"no output within {timeout} s")
        while self._read(QUIET):
            if time.perf_counter() > deadline:
                raise TimeoutError(f"output did not stop within {timeout} s")
        return self.last_output

    def wait(self, seconds: float) -> None:
        """Play what the program writes for ``seconds``."""
        deadline = time.perf_counter() + seconds
        while time.perf_counter() < deadline:
            self._read(deadline - time.perf_counter())

    def press(self, key: str) -> float:
        """Send ``key``; the moment it was sent."""
        self.frames = []
        os.write(self.fd, key.encode())
        return time.perf_counter()

    def shown(self) -> float:
        """The moment the screen, settled since the last key, first looked as it does now
        (scroll bars aside): when the learner could read what the key brought."""
        self.settle()
        final = self.content()
        return next(moment for moment, frame in self.frames if frame == final)

    def quit(self) -> int:
        """Quit with Ctrl+Q (both apps bind it); the peak RSS in MB."""
        self.press("\x11")
        deadline = time.perf_counter() + 30
        while time.perf_counter() < deadline:
            pid, _status, usage = os.wait4(self.process.pid, os.WNOHANG)
            if pid:
                self.process.returncode = 0
                os.close(self.fd)
                return usage.ru_maxrss // 1024
            try:
                self._read(0.05)
            except Exited:
                time.sleep(0.01)
        self.process.send_signal(signal.SIGKILL)
        raise TimeoutError("the program did not quit within 30 s")


@dataclass
class Row:
    """One line of the table: tutor's figure, the floor's, and the target."""

    name: str
    tutor: float
    floor: float | None
    target: str
    met: bool | None
    unit: str = "ms"

    def __str__(self) -> str:
        floor = f"{self.floor:9.0f}" if self.floor is not None else f"{'-':>9}"
        ratio = f"{self.tutor / self.floor:6.2f}x" if self.floor else f"{'-':>7}"
        met = {True: "met", False: "NOT met", None: ""}[self.met]
        return f"{self.name:38} {self.tutor:9.0f} {floor} {ratio}  {self.target:22} {met}"


@contextmanager
def user_dirs() -> Iterator[dict[str, str]]:
    """An environment whose data, config and cache folders are new and empty."""
    with tempfile.TemporaryDirectory() as home:
        env = dict(os.environ, TERM="xterm-256color", PYTHONPATH=str(REPO), HOME=home)
        env.update({f"XDG_{kind}_HOME": f"{home}/{kind}" for kind in ("DATA", "CONFIG", "CACHE")})
        yield env


def first_screen(
    command: list[str], env: dict[str, str], marker: str, counted: str | None = None
) -> tuple[float, float, int]:
    """Seconds from start to the first frame holding ``marker``, then to one holding
    ``counted`` (the course's figures; 0 if None), and peak RSS (MB)."""
    terminal = Terminal(command, env)
    seconds = terminal.wait_for(marker) - terminal.started
    counts = terminal.wait_for(counted, timeout=900) - terminal.started if counted else 0.0
    terminal.settle()
    return seconds, counts, terminal.quit()


def key_latencies(
    command: list[str],
    env: dict[str, str],
    marker: str,
    presses: int,
    opening: str = "",
    after: float | None = None,
) -> list[float]:
    """Seconds from each of ``presses`` presses of ``j`` to the next lesson on screen,
    after the ``opening`` keys (not timed) have been pressed and their output settled.
    Each press comes once the screen has settled, as when the learner reads each
    lesson; with ``after``, it comes that many seconds after an untimed press of
    ``j``, as when stepping through the tree without stopping to read."""
    terminal = Terminal(command, env)
    terminal.wait_for(marker)
    terminal.settle()
    if opening:
        terminal.press(opening)
        terminal.settle()
    times = []
    for _ in range(presses):
        if after is not None:
            terminal.press("j")
            terminal.wait(after)
        sent = terminal.press("j")
        times.append(terminal.shown() - sent)
    terminal.quit()
    return times


def tutor_command() -> list[str]:
    """The ``tutor`` script installed beside this Python, as a user runs it, else ``-m``."""
    script = Path(sys.executable).parent / "tutor"
    return [str(script)] if script.exists() else TUTOR


def process_seconds(command: list[str], env: dict[str, str]) -> float:
    start = time.perf_counter()
    subprocess.run(command, env=env, stdout=subprocess.DEVNULL, check=True)
    return time.perf_counter() - start


def write_chapter(root: Path, lines: int = 7000) -> None:
    """A textbook's chapter folder of about ``lines`` lines of notes, then another chapter."""
    rng, number, written = random.Random(11), 0, 0
    while written < lines:
        number += 1
        text = note_text(rng, number)
        (root / "1-chapter").mkdir(parents=True, exist_ok=True)
        (root / "1-chapter" / f"{number}-section.md").write_text(text, encoding="utf-8")
        written += text.count("\n")
    (root / "2-chapter").mkdir()
    (root / "2-chapter" / "1-next.md").write_text(note_text(rng, 0), encoding="utf-8")


def write_long_note(root: Path, size: int = 100_000) -> None:
    """A short note, a note of ``size`` bytes without headings, and a short note."""
    rng = random.Random(5)
    paragraphs, total = [], 0
    while total < size:
        words = " ".join(rng.choice(["gradient", "loss", "model", "layer"]) for _ in range(60))
        paragraphs.append(words.capitalize() + ".")
        total += len(paragraphs[-1]) + 2
    root.mkdir(parents=True, exist_ok=True)
    (root / "1-before.md").write_text("Before the long note.\n", encoding="utf-8")
    (root / "2-long.md").write_text("\n\n".join(paragraphs) + "\n", encoding="utf-8")
    (root / "3-after.md").write_text("After the long note.\n", encoding="utf-8")


def median_ms(times: list[float]) -> float:
    return statistics.median(times) * 1000


def interleaved(runs: int, *actions: Callable[[], float]) -> list[list[float]]:
    """Each action ``runs`` times, taking turns, so that all see the same machine load."""
    results: list[list[float]] = [[] for _ in actions]
    for _ in range(runs):
        for result, action in zip(results, actions, strict=True):
            result.append(action())
    return results


def synthetic_vault(vaults: Path, notes: int) -> Path:
    """The synthetic vault of ``notes`` notes under ``vaults``, written on first use."""
    vault = vaults / "vault"
    if not vault.exists():
        write_vault(vault, notes=notes)
    return vault


def startup_rows(runs: int, notes: int, vaults: Path) -> list[Row]:
    content = REPO / "content"
    rows, memory = [], []
    with user_dirs() as env:

        def tutor_bundled() -> float:
            seconds, _, rss = first_screen([*TUTOR, str(content)], env, BUNDLED_MARKER)
            memory.append(rss)
            return seconds

        def floor_bundled() -> float:
            note = content / "ml-concepts.md"
            return first_screen([*FLOOR, str(note)], env, BUNDLED_MARKER)[0]

        tutor, floor = interleaved(runs, tutor_bundled, floor_bundled)
        ratio = median_ms(tutor) / median_ms(floor)
        name = "bundled course, first screen"
        rows.append(Row(name, median_ms(tutor), median_ms(floor), "<= 1.10x", ratio <= 1.10))

    vault = synthetic_vault(vaults, notes)
    marker = "pick one in the tree"  # the first folder's overview
    counted = " answered · "  # the course's figures in the header
    floor_marker = "Note 1"
    cold, warm, cold_counts, warm_counts, floor_times = [], [], [], [], []
    cold_memory, warm_memory = [], []
    for _ in range(runs):
        with user_dirs() as env:  # an empty cache folder: the first open is cold
            seconds, counts, rss = first_screen([*TUTOR, str(vault)], env, marker, counted)
            cold.append(seconds)
            cold_counts.append(counts)
            cold_memory.append(rss)
            seconds, counts, rss = first_screen([*TUTOR, str(vault)], env, marker, counted)
            warm.append(seconds)
            warm_counts.append(counts)
            warm_memory.append(rss)
            floor_times.append(first_screen([*FLOOR, str(vault)], env, floor_marker)[0])
    floor = median_ms(floor_times)
    for name, times, most in (("cold", cold, 4.0), ("warm", warm, 2.0)):
        ratio = median_ms(times) / floor
        row = Row(f"{notes:,} notes, first screen {name}", median_ms(times), floor, "", False)
        rows.append(replace(row, target=f"<= {most:.0f}x", met=ratio <= most))
    for name, times in (("cold", cold_counts), ("warm", warm_counts)):
        rows.append(Row(f"{notes:,} notes, counts shown {name}", median_ms(times), None, "-", None))
    rows.append(
        Row("peak RSS, bundled course (MB)", statistics.median(memory), None, "-", None, "MB")
    )
    for name, memory in (("cold", cold_memory), ("warm", warm_memory)):
        rss = statistics.median(memory)
        row = Row(f"peak RSS, {notes:,} notes {name} (MB)", rss, None, "<= 300 MB", rss <= 300)
        rows.append(replace(row, unit="MB"))
    return rows


def key_rows(runs: int, vaults: Path) -> list[Row]:
    chapter, long_note = vaults / "chapter", vaults / "long"
    write_chapter(chapter)
    write_long_note(long_note)
    rows = []
    # tutor opens a chapter of more notes than its tree's first lines hold closed: → opens it
    in_chapter = (chapter, "pick one in the tree", "Note 1", 12, RIGHT)
    cases = [
        ("j, 7,000-line chapter folder", *in_chapter, None),
        ("j, onto and off a 100 KB note", long_note, "Before the long", "Before the", 2, "", None),
        (f"j, chapter, {SKIMMING} s after a j", *in_chapter, SKIMMING),
    ]
    for name, folder, marker, floor_marker, presses, opening, after in cases:
        tutor_times: list[float] = []
        floor_times: list[float] = []
        for _ in range(runs):
            with user_dirs() as env:  # each run from the first topic, not the last one left
                tutor_command = [*TUTOR, str(folder)]
                tutor_times += key_latencies(tutor_command, env, marker, presses, opening, after)
                floor_command = [*FLOOR, str(folder)]
                floor_times += key_latencies(floor_command, env, floor_marker, presses, after=after)
        median, worst = median_ms(tutor_times), max(tutor_times) * 1000
        floor_median, floor_worst = median_ms(floor_times), max(floor_times) * 1000
        rows.append(Row(f"{name}, median", median, floor_median, "<= 50 ms", median <= 50))
        rows.append(Row(f"{name}, worst", worst, floor_worst, "<= 150 ms", worst <= 150))
    return rows


ANSWER_COST = """
import asyncio, random, statistics, sys, tempfile, time
from pathlib import Path
from tutor.config import Config, default_config_path
from tutor.course import load_cached
from tutor.llm import LLMSettings
from tutor.study import ProgressStore
from tutor.study.rollups import Rollups
from tutor.ui.app import create_app

async def main():
    course, cache = load_cached(Path(sys.argv[1]))
    store = ProgressStore.open(Path(tempfile.mkdtemp()) / "progress.toml")
    config = Config(path=default_config_path(), llm=LLMSettings(enabled=False))
    app = create_app(course, store, config, blink=False, notes_cache=cache)
    async with app.run_test(size=(120, 36)) as pilot:
        await app.workers.wait_for_complete()  # the course counted
        await pilot.pause()
        rng, full, ui = random.Random(1), [], []
        questions = course.questions
        for _ in range(int(sys.argv[2])):
            question = rng.choice(questions)
            store.record_answer(course.id, question.id, 1.0, "correct", "answer")
            start = time.perf_counter()
            app.screen.refresh_progress(question.topic_id)
            ui.append(time.perf_counter() - start)
            await pilot.pause()  # the tree drawn again, as between two answers
            start = time.perf_counter()
            Rollups(course, store.course(course.id), app.clock.now())
            full.append(time.perf_counter() - start)
    print(statistics.median(ui), max(ui), statistics.median(full))

asyncio.run(main())
"""


def answer_rows(vault: Path, answers: int = 30) -> list[Row]:
    """The work an answer makes on the app's thread in the vault (the tree's and the
    header's figures brought up to date), in a fresh interpreter, once the course is
    counted."""
    with user_dirs() as env:
        result = subprocess.run(
            [sys.executable, "-c", ANSWER_COST, str(vault), str(answers)],
            env=env,
            capture_output=True,
            text=True,
            check=True,
        )
    median, worst, full = (float(figure) * 1000 for figure in result.stdout.split())
    return [
        # the floor column: a count of the whole course, as every answer once made
        Row("per answer, figures updated: median", median, full, "<= 16 ms", median <= 16),
        Row("per answer, figures updated: worst", worst, full, "<= 16 ms", worst <= 16),
    ]


def help_rows(runs: int) -> list[Row]:
    with user_dirs() as env:
        argparse_only = "import argparse; argparse.ArgumentParser().parse_args()"
        floor_help = [sys.executable, "-c", argparse_only]
        tutor, floor = interleaved(
            runs * 3,
            lambda: process_seconds([*tutor_command(), "--help"], env),
            lambda: process_seconds([*floor_help, "--help"], env),
        )
    median = median_ms(tutor)
    return [Row("tutor --help", median, median_ms(floor), "<= 80 ms", median <= 80)]


SECTIONS = ("help", "keys", "startup", "answer")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--notes", type=int, default=13_000)
    parser.add_argument(
        "--only",
        choices=SECTIONS,
        action="append",
        help="measure only this (repeatable)",
    )
    args = parser.parse_args()
    chosen = args.only or list(SECTIONS)
    print(f"{'':38} {'tutor':>9} {'floor':>9} {'ratio':>7}  {'target':22}")
    with tempfile.TemporaryDirectory() as folder:
        vaults = Path(folder)
        sections: dict[str, Callable[[], list[Row]]] = {
            "help": lambda: help_rows(args.runs),
            "keys": lambda: key_rows(args.runs, vaults),
            "startup": lambda: startup_rows(args.runs, args.notes, vaults),
            "answer": lambda: answer_rows(synthetic_vault(vaults, args.notes)),
        }
        for name in SECTIONS:
            if name in chosen:
                for row in sections[name]():
                    print(row, flush=True)


if __name__ == "__main__":
    main()
