"""Talking to the Ollama server: clients, the models it has, preloading, and faults in words.

``ollama`` pulls in httpx and pydantic (about 0.2 s), so it is imported inside
the functions that talk to the server, never when ``tutor.grading`` is
imported: a learner who never uses a model never pays for it.

Every request goes through an ``ollama.Client`` whose httpx timeout bounds
each network wait (a short connect timeout, and a read timeout per use), so
no blocked read can hang tutor whatever the server does.
"""

from __future__ import annotations

import os
from functools import lru_cache
from typing import TYPE_CHECKING

from tutor.llm.plain import plain_text
from tutor.llm.settings import LLMSettings

if TYPE_CHECKING:
    import ollama

CONNECT_TIMEOUT = 3.0
"""Seconds to wait for a TCP connection: a local or LAN server accepts in milliseconds."""

STATUS_TIMEOUT = 5.0
"""Seconds to wait for the model list; it needs no model loaded, so it is quick or broken."""

KEEP_ALIVE = "15m"
"""How long Ollama keeps the model loaded after a request: a quiz's pauses, not a day."""


class LLMUnavailable(Exception):
    """The Ollama server cannot be asked; ``reason`` (also the message) says why in one line."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def resolved_host(settings: LLMSettings) -> str:
    """The server URL the client will use, as the learner should see it.

    ``_parse_host`` is private to the ``ollama`` client, but it is the very
    rule the client applies (``OLLAMA_HOST``, default port 11434, scheme), so
    the URL shown is always the one tried. A host it cannot read (a bad port,
    a broken IPv6 address) raises :class:`LLMUnavailable`.
    """
    from ollama._client import _parse_host

    host = settings.host or os.getenv("OLLAMA_HOST")
    try:
        return _parse_host(host)
    except ValueError as error:
        raise LLMUnavailable(f"Ollama host {host!r} is not a valid address ({error})") from None


def client(settings: LLMSettings, read_timeout: float) -> ollama.Client:
    """The client for the settings' server whose every read gives up after ``read_timeout``."""
    return _client(resolved_host(settings), read_timeout)


@lru_cache(maxsize=8)
def _client(host: str, read_timeout: float) -> ollama.Client:
    """One client per server and timeout, kept so that its connections are reused."""
    import httpx
    import ollama

    timeout = httpx.Timeout(read_timeout, connect=min(CONNECT_TIMEOUT, read_timeout))
    return ollama.Client(host=host, timeout=timeout)


def missing_model(model: str) -> str:
    """The reason given when the server lacks the model, with the command that fixes it."""
    return f"model {model} not installed: ollama pull {model}"


def same_model(name: str, other: str) -> bool:
    """Whether two model names mean one model: Ollama reads a name without a tag as ``:latest``."""
    return _tagged(name) == _tagged(other)


def _tagged(name: str) -> str:
    return name if ":" in name.rsplit("/", 1)[-1] else f"{name}:latest"


def describe(error: BaseException, *, host: str, silence: str, model: str | None = None) -> str:
    """Why a request to Ollama failed, in one line for the learner.

    ``silence`` is the reason for a read timeout: only the caller knows what it
    was waiting for. ``model`` is the model the request named, if any: a 404
    then means it is not installed (without one, that nothing like Ollama
    answers at ``host``). Anything else the client raises (a reply that is not
    Ollama's JSON, a dropped connection) is named generically rather than let
    through, because no fault of the server may reach the learner as a crash.
    """
    import httpx
    from ollama import ResponseError

    match error:
        case ResponseError(status_code=404) if model is not None:
            return missing_model(model)
        case ResponseError(status_code=404):
            return f"no Ollama API at {host}"
        case ResponseError(status_code=-1):  # an error line in the middle of a streamed reply
            return f"Ollama error: {_one_line(error.error)}"
        case ResponseError(status_code=code) if code >= 500:
            return f"Ollama server error ({code})"
        case ResponseError(status_code=code):
            return f"Ollama refused the request ({code}: {_one_line(error.error)})"
        case httpx.ConnectError() | ConnectionError():
            return f"Ollama not running at {host}"
        case httpx.ConnectTimeout():
            return f"Ollama not answering at {host}"
        case httpx.TimeoutException():
            return silence
        case httpx.HTTPError():
            return f"lost the connection to Ollama at {host}"
    return f"unreadable reply from Ollama at {host}"


def _one_line(message: str, limit: int = 120) -> str:
    line = " ".join(plain_text(str(message)).split())
    return line if len(line) <= limit else line[: limit - 1] + "…"


def list_models(settings: LLMSettings) -> list[str]:
    """The names of the models the server has (``/api/tags``), as it spells them.

    Raises :class:`LLMUnavailable` with the reason when the server cannot be
    reached, does not answer like Ollama, or its address is not valid.
    """
    host = resolved_host(settings)
    try:
        listed = client(settings, STATUS_TIMEOUT).list()
    except Exception as error:  # every failure becomes the one-line reason
        silence = f"Ollama at {host} did not answer within {STATUS_TIMEOUT:g} s"
        raise LLMUnavailable(describe(error, host=host, silence=silence)) from None
    return [entry.model for entry in listed.models if entry.model]


def preload(settings: LLMSettings) -> bool:
    """Have Ollama load the model now (a chat with no messages), so the first grade is quick.

    The request returns once the model is loaded, so it may wait as long as a
    whole reply. Never raises: preloading only saves time, and if the server
    is at fault, grading will say so itself. Returns whether the model loaded.
    """
    if not settings.enabled:
        return False
    try:
        client(settings, settings.timeout).chat(
            model=settings.model, messages=[], keep_alive=KEEP_ALIVE
        )
    except Exception:  # see the docstring: a failed preload is not worth a word
        return False
    return True
