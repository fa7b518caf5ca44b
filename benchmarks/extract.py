"""How long extracting questions from notes takes: a synthetic 5,000-note vault.

Run: ``python benchmarks/extract.py [--notes N]``. Extraction is lazy: opening
a course extracts nothing, and a note's questions are made the first time
one of its topics is asked for them. This prints the median of a few runs
for opening the course (target < 1 s, as for ``benchmarks/course_load.py``),
for the first topic's questions (one note), and for every topic's questions
(what ``tutor check`` and a whole-course count cost), and, as the baseline
in the same run, that last one with every block and paragraph sent through
markdown-it (no line-scan shortcut).
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from unittest import mock

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from course_load import median_seconds
from vault import write_vault

from tutor.course import Course, load_course
from tutor.course.extract import blocks as blocks_module
from tutor.course.extract import inline as inline_module


def timed_on_fresh_courses(vault: Path, action: Callable[[Course], object], runs: int) -> float:
    """The median time of ``action`` on a newly loaded course (nothing extracted yet)."""
    times = []
    for _ in range(runs):
        course = load_course(vault)
        start = time.perf_counter()
        action(course)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def every_question(course: Course) -> int:
    return sum(len(topic.questions) for topic in course.walk())


def first_topic(course: Course) -> int:
    return len(next(topic for topic in course.walk() if topic.source is not None).questions)


def _doubtful(lines: list[str]) -> list[blocks_module.Block]:
    raise blocks_module._Doubtful


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--notes", type=int, default=5000)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as folder:
        vault = Path(folder)
        size = write_vault(vault, notes=args.notes)
        course = load_course(vault)
        topics = list(course.walk())
        questions = every_question(course)
        asked = sum(1 for topic in topics if topic.questions)
        print(f"vault: {args.notes} notes, {size / 1e6:.1f} MB, {len(topics)} topics")
        print(f"extracted: {questions} questions, on {asked} of {len(topics)} topics")

        load = median_seconds(lambda: load_course(vault), args.runs)
        first = timed_on_fresh_courses(vault, first_topic, args.runs)
        whole = timed_on_fresh_courses(vault, every_question, args.runs)
        with (
            mock.patch.object(blocks_module, "scan_blocks", _doubtful),
            mock.patch.object(inline_module, "_scan", lambda source: None),
        ):
            baseline = timed_on_fresh_courses(vault, every_question, args.runs)
        print(f"  open the course:               {load:6.3f} s  (target < 1 s; extracts nothing)")
        print(f"  first topic's questions:       {first * 1000:6.1f} ms (one note)")
        print(f"  every topic's questions:       {whole:6.3f} s  (lazy: only when all are asked)")
        print(f"  the same, markdown-it for all: {baseline:6.3f} s  (baseline)")
        print(f"  speed-up:                      {baseline / whole:6.1f}x")
        print(f"  per note:                      {whole / args.notes * 1000:6.2f} ms")


if __name__ == "__main__":
    main()
