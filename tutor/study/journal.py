"""The journal: what was saved since the progress file was last rewritten, one save at a time.

Rewriting a progress file of 10,000 cards (some 20 MB) after every answer
takes far longer than an answer should. So a save appends only the records
it changed to ``progress.journal.toml`` beside the progress file, and the
progress file itself (the snapshot) is rewritten only now and then, when the
journal has grown (:data:`COMPACT_AT`) or holds a part that cannot be read.
Each save is one table, numbered in order, in the snapshot's own layout::

    [save.7]
    last_course = "/home/me/notes"

    [save.7.courses.ml-concepts]
    path = "/home/me/notes"

    [save.7.courses.ml-concepts.questions]
    backprop-chain-rule = { attempts = 3, ..., card = { ... }, log = [...] }

A save holds each changed record whole, so reading the journal replaces the
snapshot's records by the journal's, save after save (see :func:`replay`). It
also holds the tombstones of the answers taken back (``[save.N.courses.X.undone]``),
which take those answers out of the snapshot's records (a question whose first
answer was taken back has no record left to save);
replaying a save twice (a rewrite of the snapshot killed before the journal
was removed) changes nothing. The journal is read with the snapshot's fast reader, so its question
lines are decoded only when used.

A save is appended with one write and flushed to disk; if the write fails
the journal is cut back to what it was, so a half-written save never stays.
A part that cannot be read all the same (a power cut mid-write, a hand edit)
costs only that part: the saves around it are read, and the whole journal is
kept aside, byte for byte, when the snapshot is next rewritten. A byte order
mark before it (a sync tool or an editor may add one) is skipped, as the
snapshot's is.
"""

from __future__ import annotations

import codecs
import os
import re
from collections.abc import Iterable
from contextlib import suppress
from dataclasses import dataclass, field
from pathlib import Path

from tutor.files import Signature, file_signature
from tutor.study.cards import CardScheduler
from tutor.study.changes import Touched
from tutor.study.merge import merge_progress
from tutor.study.progress_format import (
    Loaded,
    Unreadable,
    decode,
    record_readers,
    statement_of,
    undone_lines,
)
from tutor.study.records import CourseProgress, Progress
from tutor.study.tomlread import LineReader, Parsed, Section
from tutor.study.tomlread import parse as parse_toml
from tutor.study.tomlwrite import header, statement
from tutor.tomltext import TomlError, toml_error, without_bom

COMPACT_AT = 1 << 20
"""Journal size (bytes) from which the snapshot is rewritten: some 500 answers with full
logs, which the fast reader still reads in a few milliseconds."""

_PREAMBLE = (
    "# Progress saved since progress.toml was last rewritten, one [save.N] per save.\n"
    "# tutor folds it into progress.toml from time to time; do not edit it while tutor runs.\n"
)
_SAVE_START = re.compile(r"^\[save\.([0-9]+)[.\]]", re.MULTILINE)
_SAVE_HEADER = re.compile(rb"^\[save\.[0-9]+[.\]]", re.MULTILINE)


def looks_like_journal(data: bytes) -> bool:
    """Whether a file's bytes are a journal's (a ``[save.N]`` header on a line of its own)
    rather than a progress file's."""
    return _SAVE_HEADER.search(data.removeprefix(codecs.BOM_UTF8)) is not None


def journal_path(path: Path) -> Path:
    """The journal beside the progress file ``path``: ``progress.journal.toml``."""
    return path.with_name(f"{path.stem}.journal{path.suffix}")


def _readers(section: Section) -> tuple[LineReader, ...]:
    """A save's records read as the snapshot's are: ``save.N`` and then the snapshot's path."""
    if len(section) > 2 and section[0] == "save":
        return tuple(record_readers(section[2:]))
    return ()


@dataclass
class Journal:
    """The saves read from a journal, in order, and the first problem, if a part could not
    be read."""

    saves: list[Loaded] = field(default_factory=list)
    next_number: int = 1
    problem: TomlError | None = None


