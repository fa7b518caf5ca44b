"""The one source of "now" for tutor.

Time is an input: when a card is due, what "today" is on the stats screen,
when an answer was given and how long it took all depend on it. Every part
of tutor that needs the time asks a :class:`Clock` handed to it, never the
system directly, so tests (and snapshots) run at a fixed instant and pass on
any date.

Two readings are offered because they answer different questions:
:meth:`Clock.now` is the wall-clock moment (stored in progress, shown as
dates), :meth:`Clock.monotonic` measures how long something took (the
seconds spent on an answer) and never jumps when the system clock is set.
"""

from __future__ import annotations

import time
from datetime import UTC, datetime, timedelta, tzinfo
from typing import Protocol


class Clock(Protocol):
    """Where tutor reads the time."""

    def now(self) -> datetime:
        """The current moment, with a time zone (the learner's local one)."""
        ...

    def monotonic(self) -> float:
        """Seconds on a clock that only moves forward, for measuring durations."""
        ...


class SystemClock:
    """The computer's clock, in the local time zone: what a learner's tutor uses."""

    def now(self) -> datetime:
        return datetime.now().astimezone()

    def monotonic(self) -> float:
        return time.monotonic()


class FixedClock:
    """A clock that stands still until told to move: tests and screenshots use it,
    so what they show does not depend on the day or the machine's time zone.
    """

    def __init__(self, instant: datetime, zone: tzinfo = UTC) -> None:
        if instant.tzinfo is None or instant.utcoffset() is None:
            raise ValueError(f"a datetime with a time zone is needed, not {instant!r}")
        self._instant = instant.astimezone(zone)
        self._elapsed = 0.0

    def now(self) -> datetime:
        return self._instant

    def monotonic(self) -> float:
        return self._elapsed

    def advance(self, **delta: float) -> None:
        """Move forward by a ``timedelta(**delta)``: ``advance(days=3)``."""
        step = timedelta(**delta)
        if step < timedelta(0):
            raise ValueError("a clock does not go back")
        self._instant += step
        self._elapsed += step.total_seconds()


SYSTEM_CLOCK: Clock = SystemClock()
"""The clock of a real run: the CLI hands it to the app, the store and the stats."""
