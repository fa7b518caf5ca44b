"""Grading a free-text answer with a local model, falling back to the offline grader.

The model's verdict is a bonus on top of a grader that always works: any
reason not to have it or not to trust it (see :mod:`tutor.llm.stream`
and :mod:`tutor.grading.llm_grader.reply`) gives the offline verdict with that
reason, so this never raises for anything the server or the model does.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

from tutor.course import FreeText
from tutor.grading.free_text import grade_offline
from tutor.grading.llm_grader.guard import addresses_grader
from tutor.grading.llm_grader.offline import graded_offline
from tutor.grading.llm_grader.prompt import chat_request
from tutor.grading.llm_grader.reply import parse_reply
from tutor.grading.verdict import Verdict
from tutor.llm.failure import Fallback
from tutor.llm.plain import plain_text
from tutor.llm.settings import LLMSettings
from tutor.llm.status import LLM_OFF
from tutor.llm.stream import not_cancelled, partial_field, stream_reply

ADDRESSES_GRADER = "the answer addresses the grader instead of answering"
EMPTY_ANSWER = "nothing was answered"
NOT_BORNE_OUT = (
    "the model's better grade is not borne out by the answer: the offline grader finds"
    " almost nothing of the reference in it, or in most of it"
)


def grade_free_text_with_llm(
    question: FreeText,
    answer: str,
    settings: LLMSettings,
    on_feedback: Callable[[str], object] | None = None,
    cancelled: Callable[[], bool] = not_cancelled,
) -> Verdict:
    """The model's verdict on ``answer`` (``grader`` is the model's name), or the offline one.

    ``on_feedback`` is called from this thread with the feedback so far each
    time it grows while the reply streams; ``cancelled`` is polled while
    waiting, and its turning true ends the wait with the reason "cancelled".
    An empty answer, or one that addresses the grader, is never sent.

    The model's grade is checked against the offline grader's, which no
    answer can talk to: a better grade for an answer in which the offline
    grader finds almost nothing of the reference, or nothing in most of it
    (the shape of an answer that is only an order to the grader, or a
    fragment of an answer padded with one, in whatever words or language),
    is not believed, and the offline verdict stands with the reason.
    """
    if not settings.enabled:
        return graded_offline(question, answer, LLM_OFF)
    if not answer.strip():
        return graded_offline(question, answer, EMPTY_ANSWER)
    if addresses_grader(answer):
        return graded_offline(question, answer, ADDRESSES_GRADER)
    shown = ""

    def show_feedback(content: str) -> None:
        nonlocal shown
        feedback = plain_text(partial_field(content, "feedback") or "").strip()
        if feedback != shown and on_feedback is not None:
            shown = feedback
            on_feedback(feedback)

    try:
        content = stream_reply(
            settings, chat_request(question, answer, settings.model), show_feedback, cancelled
        )
        grade = parse_reply(content, question.key_points, settings.model)
    except Fallback as fallback:
        return graded_offline(question, answer, fallback.reason)
    offline = grade_offline(question, answer)
    if grade.score > offline.verdict.score and offline.almost_nothing:
        return replace(offline.verdict, reason=NOT_BORNE_OUT)
    return Verdict.scored(
        grade.score,
        grade.feedback,
        settings.model,
        expected=question.reference,
        found=grade.found,
        missed=grade.missed,
    )
