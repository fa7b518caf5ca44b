"""Refit the offline grader's model, ``tutor/grading/weights.json``, on teacher-graded answers.

Run: ``python benchmarks/fit_grader.py [CSV]`` (default: the shared SemEval-2013
development answers, see :mod:`asag`). Pure Python, no extra packages.

The model is a logistic regression over :mod:`tutor.grading.features`,
standardised and L2-regularised, fitted by Newton's method on every real
answer. Fakes (keyword lists, negated references) are not fitted: a linear
model that learns to reject them learns to distrust coverage, so the grader
rules them out by their shape instead (``Features.lists_keywords`` and
``negates_reference``). The two cut-offs are then chosen on the same
answers: ``correct_from`` as the one with the best accuracy in the worse data
set among those calling at most :data:`FALSE_CORRECT_AIM` of the incorrect
answers and :data:`FAKES_AIM` of the fakes correct, ``wrong_below`` as the
highest calling at most :data:`FALSE_WRONG_AIM` of the correct answers wrong.
The aims sit below the targets (15 %, 10 %) because questions the model has
not seen fare worse; ``benchmarks/asag_eval.py`` checks that on held-out
questions.
"""

from __future__ import annotations

import argparse
import json
import math
import statistics
import sys
from collections.abc import Sequence
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from asag import DEFAULT_CSV, GUARDED, REAL, Sample, fakes, load

from tutor.grading.features import Features
from tutor.grading.free_text import assess
from tutor.grading.model import WEIGHTS, Model

L2 = 1.0
"""Strength of the penalty on the (standardised) coefficients."""

NEWTON_STEPS = 12

FALSE_CORRECT_AIM, FALSE_WRONG_AIM, FAKES_AIM = 0.12, 0.08, 0.08


Row = tuple[float, ...]


def featurize(samples: Sequence[Sample]) -> list[Row]:
    """The features of every sample, as the grader computes them."""
    return [assess(sample.question, sample.answer).features.values for sample in samples]


def _solve(matrix: list[list[float]], vector: list[float]) -> list[float]:
    """Solve a small symmetric positive-definite system by Gaussian elimination."""
    size = len(vector)
    rows = [[*matrix[i], vector[i]] for i in range(size)]
    for col in range(size):
        pivot = max(range(col, size), key=lambda r: abs(rows[r][col]))
        rows[col], rows[pivot] = rows[pivot], rows[col]
        for r in range(col + 1, size):
            factor = rows[r][col] / rows[col][col]
            if factor:
                for c in range(col, size + 1):
                    rows[r][c] -= factor * rows[col][c]
    solution = [0.0] * size
    for r in range(size - 1, -1, -1):
        solution[r] = (
            rows[r][size] - sum(rows[r][c] * solution[c] for c in range(r + 1, size))
        ) / rows[r][r]
    return solution


def _sigmoid(value: float) -> float:
    return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, value))))


def fit_logistic(rows: Sequence[Row], labels: Sequence[bool]) -> Model:
    """A standardised, L2-penalised logistic regression (cut-offs left at 0.5)."""
    width = len(rows[0])
    mean = [statistics.fmean(row[i] for row in rows) for i in range(width)]
    scale = [statistics.pstdev(row[i] for row in rows) or 1.0 for i in range(width)]
    design = [[1.0, *((row[i] - mean[i]) / scale[i] for i in range(width))] for row in rows]
    beta = [0.0] * (width + 1)
    for _ in range(NEWTON_STEPS):
        gradient = [0.0] * (width + 1)
        hessian = [[0.0] * (width + 1) for _ in range(width + 1)]
        for x, label in zip(design, labels, strict=True):
            p = _sigmoid(sum(b * v for b, v in zip(beta, x, strict=True)))
            error = p - label
            curve = p * (1 - p)
            for i, xi in enumerate(x):
                gradient[i] += error * xi
                row = hessian[i]
                scaled = curve * xi
                for j in range(i + 1):
                    row[j] += scaled * x[j]
        for i in range(width + 1):
            for j in range(i):
                hessian[j][i] = hessian[i][j]
            if i:
                gradient[i] += L2 * beta[i]
                hessian[i][i] += L2
        step = _solve(hessian, gradient)
        beta = [b - s for b, s in zip(beta, step, strict=True)]
    return Model(tuple(mean), tuple(scale), tuple(beta[1:]), beta[0], 0.5, 0.5)


