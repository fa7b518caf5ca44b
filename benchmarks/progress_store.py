"""How long the progress store takes to load and to save with 10,000 questions on record.

Run: ``python benchmarks/progress_store.py [--questions N] [--runs N]``. Builds
a progress file with N question records (and a tenth as many topics read)
across four courses, then prints medians of several runs:

- load: ``ProgressStore.open`` of that file;
- first save: one answer recorded, then ``save()``, on a store just opened;
- save: the same on a store that has saved before (the UI's case after every answer);
- save after another session's: the same when another store wrote the file in
  between, so the save re-reads and merges it;
- baseline: ``tomllib.load`` and ``tomli_w.dump`` of the same data.

Targets: load under 100 ms, save under 20 ms. Saves include the fsyncs.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
import tomllib
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

import tomli_w

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from tutor.study import ProgressStore

COURSES = ("ml-concepts", "linear-algebra", "statistics", "my-notes")
START = datetime(2026, 1, 1, tzinfo=UTC)


def write_progress(path: Path, questions: int) -> None:
    """A progress file with ``questions`` answered questions spread over COURSES."""
    store = ProgressStore.open(path)
    for number in range(questions):
        course = COURSES[number % len(COURSES)]
        when = START + timedelta(minutes=number)
        if number % 10 == 0:
            store.mark_read(course, f"{course}/chapter-{number // 100}/section-{number}", when)
        store.record_answer(
            course,
            f"q-{number:010x}",
            score=(number % 5) / 4,
            verdict=("wrong", "partial", "partial", "partial", "correct")[number % 5],
            answer=f"answer {number}: the gradient flows back through each layer by the chain rule",
            when=when,
        )
    store.open_course(COURSES[0], "/home/learner/notes")
    store.save()


def median_ms(
    action: Callable[[], object], runs: int, setup: Callable[[], object] = lambda: None
) -> float:
    times = []
    for _ in range(runs):
        setup()
        start = time.perf_counter()
        action()
        times.append(time.perf_counter() - start)
    return statistics.median(times) * 1000


def answer_and_save(store: ProgressStore) -> None:
    store.record_answer(COURSES[0], "q-0000000000", 1.0, "correct", "dL/dw = dL/dy * dy/dw")
    store.save()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--questions", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "progress.toml"
        write_progress(path, args.questions)
        print(f"progress file: {args.questions} questions, {path.stat().st_size / 1e6:.1f} MB")

        load = median_ms(lambda: ProgressStore.open(path), args.runs)

        fresh: list[ProgressStore] = []
        first_save = median_ms(
            lambda: answer_and_save(fresh[-1]),
            args.runs,
            setup=lambda: fresh.append(ProgressStore.open(path)),
        )

        store = ProgressStore.open(path)
        answer_and_save(store)
        save = median_ms(lambda: answer_and_save(store), args.runs)

        other = ProgressStore.open(path)
        merge_save = median_ms(
            lambda: answer_and_save(store), args.runs, setup=lambda: answer_and_save(other)
        )

        baseline_path = Path(folder) / "baseline.toml"

        def baseline_load() -> dict[str, object]:
            with path.open("rb") as file:
                return tomllib.load(file)

        data = baseline_load()

        def baseline_dump() -> None:
            with baseline_path.open("wb") as file:
                tomli_w.dump(data, file)

        baseline_read = median_ms(baseline_load, args.runs)
        baseline_write = median_ms(baseline_dump, args.runs)

    print(f"  load:                          {load:7.1f} ms  (target < 100 ms)")
    print(f"  save, first after load:        {first_save:7.1f} ms")
    print(f"  save:                          {save:7.1f} ms  (target < 20 ms)")
    print(f"  save after another session's:  {merge_save:7.1f} ms")
    print(f"  baseline tomllib.load:         {baseline_read:7.1f} ms")
    print(f"  baseline tomli_w.dump:         {baseline_write:7.1f} ms  (no fsync)")


if __name__ == "__main__":
    main()
