"""Which grader free text will get: the model, or the offline grader and why.

The app asks once, in the background after its first screen, and shows the
answer in one line; ``tutor grade`` asks once before its first line, so that
a missing server costs one refused connection, not one per answer.
"""

from __future__ import annotations

import os
from dataclasses import dataclass

from tutor.llm.server import (
    LLMUnavailable,
    list_models,
    missing_model,
    resolved_host,
    same_model,
)
from tutor.llm.settings import LLMSettings

LLM_OFF = "LLM grading is off"
OFFLINE = "offline grader"


@dataclass(frozen=True, slots=True)
class GraderStatus:
    """Whether free text will go to the model, and the line that tells the learner.

    ``reason`` is why it will not (empty when ``ready``): the same words a
    verdict's ``reason`` carries when the offline grader decides instead.
    """

    ready: bool
    model: str
    host: str
    message: str
    reason: str = ""


def _configured_host(settings: LLMSettings) -> str:
    """The host as configured (or in ``OLLAMA_HOST``), for when it is not or cannot be resolved."""
    return settings.host or os.environ.get("OLLAMA_HOST") or ""


def _offline(settings: LLMSettings, host: str, reason: str) -> GraderStatus:
    return GraderStatus(False, settings.model, host, f"{OFFLINE} — {reason}", reason)


def check_status(settings: LLMSettings) -> GraderStatus:
    """Ask the server (quickly: short timeouts) whether it runs and has the model.

    With LLM grading off nothing is asked and ``ollama`` is not even imported,
    so ``host`` is then the configured value (or ``OLLAMA_HOST``), unresolved.
    """
    if not settings.enabled:
        return _offline(settings, _configured_host(settings), LLM_OFF)
    try:
        host = resolved_host(settings)
    except LLMUnavailable as unreadable:
        return _offline(settings, _configured_host(settings), unreadable.reason)
    try:
        installed = list_models(settings)
    except LLMUnavailable as unavailable:
        return _offline(settings, host, unavailable.reason)
    if not any(same_model(name, settings.model) for name in installed):
        return _offline(settings, host, missing_model(settings.model))
    return GraderStatus(True, settings.model, host, f"{settings.model} via Ollama")
