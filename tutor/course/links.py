"""Links between notes: which links a lesson holds and which topic each one leads to.

A lesson's links are Markdown links (Obsidian's ``[[wikilinks]]`` become such
links in :meth:`Topic.lesson`). One that names a web address or another
scheme leads out of the course; any other names a note, the way either
Markdown or Obsidian does: a path relative to the linking note
(``../ml/backprop.md#the-chain-rule``), or a note's name found anywhere in
the course (``Backprop#The chain rule``), ``.md`` optional. A heading part
picks the section of that title (spelt as written or as a slug); a heading
the note lacks, or a ``^block`` id, leads to the note itself.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path, PurePosixPath
from urllib.parse import unquote

from markdown_it import MarkdownIt

from tutor.course.model import Course, Topic
from tutor.course.notes import MAX_NESTING

_SCHEME = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*:")
_NOT_SLUG = re.compile(r"[^\w]+")


@dataclass(frozen=True, slots=True)
class Link:
    """A link as a lesson shows it: the words it is on and where it points."""

    label: str
    href: str


@cache
def _parser() -> MarkdownIt:
    return MarkdownIt("commonmark", {"maxNesting": MAX_NESTING})


def is_external(href: str) -> bool:
    """Whether ``href`` leads out of the course (a web address, ``mailto:``, …)."""
    return _SCHEME.match(href) is not None


def links_in(markdown: str) -> list[Link]:
    """The links of a lesson in reading order, each target once."""
    if "[" not in markdown and "<" not in markdown:
        return []  # no link (nor autolink) without one: a long note is not parsed for none
    found: dict[str, Link] = {}
    for token in _parser().parse(markdown):
        label: list[str] | None = None
        href = ""
        for child in token.children or ():
            if child.type == "link_open":
                label, href = [], str(child.attrs.get("href", ""))
            elif child.type == "link_close" and label is not None:
                words = " ".join("".join(label).split())
                found.setdefault(href, Link(words or href, href))
                label = None
            elif label is not None and child.type in ("text", "code_inline"):
                label.append(child.content)
    return list(found.values())


class NoteIndex:
    """Finds the topic a link leads to; built once per course, as it indexes every note."""

    def __init__(self, course: Course) -> None:
        self.notes: dict[str, Topic] = {}  # a note's normalised path -> its outermost topic
        self.named: dict[str, list[tuple[tuple[str, ...], Topic]]] = {}  # by file name
        for topic in course.walk():
            if topic.source is not None and os.path.normpath(topic.source) not in self.notes:
                self.notes[os.path.normpath(topic.source)] = topic
                parts = tuple(part.lower() for part in topic.source.parts)
                self.named.setdefault(parts[-1], []).append((parts, topic))

    def target(self, origin: Topic, href: str) -> Topic | None:
        """The topic a link in ``origin``'s lesson leads to; None for a link out of the
        course or to a note the course does not hold."""
        if is_external(href):
            return None
        where, _, anchor = unquote(href).partition("#")
        if where.strip():
            note = self._note_at(origin.source, where.strip())
        else:  # a heading of the same note
            note = self.notes.get(os.path.normpath(origin.source)) if origin.source else None
        if note is None:
            return None
        heading = _slug(anchor.split("#")[-1])
        if not heading:
            return note
        return next((topic for topic in note.walk() if _slug(topic.title) == heading), note)

    def _note_at(self, origin: Path | None, where: str) -> Topic | None:
        """The note a link names: by path from the linking note, else by name anywhere."""
        wanted = PurePosixPath(where.replace("\\", "/"))
        if wanted.name in ("", ".."):
            return None  # a folder, not a note
        if wanted.suffix.lower() != ".md":
            wanted = wanted.with_name(wanted.name + ".md")
        if origin is not None:
            beside = self.notes.get(os.path.normpath(origin.parent / wanted))
            if beside is not None:
                return beside
        tail = tuple(part.lower() for part in wanted.parts if part not in ("/", ".", ".."))
        return next(
            (note for parts, note in self.named.get(tail[-1], ()) if parts[-len(tail) :] == tail),
            None,
        )


def _slug(title: str) -> str:
    """A heading as both Obsidian (``#The chain rule``) and Markdown (``#the-chain-rule``)
    links may spell it."""
    return _NOT_SLUG.sub("-", title.lower()).strip("-")
