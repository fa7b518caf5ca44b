"""Model output made safe to show: plain text without terminal escapes or control characters.

A model's feedback reaches the learner's terminal. An ANSI or OSC escape in
it could recolour, move the cursor, retitle the window or hide text, and bidi
overrides can make text read differently from what it says; so all of them
go, whatever the model (or an answer it echoes) put there. Newlines stay.
"""

from __future__ import annotations

import re

_ESCAPES = re.compile(
    r"""
      \x1b\][^\x07\x1b]*(?:\x07|\x1b\\|$)   # OSC: window titles, hyperlinks (to BEL or ST)
    | \x1b\[[0-?]*[ -/]*(?:[@-~]|$)         # CSI: colours, cursor moves (maybe cut off at the end)
    | \x1b[ -/]*[0-~]?                      # any other escape, or a lone ESC
    | \x9b[0-?]*[ -/]*[@-~]?                # CSI in its one-byte C1 form
    """,
    re.VERBOSE,
)
_INVISIBLE = re.compile(
    "[\x00-\x09\x0b-\x1f\x7f-\x9f"  # C0 and C1 controls, newline excepted
    "\u200e\u200f\u202a-\u202e\u2066-\u2069"  # bidi marks, embeddings, overrides, isolates
    "\ud800-\udfff]"  # lone surrogates (a broken \\u escape): they cannot be printed
)


def plain_text(text: str) -> str:
    """``text`` without escape sequences and with tabs as spaces, other controls dropped."""
    return _INVISIBLE.sub("", _ESCAPES.sub("", text).replace("\t", " ").replace("\r\n", "\n"))
