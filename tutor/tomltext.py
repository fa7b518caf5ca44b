"""TOML text from files tutor did not write alone: quiz files, course.toml, config, progress.

Every reader reports a bad file the same way, with the line where tomllib
stopped, so that the learner can open the file at that line. Two inputs get
a sentence of their own because tomllib's reaction to them is no help: a
file that starts with a byte order mark (some Windows editors add one; it is
skipped, as TOML tools commonly do), values nested so deeply that the
parser runs out of stack (a RecursionError, a traceback in every command),
and whole numbers of thousands of digits (Python refuses to convert them).
"""

from __future__ import annotations

import re
import sys
import tomllib
from typing import Any

BOM = "\ufeff"
_AT = re.compile(r"\s*\(at line (\d+), column (\d+)\)$")
_AT_END = re.compile(r"\s*\(at end of document\)$")


class TomlError(ValueError):
    """Why a TOML text cannot be read, and on which line (None when no line says)."""

    def __init__(self, message: str, line: int | None = None, column: int | None = None) -> None:
        super().__init__(message)
        self.message, self.line, self.column = message, line, column

    def at(self, path: object) -> str:
        """``path:line: message``, the way compilers point at a line."""
        where = path if self.line is None else f"{path}:{self.line}"
        return f"{where}: {self.message}"

    def __str__(self) -> str:
        if self.line is None:
            return self.message
        if self.column is None:
            return f"line {self.line}: {self.message}"
        return f"line {self.line}, column {self.column}: {self.message}"


def without_bom(text: str) -> str:
    """``text`` without the byte order mark an editor may have put before it."""
    return text.removeprefix(BOM)


def toml_error(error: ValueError | RecursionError, text: str) -> TomlError:
    """tomllib's complaint about ``text`` as a :class:`TomlError`: message, line and column."""
    if isinstance(error, RecursionError):
        return TomlError("values nested too deeply (arrays or tables inside each other)")
    if not isinstance(error, tomllib.TOMLDecodeError):  # Python's limit on digits
        limit = sys.get_int_max_str_digits()
        found = re.search(rf"\d{{{limit + 1},}}", text)
        if found is None:
            return TomlError(str(error))
        line = text.count("\n", 0, found.start()) + 1
        return TomlError(f"a number too long to read (more than {limit} digits)", line)
    message = str(error)
    where = _AT.search(message)
    if where is None:  # "at end of document": the last line is where the text stops short
        end = text.count("\n", 0, len(text.rstrip())) + 1 if _AT_END.search(message) else None
        return TomlError(f"TOML syntax error: {message}", end)
    line, column = map(int, where.groups())
    return TomlError(f"TOML syntax error: {message[: where.start()]}", line, column)


def read_toml(text: str) -> dict[str, Any]:
    """The document in ``text``; raises :class:`TomlError`."""
    try:
        return tomllib.loads(without_bom(text))
    except (ValueError, RecursionError) as error:
        raise toml_error(error, text) from None
