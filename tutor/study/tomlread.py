"""A fast reader for the TOML tutor writes, giving exactly what tomllib gives.

tomllib is pure Python and needs well over half a second for 10,000 one-line
records: too slow for start-up. This reader goes line by line instead. A line
a :class:`LineReader` recognises (the exact layout tutor's writer gives a
record) is decoded by that reader, typically with one regular expression; any
other line (a header, a comment, ``schema = 2``, a record edited by hand)
goes to tomllib on its own. Whatever a line-by-line reading cannot decide
exactly (a string or array over several lines, ``[[array tables]]``, a key
or table defined twice, a value that may be invalid) sends the whole text to
tomllib, so the result, or the error and its line number, is tomllib's.

Each section (``[header]``) has its own readers. A :class:`Shape` reader
gives the very table tomllib would; a reader may instead give an object that
stands for the line and decodes it later (the progress file's question
records do: see :mod:`tutor.study.recordlines`), so that what tomllib would
make of that line, or refuse in it, is left to that object.

It also returns where each statement's line is in the text, so that a record
that is not changed can be written back as it was read (see
:class:`tutor.study.progress_format.LineCache`). Lines are not copied out of the text
unless they need reading the general way: a progress file of 10,000 cards is
some 20 MB, and copying it line by line would take a third of the time that
loading it may.
"""

from __future__ import annotations

import operator
import re
import tomllib
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Protocol

Table = dict[str, Any]
Section = tuple[str, ...]
Span = tuple[int, int]  # where a line starts and ends in the text


class NeedsTomllib(Exception):
    """The text holds something only tomllib's reading of the whole document can decide."""


_PLAIN = r'[^"\\\x00-\x08\x0a-\x1f\x7f]*'
_BASIC_STRING = rf'"{_PLAIN}(?:\\(?:[btnfr"\\]|u[0-9A-Fa-f]{{4}}|U[0-9A-Fa-f]{{8}}){_PLAIN})*"'
_ESCAPE = re.compile(r'\\(?:([btnfr"\\])|u([0-9A-Fa-f]{4})|U([0-9A-Fa-f]{8}))')
_SHORT = {"b": "\b", "t": "\t", "n": "\n", "f": "\f", "r": "\r", '"': '"', "\\": "\\"}


def _unescape_one(match: re.Match[str]) -> str:
    short, hex4, hex8 = match.groups()
    if short:
        return _SHORT[short]
    code = int(hex4 or hex8, 16)
    if 0xD800 <= code <= 0xDFFF or code > 0x10FFFF:
        raise NeedsTomllib  # not a Unicode scalar value: tomllib reports the error
    return chr(code)


def _string(token: str) -> str:
    text = token[1:-1]
    return _ESCAPE.sub(_unescape_one, text) if "\\" in text else text


def _number(token: str) -> int | float:
    return float(token) if "." in token or "e" in token or "E" in token else int(token)


def _utc_datetime(token: str) -> datetime:
    try:
        return datetime.fromisoformat(token)
    except ValueError:
        raise NeedsTomllib from None  # e.g. month 13


@dataclass(frozen=True)
class Kind:
    """A kind of value a shape's field holds: a regular expression (with no groups)
    matching a subset of TOML's syntax for it, and how to turn the match into a value.
    """

    pattern: str
    convert: Callable[[str], Any]


INTEGER = Kind(r"-?(?:0|[1-9][0-9]*)", int)
COUNT = Kind(r"0|[1-9][0-9]*", int)  # an integer ≥ 0
NUMBER = Kind(r"-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?", _number)
STRING = Kind(_BASIC_STRING, _string)
UTC_DATETIME = Kind(
    r"[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}(?:\.[0-9]{1,6})?Z", _utc_datetime
)


def _key(token: str) -> str:
    return _string(token) if token[0] == '"' else token


KEY = Kind(rf"[A-Za-z0-9_-]+|{_BASIC_STRING}", _key)


class LineReader(Protocol):
    def match(self, text: str, start: int, end: int) -> tuple[str, Any] | None:
        """The key and value of the line ``text[start:end]`` if it is one this reader
        decodes, else None (the line is then read the general way). May raise
        :class:`NeedsTomllib`.
        """
        ...


