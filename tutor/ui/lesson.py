"""The lesson pane: the selected topic's text, rendered as Markdown."""

from __future__ import annotations

from textual.containers import VerticalScroll
from textual.widgets import Markdown

from tutor.course import Topic


class LessonPane(VerticalScroll, can_focus=True):
    """Shows one topic's section, sub-sections included, and scrolls with the keyboard."""

    def compose(self):  # type: ignore[override]
        yield Markdown(id="lesson-text")

    def show(self, topic: Topic) -> None:
        self.query_one(Markdown).update(topic.lesson())
        self.scroll_home(animate=False)
