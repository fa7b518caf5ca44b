"""The progress store under real processes: killed mid-save, and two sessions saving at once."""

from __future__ import annotations

import random
import signal
import subprocess
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

import pytest

from tutor.study import ProgressStore

REPO = Path(__file__).resolve().parent.parent
pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL and flock are POSIX")

ANSWER_FOREVER = """
import itertools, sys
from pathlib import Path
from tutor.study import ProgressStore

store = ProgressStore.open(Path(sys.argv[1]))
print("ready", flush=True)
for number in itertools.count():
    answer = f"answer {number}: \\"quoted\\", a back\\\\slash and\\na new line"
    store.record_answer("course", f"q{number % 40}", number % 5 / 4, "partial", answer)
    store.save()
    if not number:
        print("saved", flush=True)
"""

ANSWER_N_TIMES = """
import sys, time
from pathlib import Path
from tutor.study import ProgressStore

path, name, count, go = Path(sys.argv[1]), sys.argv[2], int(sys.argv[3]), Path(sys.argv[4])
store = ProgressStore.open(path)
print("ready", flush=True)
while not go.exists():
    time.sleep(0.001)
for number in range(count):
    store.record_answer("course", f"{name}-{number}", 1.0, "correct", f"{name} {number}")
    store.record_answer("course", f"shared-{number % 5}", 0.5, "partial", name)
    store.save()
"""


def start(code: str, *args: object) -> subprocess.Popen[bytes]:
    """Run ``code`` in a fresh Python, and wait until it says it has opened the store."""
    process = subprocess.Popen(
        [sys.executable, "-c", code, *map(str, args)],
        stdout=subprocess.PIPE,
        env={"PYTHONPATH": str(REPO), "PATH": "/usr/bin:/bin"},
    )
    assert process.stdout is not None
    assert process.stdout.readline() == b"ready\n"
    return process


def attempts(path: Path) -> dict[str, int]:
    store = ProgressStore.open(path)
    assert store.notice is None
    return {name: record.attempts for name, record in store.course("course").questions.items()}


def test_killing_tutor_at_any_moment_leaves_a_whole_file(tmp_path: Path) -> None:
    path = tmp_path / "progress.toml"
    seed = ProgressStore.open(path)
    for number in range(1000):  # enough for a save to take a while
        seed.record_answer("course", f"old-{number}", 1.0, "correct", "x" * 100, datetime.now(UTC))
    seed.save()
    before = attempts(path)
    rng = random.Random(2026)
    kills = 30
    for _ in range(kills):
        process = start(ANSWER_FOREVER, path)
        assert process.stdout is not None
        assert process.stdout.readline() == b"saved\n"  # a busy machine may be slow to start
        time.sleep(rng.uniform(0, 0.05))
        assert process.poll() is None, "the answering loop stopped by itself"
        process.send_signal(signal.SIGKILL)
        process.wait()
        after = attempts(path)
        assert all(after.get(name, 0) >= count for name, count in before.items())
        before = after
    assert sum(before.values()) > 1000 + kills, "too few answers were saved to test anything"
    assert len(list(tmp_path.glob(".progress.toml.*.tmp"))) <= kills


def test_two_sessions_saving_at_once_lose_nothing(tmp_path: Path) -> None:
    path, go, count = tmp_path / "progress.toml", tmp_path / "go", 60
    sessions = [start(ANSWER_N_TIMES, path, name, count, go) for name in ("a", "b")]
    go.touch()
    for session in sessions:
        assert session.wait(timeout=60) == 0
    store = ProgressStore.open(path)
    assert store.notice is None
    questions = store.course("course").questions
    for name in ("a", "b"):
        for number in range(count):
            assert questions[f"{name}-{number}"].last_answer == f"{name} {number}"
    shared = [questions[f"shared-{number}"].attempts for number in range(5)]
    assert shared == [2 * count // 5] * 5
