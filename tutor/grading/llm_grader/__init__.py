"""Free-text grading by a local model: the prompt, the checked reply, and the offline fallback.

:func:`grade_free_text_with_llm` grades, streaming the feedback through
:mod:`tutor.llm`, and falls back to the offline grader with a reason for
anything that goes wrong; :func:`addresses_grader` spots answers that talk to
the grader, which are never sent.
"""

from __future__ import annotations

from tutor.grading.llm_grader.grader import grade_free_text_with_llm
from tutor.grading.llm_grader.guard import addresses_grader

__all__ = ["addresses_grader", "grade_free_text_with_llm"]
