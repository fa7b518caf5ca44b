"""The progress file's layout: bytes on disk to :class:`Progress` and back.

One record per line, grouped by course, so the file stays readable::

    schema = 2
    last_course = "/home/me/notes"

    [courses.ml-concepts]
    path = "/home/me/notes"
    last_topic = "ml-concepts/neural-networks/backpropagation"

    [courses.ml-concepts.topics]
    "ml-concepts/neural-networks/backpropagation" = { read = 2026-11-26T06:45:00Z }

    [courses.ml-concepts.questions]
    backprop-chain-rule = { attempts = 2, ..., card = { due = ..., ... }, log = [...] }

Schema 2 added a question's FSRS ``card`` and its review ``log`` (see
:mod:`tutor.study.cards`); a schema-1 file reads as it is, its questions simply have no
card yet (they get one at their next review), and is written as schema 2.

A course's answers taken back (``u``) leave their times, per question, after its
records (see :attr:`CourseProgress.undone`)::

    [courses.ml-concepts.undone]
    backprop-chain-rule = [2026-11-26T06:50:12Z]

A file without that table is a file in which nothing was taken back, so files from
before it read as they are, and an older tutor keeps the table as a key it does not know.

A wrong type in the layout itself (``courses`` not a table, a ``path`` that
is a number) makes the whole file :class:`Unreadable`; a damaged record only
costs that record, which is kept as it was (see :class:`CourseProgress`).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from tutor.study.merge import join_undone
from tutor.study.record_layout import DamagedRecord, moment
from tutor.study.recordlines import QuestionLine
from tutor.study.recordmap import QuestionRecords, UnreadRecord
from tutor.study.records import CourseProgress, Progress, QuestionRecord, TopicRecord
from tutor.study.tomlread import UTC_DATETIME, LineReader, Parsed, Section, Shape, Span
from tutor.study.tomlread import parse as parse_toml
from tutor.study.tomlwrite import dotted, header, statement
from tutor.tomltext import toml_error, without_bom

SCHEMA = 2
_PREAMBLE = [
    "# What you have read and answered in tutor, by course, keyed by topic and question id.",
    "# Answers go first to progress.journal.toml beside it; tutor folds that in now and then",
    "# and rewrites this file (comments are not kept).",
]

# The layouts tutor writes records in, each read with one regular expression
# per line. A record in another layout still reads correctly, through tomllib,
# but some twenty times slower: give a reader to any layout most records take.
_READERS: dict[str, tuple[LineReader, ...]] = {
    "questions": (QuestionLine(),),
    "topics": (Shape(("read", UTC_DATETIME)),),
}


def record_readers(section: Section) -> tuple[LineReader, ...]:
    """The fast readers for a section's lines: a course's records, and nothing else
    (a question line is kept undecoded, which only a question record may be).
    """
    if len(section) == 3 and section[0] == "courses":
        return _READERS.get(section[2], ())
    return ()


class Unreadable(ValueError):
    """The file is not a progress file at all (not UTF-8, not TOML, a wrong layout)."""


class NewerSchema(Exception):
    """The file was written by a newer tutor, in a layout this one does not know."""

    def __init__(self, version: int) -> None:
        super().__init__(f"schema {version}")
        self.version = version


class LineCache:
    """The text of each record's line, reused while the record is the same object.

    Records are immutable, so the same object means the same data; saving
    10,000 records then formats only those that changed. Lines read from the
    file count too: an untouched record is written back exactly as it was
    read. Those stay where they are in the file's text (``source``) and are
    copied out only to be written, a run of consecutive ones in one piece:
    a file of 10,000 cards is some 20 MB, which line by line copies slowly.
    """

    def __init__(self, source: str = "") -> None:
        self._source = source
        # section -> (the objects the lines were made for, the lines or their spans), by name
        self._sections: dict[Section, tuple[dict[str, object], dict[str, str | Span]]] = {}

    def remember(
        self, section: Section, values: dict[str, object], lines: Mapping[str, str | Span]
    ) -> None:
        """``lines`` (or their spans in the source) were read for ``values`` (copied here,
        as the caller will change them).
        """
        self._sections[section] = (dict(values), dict(lines))

    def render(self, section: Section, entries: dict[str, object]) -> list[str]:
        """The ``name = value`` lines of the entries, in order; several consecutive lines
        of the source may come as one string. Only these are remembered afterwards.
        """
        values, lines = self._sections.get(section, ({}, {}))
        source = self._source
        kept: dict[str, str | Span] = {}
        out: list[str] = []
        run_start = run_end = -2  # consecutive lines of the source, not copied yet
        for name, value in entries.items():
            line = lines.get(name)
            if line is None or values.get(name) is not value:
                line = value.line if type(value) is UnreadRecord else statement_of(name, value)
            kept[name] = line
            if isinstance(line, str):
                if run_end >= 0:
                    out.append(source[run_start:run_end])
                    run_end = -2
                out.append(line)
                continue
            start, end = line
            if start == run_end + 1 and source[run_end] == "\n":
                run_end = end
                continue
            if run_end >= 0:
                out.append(source[run_start:run_end])
            run_start, run_end = line
        if run_end >= 0:
            out.append(source[run_start:run_end])
        self.remember(section, entries, kept)
        return out


def statement_of(name: str, value: object) -> str:
    """The ``name = { ... }`` line of a record (or any value the file holds)."""
    if isinstance(value, QuestionRecord | TopicRecord):
        value = value.to_toml()
    return statement(name, value)


@dataclass(frozen=True)
class Damage:
    """A record that could not be read: its section, its key, and what is wrong with it."""

    section: Section
    key: str
    problem: str

    def __str__(self) -> str:
        return f"{dotted((*self.section, self.key))}: {self.problem}"

    def still_in(self, progress: Progress) -> bool:
        """Whether the record is still damaged in ``progress`` (a journal's save may have
        replaced it since)."""
        _, course_id, name = self.section
        course = progress.courses.get(course_id)
        return course is not None and self.key in getattr(course, f"damaged_{name}")


@dataclass
class Loaded:
    """A progress file read: the progress, its lines, and what was wrong in its records."""

    progress: Progress = field(default_factory=Progress)
    lines: LineCache = field(default_factory=LineCache)
    damaged: list[Damage] = field(default_factory=list)


def load(data: bytes) -> Loaded:
    """Read a progress file's bytes. Raises Unreadable or NewerSchema."""
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        raise Unreadable(
            f"not UTF-8 text: byte 0x{data[error.start]:02x} at offset {error.start}"
        ) from None
    try:
        text = without_bom(text)
        parsed = parse_toml(text, record_readers)
    except (ValueError, RecursionError) as error:
        raise Unreadable(str(toml_error(error, text))) from None
    return decode(parsed)


