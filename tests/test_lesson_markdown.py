"""Notes as they are written: callouts as titled boxes, links that lead somewhere,
code that scrolls rather than being cut."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from itertools import pairwise
from pathlib import Path

import pytest
from markdown_it.token import Token
from textual.content import Content, Span
from textual.pilot import Pilot
from textual.widgets import Markdown
from textual.widgets.markdown import MarkdownFence

from tests.conftest import WriteFile, offline_config
from tutor.course import Course, FreeText, load_course
from tutor.study.progress import ProgressStore
from tutor.ui.app import TutorApp, create_app
from tutor.ui.lesson import LessonPane
from tutor.ui.lesson_markdown import (
    LIST_RUN,
    BulletLines,
    Callout,
    LessonBulletList,
    LessonParagraph,
    LessonQuote,
    lesson_parser,
    lesson_tokens,
    marked,
)
from tutor.ui.link_picker import LinkPicker
from tutor.ui.study_screen import StudyScreen

CALLOUTS = """\
# Callouts

Read [[Links#Second part|the second part]] or [the web](https://example.com/page).

A ==key idea== for #study.

> [!tip] Remember [b]this[/b] \x1b[31m *well*
> The body of the tip.

> [!warning]- Folded warning
> Hidden until opened.

> [!NOTE]
> A note without a title.

> Just a quote.

```python
def a_function_with_a_long_name(argument_one, argument_two, argument_three, argument_four):
    return argument_one
```
"""

LINKS = "# Links\n\nFirst part.\n\n## Second part\n\nBack to [[Callouts]].\n\n## Third part\n"


def blocks(markdown: str) -> list[tuple[str, object]]:
    """What the lesson's parser makes of ``markdown``: each block token with its meta or
    its inline text."""
    shown: list[tuple[str, object]] = []
    for token in lesson_parser().parse(markdown):
        if token.type == "inline":
            shown.append(("inline", "".join(_text(child) for child in token.children or ())))
        elif token.meta:
            shown.append((token.type, dict(token.meta)))
        else:
            shown.append((token.type, token.map))
    return shown


def _text(token: Token) -> str:
    return {"softbreak": "\n", "link_open": "<", "link_close": ">"}.get(token.type, token.content)


def test_a_callout_is_marked_and_its_title_is_a_paragraph_of_its_own() -> None:
    assert blocks("> [!Tip]- Remember *this*\n> The body.\n") == [
        ("blockquote_open", {"callout": Callout("tip", foldable=True, folded=True)}),
        ("paragraph_open", {"callout_title": True}),
        ("inline", "Remember this"),
        ("paragraph_close", None),
        ("paragraph_open", [1, 2]),
        ("inline", "The body."),
        ("paragraph_close", None),
        ("blockquote_close", None),
    ]


def test_a_callout_without_a_title_keeps_only_its_body() -> None:
    quote, *rest = blocks("> [!note]+\n>\n> The body.\n")
    assert quote == ("blockquote_open", {"callout": Callout("note", foldable=True, folded=False)})
    assert [kind for kind, _ in rest] == [
        "paragraph_open",
        "inline",
        "paragraph_close",
        "blockquote_close",
    ]
    assert ("inline", "The body.") in rest
    assert blocks("> [!info]\n")[0][1] == {"callout": Callout("info", False, False)}
    assert blocks("> [!info]\n")[1:] == [("blockquote_close", None)]


@pytest.mark.parametrize(
    "text", ["> Just a quote [!tip]\n", "> [not a callout]\n", "`> [!tip]`\n", "[!tip] alone\n"]
)
def test_other_text_is_no_callout(text: str) -> None:
    assert not any(isinstance(meta, dict) for _, meta in blocks(text))


@pytest.mark.parametrize(
    "text",
    [
        CALLOUTS,
        "> [!tip] see example.com and a\\_b.org\n> body http://x.y/z\n\n"
        "[w](https://a.b) http://c.d <e@f.gh> \\*x\\* www.k.com mail me@k.com",
    ],
)
def test_paragraphs_finished_as_they_are_reached_are_as_when_parsed_whole(text: str) -> None:
    def tokens(stream: list[Token]) -> list[tuple[object, ...]]:
        return [
            (
                token.type,
                token.content,
                token.map,
                token.meta,
                token.children
                and [(child.type, child.content, child.attrs) for child in token.children],
            )
            for token in stream
        ]

    assert tokens(list(lesson_tokens(text))) == tokens(lesson_parser().parse(text))


def test_a_lists_items_are_finished_as_a_paragraph_is() -> None:
    """Links out of the course show their address, and bare addresses are links, in a
    list's items as in a paragraph."""
    text = "- see [w](https://a.b) and www.k.com\n- http://c.d\n"

    def inline(stream: list[Token]) -> list[list[tuple[str, str]]]:
        return [
            [(child.type, child.content) for child in token.children or ()]
            for token in stream
            if token.type == "inline"
        ]

    shown = inline(list(lesson_tokens(text)))
    assert shown == inline(lesson_parser().parse(text))
    assert ("text", " (https://a.b)") in shown[0]


LONG_LIST = "".join(
    f"- item {number}\n" + ("  - under it\n" if number == 3 else "") for number in range(20)
)


def test_a_long_bullet_list_is_cut_into_runs_that_hold_its_items_in_order() -> None:
    tokens = list(lesson_tokens(f"{LONG_LIST}\nAfter.\n"))
    runs = [token for token in tokens if token.type == "bullet_list_open" and token.level == 0]
    assert [run.meta["continued"] for run in runs] == [True, True, False]
    whole = lesson_parser().parse(f"{LONG_LIST}\nAfter.\n")
    assert [t.content for t in tokens if t.type == "inline"] == [
        t.content for t in whole if t.type == "inline"
    ]
    assert runs[0].map == [0, LIST_RUN + 1]  # item 3 takes two lines
    assert runs[2].map == [2 * LIST_RUN + 1, whole[0].map[1]]  # the list's own end
    closes = [token for token in tokens if token.type == "bullet_list_close"]
    assert len(closes) == 4  # the runs' and the one under item 3
    short = list(lesson_tokens("- a\n- b\n"))
    assert [token.type for token in short] == [
        token.type for token in lesson_parser().parse("- a\n- b\n")
    ]


async def test_the_runs_of_a_long_list_are_drawn_as_one_list(write: WriteFile, notes: Path) -> None:
    write("Long list.md", f"# Long list\n\n{LONG_LIST}\nAfter the list.\n")
    app = new_app(load_course(notes))
    async with app.run_test(size=(80, 24)) as pilot:
        markdown = app.query_one(LessonPane).lesson_text
        await markdown.mount_rest()
        await pilot.pause()
        runs = list(app.query(LessonBulletList).filter(".level-0"))
        assert len(runs) == 3
        for above, below in pairwise(runs):
            assert below.region.y == above.region.bottom  # no gap between the runs
        after = next(p for p in app.query(LessonParagraph) if "After the list" in str(p.content))
        assert after.region.y == runs[-1].region.bottom + 1  # the list's own gap below it


LISTS = """\
# Lists

- A short item
- An item long enough to wrap under its own start when the lesson pane is narrow
- **Bold** words, a ==highlight== and [a link](Other.md)

Nested, and with a second paragraph:

- Outer item
  - Inner item
- An item

  with a second paragraph

After the lists.
"""


def test_bullet_lines_wrap_each_item_under_its_own_start() -> None:
    lines = BulletLines(["• ", "• "], Content("A short item\nAn item long enough to wrap"))
    assert [line.plain for line in lines.lines(16)] == [
        "• A short item",
        "• An item long",
        "  enough to wrap",
    ]
    assert lines.get_height({}, 16) == 3
    assert lines.get_optimal_width({}, 80) == len("• An item long enough to wrap")
    assert [s.style for s in lines.lines(16)[0].spans] == [".bullet"]


async def test_a_list_of_one_line_items_is_one_widget_and_can_be_searched(
    write: WriteFile, notes: Path
) -> None:
    """Textual makes four widgets of each list item; a list whose items are a line of text
    each is drawn by its own widget, and a search still finds and marks its words."""
    write("Lists.md", LISTS)
    write("Other.md", "# Other\n\nText.\n")
    app = new_app(load_course(notes))
    async with app.run_test(size=(80, 24)) as pilot:
        await app.go_to_topic("notes/lists")
        await pilot.pause()
        lists = list(app.query(LessonBulletList).filter(".level-0"))
        assert [len(bullet_list.children) for bullet_list in lists] == [0, 2]
        simple = lists[0]
        assert simple.bullets == ["• "] * 3
        assert str(simple.content).splitlines()[2] == "Bold words, a highlight and a link"
        assert simple.size.height == 4  # the long item wraps onto a second row
        lesson = app.query_one(LessonPane)
        assert await lesson.find(["highlight"]) == 1
        assert lesson.matches[0].block is simple
        painted = simple.content
        assert isinstance(painted, Content)
        assert any(span.start == painted.plain.index("highlight") for span in painted.spans)


async def test_the_passage_a_question_came_from_is_its_one_item_of_a_list(
    write: WriteFile, notes: Path
) -> None:
    write(
        "Layers.md",
        "# Layers\n\nKinds of layer:\n\n- A pooling layer shrinks feature maps.\n"
        "- A dropout layer switches off units at random while training.\n"
        "- A dense layer connects every input to every output.\n",
    )
    course = load_course(notes)
    topic = course.topic("notes/layers")
    assert topic is not None
    dropout = FreeText(
        id="dropout",
        topic_id=topic.id,
        prompt="What does a dropout layer do?",
        reference="It switches off units at random while training.",
    )
    app = new_app(course)
    async with app.run_test(size=(80, 24)) as pilot:
        await app.query_one(LessonPane).show(topic, marking=dropout)
        await pilot.pause()
        (layers,) = app.query(LessonBulletList)
        assert layers.marked_item == 1 and not layers.has_class("-source")
        rows = BulletLines(layers.bullets, layers.content, layers.marked_item).lines(40)
        marked_rows = [r.plain.strip() for r in rows if any(s.style == ".source" for s in r.spans)]
        assert " ".join(marked_rows).startswith("• A dropout layer switches off")
        assert not any("pooling" in row or "dense" in row for row in marked_rows)


def test_snapshot_a_lesson_with_lists(snap_compare, write: WriteFile, notes: Path) -> None:
    """Lists drawn as lines look as those Textual draws: bullets, wrapping, nesting."""
    write("Lists.md", LISTS)
    write("Other.md", "# Other\n\nText.\n")

    app = new_app(load_course(notes))
    assert snap_compare(app, terminal_size=(90, 30), run_before=opening("notes/lists"))


def test_a_link_out_of_the_course_shows_its_address() -> None:
    assert blocks("[the web](https://example.com/a%20b) and [a note](Home.md)")[1] == (
        "inline",
        "<the web> (https://example.com/a b) and <a note>",
    )
    assert blocks("<https://example.com/> and www.example.com and [x](mailto:x@y.z)")[1] == (
        "inline",
        "<https://example.com/> and <www.example.com> and <x> (mailto:x@y.z)",
    )


def test_highlights_and_tags_are_drawn_and_code_is_left_alone() -> None:
    text = "A ==key idea== for #study/ml, not #42 or a#b; `==x== #y` stays."
    idea, code = text.index("idea"), text.index("`==x")
    spans = [Span(idea, idea + 4, ".strong"), Span(code, code + 9, ".code_inline")]
    shown = marked(Content(text, spans))
    assert shown.plain == "A key idea for #study/ml, not #42 or a#b; `==x== #y` stays."
    styled = {(shown.plain[span.start : span.end], span.style) for span in shown.spans}
    assert styled >= {("key idea", ".mark"), ("idea", ".strong"), ("#study/ml", ".tag")}
    assert [part for part, style in styled if style == ".tag"] == ["#study/ml"]
    assert marked(Content("nothing to mark")) == Content("nothing to mark")


@pytest.fixture
def course(write: WriteFile, notes: Path) -> Course:
    write("Callouts.md", CALLOUTS)
    write("Links.md", LINKS)
    return load_course(notes)


def new_app(course: Course) -> TutorApp:
    return create_app(course, ProgressStore.open(), offline_config(), blink=False)


def opening(topic_id: str) -> Callable[[Pilot], Awaitable[None]]:
    """A snapshot's first steps: the app started, then the topic opened."""

    async def open_topic(pilot: Pilot) -> None:
        await pilot.pause()
        await pilot.app.go_to_topic(topic_id)
        await pilot.pause()

    return open_topic


def screen_of(app: TutorApp) -> StudyScreen:
    assert isinstance(app.screen, StudyScreen)
    return app.screen


async def test_callouts_fold_and_open_and_code_scrolls_sideways(course: Course) -> None:
    app = new_app(course)
    async with app.run_test(size=(100, 30)) as pilot:
        await app.go_to_topic("notes/callouts")
        await pilot.pause()
        screen = screen_of(app)
        tip, warning, note, quote = app.query_one(LessonPane).lesson_text.query(LessonQuote)
        assert (tip.border_title, warning.border_title, note.border_title) == (
            "Tip",
            "Warning",
            "Note",
        )
        assert quote.callout is None and not quote.has_class("callout")
        shown = [block.content for block in app.query(LessonParagraph)]
        assert Content("A key idea for #study.") in [Content(str(text)) for text in shown]
        title = str(tip.children[0].content)  # untrusted: shown as written, never obeyed
        assert title == "Remember [b]this[/b] ␛[31m well"
        assert warning.folded and not warning.children[1].display
        assert warning.children[0].display  # its title shows while it is folded
        assert screen.check_action("fold", (False,)) and not screen.check_action("fold", (True,))

        await pilot.press("f")
        assert not warning.folded and warning.children[1].display
        assert screen.check_action("fold", (True,)) and not screen.check_action("fold", (False,))
        await pilot.press("f")
        assert warning.folded

        fence = app.query_one(MarkdownFence)
        app.query_one(LessonPane).focus()
        await pilot.press("right")
        await pilot.pause()
        assert fence.scroll_x > 0 and fence.max_scroll_x > 0
        await pilot.press("left")
        await pilot.pause()
        assert fence.scroll_x == 0


async def test_links_are_followed_and_backspace_comes_back(course: Course) -> None:
    app = new_app(course)
    async with app.run_test(size=(100, 30)) as pilot:
        await app.go_to_topic("notes/callouts")
        await pilot.pause()
        screen = screen_of(app)
        assert [(link.label, target.id) for link, target in screen.lesson.links] == [
            ("the second part", "notes/links/second-part")
        ]
        assert not screen.check_action("back", ())
        await pilot.press("l")
        assert isinstance(app.screen, LinkPicker)
        await pilot.press("enter")
        await pilot.pause()
        assert screen.topic is not None and screen.topic.id == "notes/links/second-part"
        assert screen.check_action("back", ())

        markdown = screen.lesson.query_one(Markdown)  # a click on "Callouts" in the lesson
        markdown.post_message(Markdown.LinkClicked(markdown, "Callouts"))
        await pilot.pause()
        assert screen.topic.id == "notes/callouts"

        await pilot.press("backspace")
        await pilot.pause()
        assert screen.topic.id == "notes/links/second-part"
        await pilot.press("backspace")
        await pilot.pause()
        assert screen.topic.id == "notes/callouts"
        assert not screen.check_action("back", ())


def test_snapshot_a_lesson_with_callouts(snap_compare, write: WriteFile, notes: Path) -> None:
    write("Callouts.md", CALLOUTS.replace("\x1b[31m ", ""))  # no warning toast in the shot
    write("Links.md", LINKS)

    app = new_app(load_course(notes))
    assert snap_compare(app, terminal_size=(100, 30), run_before=opening("notes/callouts"))


FORMULA = """\
# Descent

Each step moves the weights against the gradient.

> [!tip] The update rule
> $\\theta \\leftarrow \\theta - \\eta \\nabla L(\\theta)$, repeated until $L$ stops falling.

$$
\\frac{\\partial L}{\\partial w} = \\sum_i x_i^2
$$

![[Rules#Chain rule]]
"""

RULES = "# Rules\n\n## Chain rule\n\nThe derivative of a composition is a product.\n"


def test_snapshot_a_lesson_with_a_formula_and_an_embed(
    snap_compare, write: WriteFile, notes: Path
) -> None:
    """Math reads as Unicode, in a callout and on lines of its own; an embedded section
    shows its text in place."""
    write("Descent.md", FORMULA)
    write("Rules.md", RULES)

    app = new_app(load_course(notes))
    assert snap_compare(app, terminal_size=(100, 30), run_before=opening("notes/descent"))


@pytest.mark.parametrize(
    ("href", "ssh", "opened"),
    [
        ("https://example.com/page", False, True),
        ("https://example.com/page", True, False),  # a text browser would take the terminal
        ("file:///etc/passwd", False, False),  # a note's link may name any program's scheme
        ("vscode://open?file=x", False, False),
    ],
)
async def test_only_web_addresses_are_opened_and_only_where_a_browser_can(
    course: Course, monkeypatch: pytest.MonkeyPatch, href: str, ssh: bool, opened: bool
) -> None:
    monkeypatch.delenv("SSH_CONNECTION", raising=False)
    monkeypatch.delenv("SSH_TTY", raising=False)
    if ssh:
        monkeypatch.setenv("SSH_CONNECTION", "10.0.0.1 50000 10.0.0.2 22")
    app = new_app(course)
    calls: list[str] = []
    monkeypatch.setattr(app, "open_url", lambda url, **_: calls.append(url))
    async with app.run_test(size=(100, 30)) as pilot:
        await app.go_to_topic("notes/callouts")
        await pilot.pause()
        markdown = screen_of(app).lesson.query_one(Markdown)
        markdown.post_message(Markdown.LinkClicked(markdown, href))
        await pilot.pause()
        assert calls == ([href] if opened else [])
        if not opened:
            assert list(app._notifications)[-1].message == f"Link to {href}"
