"""Fenced code blocks, as every line scan of a note must see them: their text is code."""

from __future__ import annotations

import re

FENCE_OPEN = re.compile(r"(`{3,}|~{3,})(.*)")
"""An unindented line that opens a fence; group 1 is its marker, e.g. "```"."""


def closes_fence(line: str, fence: str) -> bool:
    """Whether ``line`` closes a code fence opened by ``fence`` (its marker, e.g. "```")."""
    stripped = line.lstrip(" ")
    return (
        len(line) - len(stripped) < 4
        and stripped.startswith(fence)
        and not stripped.rstrip(" \t").lstrip(fence[0])
    )