_COURSE_KEYS = ("path", "last_topic", "topics", "questions", "undone")
# Each course's record sections: name, record type, where damaged records are kept.
_RECORD_SECTIONS: tuple[tuple[str, type[QuestionRecord | TopicRecord], str], ...] = (
    ("topics", TopicRecord, "damaged_topics"),
    ("questions", QuestionRecord, "damaged_questions"),
)


def _held(records: dict[str, Any] | QuestionRecords) -> dict[str, Any]:
    """A section's records as held: question lines not decoded yet stay so."""
    return records.stored() if isinstance(records, QuestionRecords) else records


def decode(parsed: Parsed) -> Loaded:
    """The progress in a parsed file. Raises Unreadable or NewerSchema."""
    document = parsed.document
    schema = document.get("schema", SCHEMA)
    if type(schema) is not int or schema < 1:
        raise Unreadable(f"schema is {schema!r}, not a version number")
    if schema > SCHEMA:
        raise NewerSchema(schema)
    loaded = Loaded(lines=LineCache(parsed.text))
    progress = loaded.progress
    progress.last_course = _text(document.get("last_course"), ("last_course",))
    progress.extra = _others(document, ("schema", "last_course", "courses"))
    for course_id, raw in _table(document.get("courses"), ("courses",)).items():
        where = ("courses", course_id)
        raw = _table(raw, where)
        course = progress.courses[course_id] = CourseProgress(
            path=_text(raw.get("path"), (*where, "path")),
            last_topic=_text(raw.get("last_topic"), (*where, "last_topic")),
            undone=_undone(raw.get("undone"), (*where, "undone")),
            extra=_others(raw, _COURSE_KEYS),
        )
        for name, record_type, damaged_name in _RECORD_SECTIONS:
            section = (*where, name)
            records, damaged = _held(getattr(course, name)), getattr(course, damaged_name)
            for key, value in _table(raw.get(name), section).items():
                if type(value) is UnreadRecord:
                    records[key] = value  # decoded when first used
                    continue
                try:
                    records[key] = record_type.from_toml(value)
                except DamagedRecord as damage:
                    damaged[key] = value
                    loaded.damaged.append(Damage(section, key, str(damage)))
            if section in parsed.lines:
                loaded.lines.remember(section, {**records, **damaged}, parsed.lines[section])
    return loaded