def _share(flags: Sequence[bool]) -> float:
    return sum(flags) / len(flags) if flags else 0.0


def _called_correct(chance: float, row: Row, high: float) -> bool:
    features = Features(row)
    return chance >= high and not features.lists_keywords and not features.negates_reference


def by_dataset(
    chances: Sequence[float], rows: Sequence[Row], samples: Sequence[Sample], high: float
) -> dict[str, tuple[float, float, float]]:
    """Per data set, with ``correct_from`` at ``high``: the accuracy on the real answers, the
    share of the incorrect ones called correct, and the share of the guarded fakes."""
    groups: dict[str, list[tuple[bool, Sample]]] = {}
    for chance, row, sample in zip(chances, rows, samples, strict=True):
        groups.setdefault(sample.dataset, []).append((_called_correct(chance, row, high), sample))
    shares = {}
    for dataset, said in groups.items():
        real = [(called, s) for called, s in said if s.kind == REAL]
        shares[dataset] = (
            _share([called == s.correct for called, s in real]),
            _share([called for called, s in real if not s.correct]),
            _share([called for called, s in said if s.kind in GUARDED]),
        )
    return shares


GRID = [step / 200 for step in range(20, 200)]
"""The cut-offs tried."""


def cutoffs(model: Model, rows: Sequence[Row], samples: Sequence[Sample]) -> tuple[float, float]:
    """``correct_from`` and ``wrong_below`` for the model, chosen as the module docstring says."""
    chances = [model.probability(Features(row)) for row in rows]
    best: tuple[float, float] = (-1.0, GRID[-1])
    for high in GRID:
        shares = by_dataset(chances, rows, samples, high).values()
        feasible = all(fc <= FALSE_CORRECT_AIM and fake <= FAKES_AIM for _a, fc, fake in shares)
        worst_accuracy = min(accuracy for accuracy, _fc, _fake in shares)
        if feasible and worst_accuracy > best[0]:
            best = (worst_accuracy, high)
    high = best[1]
    groups: dict[str, list[tuple[float, Sample]]] = {}
    for chance, sample in zip(chances, samples, strict=True):
        groups.setdefault(sample.dataset, []).append((chance, sample))
    low = 0.0
    for candidate in (value for value in GRID if value <= high):
        if all(
            _share([c < candidate for c, s in members if s.kind == REAL and s.correct])
            <= FALSE_WRONG_AIM
            for members in groups.values()
        ):
            low = candidate
    return high, low


def train(samples: Sequence[Sample], rows: Sequence[Row]) -> Model:
    """The model fitted on the real answers, its cut-offs checked on the fakes too."""
    real = [i for i, sample in enumerate(samples) if sample.kind == REAL]
    model = fit_logistic([rows[i] for i in real], [samples[i].correct for i in real])
    high, low = cutoffs(model, rows, samples)
    return Model(model.mean, model.scale, model.coefficients, model.intercept, high, low)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("csv", nargs="?", type=Path, default=DEFAULT_CSV)
    args = parser.parse_args()
    real = load(args.csv)
    samples = real + fakes(real)
    model = train(samples, featurize(samples))
    WEIGHTS.write_text(json.dumps(model.as_json(), indent=2) + "\n", encoding="utf-8")
    print(f"wrote {WEIGHTS} from {len(real)} answers to {len({s.qid for s in real})} questions")


if __name__ == "__main__":
    main()
