"""The lesson's Markdown widget: Obsidian callouts as titled boxes, links that say where
they lead.

Textual's Markdown widget draws each block with a class looked up by the
block's name; this one parses with two extra markdown-it rules and swaps in
the block quote and paragraph classes that draw what those rules found:

- A block quote whose first line is a callout marker (``> [!tip]- Title``)
  becomes a box with a border coloured by the callout's type, the type on
  its border and the title in bold as its first line. A ``-`` after the
  marker folds it: only the title shows until the learner opens it
  (:data:`FOLD_KEY`); ``+`` starts it open but foldable.
- A link out of the course shows its address after its words, as a terminal
  cannot show where a click would go.
- ``==Highlights==`` are drawn highlighted and ``#tags`` as tags, in
  paragraphs, list items and table cells (code spans stay as written).

Titles, labels and addresses stay text: they reach the screen as Textual
``Content`` built from tokens, never parsed as markup.

A long lesson is shown a screenful at a time: the blocks that fill the
screen are made and mounted at once, the rest a screenful after each frame
(:meth:`LessonMarkdown.update`). Textual mounts, styles and lays out every
block before the first frame, and a 100 KB note took a third of a second
of that per keypress to reach the screen, whatever the learner saw of it.
A long bullet list is one block to Textual (four widgets an item), so it
is cut into runs of :data:`LIST_RUN` items, each a block, drawn as one list:
a folder's overview of its 100 notes took a second to show before. A run (or
any list) whose items are a line of text each is drawn by one widget, not four
an item (:class:`LessonBulletList`).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from markdown_it import MarkdownIt
from markdown_it.rules_core import StateCore, linkify, text_join
from markdown_it.token import Token
from rich.cells import cell_len
from textual.app import ComposeResult, RenderResult
from textual.await_complete import AwaitComplete
from textual.content import Content, Span
from textual.css.styles import RulesMap
from textual.strip import Strip
from textual.style import Style
from textual.visual import RenderOptions, Visual
from textual.widgets import Markdown
from textual.widgets.markdown import MarkdownBlock

from tutor.course.links import is_external

FOLD_KEY = "f"
"""Opens the lesson's folded callouts (and folds them again)."""

MOST_SCREENS = 8
"""The most screens of a long lesson mounted at a time, after its first."""

LIST_RUN = 8
"""Items of a long bullet list made and mounted as one block."""

# Textual exports its block classes only through this table.
_BLOCK_QUOTE = Markdown.BLOCKS["blockquote_open"]
_PARAGRAPH = Markdown.BLOCKS["paragraph_open"]
_BULLET_LIST = Markdown.BLOCKS["bullet_list_open"]
_LIST_ITEM = Markdown.BLOCKS["list_item_unordered_open"]
_CELL = Markdown.BLOCKS["td_open"]
_HEADER_CELL = Markdown.BLOCKS["th_open"]

_MARKER = re.compile(r"\[!([A-Za-z][\w-]*)\]([+-]?)[ \t]*")
_BREAKS = ("softbreak", "hardbreak")
_WEB_SCHEME = re.compile(r"^[a-z][a-z0-9+.-]*:(//)?", re.IGNORECASE)

_HIGHLIGHT = re.compile(r"==(?=\S)(.+?)(?<=\S)==")
_TAG = re.compile(r"(?<!\S)#(?=[\w/-]*[^\W\d_])[\w/-]+")  # Obsidian's: not digits alone

# Obsidian's callout types and their aliases, by the colour it gives them.
_LOOKS = {
    "note": ("note", "info", "todo"),
    "tip": ("tip", "hint", "important", "success", "check", "done"),
    "warning": ("warning", "caution", "attention", "question", "help", "faq"),
    "danger": ("danger", "error", "failure", "fail", "missing", "bug"),
    "example": ("example", "abstract", "summary", "tldr"),
}
LOOK_OF = {kind: look for look, kinds in _LOOKS.items() for kind in kinds}
"""A callout type's look (its CSS class, ``-tip`` etc.); other types look like a quote."""


@dataclass(frozen=True, slots=True)
class Callout:
    """What a callout's marker says: its type and whether it folds, and starts folded."""

    kind: str
    foldable: bool
    folded: bool

    @property
    def label(self) -> str:
        return self.kind.replace("-", " ").capitalize()


def lesson_parser() -> MarkdownIt:
    """Textual's own Markdown flavour, with callouts and link addresses marked. Callouts
    are found before the rules that finish a paragraph's text, which
    :func:`lesson_tokens` applies later: they cut only a quote's first line."""
    parser = MarkdownIt("gfm-like")
    parser.core.ruler.after("inline", "callouts", mark_callouts)
    parser.core.ruler.push("link_addresses", show_link_addresses)
    return parser


