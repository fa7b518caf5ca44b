"""What a course's notes can show of each other: embeds, and the textbook tab shown.

``![[note]]`` on a line of its own shows that note's text there, and
``![[note#heading]]`` (``#Heading#Sub`` for a nested one) that section, and
``![[note#^id]]`` the paragraph, list item or block marked `` ^id``, as
Obsidian does; an embed within a sentence reads as its name. A note is
found by its file name or its path in the course, without the ``.md``. The
embedded text is quoted, headed by its title, its own embeds shown in turn down
to :data:`MAX_DEPTH`; an embed of a note that is already being shown (a
cycle) or one deeper than that reads as a link, and a target the course
does not have says so.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING

from tutor.course.formulas import escape
from tutor.course.naming import normalise_title
from tutor.course.notes import code_lines, is_image

if TYPE_CHECKING:
    from tutor.course.model import Topic

MAX_DEPTH = 3
"""Embeds shown inside embeds, at most: a note embedding itself stops here."""

_LIST_ITEM = re.compile(r"[ \t]*(?:>[ \t]?)*(?:[-*+]|\d+[.)])[ \t]")


def marked_block(text: str, block_id: str) -> str | None:
    """The block of ``text`` that Obsidian's `` ^block_id`` marks, without the mark: the
    list item or paragraph the mark ends, or, on a line of its own, the block above it
    (a table, a quote); None if no line carries it."""
    mark = re.compile(rf"(?:^|[ \t])\^{re.escape(block_id)}[ \t]*$")
    lines = text.split("\n")
    end = next((index for index, line in enumerate(lines) if mark.search(line)), None)
    if end is None:
        return None
    last = mark.sub("", lines[end]).rstrip()
    if last.strip() and _LIST_ITEM.match(last):
        return last.strip()
    if not last.strip():  # the mark alone: the block before it
        while end > 0 and not lines[end - 1].strip():
            end -= 1
        last, end = (lines[end - 1], end - 1) if end > 0 else ("", end)
    start = end
    while start > 0 and lines[start - 1].strip() and not lines[start - 1].lstrip().startswith("#"):
        start -= 1
    return "\n".join([*lines[start:end], last]).strip("\n") or None


_EMBED_LINE = re.compile(  # alone on its line, perhaps quoted: ![[note#heading#sub|alias]]
    r"([ \t]*(?:>[ \t]?)*)!\[\[([^\[\]|#]*)((?:#[^\[\]|#]*)*)(?:\|[^\[\]]*)?\]\][ \t]*"
)


class Library:
    """The notes of a course by name, for embeds; and the textbook tab to show."""

    def __init__(self, notes: list[Topic], folder: Path, tab: str | None = None) -> None:
        self.tab = tab
        self._notes = notes
        self._folder = folder
        self._by_name: dict[str, Topic] | None = None  # made at the first embed

    def find(self, target: str, headings: list[str]) -> Topic | None:
        """The note ``target`` names, or its section under ``headings`` (outermost first)."""
        if self._by_name is None:
            self._by_name = {}
            for note in self._notes:
                if note.source is not None:
                    for name in _names(note.source, self._folder):
                        self._by_name.setdefault(name, note)
        found = self._by_name.get(_key(target))
        for heading in headings:
            if found is None:
                return None
            wanted = normalise_title(heading)
            found = next(
                (topic for topic in found.walk() if normalise_title(topic.title) == wanted), None
            )
        return found

    def expand(self, markdown: str, within: tuple[str, ...] = ()) -> str:
        """``markdown`` with each embed on a line of its own replaced by what it shows."""
        if "![[" not in markdown:
            return markdown
        code = code_lines(markdown)
        lines = markdown.split("\n")
        for index, line in enumerate(lines):
            found = _EMBED_LINE.fullmatch(line) if "![[" in line and index not in code else None
            if found and not is_image(found.group(2)):
                lines[index] = self._embed(found, within)
        return "\n".join(lines)

    def _embed(self, found: re.Match[str], within: tuple[str, ...]) -> str:
        prefix, target = found.group(1), found.group(2).strip()
        headings = [part.strip() for part in found.group(3).split("#") if part.strip()]
        name = " › ".join([target, *headings]) if target else " › ".join(headings)
        block = headings.pop()[1:] if headings and headings[-1].startswith("^") else None
        topic = self.find(target, headings) if target else None
        text = topic.section_text() if topic is not None else None
        if text is not None and block is not None:
            text = marked_block(text, block)
        if topic is None or text is None:
            return f"{prefix}*{escape(f'[missing: {name}]')}*"
        if topic.id in within or len(within) >= MAX_DEPTH:
            why = "shown above" if topic.id in within else "embedded too deep"
            return f"{prefix}*{escape(f'[{name}: {why}]')}*"
        text = self.expand(text, (*within, topic.id))
        return "\n".join(f"{prefix}> {line}".rstrip() for line in text.split("\n"))


def _key(name: str) -> str:
    name = name.strip().replace("\\", "/").removesuffix(".md").removesuffix(".markdown")
    return name.casefold()


def _names(source: Path, folder: Path) -> list[str]:
    """The names an embed may call a note by: its stem, and its path in the course."""
    relative = source.relative_to(folder) if source.is_relative_to(folder) else Path(source.name)
    parts = relative.with_suffix("").parts
    return [_key("/".join(parts[start:])) for start in range(len(parts) - 1, -1, -1)]
