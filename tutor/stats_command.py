"""``tutor stats [PATH]``: a course's study statistics in the shell, as text or as JSON.

The same figures as the stats screen, without starting the app: per
top-level topic a mastery bar, then reviews per day over the last 30 days,
the due forecast for the next 14 days, the streak, accuracy and time
studied (see :mod:`tutor.study.stats` for what each means). ``--json``
prints them as one JSON object for scripts.

The text is drawn with rich's console defaults, which follow the terminal's
width (``COLUMNS`` when not a terminal) and ``NO_COLOR``; its only styles
are colours, so ``NO_COLOR`` leaves no escape codes at all.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from pathlib import Path

from rich.console import Console

from tutor.clock import Clock
from tutor.course import CourseError, load_cached
from tutor.last_course import course_to_study
from tutor.stats_view import stats_parts
from tutor.study.progress import ProgressStore
from tutor.study.stats import CourseStats, course_stats
from tutor.untrusted import json_text, say

EXIT_OK, EXIT_UNUSABLE = 0, 2

_MAX_WIDTH = 72  # wider, bars only get longer and harder to compare


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="tutor stats",
        description="Show what you know of a course and what is due: mastery by topic,"
        " reviews per day, the due forecast, streak, accuracy and time studied.",
    )
    parser.add_argument(
        "path",
        nargs="?",
        type=Path,
        help="a folder of Markdown notes or a single .md file"
        " (default: the course opened last, else the bundled one)",
    )
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    return parser


def run(argv: Sequence[str], clock: Clock) -> int:
    """The ``tutor stats`` command, figured at ``clock``'s now; returns the exit status."""
    args = _parser().parse_args(argv)
    store = ProgressStore.open(clock=clock)
    if store.notice:
        say(f"tutor: {store.notice}", sys.stderr)
    try:
        course, cache = load_cached(course_to_study(args.path, store))
    except CourseError as error:
        say(f"tutor: {error}", sys.stderr)
        return EXIT_UNUSABLE
    stats = course_stats(course, store.course(course.id), clock.now())
    cache.save()  # with every question extracted for the figures
    if args.json:
        print(json_text(json.dumps(stats.to_json(), ensure_ascii=False)))
    else:
        render(stats, _Console(highlight=False))
    return EXIT_OK


class _Console(Console):
    """rich's console, leaving a closed pipe (``tutor stats | head``) to the entry point,
    which ends every command alike; rich itself would exit with status 1."""

    def on_broken_pipe(self) -> None:
        self.quiet = True
        raise BrokenPipeError


def render(stats: CourseStats, console: Console) -> None:
    """Print the statistics, fitted to the console's width."""
    width = min(console.width, _MAX_WIDTH)
    for part in stats_parts(stats):
        console.print(part, width=width)