def warm_up() -> None:
    """Parse a lesson holding a web address once, so that the patterns that find one
    (20 ms to compile) are ready before the learner moves: called after the first
    frame, it spares the first lesson with an address, or a file name such as
    "notes.md", that wait."""
    for _ in lesson_tokens("See example.org."):
        pass


def mark_callouts(state: StateCore) -> None:
    """Find block quotes that open with a callout marker; note the callout on the quote
    and move its title line into a paragraph of its own (none if it has no title)."""
    tokens = state.tokens
    index = 0
    while index + 3 < len(tokens):
        quote, opening, inline = tokens[index : index + 3]
        found = (
            _MARKER.match(inline.content)
            if quote.type == "blockquote_open" and opening.type == "paragraph_open"
            else None
        )
        first = (inline.children or [None])[0]
        if found and first is not None and first.content.startswith(found.group(0)):
            first.content = first.content[found.end() :]
            fold = found.group(2)
            quote.meta["callout"] = Callout(found.group(1).lower(), bool(fold), fold == "-")
            tokens[index + 1 : index + 4] = _split_title(*tokens[index + 1 : index + 4])
        index += 1


def _split_title(opening: Token, inline: Token, closing: Token) -> list[Token]:
    """A callout's first paragraph as its title paragraph and the paragraph after it."""
    children = inline.children or []
    cut = next((i for i, child in enumerate(children) if child.type in _BREAKS), len(children))
    title, rest = children[:cut], children[cut + 1 :]
    start, end = opening.map or (0, 1)
    paragraphs: list[Token] = []
    if "".join(child.content for child in title).strip():
        opening.meta["callout_title"] = True
        inline.children = title
        opening.map = inline.map = [start, start + 1]
        paragraphs += [opening, inline, closing]
    if rest:
        body = inline.content.partition("\n")[2]
        paragraphs += _paragraph(rest, body, [start + 1, end], opening.level)
    return paragraphs


def _paragraph(children: list[Token], content: str, lines: list[int], level: int) -> list[Token]:
    """The tokens of one paragraph holding ``children``."""
    return [
        Token("paragraph_open", "p", 1, map=lines, level=level, block=True),
        Token("inline", "", 0, map=lines, level=level + 1, content=content, children=children),
        Token("paragraph_close", "p", -1, level=level, block=True),
    ]


def show_link_addresses(state: StateCore) -> None:
    """After each link out of the course, its address, unless its words are the address."""
    for token in state.tokens:
        if token.type != "inline" or not token.children:
            continue
        shown: list[Token] = []
        href: str | None = None
        words: list[str] = []
        for child in token.children:
            shown.append(child)
            if child.type == "link_open":
                href, words = str(child.attrs.get("href", "")), []
            elif child.type == "link_close" and href is not None:
                address = state.md.normalizeLinkText(href)
                if is_external(href) and _bare("".join(words)) != _bare(address):
                    shown.append(Token("text", "", 0, content=f" ({address})"))
                href = None
            elif href is not None:
                words.append(child.content)
        token.children = shown


def _bare(address: str) -> str:
    """An address without its scheme, as a link's words may spell it."""
    return _WEB_SCHEME.sub("", address.strip()).removeprefix("www.").rstrip("/")


_INLINE_RULES = {"linkify": linkify, "text_join": text_join, "link_addresses": show_link_addresses}
"""The rules :func:`lesson_tokens` applies to each paragraph's text as it is reached."""


def lesson_tokens(markdown: str) -> Iterator[Token]:
    """:func:`lesson_parser`'s tokens, each paragraph's text finished only when it is
    reached. Finding web addresses in the text (linkify) is most of the parse: half
    the time it took a 100 KB note to reach the screen, most of it off the screen.
    Those rules see one paragraph at a time, so applying them one paragraph at a time,
    in the same order, gives the same tokens."""
    parser = lesson_parser()
    rules = [
        _INLINE_RULES[name]
        for name in parser.core.ruler.get_active_rules()
        if name in _INLINE_RULES
    ]
    parser.core.ruler.disable(list(_INLINE_RULES))
    state = StateCore(markdown, parser, {})

    def finished(tokens: Iterator[Token]) -> Iterator[Token]:
        for token in tokens:
            if token.type == "inline":
                state.tokens = [token]
                for rule in rules:
                    rule(state)
            yield token

    tokens = finished(iter(parser.parse(markdown, state.env)))
    for token in tokens:
        if token.type == "bullet_list_open" and token.level == 0:
            yield from _list_runs(token, tokens)  # its items' text finished as they are taken
        else:
            yield token