class Shape:
    """A record on one line: ``key = { field = value, ... }``, fields in this order,
    spaced exactly as :func:`tutor.study.tomlwrite.statement` spaces them.
    """

    def __init__(self, *fields: tuple[str, Kind]) -> None:
        body = ", ".join(f"{re.escape(name)} = ({kind.pattern})" for name, kind in fields)
        self._regex = re.compile(rf"({KEY.pattern}) = \{{ {body} \}}[ \t]*")
        self._names = [name for name, _ in fields]
        self._converters = [kind.convert for _, kind in fields]

    def match(self, text: str, start: int, end: int) -> tuple[str, Table] | None:
        """The line's key and table, or None if the line is not in this shape."""
        found = self._regex.fullmatch(text, start, end)
        if found is None:
            return None
        key, *tokens = found.groups()
        values = map(operator.call, self._converters, tokens)
        return _key(key), dict(zip(self._names, values, strict=True))


@dataclass(frozen=True)
class Parsed:
    """A TOML document, its text, and where in the text each statement's line is, by
    section (the ``[header]`` path it sits under; ``()`` for the top). ``lines`` is
    empty when the document needed tomllib's whole reading.
    """

    document: Table
    lines: dict[Section, dict[str, Span]]
    text: str

    def line(self, section: Section, name: str) -> str:
        start, end = self.lines[section][name]
        return self.text[start:end]


Readers = Callable[[Section], Sequence[LineReader]]
"""The readers for the lines of a section (the ``[header]`` path they sit under)."""


def _no_readers(section: Section) -> Sequence[LineReader]:
    return ()


def parse(text: str, readers: Readers = _no_readers) -> Parsed:
    """Read TOML ``text``, fast for lines one of their section's ``readers`` decodes.

    Raises tomllib.TOMLDecodeError for invalid TOML, exactly as tomllib.loads.
    """
    try:
        return _parse_lines(text, readers)
    except NeedsTomllib:
        return Parsed(tomllib.loads(text), {}, text)


def _parse_lines(text: str, readers: Readers) -> Parsed:
    root: Table = {}
    opened = {id(root)}  # tables made by [headers]: the only ones a later header may go into
    table: Table = root
    section_lines: dict[str, Span] = {}
    lines: dict[Section, dict[str, Span]] = {(): section_lines}
    section_readers = readers(())
    for start, end in _lines(text):
        if start == end:
            continue
        for reader in section_readers:
            found = reader.match(text, start, end)
            if found is not None:
                name, value = found
                break
        else:
            line = text[start:end]
            if not line.strip(" \t"):
                continue
            if line.lstrip(" \t").startswith("["):
                section = _header_path(line)
                table = _open_table(root, opened, section)
                section_lines = lines[section] = {}
                section_readers = readers(section)
                continue
            statement = _alone(line)
            if not statement:
                continue  # a comment
            ((name, value),) = statement.items()
        if name in table:
            raise NeedsTomllib  # defined twice (or extended by dotted keys)
        table[name] = value
        section_lines[name] = (start, end)
    return Parsed(root, lines, text)


def _lines(text: str) -> Iterator[Span]:
    """Where each line of ``text`` starts and ends. A line's end leaves out the CR of a
    CRLF; a CR anywhere else (the very end included) is left for tomllib to refuse.
    """
    start = 0
    while (newline := text.find("\n", start)) >= 0:
        end = newline - 1 if newline > start and text[newline - 1] == "\r" else newline
        yield start, end
        start = newline + 1
    yield start, len(text)


def _alone(line: str) -> Table:
    """The line read by tomllib on its own. A line that is not a whole statement by
    itself (the start of a multi-line string, say) needs the whole document.
    """
    try:
        return tomllib.loads(line)
    except tomllib.TOMLDecodeError:
        raise NeedsTomllib from None


def _header_path(line: str) -> Section:
    """The keys of a ``[a.b]`` header line; ``[[array tables]]`` need tomllib."""
    path = []
    node: Any = _alone(line)
    while node:
        ((name, node),) = node.items()
        if type(node) is not dict:
            raise NeedsTomllib
        path.append(name)
    return tuple(path)


def _open_table(root: Table, opened: set[int], path: Section) -> Table:
    """Create the table a header names, as tomllib would, or defer anything subtler."""
    table = root
    for name in path[:-1]:
        child = table.get(name)
        if child is None:
            child = table[name] = {}
            opened.add(id(child))
        elif id(child) not in opened:
            raise NeedsTomllib  # a table made by a key = value, or not a table at all
        table = child
    if path[-1] in table:
        raise NeedsTomllib  # a table already there, made explicitly or implicitly
    new = table[path[-1]] = {}
    opened.add(id(new))
    return new
