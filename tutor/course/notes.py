"""Parse one Markdown note into its outline: title, preamble and heading sections.

Which lines are headings is CommonMark's decision, made by markdown-it-py: a
``#`` line in a fenced or indented code block, in an HTML block, or a heading
inside a block quote or list item is lesson text, not a topic.

Running markdown-it over every line of a 5,000-note vault takes seconds, so a
line scan goes first. Where no line is an HTML block start, an indented
``#``/fence/``=`` line or a possible setext underline, the only top-level
headings are unindented ATX lines outside unindented fences, and the scan
finds exactly those. At the first line it cannot settle, it hands over to
markdown-it from the last unindented heading before that line: such a heading
closes every open block, so parsing can start there without changing what the
text means. The tests check that the result always equals markdown-it's.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache

from markdown_it import MarkdownIt

from tutor.course.admonitions import admonitions_as_callouts
from tutor.course.fences import FENCE_OPEN, closes_fence
from tutor.untrusted import text_lines

# Deeper containers than this are left as plain text by the parser instead of
# recursing: a heading nested 50 block quotes deep cannot blow the stack.
MAX_NESTING = 20

_FRONT_MATTER_FENCE = re.compile(r"---[ \t]*")
_FRONT_MATTER_END = re.compile(r"(---|\.\.\.)[ \t]*")
_CODE_MARKS = ("```", "~~~", "    ", "\t")
"""What a code block needs somewhere in its text: a fence, or four columns of indentation
(after a list marker or a quote's ">" too, so they are looked for anywhere)."""
_TITLE_KEY = re.compile(r"title[ \t]*:[ \t]*(.*?)[ \t]*")
_TAGS_KEY = re.compile(r"tags?[ \t]*:[ \t]*(.*?)[ \t]*")
_LIST_ITEM = re.compile(r"[ \t]*-[ \t]+(.*?)[ \t]*")
# An inline code span (kept as it is) or an Obsidian wikilink / embed.
_WIKILINK = re.compile(r"(`+)[^`]*?\1|!?\[\[([^\[\]|#]*)(#[^\[\]|]*)?(?:\|([^\[\]]*))?\]\]")
_ATX = re.compile(r"(#{1,6})(?:[ \t]+(.*?))?[ \t]*")
_IMAGE_SIZE = re.compile(r"\d+(?:x\d+)?")
_IMAGES = (".png", ".jpg", ".jpeg", ".gif", ".svg", ".webp", ".bmp", ".avif")
_ATTRIBUTE_LIST = re.compile(r"[ \t]*\{:?[ \t]*[#.][^{}]*\}[ \t]*$")  # Python-Markdown attr_list
_POINTY = re.compile(r"[<>\\]")  # to escape in a <link destination>
_ATX_CLOSING = re.compile(r"(?:^|[ \t]+)#+$")
SETEXT_UNDERLINE = re.compile(r" {0,3}(?:=+|-+)[ \t]*")
_INDENT = (" ", "\t")  # an indented line may belong to a container: look closer
_DOUBTFUL_STARTS = ("#", "`", "~", "<", "=")  # indented, these may or may not start a block

Heading = tuple[int, str, int, int]  # level, raw title, first line, end line (0-based)


@dataclass(slots=True)
class Section:
    """A heading and the text under it, up to the next heading of any level."""

    level: int
    title: str
    line: int  # 1-based line of the heading in the file
    body: str


@dataclass(slots=True)
class NoteOutline:
    """What a note holds, before it is placed in a course's topic tree."""

    front_matter_title: str | None
    preamble: str  # text before the first heading
    sections: list[Section] = field(default_factory=list)
    front_matter_tags: tuple[str, ...] = ()  # without their "#"


@cache
def _block_parser() -> MarkdownIt:
    return MarkdownIt("commonmark", {"maxNesting": MAX_NESTING}).disable(["inline", "text_join"])


@cache
def _inline_parser() -> MarkdownIt:
    return MarkdownIt("commonmark", {"maxNesting": MAX_NESTING})


def replace_wikilinks(text: str, *, links: bool = False) -> str:
    """Obsidian links read as their label: ``[[a|b]]`` -> ``b``, ``[[a#s]]`` -> ``a › s``;
    with ``links``, as a Markdown link to their target: ``[b](<a#s>)``.

    Inline code spans are left untouched.
    """

    def label(match: re.Match[str]) -> str:
        if match.group(1):  # a code span
            return match.group(0)
        target, heading, alias = match.group(2), match.group(3), match.group(4)
        if match.group(0).startswith("!") and is_image(target):
            size = alias is not None and _IMAGE_SIZE.fullmatch(alias.strip())  # ![[a.png|300]]
            return image_placeholder("" if size else alias or "", target)
        shown = target.strip()
        if heading:
            section = heading.lstrip("#").strip()
            shown = f"{shown} › {section}" if shown else section
        if alias is not None and alias.strip():
            shown = alias.strip()
        if links and not match.group(0).startswith("!"):
            destination = _POINTY.sub(r"\\\g<0>", f"{target.strip()}{heading or ''}")
            return f"[{shown}](<{destination}>)"
        return shown

    return _WIKILINK.sub(label, text) if "[[" in text else text


def is_image(target: str) -> bool:
    """Whether an embed's target is an image (by its file name)."""
    return target.strip().lower().endswith(_IMAGES)


def image_placeholder(alt: str, path: str) -> str:
    """An image as a terminal shows it: one line with its alt text and path."""
    alt, path = alt.strip(), path.strip()
    shown = f"{alt} ({path})" if alt and path and alt != path else alt or path
    return f"[image: {shown}]"


def code_lines(markdown: str) -> set[int]:
    """The (0-based) lines of ``markdown`` that are in fenced or indented code blocks.

    Most sections hold neither a fence nor four spaces or a tab in a row, and
    telling so by a search is far quicker than parsing them (a fifth of the
    time extraction took on a large vault).
    """
    if not any(mark in markdown for mark in _CODE_MARKS):
        return set()
    code: set[int] = set()
    for token in _block_parser().parse(markdown):
        if token.type in ("fence", "code_block") and token.map:
            code.update(range(*token.map))
    return code


def plain_title(markdown: str) -> str:
    """A heading's inline Markdown reduced to the text a reader sees; an attribute
    list that gives a site its anchor (``## Usage {#usage .wide}``) is not seen."""
    source = replace_wikilinks(_ATTRIBUTE_LIST.sub("", markdown).strip())
    if not any(mark in source for mark in "*_`[<&\\!"):
        return " ".join(source.split())
    tokens = _inline_parser().parseInline(source)
    parts = [
        child.content
        for token in tokens
        for child in token.children or ()
        if child.type in ("text", "code_inline", "html_inline")
    ]
    return " ".join("".join(parts).split())


@dataclass(frozen=True, slots=True)
class FrontMatter:
    """What tutor reads of a note's YAML front matter: its ``title:`` and ``tags:``."""

    title: str | None = None
    tags: tuple[str, ...] = ()
    lines: int = 0  # how many lines of the file it spans (0: it has none)


def split_front_matter(lines: list[str]) -> FrontMatter:
    """Find YAML front matter and read its title and tags (a full YAML parser is not
    needed for two keys, and would run on every note of a vault)."""
    if not lines or not _FRONT_MATTER_FENCE.fullmatch(lines[0]):
        return FrontMatter()
    for index in range(1, len(lines)):
        if _FRONT_MATTER_END.fullmatch(lines[index]):
            title, tags = None, ()
            block = lines[1:index]
            for position, line in enumerate(block):
                if match := _TITLE_KEY.fullmatch(line):
                    title = match.group(1).strip().strip("\"'").strip() or None
                elif match := _TAGS_KEY.fullmatch(line):
                    tags = _tags(match.group(1), block[position + 1 :])
            return FrontMatter(title, tags, index + 1)
    return FrontMatter()


def _tags(value: str, following: list[str]) -> tuple[str, ...]:
    """Tags written ``tags: a, b``, ``tags: [a, b]``, ``tags: a b`` or as ``- a`` lines
    under ``tags:``, without quotes or a leading "#"."""
    if value:
        inner = value.removeprefix("[").removesuffix("]")
        items = inner.split(",") if "," in inner or value.startswith("[") else inner.split()
    else:
        items = []
        for line in following:
            item = _LIST_ITEM.fullmatch(line)
            if item is None:
                break
            items.append(item.group(1))
    cleaned = (item.strip().strip("\"'").strip().lstrip("#") for item in items)
    return tuple(item for item in cleaned if item)


def scan_headings(lines: list[str], start: int) -> tuple[list[Heading], int | None]:
    """Top-level headings found by a line scan, and where the parser must take over.

    The scan stops at the first line that could make block context matter (an
    indented line starting like a heading, fence, HTML block or setext
    underline, any HTML block start, an underline right after text). It then
    returns the headings before the last unindented heading it saw, and that
    heading's line as the place to resume with the parser; the second item is
    None when the scan settled the whole note.
    """
    headings: list[Heading] = []
    resume = start
    fence = ""  # the open fence's marker, e.g. "```"
    previous_blank = True
    for index in range(start, len(lines)):
        line = lines[index]
        if fence:
            if closes_fence(line, fence):
                fence = ""
            previous_blank = False
            continue
        first = line[:1]
        if first in _INDENT:
            body = line.lstrip(" ")
            indented = 0 < len(line) - len(body) < 4
            if indented and body[:1] in _DOUBTFUL_STARTS:
                break
            if indented and body[:1] == "-" and SETEXT_UNDERLINE.fullmatch(line):
                break
        elif first == "#":
            match = _ATX.fullmatch(line)
            if match:
                raw = _ATX_CLOSING.sub("", match.group(2) or "")
                headings.append((len(match.group(1)), raw, index, index + 1))
                resume = index
        elif first in ("`", "~"):
            match = FENCE_OPEN.fullmatch(line)
            if match:
                if first == "`" and "`" in match.group(2):
                    break
                fence = match.group(1)
        elif first == "<" or (
            first in ("=", "-") and not previous_blank and SETEXT_UNDERLINE.fullmatch(line)
        ):
            break  # an HTML block, or a setext underline that may turn text into a heading
        previous_blank = not line.strip()
    else:
        return headings, None
    return [heading for heading in headings if heading[2] < resume], resume


def parse_headings(lines: list[str], start: int) -> list[Heading]:
    """Top-level headings as CommonMark (markdown-it-py) sees them."""
    tokens = _block_parser().parse("\n".join(lines[start:]))
    return [
        (int(token.tag[1]), tokens[index + 1].content, token.map[0] + start, token.map[1] + start)
        for index, token in enumerate(tokens)
        if token.type == "heading_open" and token.level == 0 and token.map
    ]


def find_headings(lines: list[str], start: int) -> list[Heading]:
    """Top-level headings from line ``start`` on: scanned where certain, parsed where not."""
    headings, resume = scan_headings(lines, start)
    return headings if resume is None else headings + parse_headings(lines, resume)


def parse_note(text: str) -> NoteOutline:
    """Split a note's text into its preamble and top-level heading sections."""
    lines = text_lines(text)
    front = split_front_matter(lines)
    skip = front.lines
    lines[skip:] = admonitions_as_callouts(lines[skip:])
    headings = find_headings(lines, skip)
    first = headings[0][2] if headings else len(lines)
    outline = NoteOutline(
        front_matter_title=front.title,
        preamble="\n".join(lines[skip:first]).strip("\n"),
        front_matter_tags=front.tags,
    )
    for position, (level, raw, start, end) in enumerate(headings):
        stop = headings[position + 1][2] if position + 1 < len(headings) else len(lines)
        outline.sections.append(
            Section(
                level=level,
                title=plain_title(raw) or "Untitled",
                line=start + 1,
                body="\n".join(lines[end:stop]).strip("\n"),
            )
        )
    return outline
