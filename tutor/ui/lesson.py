"""The lesson pane: the selected topic's text as Markdown, or only its headings while asked.

Test, don't show: a question asked beside its own answer tests reading, not
memory. While a question is open the pane shows only the topic's headings;
a key reveals the text (the answer then counts as helped), and after the
answer the text comes back with the passage the question came from marked.
"""

from __future__ import annotations

from functools import cached_property
from urllib.parse import unquote

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.message import Message
from textual.widgets import Markdown
from textual.widgets.markdown import MarkdownBlock, MarkdownFence

from tutor.course import Course, Question, Topic
from tutor.course.links import Link, NoteIndex, is_external, links_in
from tutor.course.passage import passage_line
from tutor.ui.lesson_markdown import LessonMarkdown
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


class LessonPane(VerticalScroll, can_focus=True):
    """Shows one topic's section, sub-sections included, and scrolls with the keyboard:
    the arrows and PgUp/PgDn as any scroll view, and j/k and Space as a pager does;
    ← and → scroll its code blocks sideways, as they are never wrapped.
    """

    BINDINGS = [
        Binding("j", "scroll_down", "Down", show=False, id="lesson.down"),
        Binding("k", "scroll_up", "Up", show=False, id="lesson.up"),
        Binding("space", "page_down", "Page down", show=False, id="lesson.page"),
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

    @cached_property
    def index(self) -> NoteIndex:
        """Where links lead; built at the first lesson, as it reads every note's path."""
        return NoteIndex(self.course)

    def watch_scroll_y(self, old: float, new: float) -> None:
        super().watch_scroll_y(old, new)
        if self.uncovered is not None and new > 0 and new >= self.max_scroll_y:
            self.post_message(self.ReadToEnd(self.uncovered))

    def compose(self) -> ComposeResult:
        yield LessonMarkdown(id="lesson-text")

    async def show(self, topic: Topic, marking: Question | None = None) -> None:
        """The topic's whole lesson; with ``marking``, the passage that answers it marked
        and scrolled into view."""
        self.covered = False
        self.topic = topic
        self.uncovered = None  # until scrolled home: the last lesson's scroll is no reading
        lesson = visible(topic.lesson())  # same lines: only controls are replaced
        markdown = self.query_one(Markdown)
        await markdown.update(lesson)
        targets = {}  # each topic once, under the first link to it
        for link in links_in(lesson):
            target = self.index.target(topic, link.href)
            if target is not None and target is not topic:
                targets.setdefault(target.id, (link, target))
        self.links = list(targets.values())
        self.scroll_home(animate=False)
        self.uncovered = topic
        if marking is None:
            return
        title = marking_title(topic, marking)
        line = passage_line(lesson, marking, title) if title is not None else None
        block = _innermost_block(markdown, line) if line is not None else None
        if block is not None:
            block.add_class("-source")
            self.call_after_refresh(self.scroll_to_widget, block, animate=False, top=True)

    async def cover(self, topic: Topic, reveal_key: str) -> None:
        """Only the topic's headings, while a question on it is open."""
        self.covered = True
        self.topic = topic
        self.links = []
        self.uncovered = None
        await self.query_one(Markdown).update(outline(topic, reveal_key))
        self.scroll_home(animate=False)

    @property
    def folded(self) -> bool:
        """Whether a callout of the lesson is folded."""
        return any(callout.folded for callout in self.query_one(LessonMarkdown).callouts)

    @property
    def unfolded(self) -> bool:
        """Whether a callout of the lesson that folds is open."""
        return any(not callout.folded for callout in self.query_one(LessonMarkdown).callouts)

    def fold(self, folded: bool) -> None:
        """Fold the lesson's callouts that fold, or open them all."""
        for callout in self.query_one(LessonMarkdown).callouts:
            callout.fold(folded)

    def action_scroll_left(self) -> None:
        self._scroll_code(-SIDEWAYS)

    def action_scroll_right(self) -> None:
        self._scroll_code(SIDEWAYS)

    def _scroll_code(self, columns: int) -> None:
        for fence in self.query(MarkdownFence):
            fence.scroll_relative(x=columns, animate=False)

    def on_markdown_link_clicked(self, event: Markdown.LinkClicked) -> None:
        """A link to a topic is followed in the app; one out of the course is opened."""
        event.stop()
        target = self.index.target(self.topic, event.href) if self.topic else None
        if target is not None:
            self.post_message(self.LinkFollowed(target))
        elif is_external(event.href):
            self.app.open_url(event.href)
        else:
            where = one_line(unquote(event.href))
            self.notify(f"No note of this course is {where}.", timeout=4, markup=False)


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
