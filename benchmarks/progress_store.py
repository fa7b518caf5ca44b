"""How long the progress store takes to load and to save with 10,000 cards on record.

Run: ``python benchmarks/progress_store.py [--questions N] [--reviews R] [--runs N]``.
Builds a progress file with N question records across four courses (and a
tenth as many topics read), each a card reviewed R times (default 20, a full
log; 0 gives schema-1-style records without a card), then prints medians of
several runs:

- load: ``ProgressStore.open`` of that file, and of that file with a journal of
  200 saves beside it (the open after a long session);
- due count: how many of the cards are due, the first thing the app asks
  (it reads every card's state, but no log);
- every log: the first look at all the logs (what the statistics need),
  which loading leaves undecoded until then;
- first save: one review recorded, then ``save()``, on a store just opened;
- save: the same on a store that has saved before (the UI's case after every answer):
  the review is appended to the journal;
- save, whole file: the same with the whole file rewritten (``fold()``), as every
  save did before the journal, and as a save does when the journal has grown;
- save after another session's: the same when another store saved in between,
  so the save reads the file and the journal again;
- baseline: ``tomllib.load`` and ``tomli_w.dump`` of the same data.

Targets: load under 100 ms, save under 10 ms. Saves include the fsyncs. To
keep the set-up quick, 500 cards are reviewed for real (each with its own
ratings) and the rest are copies of them under other ids.
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
DISTINCT = 500
ANSWER = "answer {}: the gradient flows back through each layer by the chain rule"


def question_id(number: int) -> str:
    return f"q-{number:010x}"


def review_history(store: ProgressStore, number: int, reviews: int) -> None:
    """Answer question ``number`` ``reviews`` times a few days apart, with varied ratings."""
    course = COURSES[number % len(COURSES)]
    when = START + timedelta(minutes=number)
    for review in range(reviews):
        rating = (3, 1, 3, 4, 2, 3)[(number + review) % 6]
        score = {1: 0.0, 2: 0.5, 3: 0.9, 4: 1.0}[rating]
        verdict = {1: "wrong", 2: "partial"}.get(rating, "correct")
        answer = ANSWER.format(number)
        store.review(course, question_id(number), rating, score, verdict, answer, 4 + review, when)
        when += timedelta(days=1 + review % 5)


def write_progress(path: Path, questions: int, reviews: int) -> None:
    """A progress file with ``questions`` answered questions spread over COURSES.

    The first DISTINCT are answered through the store; the others are copies
    of their lines under other ids (in the same course: DISTINCT is a
    multiple of the number of courses).
    """
    store = ProgressStore.open(path)
    for number in range(min(questions, DISTINCT)):
        if reviews:
            review_history(store, number, reviews)
        else:
            course, when = COURSES[number % len(COURSES)], START + timedelta(minutes=number)
            store.record_answer(course, question_id(number), 0.5, "partial", ANSWER, when)
    for number in range(0, questions, 10):
        course = COURSES[number % len(COURSES)]
        store.mark_read(course, f"{course}/chapter-{number // 100}/section-{number}", START)
    store.open_course(COURSES[0], "/home/learner/notes")
    store.save()
    lines = []
    for line in path.read_text(encoding="utf-8").splitlines():
        lines.append(line)
        if line.startswith("q-"):
            original = line.split(" ", 1)[0]
            for number in range(int(original[2:], 16) + DISTINCT, questions, DISTINCT):
                lines.append(question_id(number) + line[len(original) :])
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


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


def review_and_save(store: ProgressStore) -> None:
    store.review(COURSES[0], question_id(0), 3, 1.0, "correct", "dL/dw = dL/dy * dy/dw", 6.5)
    store.save()


def review_and_fold(store: ProgressStore) -> None:
    store.review(COURSES[0], question_id(0), 3, 1.0, "correct", "the chain rule", 6.5)
    store.fold()


def load_with_journal(path: Path, runs: int) -> float:
    """Median ms to open ``path`` with 200 saves in its journal; the journal is removed
    (folded into a copy of the file) afterwards, leaving ``path`` as it was."""
    original = path.read_bytes()
    store = ProgressStore.open(path)
    for number in range(200):
        store.review(COURSES[number % 4], question_id(number), 3, 1.0, "correct", "x", 5.0)
        store.save()
    opened = median_ms(lambda: ProgressStore.open(path), runs)
    ProgressStore.open(path).fold()
    path.write_bytes(original)
    return opened


def due_now(store: ProgressStore, now: datetime) -> int:
    return sum(
        record.card is not None and record.card.due <= now
        for course in COURSES
        for record in store.course(course).questions.values()
    )


def read_every_log(store: ProgressStore) -> int:
    return sum(
        len(record.log.reviews)
        for course in COURSES
        for record in store.course(course).questions.values()
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--questions", type=int, default=10_000)
    parser.add_argument("--reviews", type=int, default=20, help="reviews per card (0: no card)")
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "progress.toml"
        write_progress(path, args.questions, args.reviews)
        size = path.stat().st_size / 1e6
        print(f"progress file: {args.questions} cards, {args.reviews} reviews each, {size:.1f} MB")

        load = median_ms(lambda: ProgressStore.open(path), args.runs)
        load_journal = load_with_journal(path, args.runs)

        opened: list[ProgressStore] = []
        later = START + timedelta(days=60)
        due = median_ms(
            lambda: due_now(opened[-1], later),
            args.runs,
            setup=lambda: opened.append(ProgressStore.open(path)),
        )
        logs = median_ms(
            lambda: read_every_log(opened[-1]),
            args.runs,
            setup=lambda: opened.append(ProgressStore.open(path)),
        )

        fresh: list[ProgressStore] = []
        first_save = median_ms(
            lambda: review_and_save(fresh[-1]),
            args.runs,
            setup=lambda: fresh.append(ProgressStore.open(path)),
        )

        store = ProgressStore.open(path)
        review_and_save(store)
        save = median_ms(lambda: review_and_save(store), args.runs)
        whole = median_ms(lambda: review_and_fold(store), args.runs)

        other = ProgressStore.open(path)
        merge_save = median_ms(
            lambda: review_and_save(store), args.runs, setup=lambda: review_and_save(other)
        )

        baseline_path = Path(folder) / "baseline.toml"

        def baseline_load() -> dict[str, object]:
            with path.open("rb") as file:
                return tomllib.load(file)

        data = baseline_load()

        def baseline_dump() -> None:
            with baseline_path.open("wb") as file:
                tomli_w.dump(data, file)

        baseline_runs = 1  # seconds each, with full logs
        baseline_read = median_ms(baseline_load, baseline_runs)
        baseline_write = median_ms(baseline_dump, baseline_runs)

    print(f"  load:                          {load:7.1f} ms  (target < 100 ms)")
    print(f"  load, journal of 200 saves:    {load_journal:7.1f} ms  (target < 100 ms)")
    print(f"  due count, after load:         {due:7.1f} ms")
    print(f"  every log, first look:         {logs:7.1f} ms")
    print(f"  save, first after load:        {first_save:7.1f} ms")
    print(f"  save:                          {save:7.1f} ms  (target < 10 ms)")
    print(f"  save, whole file (old store):  {whole:7.1f} ms")
    print(f"  save after another session's:  {merge_save:7.1f} ms")
    print(f"  baseline tomllib.load:         {baseline_read:7.1f} ms")
    print(f"  baseline tomli_w.dump:         {baseline_write:7.1f} ms  (no fsync)")


if __name__ == "__main__":
    main()
