"""Find a course's files on disk and read them safely.

Walking a notes folder must survive what real vaults hold: symlink loops,
broken links, binary files with a ``.md`` name, non-UTF-8 text and huge
files. Each becomes a :class:`Problem` naming the file; the walk goes on.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from tutor.course.naming import natural_key
from tutor.course.problems import Problem, warning

NOTE_SUFFIXES = (".md", ".markdown")
QUIZ_SUFFIX = ".quiz.toml"
COURSE_FILE = "course.toml"
MAX_NOTE_BYTES = 8 * 1024 * 1024


class UnreadableFile(Exception):
    """A file that cannot be used as text; carries the problem to report."""

    def __init__(self, problem: Problem) -> None:
        super().__init__(str(problem))
        self.problem = problem


@dataclass(slots=True)
class Folder:
    """A folder of the course: its notes and non-empty sub-folders, in natural name order."""

    path: Path
    items: list[Path | Folder] = field(default_factory=list)

    def notes(self) -> list[Path]:
        """Every note in this folder and below it."""
        found: list[Path] = []
        for item in self.items:
            found.extend(item.notes() if isinstance(item, Folder) else [item])
        return found


@dataclass(slots=True)
class Sources:
    """The files that make up a course."""

    root: Folder
    quizzes: list[Path] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)


def is_note(path: Path) -> bool:
    return path.suffix.lower() in NOTE_SUFFIXES


def find_sources(folder: Path) -> Sources:
    """Walk ``folder`` recursively, following links but never around a loop."""
    sources = Sources(root=Folder(folder))
    _walk(sources.root, sources, ancestors=(), seen=set())
    return sources


def _walk(
    node: Folder,
    sources: Sources,
    ancestors: tuple[tuple[int, int], ...],
    seen: set[tuple[int, int]],
) -> None:
    try:
        stat = node.path.stat()
        entries = sorted(os.scandir(node.path), key=lambda entry: natural_key(entry.name))
    except OSError as error:
        sources.problems.append(Problem(node.path, None, f"cannot read folder: {error.strerror}"))
        return
    identity = (stat.st_dev, stat.st_ino)
    seen.add(identity)
    ancestors = (*ancestors, identity)
    for entry in entries:
        if entry.name.startswith("."):
            continue
        path = Path(entry.path)
        try:
            is_dir = entry.is_dir()  # follows symlinks
            is_file = entry.is_file()
        except OSError as error:
            sources.problems.append(Problem(path, None, f"cannot read: {error.strerror}"))
            continue
        if entry.is_symlink() and not (is_dir or is_file):
            if is_note(path) or path.name.endswith(QUIZ_SUFFIX):
                sources.problems.append(
                    warning(path, None, "broken symbolic link; fix or remove it")
                )
            continue
        if is_dir:
            target = os.stat(path)
            target_id = (target.st_dev, target.st_ino)
            if target_id in ancestors:
                sources.problems.append(
                    Problem(
                        path,
                        None,
                        f"symbolic link loop (points back to {os.path.realpath(path)});"
                        " skipped, remove the link",
                    )
                )
            elif target_id not in seen:
                child = Folder(path)
                _walk(child, sources, ancestors, seen)
                if child.items:
                    node.items.append(child)
        elif is_file and entry.name.endswith(QUIZ_SUFFIX):
            sources.quizzes.append(path)
        elif is_file and is_note(path):
            node.items.append(path)


def read_text(path: Path, limit: int = MAX_NOTE_BYTES) -> str:
    """Read a UTF-8 text file, or raise :class:`UnreadableFile` saying what to do."""
    try:
        size = path.stat().st_size
        if size > limit:
            raise UnreadableFile(
                Problem(
                    path,
                    None,
                    f"file is too large ({size / 1e6:.1f} MB; the limit is"
                    f" {limit / 1e6:.0f} MB): split it into smaller notes",
                )
            )
        data = path.read_bytes()
    except OSError as error:
        raise UnreadableFile(Problem(path, None, f"cannot read: {error.strerror}")) from error
    if b"\0" in data:
        raise UnreadableFile(
            Problem(path, None, "looks like a binary file, not text; rename or remove it")
        )
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        raise UnreadableFile(
            Problem(
                path,
                line,
                f"not UTF-8 text (byte 0x{data[error.start]:02x} at offset {error.start});"
                " re-save the file as UTF-8",
            )
        ) from error
    return text.removeprefix("\ufeff")