def read_journal(text: str) -> Journal:
    """The saves in a journal's ``text``. Never raises: what cannot be read is named in
    :attr:`Journal.problem` (with its line) and left out.
    """
    journal = Journal()
    text = without_bom(text)
    try:
        document = parse_toml(text, _readers).document
        saves = _saves(document, text)
    except (ValueError, RecursionError):
        saves = None
    if saves is not None:
        journal.saves = [loaded for _, loaded in saves]
        journal.next_number = max((number for number, _ in saves), default=0) + 1
        return journal
    for start, end, number in _parts(text):  # one save at a time, to keep what can be read
        journal.next_number = max(journal.next_number, number + 1)
        part = text[start:end]
        line = text.count("\n", 0, start)
        try:
            document = parse_toml(part, _readers).document
            part_saves = _saves(document, part)
        except (ValueError, RecursionError) as error:
            found = toml_error(error, part)
            if journal.problem is None:  # with no line named, the save's end is cut off
                where = (found.line or part.count("\n", 0, len(part.rstrip())) + 1) + line
                journal.problem = TomlError(found.message, where, found.column)
            continue
        if part_saves is None:
            if journal.problem is None:
                journal.problem = TomlError("not a save tutor wrote", line + 1)
            continue
        journal.saves += [loaded for _, loaded in part_saves]
    return journal


def _saves(document: dict[str, object], text: str) -> list[tuple[int, Loaded]] | None:
    """The numbered saves in a journal document, in order; None if it is not a journal."""
    saves = document.get("save", {})
    if set(document) - {"save"} or type(saves) is not dict:
        return None
    if not all(number.isdigit() and type(value) is dict for number, value in saves.items()):
        return None
    try:
        return sorted(
            (int(number), decode(Parsed(value, {}, text))) for number, value in saves.items()
        )
    except Unreadable:
        return None


def _parts(text: str) -> Iterable[tuple[int, int, int]]:
    """Where each save's text starts and ends, and its number; what precedes the first
    save (the preamble) is part of it."""
    starts: list[tuple[int, int]] = []
    for found in _SAVE_START.finditer(text):
        number = int(found.group(1))
        if not starts or starts[-1][1] != number:
            starts.append((found.start(), number))
    if not starts:
        starts = [(0, 0)]
    bounds = [0, *(start for start, _ in starts[1:]), len(text)]
    for (_, number), start, end in zip(starts, bounds[:-1], bounds[1:], strict=True):
        yield start, end, number


def replay(progress: Progress, save: Progress, scheduler: CardScheduler) -> None:
    """Put a save's records into ``progress``. A record that holds everything ours does
    (our record, saved again later: the usual case) replaces it; one that does not (a
    journal from another machine, brought back by a sync tool) is merged with it, so
    that a journal read twice, or read after its saves were folded in, loses nothing.
    """
    merge_progress(progress, save, scheduler, later=True)


def save_text(number: int, progress: Progress, touched: Iterable[Touched]) -> str:
    """The text of save ``number``: the records ``touched``, as they are in ``progress``
    (a course's own fields, and the course opened last, only when they were touched).
    """
    by_course: dict[str, dict[str | None, dict[str, None]]] = {}
    for course_id, section, record_id in touched:
        sections = by_course.setdefault(course_id, {})
        sections.setdefault(section, {})[record_id or ""] = None
    save = ("save", str(number))
    out: list[str] = []
    if progress.last_course is not None and any(None in s for s in by_course.values()):
        out += [header(save), statement("last_course", progress.last_course)]
    for course_id, sections in by_course.items():
        course = progress.courses.get(course_id)
        if course is not None:
            out += _course_lines((*save, "courses", course_id), course, sections)
    return "\n" + "\n".join(out) + "\n"


def _course_lines(
    where: Section, course: CourseProgress, sections: dict[str | None, dict[str, None]]
) -> list[str]:
    out = []
    if None in sections:
        out.append(header(where))
        for name, value in (("path", course.path), ("last_topic", course.last_topic)):
            if value is not None:
                out.append(statement(name, value))
    for name in ("topics", "questions"):
        records = getattr(course, name)
        ids = sections.get(name, {})
        lines = [statement_of(key, records[key]) for key in ids if key in records]
        if lines:
            out += [header((*where, name)), *lines]
    out += undone_lines(where, course.undone, sections.get("undone", {}))
    return out


def append(path: Path, text: str) -> Signature:
    """Add ``text`` to the end of the journal at ``path`` and flush it to disk; returns the
    journal's new signature. A new journal starts with a word on what it is.
    If the write fails (a full disk) the journal is cut back to its size before, so no
    half a save is left in it, and OSError is raised.
    """
    data = text.encode("utf-8")
    fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
    try:
        size = os.fstat(fd).st_size
        if size == 0:
            data = _PREAMBLE.encode("utf-8") + data
        try:
            written = 0
            while written < len(data):
                written += os.write(fd, data[written:])
            os.fsync(fd)
        except OSError:
            with suppress(OSError):  # what was written is then read as unreadable, kept aside
                os.ftruncate(fd, size)
            raise
        return file_signature(fd)
    finally:
        os.close(fd)
