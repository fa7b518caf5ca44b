"""Falling back to the offline grader, with the one line that says why.

Whatever stops the model's verdict (no server, a timeout, a reply that
cannot be trusted, the learner cancelling) ends the same way: the offline
grader decides, and ``Verdict.reason`` tells the learner what happened.
"""

from __future__ import annotations

from dataclasses import replace

from tutor.course import FreeText
from tutor.grading.free_text import grade_free_text
from tutor.grading.verdict import Verdict


def graded_offline(question: FreeText, answer: str, reason: str) -> Verdict:
    """The offline grader's verdict on ``answer``, carrying ``reason``."""
    return replace(grade_free_text(question, answer), reason=reason)
