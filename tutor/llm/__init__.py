"""The local model served by Ollama, shared by grading and question generation.

Optional and private: nothing here is ever needed for studying. The API:

* :class:`LLMSettings` (filled in by ``tutor.config``) says whether and how;
* :func:`check_status` says, quickly, whether free text will go to the model,
  as a :class:`GraderStatus` with a line for the learner;
* :func:`list_models` names the installed models (or raises
  :class:`LLMUnavailable`), :func:`preload` loads one ahead of time;
* :func:`tutor.llm.stream.stream_reply` streams one reply under a deadline,
  raising :class:`tutor.llm.failure.Fallback` with a reason instead.

The ``ollama`` client (with httpx and pydantic) is imported only inside the
functions that talk to the server, so importing this package costs nothing.
"""

from __future__ import annotations

from tutor.llm.server import LLMUnavailable, list_models, preload
from tutor.llm.settings import LLMSettings
from tutor.llm.status import GraderStatus, check_status

__all__ = [
    "GraderStatus",
    "LLMSettings",
    "LLMUnavailable",
    "check_status",
    "list_models",
    "preload",
]
