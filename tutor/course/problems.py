"""Problems found in a course's files, reported as ``file:line: message``."""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum
from pathlib import Path


class Severity(Enum):
    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True, slots=True)
class Problem:
    """One thing wrong with an input file, precise enough for an author to fix it."""

    path: Path
    line: int | None
    message: str
    severity: Severity = Severity.ERROR

    @property
    def is_error(self) -> bool:
        return self.severity is Severity.ERROR

    def location(self) -> str:
        return f"{self.path}:{self.line}" if self.line else str(self.path)

    def __str__(self) -> str:
        prefix = "" if self.is_error else "warning: "
        return f"{self.location()}: {prefix}{self.message}"


def warning(path: Path, line: int | None, message: str) -> Problem:
    return Problem(path, line, message, Severity.WARNING)


class CourseError(Exception):
    """The course cannot be opened at all (no such path, no notes in it)."""
