"""Reading one string field out of a JSON object that is still arriving.

While the model streams ``{"feedback": "You explained the gen``, the learner
should already see "You explained the gen". ``json`` only reads whole
documents, so this small scanner walks the top-level object as far as it
goes, skips the values of other fields (strings, numbers, nested arrays and
objects) and decodes the wanted string up to where the text stops, escapes
included. It never raises: a text it cannot follow gives None, and the
complete reply is parsed and validated properly once it is in.
"""

from __future__ import annotations

_WHITESPACE = " \t\r\n"
_ESCAPES = {"b": "\b", "f": "\f", "n": "\n", "r": "\r", "t": "\t"}
_HIGH, _LOW, _END = 0xD800, 0xDC00, 0xE000
_REPLACEMENT = "\ufffd"
_HEX = "0123456789abcdefABCDEF"


def partial_field(text: str, name: str) -> str | None:
    """The value so far of the top-level string field ``name`` in ``text``; None if not begun."""
    at = _skip(text, 0, _WHITESPACE)
    if not text.startswith("{", at):
        return None
    at += 1
    while True:
        at = _skip(text, at, _WHITESPACE + ",")
        if not text.startswith('"', at):
            return None
        key, at, closed = _string(text, at + 1)
        at = _skip(text, at, _WHITESPACE)
        if not closed or not text.startswith(":", at):
            return None
        at = _skip(text, at + 1, _WHITESPACE)
        if key == name:
            return _string(text, at + 1)[0] if text.startswith('"', at) else None
        end = _value_end(text, at)
        if end is None:
            return None
        at = end


def _skip(text: str, at: int, characters: str) -> int:
    while at < len(text) and text[at] in characters:
        at += 1
    return at


def _string(text: str, at: int) -> tuple[str, int, bool]:
    """Decode the string whose opening quote is just before ``at``.

    Returns the value so far, where the scan stopped, and whether the
    closing quote was reached. An escape cut off by the end of the text is
    left out until the rest of it arrives.
    """
    out: list[str] = []
    while at < len(text):
        char = text[at]
        if char == '"':
            return "".join(out), at + 1, True
        if char != "\\":
            out.append(char)
            at += 1
            continue
        if at + 1 >= len(text):
            break
        code = text[at + 1]
        if code != "u":
            out.append(_ESCAPES.get(code, code))
            at += 2
            continue
        decoded = _unicode(text, at)
        if decoded is None:
            break
        char, at = decoded
        out.append(char)
    return "".join(out), len(text), False


def _unicode(text: str, at: int) -> tuple[str, int] | None:
    r"""The character a ``\uXXXX`` escape (or a surrogate pair of them) at ``at`` stands for.

    None when the text ends before the escape does; a malformed or unpaired
    escape stands for U+FFFD, as nothing unprintable may reach the screen.
    """
    value = _hex(text[at + 2 : at + 6])
    if value is None:
        return None if len(text) < at + 6 else (_REPLACEMENT, at + 2)
    if not _HIGH <= value < _LOW:
        return (_REPLACEMENT if _LOW <= value < _END else chr(value)), at + 6
    pair = text[at + 6 : at + 12]
    low = _hex(pair[2:]) if pair.startswith("\\u") else None
    if low is not None and _LOW <= low < _END:
        return chr(0x10000 + ((value - _HIGH) << 10) + (low - _LOW)), at + 12
    if len(pair) < 6 and "\\u".startswith(pair[:2]) and all(d in _HEX for d in pair[2:]):
        return None  # the low half may still be on its way
    return _REPLACEMENT, at + 6


def _hex(digits: str) -> int | None:
    if len(digits) != 4 or any(d not in _HEX for d in digits):
        return None
    return int(digits, 16)


def _value_end(text: str, at: int) -> int | None:
    """Where the value starting at ``at`` ends, or None if the text stops first."""
    depth = 0
    while at < len(text):
        char = text[at]
        if char == '"':
            _, at, closed = _string(text, at + 1)
            if not closed:
                return None
            if depth == 0:
                return at
            continue
        if char in "[{":
            depth += 1
        elif char in "]}":
            if depth == 0:
                return at  # the end of the enclosing object: the value was a bare scalar
            depth -= 1
            if depth == 0:
                return at + 1
        elif char == "," and depth == 0:
            return at
        at += 1
    return None
