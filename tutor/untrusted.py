"""Text that notes, quizzes, file names and model replies bring in, made safe to show.

Such text is data. Shown raw, an ESC in a note is an order to the terminal:
OSC 52 writes the clipboard, OSC 0 sets the window title, OSC 8 hides a link,
a DA1 query makes the terminal type its reply into the app. Bidirectional
controls (overrides, embeddings, isolates, and the invisible marks LRM, RLM
and ALM) make a line read differently from what it holds; the line and
paragraph separators U+2028 and U+2029 break a line where a terminal, Rich
and Python's ``splitlines`` each see something else. So every such character
is shown as a visible stand-in instead: a C0 control as its Unicode control
picture (ESC as ``␛``), DEL as ``␡``, a C1 control (the one-byte CSI U+009B
among them), a bidi control or a separator as ``<U+202E>``. Newline and tab
keep their meaning in running text; in one line of command output (which may
hold a file name) they are shown too, so that no name can forge a line.

Everything that shows such text goes through here; markup is the other half
of the rule, kept by the callers: such text is never parsed as Rich or
Textual markup, only placed in ``Text`` or ``Content`` objects.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Iterator
from typing import TextIO

# Bidi marks (ALM, LRM, RLM), embeddings and overrides, isolates.
_BIDI_RANGES = "\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069"
_BIDI = re.compile(f"[{_BIDI_RANGES}]")
_SEPARATORS = "\u2028\u2029"
_BEYOND_C0 = f"\x7f-\x9f{_BIDI_RANGES}{_SEPARATORS}"  # all that a JSON encoder leaves raw
_UNSAFE = re.compile(f"[\x00-\x08\x0b-\x1f{_BEYOND_C0}]")  # all but newline and tab
_UNSAFE_IN_LINE = re.compile(f"[\x00-\x1f{_BEYOND_C0}]")
_UNSAFE_IN_JSON = re.compile(f"[{_BEYOND_C0}]")
_CONTROL_PICTURES = 0x2400  # U+2400 + code: the picture of each C0 control
_DEL_PICTURE = "\u2421"


def picture(char: str) -> str:
    """The visible stand-in for one unsafe character."""
    code = ord(char)
    if code < 0x20:
        return chr(_CONTROL_PICTURES + code)
    if code == 0x7F:
        return _DEL_PICTURE
    return f"<U+{code:04X}>"


def visible(text: str) -> str:
    """``text`` with every control character but newline and tab shown, not obeyed."""
    return _UNSAFE.sub(lambda match: picture(match.group()), text)


def one_line(text: str) -> str:
    """``text`` as a single line: newlines and tabs are shown as well (``␊``, ``␉``)."""
    return _UNSAFE_IN_LINE.sub(lambda match: picture(match.group()), text)


def json_text(encoded: str) -> str:
    """JSON (from ``json.dumps(..., ensure_ascii=False)``) with the controls that the
    encoder leaves raw written as ``\\uXXXX`` escapes: the data read back is exact,
    the terminal sees no control."""
    return _UNSAFE_IN_JSON.sub(lambda match: f"\\u{ord(match.group()):04x}", encoded)


def say(line: str, file: TextIO | None = None) -> None:
    """Print one line of command output that may hold a title, a file name or a model's
    words: no character in it reaches the terminal as a control."""
    print(one_line(line), file=file or sys.stdout)


def is_bidi(char: str) -> bool:
    """Whether ``char`` is a bidirectional mark, embedding, override or isolate."""
    return _BIDI.fullmatch(char) is not None


def text_lines(text: str) -> list[str]:
    """The lines of a file's text, as editors, TOML and Markdown count them: only LF,
    CRLF and CR end a line. ``str.splitlines`` also breaks at U+2028, U+2029, NEL,
    form feed and more, which a quiz value or a JSON string may hold: the line numbers
    it gives are wrong, and a JSON line it splits is two broken ones."""
    return text.replace("\r\n", "\n").replace("\r", "\n").split("\n")


def unsafe_characters(text: str) -> Iterator[tuple[int, str]]:
    """Each unsafe character in ``text`` with its 1-based line, in order. A carriage
    return is a line ending here, as the note parser reads it, not a control."""
    for number, line in enumerate(text_lines(text), 1):
        for match in _UNSAFE.finditer(line):
            yield number, match.group()
