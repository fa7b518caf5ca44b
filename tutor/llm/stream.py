"""Streaming a reply from Ollama under a deadline, a silence limit and the learner's Esc.

The chat is read in a short-lived daemon thread that hands each piece over
a queue; the calling thread waits on the queue in short slices. That way
the caller notices at once, not when the next piece happens to arrive, that

* the first piece has not come within ``first_token_timeout`` (a cold model),
* the reply went silent for that long after it began (a stalled server),
* the whole reply has not finished within ``timeout``, or
* ``cancelled()`` turned true,

and gives up with a :class:`Fallback` naming which. Giving up sets an event
the reader checks after every piece; it then closes the response, which
tells Ollama to stop generating. A reader blocked on a silent server ends by
itself when its httpx read timeout (``first_token_timeout``) runs out, so no
thread outlives a grade by more than that. Pieces are handed to ``on_content``
from the calling thread, as the accumulated text so far.
"""

from __future__ import annotations

import queue
import threading
import time
from collections.abc import Callable, Generator, Mapping
from typing import TYPE_CHECKING, Any, cast

from tutor.llm.failure import Fallback
from tutor.llm.server import LLMUnavailable, client, describe, resolved_host
from tutor.llm.settings import LLMSettings

if TYPE_CHECKING:
    import ollama

CANCELLED = "cancelled"

POLL = 0.05
"""Seconds between looks at ``cancelled()`` while no piece arrives."""

_DONE = object()
"""Put on the queue after the last piece of a reply that ended normally."""


def not_cancelled() -> bool:
    """The default ``cancelled``: a wait nobody can cancel."""
    return False


def stream_reply(
    settings: LLMSettings,
    request: Mapping[str, Any],
    on_content: Callable[[str], None],
    cancelled: Callable[[], bool],
) -> str:
    """The whole content of the streamed ``chat(**request)``; raises :class:`Fallback` instead."""
    try:
        host = resolved_host(settings)
    except LLMUnavailable as unavailable:
        raise Fallback(unavailable.reason) from None
    chat = client(settings, settings.first_token_timeout)
    pieces: queue.SimpleQueue[object] = queue.SimpleQueue()
    stop = threading.Event()
    reader = threading.Thread(
        target=_read, args=(chat, request, pieces, stop), name="tutor-ollama-reply", daemon=True
    )
    reader.start()
    try:
        return _collect(pieces, settings, host, on_content, cancelled)
    finally:
        stop.set()


def _read(
    chat: ollama.Client,
    request: Mapping[str, Any],
    pieces: queue.SimpleQueue[object],
    stop: threading.Event,
) -> None:
    """Put each piece of content on ``pieces``, then ``_DONE`` or the exception that ended it."""
    try:
        # typed as an Iterator, but the client returns a generator, which can be closed
        stream = cast(Generator["ollama.ChatResponse"], chat.chat(**request, stream=True))
        try:
            for part in stream:
                if stop.is_set():
                    return
                pieces.put(part.message.content or "")
        finally:
            stream.close()  # an abandoned reply's connection closes: Ollama stops generating
        pieces.put(_DONE)
    except Exception as error:  # whatever it is, the grading thread names it and falls back
        pieces.put(error)


def _collect(
    pieces: queue.SimpleQueue[object],
    settings: LLMSettings,
    host: str,
    on_content: Callable[[str], None],
    cancelled: Callable[[], bool],
) -> str:
    """Gather pieces until ``_DONE``, raising :class:`Fallback` on a limit, a fault or Esc."""
    model, quiet_limit = settings.model, settings.first_token_timeout
    deadline = time.monotonic() + settings.timeout
    last = time.monotonic()  # when the request went out, then when the latest piece came
    content, begun = "", False
    while True:
        if cancelled():
            raise Fallback(CANCELLED)
        now = time.monotonic()
        if now >= deadline:
            raise Fallback(f"no complete reply from {model} within {settings.timeout:g} s")
        silence = (
            f"{model} stalled mid-reply"
            if begun
            else f"no reply from {model} within {quiet_limit:g} s"
        )
        if now - last >= quiet_limit:
            raise Fallback(silence)
        try:
            piece = pieces.get(timeout=min(POLL, deadline - now, last + quiet_limit - now))
        except queue.Empty:
            continue
        if piece is _DONE:
            return content
        if isinstance(piece, BaseException):
            raise Fallback(describe(piece, host=host, silence=silence, model=model))
        last, begun = time.monotonic(), True
        if piece:
            content += str(piece)
            on_content(content)


def partial_field(text: str, name: str) -> str | None:
    """The value so far of the top-level string field ``name`` in ``text``; None if not begun.

    While the model streams ``{"feedback": "You explained the gen``, the learner
    should already see "You explained the gen". ``pydantic_core`` (installed
    with the ``ollama`` client, so already loaded while a reply streams) reads
    the unfinished document, the unfinished last string included, and leaves
    out an escape cut off at the end until the rest of it arrives. A text it
    cannot read (not an object yet, or broken on the way) gives None: what is
    shown stays as it was, and the complete reply is parsed and validated
    properly once it is in.
    """
    from pydantic_core import from_json

    try:
        reply = from_json(text, allow_partial="trailing-strings")
    except ValueError:
        return None
    value = reply.get(name) if isinstance(reply, dict) else None
    return value if isinstance(value, str) else None
