"""Which course a command opens when none is named: the one studied last, else the bundled one.

``tutor`` and ``tutor stats`` share this rule, so that both speak of the
same course without an argument.
"""

from __future__ import annotations

import sys
from pathlib import Path

from tutor.course import bundled_course_path
from tutor.study.progress import ProgressStore
from tutor.untrusted import say


def course_to_study(path: Path | None, store: ProgressStore) -> Path:
    """PATH if given, else the course opened last time, else the bundled course."""
    if path is not None:
        return path
    last = store.last_course
    if last and Path(last).exists():
        return Path(last)
    if last:
        say(f"tutor: {last} (the last course) is gone; opening the bundled one", sys.stderr)
    return bundled_course_path()
