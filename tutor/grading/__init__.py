"""Grading: turns a question and the learner's answer into a :class:`Verdict`.

``grade`` grades on this machine, always and at once: choice, true/false,
short and cloze questions by rule, free-text explanations by the offline
grader in :mod:`tutor.grading.free_text`. ``grade_with`` is the same, except
that free text goes to a local model when LLM grading is on
(:mod:`tutor.grading.llm_grader`), falling back to the offline grader with a reason.
No Textual here, and no ``ollama`` until a model is actually asked.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Set
from dataclasses import dataclass
from typing import Any

from tutor.course import (
    Cloze,
    FreeText,
    MultipleChoice,
    Question,
    ShortAnswer,
    SingleChoice,
    TrueFalse,
)
from tutor.grading.choice import grade_multiple, grade_single, grade_true_false
from tutor.grading.cloze import grade_cloze
from tutor.grading.free_text import grade_free_text
from tutor.grading.llm_grader import grade_free_text_with_llm
from tutor.grading.short import grade_short
from tutor.grading.verdict import CORRECT_AT, OFFLINE, PARTIAL_AT, RULES, Outcome, Verdict
from tutor.llm import LLMSettings
from tutor.llm.stream import not_cancelled

Answer = str | bool | frozenset[str] | tuple[str, ...]
"""What a learner answers: the choice text (single), the ticked choice texts
(multiple), a bool (true/false), the typed text (short, free) or one string
per blank (cloze)."""

__all__ = [
    "CORRECT_AT",
    "GRADERS",
    "OFFLINE",
    "PARTIAL_AT",
    "RULES",
    "Answer",
    "Grader",
    "LLMSettings",
    "Outcome",
    "Verdict",
    "grade",
    "grade_with",
]


def _all_text(items: Iterable[object]) -> bool:
    return all(isinstance(item, str) for item in items)


@dataclass(frozen=True, slots=True)
class Grader:
    """How one kind of question is graded by rule or offline, and the answer it takes."""

    grade: Callable[[Any, Any], Verdict]
    fits: Callable[[Answer], bool]  # whether an answer has the shape the kind takes
    wanted: str  # that shape, for the error when it does not


def _is_text(answer: Answer) -> bool:
    return isinstance(answer, str)


GRADERS: dict[type[Question], Grader] = {
    SingleChoice: Grader(grade_single, _is_text, "the chosen choice's text (str)"),
    MultipleChoice: Grader(
        lambda question, answer: grade_multiple(question, frozenset(answer)),
        lambda answer: isinstance(answer, Set) and _all_text(answer),
        "a frozenset of the ticked choices' texts",
    ),
    TrueFalse: Grader(grade_true_false, lambda answer: isinstance(answer, bool), "a bool"),
    ShortAnswer: Grader(grade_short, _is_text, "the typed text (str)"),
    FreeText: Grader(grade_free_text, _is_text, "the typed text (str)"),
    Cloze: Grader(
        grade_cloze,
        lambda answer: isinstance(answer, tuple) and _all_text(answer),
        "a tuple with one str per blank",
    ),
}
"""The grader of each kind a program grades. Recall cards and the notes' own cards have
none: the learner's rating is their grade."""


def grade(question: Question, answer: Answer) -> Verdict:
    """Grade ``answer`` to ``question``; a wrong type of answer for the kind raises TypeError."""
    grader = GRADERS.get(type(question))
    if grader is None:
        raise TypeError(f"no grader for {type(question).__name__}")
    if not grader.fits(answer):
        raise TypeError(
            f"a {question.label} answer must be {grader.wanted}, not {type(answer).__name__}"
        )
    return grader.grade(question, answer)


def grade_with(
    question: Question,
    answer: Answer,
    settings: LLMSettings | None,
    on_feedback: Callable[[str], object] | None = None,
    cancelled: Callable[[], bool] = not_cancelled,
) -> Verdict:
    """Grade like :func:`grade`, but free text by the model when ``settings`` enable it.

    ``on_feedback`` and ``cancelled`` are those of
    :func:`tutor.grading.llm_grader.grade_free_text_with_llm`; for every other kind
    of question, or with ``settings`` None or disabled, they are not used.
    """
    if (
        isinstance(question, FreeText)
        and isinstance(answer, str)
        and settings is not None
        and settings.enabled
    ):
        return grade_free_text_with_llm(question, answer, settings, on_feedback, cancelled)
    return grade(question, answer)
