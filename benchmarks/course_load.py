"""How long building a course takes: a synthetic 5,000-note vault and the bundled course.

Run: ``python benchmarks/course_load.py [--notes N]``. Prints the median of a
few runs for tutor's loader, and, as the baseline in the same run, the same
load with every note sent through markdown-it (no line-scan shortcut).
Target: 5,000 notes (~20 MB) in under 1 s.
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

from vault import write_vault

from tutor.course import bundled_course_path, load_course
from tutor.course import notes as notes_module


def median_seconds(action: Callable[[], object], runs: int) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        action()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--notes", type=int, default=5000)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as folder:
        vault = Path(folder)
        size = write_vault(vault, notes=args.notes)
        course = load_course(vault)
        topics = sum(1 for _ in course.walk())
        print(f"vault: {args.notes} notes, {size / 1e6:.1f} MB, {topics} topics")

        tutor_time = median_seconds(lambda: load_course(vault), args.runs)
        with mock.patch.object(notes_module, "scan_headings", lambda lines, start: ([], start)):
            baseline = median_seconds(lambda: load_course(vault), args.runs)
        print(f"  tutor loader:            {tutor_time:6.3f} s  (target < 1 s)")
        print(f"  markdown-it every note:  {baseline:6.3f} s  (baseline)")
        print(f"  speed-up:                {baseline / tutor_time:6.1f}x")

    bundled = median_seconds(lambda: load_course(bundled_course_path()), args.runs * 3)
    print(f"bundled course: {bundled * 1000:.1f} ms")


if __name__ == "__main__":
    main()
