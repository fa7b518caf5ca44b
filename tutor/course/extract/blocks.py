"""A topic's text as the blocks questions can be made from: paragraphs and lists.

Everything else is left out: code blocks, HTML, tables, headings inside
containers, thematic breaks. Block quotes are opened (a definition often
sits in an Obsidian callout), but a callout's ``[!type] title`` line is
dropped. Obsidian comments (``%% … %%``, where Excalidraw keeps its drawing)
are removed before anything else.

Which lines form which block is CommonMark's decision, made by markdown-it-py
(with GFM tables on). As in :mod:`tutor.course.notes`, parsing every topic of
a 5,000-note vault that way takes seconds, so a line scan goes first: it
settles bodies made only of plain shapes (paragraphs of unindented lines,
flat lists of one-line items, unindented fences, block quotes of those,
pipe tables) and hands any body with a line it cannot settle to markdown-it.
The tests check that the two always agree where the scan settles.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache

from markdown_it import MarkdownIt

from tutor.course.fences import FENCE_OPEN, closes_fence
from tutor.course.notes import MAX_NESTING, SETEXT_UNDERLINE

_COMMENT = re.compile(r"%%.*?(?:%%|\Z)", re.DOTALL)
_CALLOUT = re.compile(r"\[![\w-]+\][+-]?(?:[ \t].*)?")
_BULLET = re.compile(r"([-*+])( {1,4})(\S.*)")
_ORDERED = re.compile(r"\d{1,9}([.)])( {1,4})(\S.*)")
_THEMATIC = re.compile(r" {0,3}(?:(?:\*[ \t]*){3,}|(?:-[ \t]*){3,}|(?:_[ \t]*){3,})")
_ATX = re.compile(r"#{1,6}(?:[ \t]|$)")
_MAYBE_ITEM = re.compile(r"(?:[-*+]|\d{1,9}[.)])(?:[ \t]|$)")
_LINK_DEFINITION = re.compile(r"\[[^\]]*\]:")
_DELIMITER_ROW = re.compile(r"\|?[ \t]*:?-+:?[ \t]*(?:\|[ \t]*:?-+:?[ \t]*)*\|?[ \t]*")
# An item's text may not itself start a block (a nested list, a quote, code, HTML, a heading).
_BLOCK_START = re.compile(r"[#>`~<|*+=-]|\d{1,9}[.)](?:[ \t]|$)|\[[^\]]*\]:")


@dataclass(frozen=True, slots=True)
class Paragraph:
    """A paragraph's raw inline Markdown (its lines joined by newlines)."""

    text: str


@dataclass(frozen=True, slots=True)
class ItemList:
    """A list: each item's first paragraph as raw inline Markdown, in order. An
    ``outline`` holds a list in one of its items, or is held in one."""

    items: tuple[str, ...]
    ordered: bool
    outline: bool = False


Block = Paragraph | ItemList


class _Doubtful(Exception):
    """A line the scan cannot settle: markdown-it decides the whole body."""


def blocks(body: str) -> list[Block]:
    """The paragraphs and lists of a topic's text, in document order."""
    text = _COMMENT.sub("", body) if "%%" in body else body
    lines = text.split("\n")
    try:
        return scan_blocks(lines)
    except _Doubtful:
        return parse_blocks(text)


# --- the line scan ---------------------------------------------------------------------


def scan_blocks(lines: list[str]) -> list[Block]:
    """Blocks found by the line scan; raises :class:`_Doubtful` where markdown-it must decide."""
    found: list[Block] = []
    index = 0
    while index < len(lines):
        line = lines[index]
        if not line.strip():
            index += 1
            continue
        fence = FENCE_OPEN.fullmatch(line)
        if fence:
            index = _skip_fence(lines, index, fence)
            continue
        end = index
        while end < len(lines) and lines[end].strip():
            end += 1
        _classify(lines[index:end], found)
        index = end
    return found


def _skip_fence(lines: list[str], start: int, fence: re.Match[str]) -> int:
    """The index after the fence that opens at ``start`` closes (or the end: it never does)."""
    marker, info = fence.group(1), fence.group(2)
    if marker[0] == "`" and "`" in info:
        raise _Doubtful  # not a fence after all: an inline code span
    for index in range(start + 1, len(lines)):
        if closes_fence(lines[index], marker):
            return index + 1
    return len(lines)


def _classify(run: list[str], found: list[Block]) -> None:
    """Add the block a run of non-blank lines makes to ``found``."""
    first = run[0]
    if first[0] in " \t" or _THEMATIC.fullmatch(first) or _ATX.match(first):
        raise _Doubtful
    if first[0] == ">":
        _quote(run, found)
    elif len(run) > 1 and _is_delimiter_row(run[1]):
        _table(run)
    elif _BULLET.fullmatch(first) or _ORDERED.fullmatch(first):
        _list(run, found)
    elif _MAYBE_ITEM.match(first):
        raise _Doubtful  # an empty item, or one after a tab
    else:
        _paragraph(run, found)


