"""The quiz file ``tutor generate`` writes for a note: where it goes, what it holds, saving it.

One file per note, ``<note>.generated.quiz.toml`` beside it, or in the user
data folder when the notes folder cannot be written (see
:mod:`tutor.course.generated`, which is also how the loader finds it). Its
first line says who wrote it; a file at that place without that line is
someone's own and is never touched.

The file is rewritten whole after every topic, atomically, so that stopping
at any moment (Ctrl+C, a crash, a dead server) leaves a valid file with
every topic finished so far, which is also how a later run knows what to
skip. Questions the learner edited stay as edited; comments are not kept.
"""

from __future__ import annotations

import errno
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import tomli_w

from tutor.course import Course
from tutor.course.generated import QuizFile, generated_beside, generated_stored
from tutor.course.loader import TopicIndex
from tutor.course.quiz import ResolveError
from tutor.course.sources import UnreadableFile, read_text
from tutor.files import write_atomically
from tutor.tomltext import TomlError, read_toml

MARK = "# Written by `tutor generate`"
HEADER = f"""{MARK}: questions a local model wrote from the note of the same name.
# Edit or delete them freely. `tutor generate` rewrites this file when it adds questions
# (comments are not kept), and skips the topics it already has unless given --force.

"""

_READ_ONLY = (errno.EACCES, errno.EPERM, errno.EROFS)


class StoreError(Exception):
    """The note's generated file cannot be used; the message says why and what to do."""


@dataclass(slots=True)
class GeneratedFile:
    """The questions generated so far for one note, as quiz-file tables."""

    note: Path
    path: Path
    fallback: Path | None  # where to write instead if ``path`` turns out to be read-only
    tables: list[dict[str, Any]] = field(default_factory=list)

    @classmethod
    def open(cls, course: Course, note: Path) -> GeneratedFile:
        """The note's generated file: the existing one (beside the note first), or a new one."""
        folder = course.root if course.root.is_dir() else course.root.parent
        beside, stored = generated_beside(note), generated_stored(note, folder, course.id)
        for path in (beside, stored):
            if path.is_file():
                return cls(note, path, None, _read(path))
        return cls(note, beside, stored)

    @property
    def quiz(self) -> QuizFile:
        """The file as the loader reads it: beside (or for) its note."""
        return QuizFile(self.path, self.note.with_suffix(""))

    def resolver(self, index: TopicIndex) -> Callable[[str], str | ResolveError]:
        """Resolves a ``topic`` written in this file as the loader will when reading it."""
        return index.resolver(self.quiz)

    def topic_ids(self, resolve: Callable[[str], str | ResolveError]) -> list[str | None]:
        """The id of the topic each table names (None where it names none)."""
        ids: list[str | None] = []
        for table in self.tables:
            spec = table.get("topic")
            found = resolve(spec) if isinstance(spec, str) else None
            ids.append(found if isinstance(found, str) else None)
        return ids

    def put(
        self,
        topic_id: str,
        tables: list[dict[str, Any]],
        resolve: Callable[[str], str | ResolveError],
    ) -> None:
        """Make ``tables`` the file's questions on the topic, replacing any it had."""
        owners = self.topic_ids(resolve)
        kept = [
            table for table, owner in zip(self.tables, owners, strict=True) if owner != topic_id
        ]
        self.tables = kept + tables

    def save(self) -> Path:
        """Write the file atomically; a read-only notes folder sends it to the user data folder."""
        data = (HEADER + tomli_w.dumps({"question": self.tables})).encode("utf-8")
        try:
            write_atomically(self.path, data)
        except OSError as error:
            if self.fallback is None or error.errno not in _READ_ONLY:
                raise
            self.path, self.fallback = self.fallback, None
            self.path.parent.mkdir(parents=True, exist_ok=True)
            write_atomically(self.path, data)
        return self.path


def _read(path: Path) -> list[dict[str, Any]]:
    """The tables of a generated file; :class:`StoreError` if it is not one or is broken."""
    try:
        text = read_text(path)
    except UnreadableFile as unreadable:
        raise StoreError(str(unreadable.problem)) from None
    if not text.startswith(MARK):
        raise StoreError(
            f"{path}: not written by tutor generate (its first line is not {MARK!r});"
            " left alone: rename it to keep it, or delete it"
        )
    try:
        questions = read_toml(text).get("question", [])
    except TomlError as error:
        raise StoreError(f"{error.at(path)}; fix or delete the file") from None
    if not isinstance(questions, list) or not all(isinstance(t, dict) for t in questions):
        raise StoreError(f"{path}: `question` is not a list of tables; fix or delete the file")
    return questions
