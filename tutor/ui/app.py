"""The tutor app and the one factory that builds it, for the CLI and the tests alike."""

from __future__ import annotations

from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.widgets import Footer, Header, Tree

from tutor.course import Course, Topic
from tutor.ui.lesson import LessonPane
from tutor.ui.topic_tree import TopicTree


class TutorApp(App[None]):
    """Study a course: pick a topic in the tree, read its lesson."""

    CSS_PATH = "tutor.tcss"
    BINDINGS = [
        Binding("q", "quit", "Quit", id="app.quit"),
        Binding("ctrl+q", "quit", "Quit", show=False, priority=True, id="app.quit-ctrl"),
    ]

    def __init__(self, course: Course) -> None:
        super().__init__()
        self.course = course
        self.title = course.title
        self.sub_title = "tutor"

    def compose(self) -> ComposeResult:
        yield Header()
        with Horizontal(id="panes"):
            yield TopicTree(self.course, id="topics")
            yield LessonPane(id="lesson")
        yield Footer()

    def on_mount(self) -> None:
        tree = self.query_one(TopicTree)
        tree.focus()
        tree.cursor_line = 0  # highlights the first topic, which shows its lesson
        problems = len(self.course.problems)
        if problems:
            self.notify(
                f"{problems} problem{'s' * (problems != 1)} in the course files;"
                " run `tutor check` on the course for details.",
                severity="warning",
                timeout=8,
            )

    def on_tree_node_highlighted(self, event: Tree.NodeHighlighted[Topic]) -> None:
        if event.node.data is not None:
            self.show_topic(event.node.data)

    def show_topic(self, topic: Topic) -> None:
        self.query_one(LessonPane).show(topic)


def create_app(course: Course) -> TutorApp:
    """Build the app users run; the tests drive the same one."""
    return TutorApp(course)
