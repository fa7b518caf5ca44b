"""The lesson pane: the selected topic's text as Markdown, or only its headings while asked.

Test, don't show: a question asked beside its own answer tests reading, not
memory. While a question is open the pane shows only the topic's headings;
a key reveals the text (the answer then counts as helped), and after the
answer the text comes back with the passage the question came from marked.
"""

from __future__ import annotations

import asyncio
import os
import re
from dataclasses import dataclass
from functools import cached_property
from urllib.parse import unquote

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.content import Content
from textual.message import Message
from textual.widgets import Markdown
from textual.widgets.markdown import MarkdownBlock, MarkdownFence

from tutor.course import Course, Question, Topic
from tutor.course.links import Link, NoteIndex, is_external, links_in
from tutor.course.passage import passage_line
from tutor.ui.lesson_markdown import LessonBulletList, LessonMarkdown
from tutor.untrusted import one_line, visible

SIDEWAYS = 8
"""Columns a press of ← or → scrolls the lesson's wide code blocks."""

COVERED_NOTE = (
    "*The lesson is hidden while you answer. {key} shows it; the answer then counts as helped.*"
)


def outline(topic: Topic, reveal_key: str) -> str:
    """The topic's headings, nested, and how to see the text: what a covered lesson shows."""
    lines = [f"# {one_line(topic.title)}", ""]
    for sub in topic.walk():
        if sub is not topic:
            depth = len(sub.path) - len(topic.path) - 1
            lines.append(f"{'  ' * depth}- {one_line(sub.title)}")
    lines += ["", COVERED_NOTE.format(key=reveal_key)]
    return "\n".join(lines)


MATCH_STYLE, CURRENT_MATCH_STYLE = "reverse", "bold reverse underline"
"""Words found by a search, and the one ``n``/``N`` went to: reverse video reads the same
with colour and without (NO_COLOR)."""


@dataclass(frozen=True, slots=True)
class Ready:
    """A topic's lesson made while hidden, first screen mounted, and its links: swapped in
    when shown (at once, if it was made while the learner read another)."""

    text: LessonMarkdown
    links: list[tuple[Link, Topic]]


@dataclass(frozen=True, slots=True)
class Match:
    """One place a searched word occurs: in which block, and where in its text."""

    block: MarkdownBlock
    start: int
    end: int


