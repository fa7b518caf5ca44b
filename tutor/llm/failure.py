"""The one way a model's reply fails: no reply, a limit, a cancel, or a reply not to be trusted.

Callers catch :class:`Fallback` and do without the model: the grader lets the
offline grader decide, the generator keeps the questions it has. ``reason``
is the line the learner reads about why.
"""

from __future__ import annotations


class Fallback(Exception):
    """The model's reply cannot be had or trusted; ``reason`` says why in one line."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason
