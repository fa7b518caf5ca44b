"""How well the offline free-text grader agrees with a teacher, and how fast it grades.

Run: ``python benchmarks/grading_eval.py [--worst N] [--repeats N]``.

Two sets of learner answers, each with the score (0..1) and verdict a
teacher gave (fields: the question, answer, human_score, human_verdict):

- ``data/free_text_eval.jsonl``: answers to the bundled course's seven
  free-text questions (named by question_id), written to cover what learners
  really send: complete answers in other words, terse ones, partly right
  ones, right words in the wrong roles, negations, off-topic answers, "I
  don't know" and typos. The grader's constants were chosen on this set.
- ``data/free_text_holdout.jsonl``: answers to questions from other subjects
  (question, reference and key_points inline), written before the grader to
  check that it generalises beyond one course.

For each set this prints Pearson r, verdict accuracy, a confusion table and
the worst disagreements for tutor's offline grader and, as the baseline in
the same run, for a naive bag-of-words grader (the share of the reference's
words the answer contains, with the verdict cut-offs that suit it best chosen
on the same data, which flatters it). Then the median and 99th-percentile time
of one free-text grade. Targets: r >= 0.8, accuracy >= 75 %, under 5 ms.
"""

from __future__ import annotations

import argparse
import json
import math
import re
import statistics
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from tutor.course import FreeText, bundled_course_path, load_course
from tutor.course.quiz import derived_id
from tutor.grading import Outcome, grade
from tutor.grading.reference import analyse_reference

DATA = Path(__file__).resolve().parent / "data"
VERDICTS = [outcome.value for outcome in Outcome]


@dataclass(frozen=True, slots=True)
class Sample:
    question: FreeText
    answer: str
    human_score: float
    human_verdict: str


@dataclass(frozen=True, slots=True)
class Graded:
    sample: Sample
    score: float
    verdict: str


def load_eval() -> list[Sample]:
    """The evaluation set: answers to the bundled course's free-text questions."""
    course = load_course(bundled_course_path())
    questions = {q.id: q for q in course.questions if isinstance(q, FreeText)}
    rows = _rows(DATA / "free_text_eval.jsonl")
    return [
        Sample(
            questions[row["question_id"]], row["answer"], row["human_score"], row["human_verdict"]
        )
        for row in rows
    ]


def load_holdout() -> list[Sample]:
    """The held-out set: questions from other subjects, written inline."""
    samples = []
    for row in _rows(DATA / "free_text_holdout.jsonl"):
        question = FreeText(
            id=derived_id(row["question"]),
            topic_id="holdout",
            prompt=row["question"],
            reference=row["reference"],
            key_points=tuple(row.get("key_points", ())),
        )
        samples.append(Sample(question, row["answer"], row["human_score"], row["human_verdict"]))
    return samples


def _rows(path: Path) -> list[dict]:
    with path.open(encoding="utf-8") as lines:
        return [json.loads(line) for line in lines if line.strip()]


def pearson(xs: Sequence[float], ys: Sequence[float]) -> float:
    """Pearson's correlation coefficient of two equally long series."""
    mean_x, mean_y = statistics.fmean(xs), statistics.fmean(ys)
    covariance = sum((x - mean_x) * (y - mean_y) for x, y in zip(xs, ys, strict=True))
    spread_x = math.sqrt(sum((x - mean_x) ** 2 for x in xs))
    spread_y = math.sqrt(sum((y - mean_y) ** 2 for y in ys))
    return covariance / (spread_x * spread_y) if spread_x and spread_y else 0.0


def offline(samples: list[Sample]) -> list[Graded]:
    """tutor's offline grader, through the same grade() the app calls."""
    graded = []
    for sample in samples:
        verdict = grade(sample.question, sample.answer)
        graded.append(Graded(sample, verdict.score, verdict.outcome.value))
    return graded


_WORD = re.compile(r"[a-z0-9]+")


def bag_of_words_score(sample: Sample) -> float:
    """The naive baseline: the share of the reference's distinct words found in the answer."""
    reference = set(_WORD.findall(sample.question.reference.lower()))
    answer = set(_WORD.findall(sample.answer.lower()))
    return len(reference & answer) / len(reference) if reference else 0.0