class LessonPane(VerticalScroll, can_focus=True):
    """Shows one topic's section, sub-sections included, and scrolls with the keyboard:
    the arrows and PgUp/PgDn as any scroll view, and j/k and Space as a pager does;
    ← and → scroll its code blocks sideways, as they are never wrapped. After a
    search, the words found are marked and ``n``/``N`` go from one to the next.

    While the learner reads, the lessons the next moves lead to are made ready out
    of sight (:meth:`make_ready`): showing one is then a swap, drawn in the key's
    first frame, where parsing a note and mounting its blocks took half the time
    from key to screen.
    """

    BINDINGS = [
        Binding("j", "scroll_down", "Down", show=False, id="lesson.down"),
        Binding("k", "scroll_up", "Up", show=False, id="lesson.up"),
        Binding("space", "page_down", "Page down", show=False, id="lesson.page"),
        Binding("n", "next_match(1)", "Next match", id="lesson.next-match"),
        Binding("N", "next_match(-1)", "Previous match", id="lesson.previous-match"),
    ]

    class LinkFollowed(Message):
        """The learner clicked a link to another topic."""

        def __init__(self, target: Topic) -> None:
            super().__init__()
            self.target = target

    class ReadToEnd(Message):
        """The learner scrolled a topic's lesson to its end."""

        def __init__(self, topic: Topic) -> None:
            super().__init__()
            self.topic = topic

    def __init__(self, course: Course, id: str | None = None) -> None:
        super().__init__(id=id)
        self.course = course
        self.covered = False
        self.topic: Topic | None = None
        self.uncovered: Topic | None = None  # the topic whose text is shown, once scrolled home
        self.links: list[tuple[Link, Topic]] = []
        """The lesson's links that lead to another topic of the course, and that topic."""
        self.matches: list[Match] = []
        self.current = -1  # the match n/N went to last
        self.originals: dict[MarkdownBlock, Content] = {}  # blocks with matches, unmarked
        self.lesson_text = LessonMarkdown()
        """The lesson on show."""
        self.ready: dict[str, Ready] = {}
        """Lessons made ready, hidden, by the id of their topic."""
        self._making_ready = asyncio.Lock()
        self._calls = 0
        """How many times a lesson or an outline was asked for: of two that overlap, the
        later one stays on show, whichever is made first."""

    @cached_property
    def index(self) -> NoteIndex:
        """Where links lead; built at the first lesson, as it reads every note's path."""
        return NoteIndex(self.course)

    def watch_scroll_y(self, old: float, new: float) -> None:
        super().watch_scroll_y(old, new)
        at_end = new > 0 and new >= self.max_scroll_y and self.lesson_text.whole
        if self.uncovered is not None and at_end:
            self.post_message(self.ReadToEnd(self.uncovered))

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """n and N move between matches only after a search; else they go to the screen."""
        return bool(self.matches) if action == "next_match" else True

    async def find(self, words: list[str]) -> int:
        """Mark every occurrence of ``words`` (in any case) in the lesson shown, and go to
        the first; returns how many there are."""
        self.forget_matches()
        await self.lesson_text.mount_rest()
        for block in self.lesson_text.query(MarkdownBlock):
            content = block.content
            if isinstance(content, Content):
                spans = _occurrences(content.plain, words)
                self.matches += [Match(block, start, end) for start, end in spans]
                if spans:
                    self.originals[block] = content
                    self._paint(block)
        self.refresh_bindings()
        if self.matches:
            self.action_next_match(1)
        return len(self.matches)

    def action_next_match(self, step: int) -> None:
        """Go to the next (or, with -1, the previous) match, round the end."""
        if not self.matches:
            return
        before = self.matches[self.current].block if self.current >= 0 else None
        self.current = (self.current + step) % len(self.matches)
        block = self.matches[self.current].block
        if before is not None and before is not block:
            self._paint(before)
        self._paint(block)
        self.scroll_to_widget(block, animate=False, center=True)

    def _paint(self, block: MarkdownBlock) -> None:
        """The block's text with its matches marked, the current one most."""
        content = self.originals[block]
        current = self.matches[self.current] if self.current >= 0 else None
        for match in self.matches:
            if match.block is block:
                style = CURRENT_MATCH_STYLE if match is current else MATCH_STYLE
                content = content.stylize(style, match.start, match.end)
        block.update(content)

    def forget_matches(self) -> None:
        """Unmark the last search's words (a new lesson drops them with the old one)."""
        for block, content in self.originals.items():
            block.update(content)
        self.originals = {}
        self.matches = []
        self.current = -1
        self.refresh_bindings()

    def compose(self) -> ComposeResult:
        yield self.lesson_text

    async def show(self, topic: Topic, marking: Question | None = None) -> None:
        """The topic's whole lesson; with ``marking``, the passage that answers it marked
        and scrolled into view."""
        self._calls += 1
        call = self._calls
        self.covered = False
        self.forget_matches()
        self.topic = topic
        self.uncovered = None  # until scrolled home: the last lesson's scroll is no reading
        ready = self.ready.pop(topic.id, None) or await self._make_ready(topic)
        if ready is None:
            return  # the app is closing
        if call != self._calls:  # asked for something else meanwhile: a question's outline
            await ready.text.remove()
            return
        self.lesson_text.drop()
        self.lesson_text = ready.text
        ready.text.reveal()
        self.links = ready.links
        self.scroll_home(animate=False)
        self.uncovered = topic
        if marking is None:
            return
        markdown = self.lesson_text
        title = marking_title(topic, marking)
        line = passage_line(markdown.source, marking, title) if title is not None else None
        await markdown.mount_rest()
        block = _innermost_block(markdown, line) if line is not None else None
        if block is not None:
            if not (isinstance(block, LessonBulletList) and block.mark_item(line)):
                block.add_class("-source")
            self.call_after_refresh(self.scroll_to_widget, block, animate=False, top=True)

    def _links(self, topic: Topic, lesson: str) -> list[tuple[Link, Topic]]:
        """The lesson's links to other topics, each topic once, under its first link."""
        targets = {}
        for link in links_in(lesson):
            target = self.index.target(topic, link.href)
            if target is not None and target is not topic:
                targets.setdefault(target.id, (link, target))
        return list(targets.values())

    async def make_ready(self, topics: list[Topic]) -> None:
        """Make the lessons of ``topics`` ready, hidden (their first screen mounted), and
        drop those made for other topics. One call at a time; a lesson counts as ready
        once its first screen is mounted (a step taken before then makes its own)."""
        async with self._making_ready:
            wanted = {topic.id for topic in topics}
            unwanted = [self.ready.pop(key) for key in list(self.ready) if key not in wanted]
            for ready in unwanted:
                await ready.text.remove()
            for topic in topics:
                if topic.id not in self.ready and topic is not self.topic:
                    ready = await self._make_ready(topic)
                    if ready is None:
                        return
                    self.ready[topic.id] = ready

    async def _make_ready(self, topic: Topic) -> Ready | None:
        """The topic's lesson, hidden, its first screen mounted at the width of the one
        on show (None if the pane is closing: nothing is mounted then). Every lesson
        is made so and then swapped in: the lesson left is pruned after the frame
        that shows the new one, not before it."""
        lesson = visible(topic.lesson())  # same lines: only controls are replaced
        text = LessonMarkdown(columns=self.lesson_text.content_region.width or None)
        text.display = False
        await self.mount(text)
        if not text.is_attached:
            return None
        await text.update(lesson)
        return Ready(text, self._links(topic, lesson))

    async def cover(self, topic: Topic, reveal_key: str) -> None:
        """Only the topic's headings, while a question on it is open."""
        self._calls += 1
        self.covered = True
        self.forget_matches()
        self.topic = topic
        self.links = []
        self.uncovered = None
        await self.lesson_text.update(outline(topic, reveal_key))
        self.scroll_home(animate=False)

    @property
    def folded(self) -> bool:
        """Whether a callout of the lesson is folded."""
        return any(callout.folded for callout in self.lesson_text.callouts)

    @property
    def unfolded(self) -> bool:
        """Whether a callout of the lesson that folds is open."""
        return any(not callout.folded for callout in self.lesson_text.callouts)

    async def fold(self, folded: bool) -> None:
        """Fold the lesson's callouts that fold, or open them all."""
        await self.lesson_text.mount_rest()
        for callout in self.lesson_text.callouts:
            callout.fold(folded)

    async def action_scroll_left(self) -> None:
        await self._scroll_code(-SIDEWAYS)

    async def action_scroll_right(self) -> None:
        await self._scroll_code(SIDEWAYS)

    async def _scroll_code(self, columns: int) -> None:
        await self.lesson_text.mount_rest()  # every code block scrolls together
        for fence in self.lesson_text.query(MarkdownFence):
            fence.scroll_relative(x=columns, animate=False)

    def _open_address(self, href: str) -> None:
        """Open a web address in the browser, where one can be: only ``http(s)``, whose
        handler is a browser (a note's ``file:`` or custom-scheme link could start any
        program), and not over SSH, where a text browser would take over this terminal.
        Otherwise the address is said, to open by hand."""
        if href.lower().startswith(("http://", "https://")) and not _over_ssh():
            self.app.open_url(href)
        else:
            self.notify(f"Link to {one_line(href)}", timeout=8, markup=False)

    def on_markdown_link_clicked(self, event: Markdown.LinkClicked) -> None:
        """A link to a topic is followed in the app; one out of the course is opened."""
        event.stop()
        target = self.index.target(self.topic, event.href) if self.topic else None
        if target is not None:
            self.post_message(self.LinkFollowed(target))
        elif is_external(event.href):
            self._open_address(event.href)
        else:
            where = one_line(unquote(event.href))
            self.notify(f"No note of this course is {where}.", timeout=4, markup=False)


def _over_ssh() -> bool:
    return bool(os.environ.get("SSH_CONNECTION") or os.environ.get("SSH_TTY"))


def marking_title(topic: Topic, question: Question) -> str | None:
    """The title of the question's own topic, at or below ``topic``."""
    return next((sub.title for sub in topic.walk() if sub.id == question.topic_id), None)


def _innermost_block(markdown: Markdown, line: int) -> MarkdownBlock | None:
    """The smallest rendered block whose source lines hold ``line``."""
    holding = [
        block
        for block in markdown.query(MarkdownBlock)
        if block.source_range[0] <= line < block.source_range[1]
    ]
    return min(holding, key=lambda b: b.source_range[1] - b.source_range[0], default=None)


def _occurrences(text: str, words: list[str]) -> list[tuple[int, int]]:
    """Where the words occur in ``text``, in any case, in order, overlaps dropped."""
    pattern = "|".join(re.escape(word) for word in sorted(words, key=len, reverse=True) if word)
    if not pattern:
        return []
    return [match.span() for match in re.finditer(pattern, text, re.IGNORECASE)]
