"""An exclusive lock between tutor processes, held while one of them saves.

The lock is ``fcntl.flock`` on a lock file beside the progress file (never
on the progress file itself, which each save replaces). The kernel drops it
when its holder exits or is killed, so a crash cannot leave it held.

Where there is no ``fcntl`` (Windows), saving goes on without a lock: each
save is still atomic and still merges what is on disk, but two sessions
saving within the same few milliseconds could each miss the other's latest
answer.
"""

from __future__ import annotations

import os
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

try:
    import fcntl
except ImportError:  # Windows
    fcntl = None  # type: ignore[assignment]

_POLL = 0.002  # seconds between tries while another process holds the lock


@contextmanager
def exclusive_lock(path: Path, timeout: float = 10.0) -> Iterator[None]:
    """Hold the lock on ``path`` (created if need be) for the ``with`` block.

    Raises OSError if the lock file cannot be opened, and TimeoutError (an
    OSError too) if another process holds the lock for ``timeout`` seconds,
    which only a stopped or hung tutor would do: a save takes milliseconds.
    """
    if fcntl is None:
        yield
        return
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
    try:
        deadline = time.monotonic() + timeout
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() > deadline:
                    raise TimeoutError(
                        f"another tutor has held the lock {path} for over {timeout:.0f} s"
                    ) from None
                time.sleep(_POLL)
        yield
    finally:
        os.close(fd)  # releases the lock
