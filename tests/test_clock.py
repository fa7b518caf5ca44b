"""One clock: tutor reads the time only through :mod:`tutor.clock`, so tests fix it."""

from __future__ import annotations

import ast
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import pytest

from tutor.clock import FixedClock, SystemClock

PACKAGE = Path(__file__).resolve().parent.parent / "tutor"

# Calls that read the system's time. Only tutor/clock.py may make them, and the
# places below, which measure real waiting, not "now": a timeout on a model's
# reply or a lock, the age of a temp file against its mtime on disk, and how long
# the learner has pressed no key (when the cycle collector may run).
TIME_READERS = {
    ("datetime", "now"),
    ("datetime", "utcnow"),
    ("datetime", "today"),
    ("date", "today"),
    ("time", "time"),
    ("time", "monotonic"),
    ("time", "perf_counter"),
}
REAL_WAITING = {
    ("llm/stream.py", "monotonic"),
    ("study/lock.py", "monotonic"),
    ("files.py", "time"),
    ("ui/app.py", "monotonic"),
}


def time_reads(path: Path) -> list[tuple[int, str]]:
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute)
            and isinstance(node.func.value, ast.Name)
            and (node.func.value.id, node.func.attr) in TIME_READERS
        ):
            found.append((node.lineno, f"{node.func.value.id}.{node.func.attr}"))
    return found


def test_only_the_clock_reads_the_time() -> None:
    offenders = []
    for path in sorted(PACKAGE.rglob("*.py")):
        relative = path.relative_to(PACKAGE).as_posix()
        if relative == "clock.py":
            continue
        for line, call in time_reads(path):
            if (relative, call.split(".")[1]) not in REAL_WAITING:
                offenders.append(f"tutor/{relative}:{line}: {call}()")
    assert offenders == [], "read the time from the Clock handed in instead"


def test_fixed_clock_stands_still_until_advanced() -> None:
    start = datetime(2026, 3, 1, 12, tzinfo=UTC)
    clock = FixedClock(start, timezone(timedelta(hours=-5)))
    assert clock.now() == start and clock.now().utcoffset() == timedelta(hours=-5)
    assert clock.monotonic() == 0
    clock.advance(days=1, seconds=30)
    assert clock.now() == start + timedelta(days=1, seconds=30)
    assert clock.monotonic() == 86430
    with pytest.raises(ValueError):
        clock.advance(seconds=-1)
    with pytest.raises(ValueError):
        FixedClock(datetime(2026, 3, 1))  # no zone: which instant is that?


def test_system_clock_is_local_and_aware() -> None:
    now = SystemClock().now()
    assert now.tzinfo is not None
    assert abs(now - datetime.now(UTC)) < timedelta(minutes=1)
