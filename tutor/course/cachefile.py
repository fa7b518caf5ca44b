"""The notes cache's file: blocks of entries, each checksummed, read and written a
block at a time, so that a 13,000-note vault's cache is never whole in memory.

A file is a header (which tutor wrote it: see :func:`header`), then blocks of
up to :data:`BLOCK_ENTRIES` notes' entries, each block its length, its CRC-32
and the marshalled ``(key, entry)`` pairs, then an empty block to say the file
is whole. Reading stops at the first block that cannot be trusted: what was
read before it passed its checksum and stands.
"""

from __future__ import annotations

import marshal
import zlib
from collections.abc import Iterable, Iterator
from itertools import islice
from typing import Any, BinaryIO

BLOCK_ENTRIES = 200
"""Notes per block: a block, not the whole cache, is in memory at once."""

LOOK_AHEAD = 2_000
"""The most entries :class:`StoredEntries` reads past the one asked for: a note that
is not in the file (new, or moved) costs this many entries held, never the whole file."""

Entry = tuple[Any, ...]  # what tutor.course.cache keeps of one note


def write_blocks(header: bytes, entries: Iterable[tuple[str, Entry]]) -> Iterator[bytes]:
    """A cache file's bytes, made a block at a time as they are written (so the
    entries may themselves be made as they are asked for)."""
    yield header
    items = iter(entries)
    while block_items := list(islice(items, BLOCK_ENTRIES)):
        block = marshal.dumps(block_items)
        yield len(block).to_bytes(4, "big") + zlib.crc32(block).to_bytes(4, "big")
        yield block
    yield bytes(8)


def read_blocks(file: BinaryIO, header: bytes) -> Iterator[tuple[str, Entry]]:
    """The ``(key, entry)`` pairs of a file :func:`write_blocks` wrote with ``header``,
    a block at a time, up to the end or the first block that is cut short or damaged."""
    if file.read(len(header)) != header:
        return
    while True:
        prefix = file.read(8)
        if len(prefix) != 8:
            return  # cut short
        size, checksum = int.from_bytes(prefix[:4], "big"), prefix[4:]
        if size == 0:
            return
        block = file.read(size)
        if len(block) != size or zlib.crc32(block).to_bytes(4, "big") != checksum:
            return
        try:
            items = marshal.loads(block)
        except (EOFError, ValueError, TypeError):
            return
        if not isinstance(items, list) or not all(_is_pair(item) for item in items):
            return
        yield from items


def _is_pair(item: object) -> bool:
    return isinstance(item, tuple) and len(item) == 2 and isinstance(item[0], str)


class StoredEntries:
    """A cache file's entries, decoded as they are asked for.

    The loader asks for notes in the order of the last load, which is the
    order the file was written in, so an entry is mostly the next one read;
    those read past on the way are held until asked for (at most
    :data:`LOOK_AHEAD`: past that, an entry not yet found counts as missing,
    and its note is read again).
    """

    def __init__(self, pairs: Iterator[tuple[str, Entry]]) -> None:
        self._pairs = pairs
        self._ahead: dict[str, Entry] = {}
        self._ended = False

    def take(self, key: str) -> Entry | None:
        """The entry of ``key``, once; None if the file has none within reach."""
        entry = self._ahead.pop(key, None)
        if entry is not None:
            return entry
        while not self._ended and len(self._ahead) < LOOK_AHEAD:
            pair = self._next()
            if pair is None:
                self._ended = True
            elif pair[0] == key:
                return pair[1]
            else:
                self._ahead[pair[0]] = pair[1]
        return None

    def left(self) -> bool:
        """Whether the file holds entries never asked for (notes the course no longer has)."""
        if self._ahead:
            return True
        return not self._ended and self._next() is not None

    def _next(self) -> tuple[str, Entry] | None:
        try:
            return next(self._pairs, None)
        except OSError:  # the disk failed under the file: the rest counts as missing
            return None