def _list_runs(opening: Token, tokens: Iterator[Token]) -> Iterator[Token]:
    """A top-level bullet list (``opening`` and its tokens up to its close, taken from
    ``tokens``) as lists of at most :data:`LIST_RUN` items each. Every run but the
    last is marked ``continued``: :class:`LessonBulletList` draws it with no gap
    below, so the runs read as the one list they are."""
    items: list[list[Token]] = []
    for token in tokens:
        if token.type == "bullet_list_close" and token.level == opening.level:
            break
        if token.type == "list_item_open" and token.level == opening.level + 1:
            items.append([])
        items[-1].append(token)
    runs = [items[start : start + LIST_RUN] for start in range(0, len(items), LIST_RUN)]
    for number, run in enumerate(runs, 1):
        run_opening = Token("bullet_list_open", "ul", 1, markup=opening.markup, block=True)
        run_opening.map = [run[0][0].map[0], run[-1][0].map[1]] if run[0][0].map else None
        run_opening.meta = {"continued": number < len(runs)}
        yield run_opening
        for item in run:
            yield from item
        yield Token("bullet_list_close", "ul", -1, markup=opening.markup, block=True)


def marked(content: Content) -> Content:
    """``content`` with its ``==highlights==`` highlighted (the marks dropped) and its
    ``#tags`` drawn as tags, code spans left as written."""
    plain = content.plain
    if "==" not in plain and "#" not in plain:
        return content
    code = [span for span in content.spans if span.style == ".code_inline"]

    def outside_code(found: re.Match[str]) -> bool:
        return not any(span.start < found.end() and found.start() < span.end for span in code)

    tags = [Span(*found.span(), ".tag") for found in _TAG.finditer(plain) if outside_code(found)]
    content = Content(plain, [*content.spans, *tags]) if tags else content
    pieces: list[Content] = []
    last = 0
    for found in _HIGHLIGHT.finditer(plain):
        if outside_code(found):
            start, end = found.span()
            pieces += [content[last:start], content[start + 2 : end - 2].stylize(".mark")]
            last = end
    return Content("").join([*pieces, content[last:]]) if pieces else content


class _Marked(MarkdownBlock):
    """A block whose inline text may hold highlights and tags."""

    def build_from_token(self, token: Token) -> None:
        super().build_from_token(token)
        if isinstance(self.content, Content):
            self.set_content(marked(self.content))


class LessonQuote(_BLOCK_QUOTE):  # type: ignore[valid-type,misc]
    """A block quote, or a callout: a box titled with its type, coloured by it, folded
    while it is folded."""

    def __init__(self, markdown: Markdown, token: Token) -> None:
        super().__init__(markdown, token)
        callout = token.meta.get("callout")
        self.callout: Callout | None = callout if isinstance(callout, Callout) else None
        if self.callout is not None:  # styled when mounted: restyling now cost 80 ms a quote
            self.add_class("callout", f"-{LOOK_OF.get(self.callout.kind, 'quote')}", update=False)
            self.border_title = Content(self.callout.label)
            self.fold(self.callout.folded)

    @property
    def folded(self) -> bool:
        return self.has_class("-folded")

    def fold(self, folded: bool) -> None:
        """Show only the title (``folded``) or the whole callout."""
        self.set_class(folded, "-folded", update=self.is_mounted)
        opens = f"folded: {FOLD_KEY} opens" if folded else None
        self.border_subtitle = Content(opens) if opens else None


class LessonParagraph(_PARAGRAPH, _Marked):  # type: ignore[valid-type,misc]
    """A paragraph, or the title line of a callout."""

    def __init__(self, markdown: Markdown, token: Token) -> None:
        super().__init__(markdown, token)
        if token.meta.get("callout_title"):
            self.add_class("callout-title", update=False)  # styled when mounted