def _table(value: Any, path: Section) -> dict[str, Any]:
    """``value``, found at ``path``, if it is a table (an absent one is empty)."""
    if value is None:
        return {}
    if type(value) is not dict:
        raise Unreadable(f"{dotted(path)} is {value!r}, not a table")
    return value


def _undone(value: Any, path: Section) -> dict[str, tuple[datetime, ...]]:
    """The times of the answers taken back, by question id. An entry that is not a list
    of times (a hand edit gone wrong) is left out: it only kept an old answer away.
    """
    undone = {}
    for question_id, times in _table(value, path).items():
        if type(times) is list and all(type(time) is datetime for time in times):
            undone[question_id] = join_undone((), [moment(time) for time in times])
    return undone


def undone_lines(
    where: Section, undone: dict[str, tuple[datetime, ...]], ids: Iterable[str]
) -> list[str]:
    """The header and lines of a course's tombstones (at ``where``) for the questions
    ``ids`` that have any; none at all if none has."""
    lines = [statement(key, list(undone[key])) for key in ids if undone.get(key)]
    return [header((*where, "undone")), *lines] if lines else []


def _text(value: Any, path: Section) -> str | None:
    """``value``, found at ``path``, if it is a string or absent."""
    if value is not None and type(value) is not str:
        raise Unreadable(f"{dotted(path)} is {value!r}, not a string")
    return value


def _others(table: dict[str, Any], known: tuple[str, ...]) -> dict[str, Any]:
    return {name: value for name, value in table.items() if name not in known}


def render(progress: Progress, lines: LineCache) -> str:
    """The file's text for ``progress``; ``lines`` supplies unchanged records' lines."""
    out = [*_PREAMBLE, statement("schema", SCHEMA)]
    if progress.last_course is not None:
        out.append(statement("last_course", progress.last_course))
    out.extend(statement(name, value) for name, value in progress.extra.items())
    for course_id, course in progress.courses.items():
        where = ("courses", course_id)
        out += ["", header(where)]
        for name, value in (("path", course.path), ("last_topic", course.last_topic)):
            if value is not None:
                out.append(statement(name, value))
        out.extend(statement(name, value) for name, value in course.extra.items())
        for name, _, damaged_name in _RECORD_SECTIONS:
            entries = {**_held(getattr(course, name)), **getattr(course, damaged_name)}
            if entries:
                section = (*where, name)
                out += ["", header(section)]
                out += lines.render(section, entries)
        tombstones = undone_lines(where, course.undone, course.undone)
        if tombstones:
            out += ["", *tombstones]
    out.append("")  # the final newline, without copying the text once more
    return "\n".join(out)
