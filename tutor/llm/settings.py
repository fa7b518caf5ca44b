"""What the LLM grader is told to do: a plain dataclass the config layer fills in.

It lives here, not in ``tutor.config``, so that grading can be used (by
``tutor grade``, by tests, by scripts) without reading any config file.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class LLMSettings:
    """Whether and how free-text answers go to a model served by Ollama.

    ``host`` None means the ``ollama`` client's own default, which honours
    ``OLLAMA_HOST``. ``first_token_timeout`` bounds the wait for the reply to
    start (a cold model on a CPU-only box is slow to begin) and also the
    longest silence between two streamed pieces; ``timeout`` bounds the whole
    reply, start included.
    """

    enabled: bool = True
    model: str = "llama3.2"
    host: str | None = None
    timeout: float = 45.0
    first_token_timeout: float = 20.0