def _quote(run: list[str], found: list[Block]) -> None:
    inner = []
    for line in run:
        if not line.startswith(">") or line.startswith(">\t"):
            raise _Doubtful  # a lazy continuation line, or a tab's width to work out
        inner.append(line[2:] if line.startswith("> ") else line[1:])
    found.extend(without_callout_marker(scan_blocks(inner)))


def _is_delimiter_row(line: str) -> bool:
    return "|" in line and _DELIMITER_ROW.fullmatch(line) is not None


def _table(run: list[str]) -> None:
    """A pipe table: nothing to ask. Only the plainest tables are settled here."""
    header, delimiter = run[0], run[1]
    if any(char in header for char in "\\`") or any("|" not in line for line in run):
        raise _Doubtful
    if _cells(header) != _cells(delimiter):
        raise _Doubtful


def _cells(row: str) -> int:
    return len(row.strip().strip("|").split("|"))


def _list(run: list[str], found: list[Block]) -> None:
    if found and isinstance(found[-1], ItemList):
        raise _Doubtful  # after a blank line, a list may go on: let the parser join them
    marker = ""
    items = []
    for line in run:
        item = _BULLET.fullmatch(line) or _ORDERED.fullmatch(line)
        if (
            item is None
            or marker not in ("", item.group(1))
            or _THEMATIC.fullmatch(line)
            or _BLOCK_START.match(item.group(3))
        ):
            raise _Doubtful  # a continuation line, another list, or a block inside the item
        marker = item.group(1)
        items.append(item.group(3).strip())
    found.append(ItemList(tuple(items), ordered=marker in ".)"))


def _paragraph(run: list[str], found: list[Block]) -> None:
    first = run[0]
    if first[0] == "<" or _LINK_DEFINITION.match(first):
        raise _Doubtful  # an HTML block or a link reference definition
    for line in run[1:]:
        if (
            line[0] in " \t><"
            or _THEMATIC.fullmatch(line)
            or SETEXT_UNDERLINE.fullmatch(line)
            or _ATX.match(line)
            or _MAYBE_ITEM.match(line)
            or FENCE_OPEN.fullmatch(line)
            or _is_delimiter_row(line)
        ):
            raise _Doubtful  # a line that may end the paragraph or turn it into something else
    found.append(Paragraph("\n".join(run).strip()))


def without_callout_marker(quoted: list[Block]) -> list[Block]:
    """A quote's blocks without an Obsidian callout's ``[!type] title`` first line."""
    if not quoted or not isinstance(quoted[0], Paragraph):
        return quoted
    head, _, rest = quoted[0].text.partition("\n")
    if not _CALLOUT.fullmatch(head):
        return quoted
    return [Paragraph(rest.strip()), *quoted[1:]] if rest.strip() else quoted[1:]


# --- markdown-it -------------------------------------------------------------------------

_LIST_OPEN = ("bullet_list_open", "ordered_list_open")


@cache
def _parser() -> MarkdownIt:
    return (
        MarkdownIt("commonmark", {"maxNesting": MAX_NESTING})
        .enable("table")
        .disable(["inline", "text_join"])
    )


@dataclass(slots=True)
class _Open:
    """A container open around the current token: its type, and for a list, its items."""

    type: str
    start: int  # where its blocks begin in the blocks found so far
    items: list[str] = field(default_factory=list)
    outline: bool = False  # a list that holds a list in an item, or is held in one


def parse_blocks(text: str) -> list[Block]:
    """Blocks as CommonMark (markdown-it-py, with tables) sees them.

    Every list counts, nested ones too, each item by its first paragraph;
    other paragraphs inside an item are left out.
    """
    found: list[Block | None] = []  # None: a list still open, or one without text
    stack: list[_Open] = []
    tokens = _parser().parse(text)
    for index, token in enumerate(tokens):
        if token.type == "paragraph_open":
            content = tokens[index + 1].content.strip()
            if not stack or stack[-1].type != "list_item_open":
                found.append(Paragraph(content))
            elif tokens[index - 1].type == "list_item_open":
                stack[-2].items.append(content)
        elif token.type == "paragraph_close":
            continue
        elif token.nesting == 1:
            opened = _Open(token.type, len(found))
            if token.type in _LIST_OPEN:
                found.append(None)
                if any(outer.type == "list_item_open" for outer in stack):
                    opened.outline = True
                    for outer in stack:
                        outer.outline = outer.outline or outer.type in _LIST_OPEN
            stack.append(opened)
        elif token.nesting == -1:
            opened = stack.pop()
            if opened.type in _LIST_OPEN and opened.items:
                ordered = opened.type == "ordered_list_open"
                found[opened.start] = ItemList(tuple(opened.items), ordered, opened.outline)
            elif opened.type == "blockquote_open":
                quoted = [block for block in found[opened.start :] if block is not None]
                found[opened.start :] = without_callout_marker(quoted)
    return [block for block in found if block is not None]
