"""The lesson pane: the selected topic's text as Markdown, or only its headings while asked.

Test, don't show: a question asked beside its own answer tests reading, not
memory. While a question is open the pane shows only the topic's headings;
a key reveals the text (the answer then counts as helped), and after the
answer the text comes back with the passage the question came from marked.
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.widgets import Markdown
from textual.widgets.markdown import MarkdownBlock

from tutor.course import Question, Topic
from tutor.course.passage import passage_line
from tutor.untrusted import one_line, visible

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
    the arrows and PgUp/PgDn as any scroll view, and j/k and Space as a pager does.
    """

    BINDINGS = [
        Binding("j", "scroll_down", "Down", show=False, id="lesson.down"),
        Binding("k", "scroll_up", "Up", show=False, id="lesson.up"),
        Binding("space", "page_down", "Page down", show=False, id="lesson.page"),
    ]

    def __init__(self, id: str | None = None) -> None:
        super().__init__(id=id)
        self.covered = False

    def compose(self) -> ComposeResult:
        yield Markdown(id="lesson-text")

    async def show(self, topic: Topic, marking: Question | None = None) -> None:
        """The topic's whole lesson; with ``marking``, the passage that answers it marked
        and scrolled into view."""
        self.covered = False
        lesson = topic.lesson()
        markdown = self.query_one(Markdown)
        await markdown.update(visible(lesson))  # same lines: only controls are replaced
        self.scroll_home(animate=False)
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
        await self.query_one(Markdown).update(outline(topic, reveal_key))
        self.scroll_home(animate=False)


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
