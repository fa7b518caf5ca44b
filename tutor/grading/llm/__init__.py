"""Free-text grading by a local model through Ollama: optional, private, never in the way.

The API the app and ``tutor grade`` use:

* :class:`LLMSettings` (filled in by ``tutor.config``) says whether and how;
* :func:`check_status` says, quickly, whether free text will go to the model,
  as a :class:`GraderStatus` with a line for the learner;
* :func:`list_models` names the installed models (or raises
  :class:`LLMUnavailable`), :func:`preload` loads one ahead of time;
* :func:`grade_free_text_with_llm` grades, streaming the feedback, and
  falls back to the offline grader with a reason for anything that goes
  wrong; :func:`addresses_grader` spots answers that talk to the grader.

The ``ollama`` client (with httpx and pydantic) is imported only inside the
functions that talk to the server, so importing this package costs nothing.
"""

from __future__ import annotations

from tutor.grading.llm.grader import grade_free_text_with_llm
from tutor.grading.llm.guard import addresses_grader
from tutor.grading.llm.server import LLMUnavailable, list_models, preload
from tutor.grading.llm.settings import LLMSettings
from tutor.grading.llm.status import GraderStatus, check_status

__all__ = [
    "GraderStatus",
    "LLMSettings",
    "LLMUnavailable",
    "addresses_grader",
    "check_status",
    "grade_free_text_with_llm",
    "list_models",
    "preload",
]
