"""The topic tree: the course's folders, notes and sections."""

from __future__ import annotations

from rich.text import Text
from textual.binding import Binding
from textual.widgets import Tree
from textual.widgets.tree import TreeNode

from tutor.course import Course, Topic


class TopicTree(Tree[Topic]):
    """Every topic of a course; ``j``/``k`` move like the arrows, for terminals over SSH."""

    BINDINGS = [
        Binding("j", "cursor_down", "Down", show=False, id="tree.down"),
        Binding("k", "cursor_up", "Up", show=False, id="tree.up"),
    ]

    def __init__(self, course: Course, *, id: str | None = None) -> None:
        super().__init__(course.title, id=id)
        self.course = course
        self.show_root = False
        self.guide_depth = 2
        for topic in course.topics:
            self._add(self.root, topic)
        self.root.expand()

    def _add(self, parent: TreeNode[Topic], topic: Topic) -> None:
        questions = sum(1 for _ in topic.all_questions())
        label = Text(topic.title)
        if questions:
            label.append(f" ({questions})", style="dim")
        if topic.children:
            node = parent.add(label, data=topic, expand=len(topic.path) <= 1)
            for child in topic.children:
                self._add(node, child)
        else:
            parent.add_leaf(label, data=topic)
