"""Parsed notes kept on disk, so that re-opening a vault reads only what changed.

Parsing a note and extracting its questions costs far more than checking
whether the note changed: a 13,000-note vault takes seconds to parse and
tens of seconds to extract, and ``stat`` says in a moment that nothing
changed. So every note's outline, the warnings found in its text and the
questions extracted from it are kept in one file per course in the user
cache folder (``platformdirs.user_cache_dir("tutor")``, never the data
folder: deleting it loses nothing but time).

A note's entry is used only while the note has the size and modification
time it had when read, and its questions only while the note keeps its place
in the course (its topic id and heading path, which question ids and prompts
are made from). Everything that depends on other files (topic ids, quiz
files, which topics have quiz questions) is worked out afresh at every load.

The cache never stands in the way: a missing, unreadable or older-format
file, or one written by another version of tutor, is ignored and rebuilt, and
so is a corrupt or truncated one from its first damaged block (see
:mod:`tutor.course.cachefile`); a cache folder that cannot be written is not
written. Files are replaced atomically, so two tutor processes on the same
vault each read a whole file, and the last to save wins. The folder is kept
under :data:`MAX_CACHE_BYTES` by removing the courses least recently opened.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import os
from collections.abc import Callable, Iterator
from dataclasses import fields
from itertools import chain
from pathlib import Path
from typing import Any, BinaryIO

import platformdirs

import tutor
from tutor.course.cachefile import Entry, StoredEntries, read_blocks, write_blocks
from tutor.course.extract import NoteQuestions
from tutor.course.kinds import ALL_KINDS, Question
from tutor.course.model import Topic
from tutor.course.notes import NoteOutline, Section
from tutor.course.problems import Problem, warning
from tutor.files import write_atomically

FORMAT = 4
"""Bump when what an entry holds changes shape."""

MAX_CACHE_BYTES = 512 * 1024 * 1024
"""The most the cache folder holds; the courses opened longest ago go first."""

_MAGIC = b"tutor-notes-cache\n"
_SUFFIX = ".cache"

Stamp = tuple[int, int]  # a note's size and modification time (ns) when it was read
RawQuestions = dict[str, tuple[tuple[str, tuple[Any, ...]], ...]]  # by topic id


def cache_folder() -> Path:
    """Where tutor keeps what it can always make again (``XDG_CACHE_HOME`` on Linux)."""
    return Path(platformdirs.user_cache_dir("tutor")) / "notes"


def _source_fingerprint() -> str:
    """tutor's version, and the sizes and times of its source files: a new version,
    or an edited parser or extractor, makes every entry stale."""
    package = Path(tutor.__file__).resolve().parent
    stamps = []
    for path in sorted(package.rglob("*.py")):
        with contextlib.suppress(OSError):
            status = path.stat()
            stamps.append(f"{path.relative_to(package)}:{status.st_size}:{status.st_mtime_ns}")
    return f"{tutor.__version__}/{FORMAT}/" + hashlib.sha1("\n".join(stamps).encode()).hexdigest()


def _header() -> bytes:
    """What a cache file starts with, before the checksum of what follows."""
    return _MAGIC + _source_fingerprint().encode() + b"\n"


def _stamp(path: Path) -> Stamp | None:
    try:
        status = path.stat()
    except OSError:
        return None
    return status.st_size, status.st_mtime_ns


def _encode_outline(outline: NoteOutline) -> tuple[Any, ...]:
    sections = tuple((s.level, s.title, s.line, s.body) for s in outline.sections)
    return outline.front_matter_title, outline.preamble, sections, outline.front_matter_tags


def _decode_outline(raw: tuple[Any, ...]) -> NoteOutline:
    title, preamble, sections, tags = raw
    return NoteOutline(title, preamble, [Section(*section) for section in sections], tags)


def _question_key(note: Topic) -> tuple[str, tuple[str, ...], str]:
    """What a note's extracted questions are made from besides its text: its place,
    and the textbook tab the course shows (course.toml's ``tab``)."""
    tab = note.library.tab if note.library is not None else None
    return note.id, note.path, tab or ""


@functools.cache
def _field_names(kind: type[Question]) -> tuple[str, ...]:
    """The fields a question of ``kind`` is stored by, in order (its source is the note's)."""
    return tuple(field.name for field in fields(kind) if field.name != "source")


def _question(kind: str, values: tuple[Any, ...], source: Path | None, topic_id: str) -> Question:
    """The question stored as ``values``, its topic id the ``topic_id`` string given (the
    topic's own, not one more copy of it per question)."""
    cls = ALL_KINDS[kind]
    stored = dict(zip(_field_names(cls), values, strict=True))
    if stored.get("topic_id") == topic_id:
        stored["topic_id"] = topic_id
    return cls(source=source, **stored)


def _encode_questions(note: Topic, by_topic: dict[str, list[Question]]) -> RawQuestions | None:
    """The questions as plain values, or None if one of them is not from this note."""
    raw: RawQuestions = {}
    for topic_id, questions in by_topic.items():
        encoded = []
        for question in questions:
            if question.source != note.source:
                return None
            values = tuple(getattr(question, name) for name in _field_names(type(question)))
            encoded.append((question.kind, values))
        raw[topic_id] = tuple(encoded)
    return raw


def _decoder(note: Topic, raw: RawQuestions) -> Callable[[], dict[str, list[Question]]]:
    def decode() -> dict[str, list[Question]]:
        ids = {topic.id: topic.id for topic in note.walk()}
        by_topic = {}
        for stored_id, questions in raw.items():
            topic_id = ids.get(stored_id, stored_id)
            by_topic[topic_id] = [
                _question(kind, values, note.source, topic_id) for kind, values in questions
            ]
        return by_topic

    return decode


class NoteCache:
    """One course's notes as last parsed, and what this load adds to them.

    While the loader reads the notes (:meth:`reading`) it asks :meth:`outline`
    for each note, :meth:`keep` what it parsed, and then :meth:`questions` for
    each note's extractor; :meth:`save` writes what is worth keeping.

    What is stored is held only until it is used: an outline until the note's
    topics are made of it, a note's questions until they are first asked for.
    Saving streams the notes that did not change from the file as it was, so a
    large vault's cache is never in memory beside the course made from it.
    """

    def __init__(self, root: Path, file: Path) -> None:
        self.file = file
        # notes are stored by their path inside the course, however it was named
        self._prefix = str(root) + os.sep if root.is_dir() else str(root.parent) + os.sep
        self._stored: StoredEntries | None = None  # the file, while the loader reads notes
        self._kept: dict[str, Stamp] = {}  # notes whose entry in the file holds, by stamp
        self._fresh: dict[str, Entry] = {}  # notes read in this load and not yet written
        self._stamps: dict[str, Stamp] = {}  # taken just before a note was read
        self._raw: dict[str, tuple[Any, RawQuestions | None]] = {}  # until questions()
        self._unwritten: dict[str, tuple[Topic, NoteQuestions]] = {}  # questions not on file
        self._stale = False  # the file holds entries this load does not keep
        self.hits = 0  # notes taken from the cache in this load

    @classmethod
    def for_course(cls, root: Path, folder: Path | None = None) -> NoteCache:
        """The cache of the course at ``root`` (a notes folder or one note)."""
        root = Path(os.path.expanduser(root))
        key = hashlib.sha1(os.fsencode(root.resolve())).hexdigest()
        return cls(root, (folder or cache_folder()) / f"{key}{_SUFFIX}")

    @contextlib.contextmanager
    def reading(self) -> Iterator[None]:
        """The stored entries open for :meth:`outline`, a block at a time, while the
        loader reads the notes; what the loader did not ask for is dropped after."""
        try:
            file: BinaryIO | None = self.file.open("rb")
        except OSError:
            file = None
        pairs = read_blocks(file, _header()) if file is not None else iter(())
        self._stored = StoredEntries(pairs)
        try:
            yield
        finally:
            self._stale = self._stale or self._stored.left()
            self._stored = None
            if file is not None:
                file.close()
        if self.hits:
            with contextlib.suppress(OSError):
                os.utime(self.file)  # opened now: the last to go when the folder is full

    def _key(self, path: Path) -> str:
        name = str(path)
        return name.removeprefix(self._prefix)

    def outline(self, path: Path) -> tuple[NoteOutline, list[Problem]] | None:
        """The note's outline and text warnings as stored, if it has not changed since;
        else None, and the note is to be read and :meth:`keep` called."""
        key = self._key(path)
        stamp = _stamp(path)
        entry = self._stored.take(key) if self._stored is not None else None
        if stamp is None:
            self._stale = self._stale or entry is not None
            return None  # reading it will say what is wrong
        if entry is not None and entry[0] == stamp:
            try:
                outline = _decode_outline(entry[1])
                warnings = [warning(path, line, message) for line, message in entry[2]]
            except (TypeError, ValueError, IndexError):
                pass  # not an entry this version wrote: read the note
            else:
                self._kept[key] = entry[0]
                self._raw[key] = entry[3], entry[4]
                self.hits += 1
                return outline, warnings
        self._stale = self._stale or entry is not None
        self._stamps[key] = stamp
        return None

    def keep(self, path: Path, outline: NoteOutline, warnings: list[Problem]) -> None:
        """Remember what ``path`` parsed into, as of the stamp :meth:`outline` took."""
        key = self._key(path)
        stamp = self._stamps.pop(key, None)
        if stamp is None:
            return
        raw_warnings = tuple((problem.line, problem.message) for problem in warnings)
        self._fresh[key] = (stamp, _encode_outline(outline), raw_warnings, None, None)

    def questions(self, note: Topic) -> NoteQuestions:
        """The extractor for ``note``'s topics: its stored questions when they still
        apply, else one that extracts them on first use."""
        key = self._key(note.source) if note.source is not None else ""
        question_key, raw = self._raw.pop(key, (None, None))
        if raw is not None and question_key == _question_key(note):
            return NoteQuestions(note, _decoder(note, raw))
        extractor = NoteQuestions(note)
        if key in self._kept or key in self._fresh:
            self._unwritten[key] = (note, extractor)
        return extractor

    def save(self) -> None:
        """Write this load's notes, with the questions extracted so far, if anything is new.

        Notes the course no longer has are dropped. A folder that cannot be
        written is left alone: the cache is only ever a saving of time.
        """
        made = any(extractor.made is not None for _, extractor in self._unwritten.values())
        if not (self._fresh or self._stale or made):
            return
        written: dict[str, Stamp] = {}
        settled: set[str] = set()  # notes whose questions are now as extracted
        try:
            self.file.parent.mkdir(parents=True, exist_ok=True)
            write_atomically(self.file, write_blocks(_header(), self._written(written, settled)))
        except OSError:
            return
        self._kept, self._fresh, self._stale = written, {}, False
        for key in settled:
            del self._unwritten[key]
        _trim(self.file.parent, keep=self.file)

    def _written(self, written: dict[str, Stamp], settled: set[str]) -> Iterator[tuple[str, Entry]]:
        """What :meth:`save` writes, made as it is written: the stored entries this load
        kept, streamed from the file as it is, then the notes read in this load; each
        with its note's questions if they have been extracted since. Records the notes
        written in ``written`` and those whose questions are done with in ``settled``."""
        for key, entry in chain(self._still_stored(), self._fresh.items()):
            if key not in written:
                written[key] = entry[0]
                yield key, self._with_questions(key, entry, settled)

    def _still_stored(self) -> Iterator[tuple[str, Entry]]:
        """The file's entries that this load kept, as they are on disk now (another
        process may have replaced it: an entry with another stamp is not kept)."""
        try:
            file = self.file.open("rb")
        except OSError:
            return
        with file:
            for key, entry in read_blocks(file, _header()):
                if self._kept.get(key) == entry[0]:
                    yield key, entry

    def _with_questions(self, key: str, entry: Entry, settled: set[str]) -> Entry:
        """``entry`` with its note's questions, if they have been extracted since it was
        stored (else as it is)."""
        pending = self._unwritten.get(key)
        made = pending[1].made if pending is not None else None
        if pending is None or made is None:
            return entry
        settled.add(key)  # written now, or never to be: one of them is not the note's
        encoded = _encode_questions(pending[0], made)
        if encoded is None:
            return entry
        return (*entry[:3], _question_key(pending[0]), encoded)


def _trim(folder: Path, keep: Path) -> None:
    """Remove the least recently opened courses' files until the folder fits
    :data:`MAX_CACHE_BYTES` (``keep``, just written, stays whatever its size)."""
    try:
        files = [
            (entry.stat().st_mtime, entry.stat().st_size, Path(entry.path))
            for entry in os.scandir(folder)
            if entry.name.endswith(_SUFFIX) and entry.is_file()
        ]
    except OSError:
        return
    total = sum(size for _, size, _ in files)
    for _, size, path in sorted(files):
        if total <= MAX_CACHE_BYTES:
            break
        if path != keep:
            with contextlib.suppress(OSError):
                path.unlink()
            total -= size
