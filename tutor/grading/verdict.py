"""What grading hands back: a :class:`Verdict` with a score and an :class:`Outcome`.

The outcome thresholds live here and nowhere else, so every kind of question
(rule-graded or free text) calls an answer "correct", "partly right" or
"wrong" by the same standard. They were read off the human-graded answers in
``benchmarks/data/``: teachers called an answer correct from about 0.8 and
partly right from about 0.25 (one substantive idea out of four).
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum

CORRECT_AT = 0.8
"""Lowest score that counts as correct."""

PARTIAL_AT = 0.25
"""Lowest score that counts as partly right; below it the answer is wrong."""

NOTHING_ANSWERED = "Nothing was answered."

RULES = "rules"
"""The grader name of every rule-based verdict (choices, true/false, short, cloze)."""

OFFLINE = "offline"
"""The grader name of the offline free-text grader's verdicts."""


class Outcome(Enum):
    """How an answer fared, in the three words the learner sees."""

    CORRECT = "correct"
    PARTIAL = "partial"
    WRONG = "wrong"

    @property
    def label(self) -> str:
        """The outcome as shown to the learner."""
        return _LABELS[self]

    @classmethod
    def for_score(cls, score: float) -> Outcome:
        """The outcome a score earns under the thresholds above."""
        if score >= CORRECT_AT:
            return cls.CORRECT
        return cls.PARTIAL if score >= PARTIAL_AT else cls.WRONG


_LABELS = {Outcome.CORRECT: "correct", Outcome.PARTIAL: "partly right", Outcome.WRONG: "wrong"}
_OPENINGS = {
    Outcome.CORRECT: "Nearly right",
    Outcome.PARTIAL: "Partly right",
    Outcome.WRONG: "Not right",
}


def opening(score: float) -> str:
    """How feedback on an imperfect answer begins, in step with the outcome its score earns."""
    return _OPENINGS[Outcome.for_score(score)]


@dataclass(frozen=True, slots=True)
class Verdict:
    """A graded answer: how good it was, why, and what was expected.

    ``grader`` names who decided: ``rules``, ``offline`` or a model's name.
    ``reason`` is one line saying why the offline grader decided a free-text
    answer although a model was meant to ("Ollama not running at ...",
    "cancelled"...); it is empty whenever the intended grader decided, so the
    learner is told about a fallback and never about the normal case.
    ``confidence`` (0..1) is how likely a teacher would agree with the outcome,
    where the grader can estimate it: 1 for rules and empty answers, the offline free-text
    grader's estimate (see :func:`tutor.grading.free_text.confidence`), and
    None for a model's verdict, which comes with no such estimate.
    """

    score: float
    outcome: Outcome
    feedback: str
    grader: str
    expected: str = ""
    found: tuple[str, ...] = ()
    missed: tuple[str, ...] = ()
    blanks: tuple[bool, ...] = ()
    reason: str = ""
    confidence: float | None = None

    @property
    def unsure(self) -> bool:
        """Whether the offline grader could not decide: a free-text answer without key
        points that it puts between right and wrong. The learner is then asked to
        check the answer against the reference, not told it is "partly right".
        """
        return (
            self.grader == OFFLINE
            and self.outcome is Outcome.PARTIAL
            and not (self.found or self.missed)
        )

    @classmethod
    def scored(
        cls,
        score: float,
        feedback: str,
        grader: str,
        *,
        expected: str = "",
        found: tuple[str, ...] = (),
        missed: tuple[str, ...] = (),
        blanks: tuple[bool, ...] = (),
    ) -> Verdict:
        """A verdict whose outcome follows from its score (clamped to 0..1)."""
        score = min(1.0, max(0.0, score))
        return cls(
            score,
            Outcome.for_score(score),
            feedback,
            grader,
            expected,
            found,
            missed,
            blanks,
            confidence=1.0 if grader == RULES else None,
        )

    @classmethod
    def unanswered(
        cls,
        grader: str,
        expected: str = "",
        *,
        missed: tuple[str, ...] = (),
        blanks: tuple[bool, ...] = (),
    ) -> Verdict:
        """An empty answer: simply wrong, surely, and the feedback says so."""
        return cls(
            0.0,
            Outcome.WRONG,
            NOTHING_ANSWERED,
            grader,
            expected,
            (),
            missed,
            blanks,
            confidence=1.0,
        )