class LessonBulletList(_BULLET_LIST):  # type: ignore[valid-type,misc]
    """A bullet list, or a run of a long one's items (:func:`_list_runs`).

    A list whose items are each one line of text (a folder's overview, most
    lists in notes) is drawn by this one widget, as :class:`BulletLines`: Textual
    makes four widgets of every item, and styling and laying out the 140 of a
    screenful of an overview was most of the time a large vault took to its first
    screen, and to leave that screen. Its content is the items' text a line each,
    so a search marks words in it as in a paragraph, and the passage a question
    came from is marked as its one item (:meth:`mark_item`).
    """

    COMPONENT_CLASSES = {"bullet", "source"}
    DEFAULT_CSS = """
    LessonBulletList.-continued {
        margin-bottom: 0;
    }
    LessonBulletList > .bullet {
        color: $text-primary;
    }
    LessonBulletList:light > .bullet {
        color: $text-secondary;
    }
    LessonBulletList > .source {
        background: $accent 20%;
    }
    """

    def __init__(self, markdown: Markdown, token: Token) -> None:
        super().__init__(markdown, token)
        self.bullets: list[str] = []
        """Each item's bullet, when the list is drawn as lines (else empty)."""
        self.item_lines: list[tuple[int, int]] = []
        """Each item's source lines, when the list is drawn as lines."""
        self.marked_item: int | None = None
        if token.meta.get("continued"):
            self.add_class("-continued", update=False)

    def compose(self) -> ComposeResult:
        items = _one_line_items(self._blocks)
        if items is None:
            yield from super().compose()
            return
        self.bullets = [item.bullet for item in items]
        self.item_lines = [item.source_range for item in items]
        self.set_content(Content("\n").join(item._blocks[0]._content for item in items))
        self._blocks.clear()

    def mark_item(self, line: int) -> bool:
        """Mark the item drawn as a line whose source holds ``line``; whether there is one."""
        self.marked_item = next(
            (index for index, (start, end) in enumerate(self.item_lines) if start <= line < end),
            None,
        )
        self.refresh(layout=True)
        return self.marked_item is not None

    def render(self) -> RenderResult:
        content = self.content
        if self.bullets and isinstance(content, Content):
            return BulletLines(self.bullets, content, self.marked_item)
        return super().render()


def _one_line_items(blocks: list[MarkdownBlock]) -> list[MarkdownBlock] | None:
    """The blocks, if every one is a list item of one paragraph of one line (hard breaks
    make more); else None."""
    for block in blocks:
        if not isinstance(block, _LIST_ITEM) or len(block._blocks) != 1:
            return None
        paragraph = block._blocks[0]
        if not isinstance(paragraph, _PARAGRAPH) or "\n" in paragraph._content.plain:
            return None
    return blocks or None


class BulletLines(Visual):
    """Lines of text, each after its bullet and wrapped under its own start, as Textual
    draws a list item: the ``text`` holds one item a line; the ``marked`` one is drawn
    as the passage a question came from."""

    def __init__(self, bullets: list[str], text: Content, marked: int | None = None) -> None:
        self.bullets = bullets
        self.items = text.split("\n", allow_blank=True)
        self.marked = marked
        self._wrapped: tuple[int, list[Content]] = (-1, [])

    def lines(self, width: int) -> list[Content]:
        """The rows the items take at ``width`` columns."""
        if self._wrapped[0] != width:
            rows = []
            for index, (bullet, item) in enumerate(zip(self.bullets, self.items, strict=True)):
                indent = cell_len(bullet)
                first = Content(bullet, [Span(0, len(bullet), ".bullet")])
                wrapped = item.wrap(max(width - indent, 1)) or [Content("")]
                shown = [first + wrapped[0], *(Content(" " * indent) + row for row in wrapped[1:])]
                if index == self.marked:  # the whole width, as a block is marked
                    shown = [row.pad_right(width - row.cell_length) for row in shown]
                    shown = [row.stylize(".source") for row in shown]
                rows += shown
            self._wrapped = (width, rows)
        return self._wrapped[1]

    def get_optimal_width(self, rules: RulesMap, container_width: int) -> int:
        return max(
            cell_len(bullet) + item.get_optimal_width(rules, container_width)
            for bullet, item in zip(self.bullets, self.items, strict=True)
        )

    def get_height(self, rules: RulesMap, width: int) -> int:
        return len(self.lines(width))

    def render_strips(
        self, width: int, height: int | None, style: Style, options: RenderOptions
    ) -> list[Strip]:
        return Content("\n").join(self.lines(width)).render_strips(width, height, style, options)


class LessonCell(_CELL, _Marked):  # type: ignore[valid-type,misc]
    """A table cell."""


class LessonHeaderCell(_HEADER_CELL, _Marked):  # type: ignore[valid-type,misc]
    """A table header cell."""


