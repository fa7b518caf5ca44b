"""The offline grader's judgement: a logistic model over :mod:`tutor.grading.features`.

The weights in ``weights.json`` were fitted by ``benchmarks/fit_grader.py`` on
teacher-graded science answers (SemEval-2013 Task 7) plus, for every
reference, a keyword-list fake and a negated fake labelled wrong. The model
gives the probability that a teacher would call an answer correct. Two cut-offs
turn it into an outcome: from ``correct_from`` the grader is sure enough to
say correct, below ``wrong_below`` sure enough to say wrong, and in between it
is unsure, which the learner sees as "partly right". The unsure band is what
keeps the grader from calling right answers wrong and wrong answers right
when its evidence is thin; ``benchmarks/asag_eval.py`` measures all of it on
questions held out from fitting.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from tutor.grading.features import NAMES, Features

WEIGHTS = Path(__file__).with_name("weights.json")


@dataclass(frozen=True, slots=True)
class Model:
    """Standardising constants, coefficients and the two cut-offs, as stored in the file."""

    mean: tuple[float, ...]
    scale: tuple[float, ...]
    coefficients: tuple[float, ...]
    intercept: float
    correct_from: float
    wrong_below: float

    def probability(self, features: Features) -> float:
        """The probability that a teacher calls the answer correct."""
        logit = self.intercept + sum(
            weight * (value - mean) / scale
            for weight, value, mean, scale in zip(
                self.coefficients, features.values, self.mean, self.scale, strict=True
            )
        )
        return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, logit))))

    def as_json(self) -> dict[str, object]:
        """The model as stored in ``weights.json``, features named."""
        return {
            "features": list(NAMES),
            "mean": list(self.mean),
            "scale": list(self.scale),
            "coefficients": list(self.coefficients),
            "intercept": self.intercept,
            "correct_from": self.correct_from,
            "wrong_below": self.wrong_below,
        }

    @classmethod
    def from_json(cls, data: dict[str, object]) -> Model:
        """A model from its stored form; refuses one fitted on other features."""
        if data["features"] != list(NAMES):
            raise ValueError("the weights were fitted on other features: refit them")

        def numbers(key: str) -> tuple[float, ...]:
            values = data[key]
            assert isinstance(values, list)
            return tuple(float(value) for value in values)

        return cls(
            numbers("mean"),
            numbers("scale"),
            numbers("coefficients"),
            float(data["intercept"]),  # type: ignore[arg-type]
            float(data["correct_from"]),  # type: ignore[arg-type]
            float(data["wrong_below"]),  # type: ignore[arg-type]
        )


@cache
def shipped() -> Model:
    """The model in ``weights.json``, read once."""
    return Model.from_json(json.loads(WEIGHTS.read_text(encoding="utf-8")))
