"""The topic tree: the course's folders, notes and sections, each with its progress mark."""

from __future__ import annotations

from rich.text import Text
from textual.binding import Binding
from textual.widgets import Tree
from textual.widgets.tree import TreeNode

from tutor.course import Course, Topic
from tutor.study.topic_status import TopicStatus
from tutor.untrusted import one_line

MARK_STYLES = {"✓": "green", "◐": "yellow", "○": "", "·": "dim"}

NARROWEST, WIDEST, MOST_OF_SCREEN = 24, 60, 0.4
"""The tree takes as many columns as its titles need, within these limits: at least
:data:`NARROWEST`, at most :data:`WIDEST` and :data:`MOST_OF_SCREEN` of the screen."""
EDGE = 3
"""Columns around the titles: the pane's border and a scroll bar."""
STEP = 4
"""Columns a key press widens or narrows the tree by."""
ROOM_LEFT = 30
"""Columns a widened tree leaves for the lesson and the quiz."""


def tree_width(needed: int, screen: int, steps: int = 0) -> int:
    """The tree's width: what its titles need within the limits, then the learner's
    ``steps`` wider (or narrower), always leaving the lesson :data:`ROOM_LEFT` columns."""
    fitted = min(needed, WIDEST, max(NARROWEST, int(screen * MOST_OF_SCREEN)))
    return max(min(max(fitted, NARROWEST) + steps * STEP, screen - ROOM_LEFT), STEP * 3)


def topic_label(topic: Topic, status: TopicStatus | None, due: int = 0) -> Text:
    """``✓ Title 6/6 · 92% ↻2``: the mark first, so it lines up, then the figures
    and the cards due for review."""
    label = Text()
    if status is not None:
        label.append(f"{status.mark} ", style=MARK_STYLES[status.mark])
    label.append(one_line(topic.title))
    if status is not None and status.summary:
        label.append(f" {status.summary}", style="dim")
    if due:
        label.append(f" ↻{due}", style="bold magenta")
    return label


def _depth(node: TreeNode[Topic]) -> int:
    """How many branches the node is under (a top-level topic is under none)."""
    depth, parent = 0, node.parent
    while parent is not None and parent.parent is not None:
        depth, parent = depth + 1, parent.parent
    return depth


class TopicTree(Tree[Topic]):
    """Every topic of a course; ``j``/``k`` move like the arrows, for terminals over SSH,
    and ``←``/``→`` fold and unfold as in a file manager (``h``/``l`` are taken: hint).
    """

    BINDINGS = [
        Binding("j", "cursor_down", "Down", show=False, id="tree.down"),
        Binding("k", "cursor_up", "Up", show=False, id="tree.up"),
        Binding("left", "fold", "Collapse", show=False, id="tree.fold"),
        Binding("right", "unfold", "Expand", show=False, id="tree.unfold"),
    ]

    def action_fold(self) -> None:
        """Collapse the branch under the cursor, or go up to its parent."""
        node = self.cursor_node
        if node is None:
            return
        if node.allow_expand and node.is_expanded:
            node.collapse()
        elif node.parent is not None and node.parent is not self.root:
            self.move_cursor(node.parent)

    def action_unfold(self) -> None:
        """Expand the branch under the cursor, or go down to its first topic."""
        node = self.cursor_node
        if node is None or not node.allow_expand:
            return
        if not node.is_expanded:
            node.expand()
        elif node.children:
            self.move_cursor(node.children[0])

    def __init__(self, course: Course, *, id: str | None = None) -> None:
        super().__init__(Text(one_line(course.title)), id=id)  # a str label is markup
        self.course = course
        self.show_root = False
        self.guide_depth = 2
        self.nodes_by_id: dict[str, TreeNode[Topic]] = {}
        for topic in course.topics:
            self._add(self.root, topic)
        self.root.expand()

    def _add(self, parent: TreeNode[Topic], topic: Topic) -> None:
        label = topic_label(topic, None)
        if topic.children:
            node = parent.add(label, data=topic, expand=len(topic.path) <= 1)
            for child in topic.children:
                self._add(node, child)
        else:
            node = parent.add_leaf(label, data=topic)
        self.nodes_by_id[topic.id] = node

    def show_progress(
        self, statuses: dict[str, TopicStatus], due: dict[str, int], ids: set[str] | None = None
    ) -> None:
        """Each topic's mark, figures and cards due (a branch counts all below it), for
        the topics ``ids`` (None: every topic)."""
        for topic_id in self.nodes_by_id if ids is None else ids:
            node = self.nodes_by_id.get(topic_id)
            if node is not None and node.data is not None:
                node.set_label(topic_label(node.data, statuses.get(topic_id), due.get(topic_id, 0)))

    def needed_width(self) -> int:
        """Columns every title needs, with its indent, fold icon and the pane's edge, so that
        sibling titles stay apart (what the tree shows may change as progress comes in)."""
        widest = max(
            (
                _depth(node) * self.guide_depth + self.get_label_width(node)
                for node in self.nodes_by_id.values()
            ),
            default=0,
        )
        return widest + EDGE

    def go_to(self, topic_id: str) -> None:
        """Expand the topic's ancestors and put the cursor on it."""
        node = self.nodes_by_id.get(topic_id)
        if node is None:
            return
        parent = node.parent
        while parent is not None:
            parent.expand()
            parent = parent.parent
        self.call_after_refresh(self.move_cursor, node)