class LessonMarkdown(Markdown):
    """Markdown that draws callouts, highlights, tags and link addresses; a click on a
    link is left to the lesson pane, which knows where it leads."""

    COMPONENT_CLASSES = {"mark", "tag"}
    BLOCKS: dict[str, type[MarkdownBlock]] = {
        **Markdown.BLOCKS,
        "blockquote_open": LessonQuote,
        "paragraph_open": LessonParagraph,
        "bullet_list_open": LessonBulletList,
        "td_open": LessonCell,
        "th_open": LessonHeaderCell,
    }

    def __init__(self, columns: int | None = None) -> None:
        super().__init__(parser_factory=lesson_parser, open_links=False)
        self._rest: Iterator[MarkdownBlock] | None = None
        """The lesson's blocks still to be made and mounted, in order (None: none)."""
        self.columns = columns
        """The width the text will have once shown, as it is made while hidden (None: the
        terminal's, until it is laid out)."""

    @property
    def whole(self) -> bool:
        """Whether every block of the lesson is mounted."""
        return self._rest is None

    def update(self, markdown: str) -> AwaitComplete:
        """Show ``markdown``: the blocks that fill the screen now, the others a screenful
        after each frame, so a keypress never waits on text off the screen. What needs
        every block (a search, a passage marked) calls :meth:`mount_rest` first. A
        hidden lesson mounts its first screen only, the rest once :meth:`reveal` shows it."""
        self._rest = None  # the last lesson's: never to be mounted now
        return AwaitComplete(self._show(markdown))

    async def _show(self, markdown: str) -> None:
        self._theme = self.app.theme  # as Textual's own update, which this one replaces
        self._markdown = markdown
        self._table_of_contents = None
        async with self.lock:
            blocks = self._parse_markdown(lesson_tokens(markdown))
            first, rest = self._screens(blocks, 1)
            with self.app.batch_update():
                await self.query_children(MarkdownBlock).remove()
                await self.mount_all(first)
            self._rest = rest
        if rest is not None and self.display:
            self.call_after_refresh(self._mount_more, rest, 2)

    def reveal(self) -> None:
        """Show this lesson, made ready while hidden, and go on mounting the rest of it
        after the frame that shows it."""
        self.display = True
        if self._rest is not None:
            self.call_after_refresh(self._mount_more, self._rest, 2)

    def drop(self) -> None:
        """Hide this lesson, left for another: nothing more of it is mounted, and it is
        removed once the frame that shows the other is drawn."""
        self.display = False
        self._rest = None
        self.call_after_refresh(self.remove)

    def _screens(
        self, blocks: Iterator[MarkdownBlock], screens: int
    ) -> tuple[list[MarkdownBlock], Iterator[MarkdownBlock] | None]:
        """The next blocks, until they fill ``screens`` screens (of the whole terminal: the
        lesson has less), and the rest (None if there are no more). A block's rows are
        guessed from its source lines, each one cut at the lesson's width once it has
        been laid out with text (before that, :attr:`columns` or the terminal's: the
        first layouts of the screen give the lesson other widths): words wrap onto
        more rows than that, never fewer."""
        laid_out = self.size.height > 0 and self.content_region.width > 0
        width = self.content_region.width if laid_out else self.columns or self.app.size.width
        width = max(width, 1)
        rows = 0
        lines = self.source.splitlines()
        taken: list[MarkdownBlock] = []
        for block in blocks:
            taken.append(block)
            start, end = block.source_range
            rows += 1 + sum(len(line) // width + 1 for line in lines[start:end])
            if rows >= self.app.size.height * screens:
                return taken, blocks
        return taken, None

    async def _mount_more(self, rest: Iterator[MarkdownBlock], screens: int) -> None:
        """Mount the next ``screens`` screens of the lesson, and ask for twice as many
        (up to :data:`MOST_SCREENS`) after the frame: each mount lays out every block
        mounted before it, so fewer, larger batches finish sooner, and a key pressed
        meanwhile waits for one batch at most."""
        async with self.lock:
            if rest is not self._rest:
                return  # another lesson since, or mounted whole
            batch, self._rest = self._screens(rest, screens)
            await self.mount_all(batch)
        if self._rest is None:
            self.refresh_bindings()  # a callout further down may fold
        else:
            self.call_after_refresh(self._mount_more, self._rest, min(2 * screens, MOST_SCREENS))

    async def mount_rest(self) -> None:
        """Mount every block of the lesson not mounted yet, now."""
        async with self.lock:
            rest, self._rest = self._rest, None
            if rest is not None:
                await self.mount_all(list(rest))
                self.refresh_bindings()

    @property
    def callouts(self) -> list[LessonQuote]:
        """The foldable callouts on show."""
        return [
            quote
            for quote in self.query(LessonQuote)
            if quote.callout is not None and quote.callout.foldable
        ]
