"""Writing TOML one line at a time: keys, values, ``key = value`` statements and headers.

tomli-w lays every nested table out as its own ``[a.b.c]`` section and takes
about 0.3 s for 10,000 records; the progress file puts each record on one
line as an inline table instead (readable, and fast to read back; see
:mod:`tutor.study.tomlread`). These functions write any value tomllib can
return, so unknown data read from a file can always be written back.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

_BARE_KEY = re.compile(r"[A-Za-z0-9_-]+")
# What a TOML basic string cannot hold as is: the quote, the backslash and
# control characters (tab is allowed, but escaped too so that lines stay plain).
_NEEDS_ESCAPE = re.compile(r'["\\\x00-\x1f\x7f]')
_SHORT_ESCAPES = {
    '"': '\\"',
    "\\": "\\\\",
    "\b": "\\b",
    "\t": "\\t",
    "\n": "\\n",
    "\f": "\\f",
    "\r": "\\r",
}


def _escape(match: re.Match[str]) -> str:
    char = match.group()
    return _SHORT_ESCAPES.get(char) or f"\\u{ord(char):04X}"


def string(text: str) -> str:
    """``text`` as a TOML basic string (one line, whatever it holds)."""
    if _NEEDS_ESCAPE.search(text) is None:
        return f'"{text}"'
    return '"' + _NEEDS_ESCAPE.sub(_escape, text) + '"'


def key(name: str) -> str:
    """``name`` as a TOML key: bare when it can be, quoted otherwise."""
    return name if _BARE_KEY.fullmatch(name) else string(name)


def dotted(path: Iterable[str]) -> str:
    """A path of keys as TOML writes it: ``a."b c".d``."""
    return ".".join(key(name) for name in path)


def header(path: Iterable[str]) -> str:
    """The ``[a."b c".d]`` line that opens the table at ``path``."""
    return f"[{dotted(path)}]"


def statement(name: str, value: Any) -> str:
    """One ``key = value`` line."""
    return f"{key(name)} = {inline(value)}"


def inline(value: Any) -> str:
    """``value`` as TOML on one line; tables become inline tables.

    Raises TypeError for a value TOML has no form for (None, say).
    """
    if isinstance(value, str):
        return string(value)
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return _float(value)
    if isinstance(value, datetime):
        return _datetime(value)
    if isinstance(value, date | time) and getattr(value, "tzinfo", None) is None:
        return value.isoformat()
    if isinstance(value, dict):
        if not value:
            return "{}"
        return "{ " + ", ".join(statement(name, item) for name, item in value.items()) + " }"
    if isinstance(value, list | tuple):
        return "[" + ", ".join(inline(item) for item in value) + "]"
    raise TypeError(f"TOML has no form for {value!r}")


def _float(number: float) -> str:
    if math.isnan(number):
        return "nan"
    if math.isinf(number):
        return "inf" if number > 0 else "-inf"
    return repr(number)  # always has a '.' or an exponent, as TOML floats need


def _datetime(moment: datetime) -> str:
    offset = moment.utcoffset()
    if offset is None:
        return moment.isoformat()  # a local date-time
    if offset % timedelta(minutes=1):
        moment, offset = moment.astimezone(UTC), timedelta(0)  # TOML offsets are whole minutes
    if offset:
        return moment.isoformat()
    return moment.replace(tzinfo=None).isoformat() + "Z"
