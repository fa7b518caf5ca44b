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

The cache never stands in the way: a missing, unreadable, corrupt,
truncated or older-format file, or one written by another version of tutor,
is ignored and rebuilt; a cache folder that cannot be written is not
written. Files are replaced atomically, so two tutor processes on the same
vault each read a whole file, and the last to save wins. The folder is kept
under :data:`MAX_CACHE_BYTES` by removing the courses least recently opened.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import marshal
import os
import zlib
from collections.abc import Callable, Iterator
from dataclasses import fields
from pathlib import Path
from typing import Any, BinaryIO

import platformdirs

import tutor
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
_BLOCK_ENTRIES = 200  # notes per block: a block, not the whole cache, is in memory at once
_SUFFIX = ".cache"

Stamp = tuple[int, int]  # a note's size and modification time (ns) when it was read
RawQuestions = dict[str, tuple[tuple[str, tuple[Any, ...]], ...]]  # by topic id
Entry = tuple[Any, ...]  # (stamp, outline, warnings, question key, questions)


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


def _question(kind: str, values: tuple[Any, ...], source: Path | None) -> Question:
    cls = ALL_KINDS[kind]
    return cls(source=source, **dict(zip(_field_names(cls), values, strict=True)))


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
        return {
            topic_id: [_question(kind, values, note.source) for kind, values in questions]
            for topic_id, questions in raw.items()
        }

    return decode


class NoteCache:
    """One course's notes as last parsed, and what this load adds to them.

    The loader asks :meth:`outline` for each note before reading it,
    :meth:`keep` what it parsed, and :meth:`questions` for each note's
    extractor; :meth:`save` then writes what is worth keeping.
    """

    def __init__(self, root: Path, file: Path) -> None:
        self.file = file
        # notes are stored by their path inside the course, however it was named
        self._prefix = str(root) + os.sep if root.is_dir() else str(root.parent) + os.sep
        self._stored: dict[str, Entry] = {}
        self._entries: dict[str, Entry] = {}  # this load's notes
        self._stamps: dict[str, Stamp] = {}  # taken just before a note was read
        self._extractors: dict[str, tuple[Topic, NoteQuestions, RawQuestions | None]] = {}
        self._changed = False
        self.hits = 0  # notes taken from the cache in this load

    @classmethod
    def for_course(cls, root: Path, folder: Path | None = None) -> NoteCache:
        """The cache of the course at ``root`` (a notes folder or one note), read now."""
        root = Path(os.path.expanduser(root))
        key = hashlib.sha1(os.fsencode(root.resolve())).hexdigest()
        cache = cls(root, (folder or cache_folder()) / f"{key}{_SUFFIX}")
        cache._stored = cache._read()
        return cache

    def _read(self) -> dict[str, Entry]:
        """The stored entries, or none if the file is missing or cannot be trusted."""
        try:
            with self.file.open("rb") as file:
                entries = _read_blocks(file)
        except OSError:
            return {}
        if entries:
            with contextlib.suppress(OSError):
                os.utime(self.file)  # opened now: the last to go when the folder is full
        return entries

    def _key(self, path: Path) -> str:
        name = str(path)
        return name.removeprefix(self._prefix)

    def outline(self, path: Path) -> tuple[NoteOutline, list[Problem]] | None:
        """The note's outline and text warnings as stored, if it has not changed since;
        else None, and the note is to be read and :meth:`keep` called."""
        key = self._key(path)
        stamp = _stamp(path)
        if stamp is None:
            return None  # reading it will say what is wrong
        entry = self._stored.get(key)
        if entry is not None and entry[0] == stamp:
            try:
                outline = _decode_outline(entry[1])
                warnings = [warning(path, line, message) for line, message in entry[2]]
            except (TypeError, ValueError, IndexError):
                pass  # not an entry this version wrote: read the note
            else:
                self._entries[key] = entry
                self.hits += 1
                return outline, warnings
        self._stamps[key] = stamp
        return None

    def keep(self, path: Path, outline: NoteOutline, warnings: list[Problem]) -> None:
        """Remember what ``path`` parsed into, as of the stamp :meth:`outline` took."""
        key = self._key(path)
        stamp = self._stamps.pop(key, None)
        if stamp is None:
            return
        raw_warnings = tuple((problem.line, problem.message) for problem in warnings)
        self._entries[key] = (stamp, _encode_outline(outline), raw_warnings, None, None)
        self._changed = True

    def questions(self, note: Topic) -> NoteQuestions:
        """The extractor for ``note``'s topics: its stored questions when they still
        apply, else one that extracts them on first use."""
        key = self._key(note.source) if note.source is not None else ""
        entry = self._entries.get(key)
        raw = entry[4] if entry is not None and entry[3] == _question_key(note) else None
        extractor = NoteQuestions(note, _decoder(note, raw) if raw is not None else None)
        if entry is not None:
            self._extractors[key] = (note, extractor, raw)
        return extractor

    def save(self) -> None:
        """Write this load's notes, with the questions extracted so far, if anything is new.

        Notes the course no longer has are dropped. A folder that cannot be
        written is left alone: the cache is only ever a saving of time.
        """
        entries = dict(self._entries)
        for key, (note, extractor, raw) in self._extractors.items():
            if raw is not None:
                continue
            made = extractor.made
            encoded = _encode_questions(note, made) if made is not None else None
            if encoded is not None:
                stamp, outline, warnings = entries[key][:3]
                entries[key] = (stamp, outline, warnings, _question_key(note), encoded)
                self._extractors[key] = (note, extractor, encoded)
                self._changed = True
        if not self._changed and entries.keys() == self._stored.keys():
            return
        try:
            self.file.parent.mkdir(parents=True, exist_ok=True)
            write_atomically(self.file, _blocks(entries))
        except OSError:
            return
        self._stored, self._changed = entries, False
        _trim(self.file.parent, keep=self.file)


def _blocks(entries: dict[str, Entry]) -> Iterator[bytes]:
    """A cache file's bytes, made a block of entries at a time as they are written:
    the header, then each block's length, checksum and marshalled entries, then an
    empty block to say the file is whole."""
    yield _header()
    items = list(entries.items())
    for start in range(0, len(items), _BLOCK_ENTRIES):
        block = marshal.dumps(items[start : start + _BLOCK_ENTRIES])
        yield len(block).to_bytes(4, "big") + zlib.crc32(block).to_bytes(4, "big")
        yield block
    yield bytes(8)


def _read_blocks(file: BinaryIO) -> dict[str, Entry]:
    """The entries of a file :func:`_blocks` wrote, or none if it is not whole and ours."""
    header = _header()
    if file.read(len(header)) != header:
        return {}
    entries: dict[str, Entry] = {}
    while True:
        prefix = file.read(8)
        if len(prefix) != 8:
            return {}  # cut short
        size, checksum = int.from_bytes(prefix[:4], "big"), prefix[4:]
        if size == 0:
            return entries
        block = file.read(size)
        if len(block) != size or zlib.crc32(block).to_bytes(4, "big") != checksum:
            return {}
        try:
            entries.update(marshal.loads(block))
        except (EOFError, ValueError, TypeError):
            return {}


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
