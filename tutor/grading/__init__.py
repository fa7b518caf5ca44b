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
    "OFFLINE",
    "PARTIAL_AT",
    "RULES",
    "Answer",
    "LLMSettings",
    "Outcome",
    "Verdict",
    "grade",
    "grade_with",
]


def _all_text(items: Iterable[object]) -> bool:
    return all(isinstance(item, str) for item in items)


def grade(question: Question, answer: Answer) -> Verdict:
    """Grade ``answer`` to ``question``; a wrong type of answer for the kind raises TypeError."""
    match question:
        case SingleChoice():
            if isinstance(answer, str):
                return grade_single(question, answer)
            wanted = "the chosen choice's text (str)"
        case MultipleChoice():
            if isinstance(answer, Set) and _all_text(answer):
                return grade_multiple(question, frozenset(answer))
            wanted = "a frozenset of the ticked choices' texts"
        case TrueFalse():
            if isinstance(answer, bool):
                return grade_true_false(question, answer)
            wanted = "a bool"
        case ShortAnswer():
            if isinstance(answer, str):
                return grade_short(question, answer)
            wanted = "the typed text (str)"
        case FreeText():
            if isinstance(answer, str):
                return grade_free_text(question, answer)
            wanted = "the typed text (str)"
        case Cloze():
            if isinstance(answer, tuple) and _all_text(answer):
                return grade_cloze(question, answer)
            wanted = "a tuple with one str per blank"
        case _:
            raise TypeError(f"no grader for {type(question).__name__}")
    raise TypeError(f"a {question.label} answer must be {wanted}, not {type(answer).__name__}")


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