def baseline(samples: list[Sample]) -> list[Graded]:
    """The bag-of-words baseline, with the verdict cut-offs that agree best with the teacher."""
    scores = [bag_of_words_score(sample) for sample in samples]
    cuts = sorted(set(scores))
    best: tuple[int, float, float] = (-1, 0.0, 0.0)
    for low in cuts:
        for high in (cut for cut in cuts if cut >= low):
            agree = sum(
                _verdict(score, high, low) == sample.human_verdict
                for score, sample in zip(scores, samples, strict=True)
            )
            best = max(best, (agree, high, low))
    _agree, high, low = best
    return [
        Graded(sample, score, _verdict(score, high, low))
        for score, sample in zip(scores, samples, strict=True)
    ]


def _verdict(score: float, correct_at: float, partial_at: float) -> str:
    if score >= correct_at:
        return "correct"
    return "partial" if score >= partial_at else "wrong"


def report(name: str, graded: list[Graded], worst: int) -> None:
    humans = [g.sample.human_score for g in graded]
    scores = [g.score for g in graded]
    accuracy = sum(g.verdict == g.sample.human_verdict for g in graded) / len(graded)
    mean_error = statistics.fmean(abs(h - s) for h, s in zip(humans, scores, strict=True))
    print(f"  {name}")
    print(
        f"    Pearson r {pearson(humans, scores):.3f}   verdict accuracy {accuracy:.1%}"
        f"   mean |score - human| {mean_error:.3f}"
    )
    print("    confusion (rows: teacher, columns: grader)")
    print("      " + "".join(f"{verdict:>9}" for verdict in VERDICTS))
    for human in VERDICTS:
        counts = [
            sum(1 for g in graded if g.sample.human_verdict == human and g.verdict == mine)
            for mine in VERDICTS
        ]
        print(f"      {human:<8}" + "".join(f"{count:>7}  " for count in counts))
    if worst:
        print(f"    worst {worst} disagreements (teacher -> grader)")
        ranked = sorted(graded, key=lambda g: abs(g.score - g.sample.human_score), reverse=True)
        for g in ranked[:worst]:
            answer = g.sample.answer if len(g.sample.answer) <= 80 else g.sample.answer[:77] + "..."
            print(f"      {g.sample.human_score:.2f} -> {g.score:.2f}  {answer}")


def timing(samples: list[Sample], repeats: int) -> None:
    """Median and 99th percentile of one grade, with the question's analysis cached or not."""

    def measure(action: Callable[[], object]) -> float:
        start = time.perf_counter()
        action()
        return (time.perf_counter() - start) * 1000

    cold = []
    for sample in samples:
        analyse_reference.cache_clear()
        cold.append(measure(lambda sample=sample: grade(sample.question, sample.answer)))
    warm = [
        measure(lambda sample=sample: grade(sample.question, sample.answer))
        for _ in range(repeats)
        for sample in samples
    ]
    for name, times in (("first grade of a question", cold), ("later grades", warm)):
        times.sort()
        percentile = times[min(len(times) - 1, math.ceil(0.99 * len(times)) - 1)]
        print(
            f"  {name:<26} median {statistics.median(times):.2f} ms,"
            f" 99th percentile {percentile:.2f} ms  ({len(times)} grades)"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--worst", type=int, default=8, help="disagreements to list per grader")
    parser.add_argument("--repeats", type=int, default=20, help="timing passes over the answers")
    args = parser.parse_args()

    sets = [
        ("evaluation set (bundled course)", load_eval()),
        ("held-out set (other subjects)", load_holdout()),
    ]
    for name, samples in sets:
        print(
            f"{name}: {len(samples)} answers to {len({s.question.id for s in samples})} questions"
        )
        report("tutor offline grader", offline(samples), args.worst)
        report("baseline: bag-of-words overlap, best cut-offs", baseline(samples), args.worst)
        print()
    print("time per free-text grade")
    timing([sample for _name, samples in sets for sample in samples], args.repeats)


if __name__ == "__main__":
    main()
