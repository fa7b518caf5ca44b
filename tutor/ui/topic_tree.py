"""The topic tree: the course's folders, notes and sections, each with its progress mark.

A branch's topics get their nodes the first time it opens. A vault of
13,000 notes has 80,000 topics, most of them sections of closed notes:
making a node and a label for each took seconds before the first screen,
and as long again when the counts came in. The tree's width is still
worked out from every topic's title, opened or not, so that it does not
change as branches open.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Iterable

from rich.cells import cell_len
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
OPEN_AT_START = 100
"""Lines the tree may show at start. The course's top-level branches open one by one
while their topics fit, so a small course shows its whole outline and a vault of
thousands of notes shows its folders: making and laying out a line for each of 13,000
notes took over a second before the first screen."""


def tree_width(needed: int, screen: int, steps: int = 0) -> int:
    """The tree's width: what its titles need within the limits, then the learner's
    ``steps`` wider (or narrower), always leaving the lesson :data:`ROOM_LEFT` columns."""
    fitted = min(needed, WIDEST, max(NARROWEST, int(screen * MOST_OF_SCREEN)))
    return max(min(max(fitted, NARROWEST) + steps * STEP, screen - ROOM_LEFT), STEP * 3)


def _label_parts(topic: Topic, status: TopicStatus | None, due: int) -> list[tuple[str, str]]:
    """A topic's label as pieces of text, each with its style."""
    parts = []
    if status is not None:
        parts.append((f"{status.mark} ", MARK_STYLES[status.mark]))
    parts.append((one_line(topic.title), ""))
    if status is not None and status.summary:
        parts.append((f" {status.summary}", "dim"))
    if due:
        parts.append((f" ↻{due}", "bold magenta"))
    return parts


def topic_label(topic: Topic, status: TopicStatus | None, due: int = 0) -> Text:
    """``✓ Title 6/6 · 92% ↻2``: the mark first, so it lines up, then the figures
    and the cards due for review."""
    return Text.assemble(*_label_parts(topic, status, due))


def label_width(topic: Topic, status: TopicStatus | None, due: int = 0) -> int:
    """The columns :func:`topic_label` takes, without making it."""
    return sum(cell_len(text) for text, _ in _label_parts(topic, status, due))


def title_width(topic: Topic) -> int:
    """The columns the topic's title takes: :func:`label_width` with no progress, at a
    character a column where every character is printable ASCII (most titles; a
    vault of 13,000 notes has 80,000 of them to measure before the first screen)."""
    title = topic.title
    return len(title) if title.isascii() and title.isprintable() else label_width(topic, None)


class TopicTree(Tree[Topic]):
    """Every topic of a course; ``j``/``k`` move like the arrows, for terminals over SSH,
    and ``←``/``→`` fold and unfold as in a file manager (``h``/``l`` are taken: hint).

    A step up or down awaits :attr:`follow` for the topic it lands on, so the lesson
    changes in the frame that moves the cursor. Tree's own message for it comes
    after a frame with only the cursor moved, and Textual draws the next frame no
    sooner than one to two frame periods later (17-33 ms at 60 frames a second).
    """

    BINDINGS = [
        Binding("j", "cursor_down", "Down", show=False, id="tree.down"),
        Binding("k", "cursor_up", "Up", show=False, id="tree.up"),
        Binding("left", "fold", "Collapse", show=False, id="tree.fold"),
        Binding("right", "unfold", "Expand", show=False, id="tree.unfold"),
    ]

    async def action_cursor_down(self) -> None:
        super().action_cursor_down()
        await self._follow_cursor()

    async def action_cursor_up(self) -> None:
        super().action_cursor_up()
        await self._follow_cursor()

    async def _follow_cursor(self) -> None:
        node = self.cursor_node
        if self.follow is not None and node is not None and node.data is not None:
            await self.follow(node.data)

    def neighbours(self) -> list[Topic]:
        """The topics a step down and a step up lead to, in that order."""
        lines = (self.cursor_line + 1, self.cursor_line - 1)
        nodes = [self.get_node_at_line(line) for line in lines if line >= 0]
        return [node.data for node in nodes if node is not None and node.data is not None]

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

    def __init__(
        self,
        course: Course,
        *,
        follow: Callable[[Topic], Awaitable[None]] | None = None,
        id: str | None = None,
    ) -> None:
        super().__init__(Text(one_line(course.title)), id=id)  # a str label is markup
        self.course = course
        self.follow = follow
        """What the topic under the cursor is shown by, after a step."""
        self.show_root = False
        self.guide_depth = 2
        self.nodes_by_id: dict[str, TreeNode[Topic]] = {}
        """The topics given a node so far."""
        self.statuses: dict[str, TopicStatus] = {}
        self.due: dict[str, int] = {}
        self._indents: dict[str, int] = {}  # a topic's columns before its fold icon
        self.widths: dict[str, int] = {}
        """Each topic's columns in the tree, its indent and fold icon included."""
        self._measure(course.topics)
        lines = len(course.topics)
        for topic in course.topics:
            opened = bool(topic.children) and lines + len(topic.children) <= OPEN_AT_START
            lines += len(topic.children) if opened else 0
            self._add(self.root, topic, opened)
        self.root.expand()

    def _measure(self, topics: Iterable[Topic]) -> None:
        """Every topic's indent and width before any progress is known."""
        icon, step = cell_len(self.ICON_NODE), self.guide_depth  # read once: reactive
        stack = [(topic, 0) for topic in topics]
        while stack:
            topic, depth = stack.pop()
            indent = self._indents[topic.id] = depth * step
            self.widths[topic.id] = indent + (icon if topic.children else 0) + title_width(topic)
            stack.extend((child, depth + 1) for child in topic.children)

    def _add(self, parent: TreeNode[Topic], topic: Topic, opened: bool = False) -> None:
        label = topic_label(topic, self.statuses.get(topic.id), self.due.get(topic.id, 0))
        if topic.children:
            node = parent.add(label, data=topic, expand=opened)
            self.nodes_by_id[topic.id] = node
            if node.is_expanded:
                self._fill(node)
        else:
            self.nodes_by_id[topic.id] = parent.add_leaf(label, data=topic)

    def _fill(self, node: TreeNode[Topic]) -> None:
        """Give the branch's topics their nodes, unless they have them."""
        if node.data is not None and not node.children:
            for child in node.data.children:
                self._add(node, child)

    def on_tree_node_expanded(self, event: Tree.NodeExpanded[Topic]) -> None:
        self._fill(event.node)

    def show_progress(
        self, statuses: dict[str, TopicStatus], due: dict[str, int], ids: set[str] | None = None
    ) -> None:
        """Each topic's mark, figures and cards due (a branch counts all below it), for
        the topics ``ids`` (None: every topic); a node made later takes them from here."""
        self.statuses, self.due = statuses, due
        for topic_id in self.widths if ids is None else ids:
            topic = self.course.topic(topic_id)
            if topic is None:
                continue
            status, cards = statuses.get(topic_id), due.get(topic_id, 0)
            label = label_width(topic, status, cards)
            icon = cell_len(self.ICON_NODE) if topic.children else 0
            self.widths[topic_id] = self._indents[topic_id] + icon + label
            node = self.nodes_by_id.get(topic_id)
            if node is not None:
                node.set_label(topic_label(topic, status, cards))

    def get_label_width(self, node: TreeNode[Topic]) -> int:
        """The node's label and fold icon, from the widths kept: Textual's own draws every
        label on show to measure it, each time the tree changes (13,000 of them, several
        times before the first screen of a large vault)."""
        topic = node.data
        if topic is None or topic.id not in self.widths:
            return super().get_label_width(node)
        return self.widths[topic.id] - self._indents[topic.id]

    def needed_width(self) -> int:
        """Columns every title needs, opened or not, with its indent, fold icon and the pane's
        edge, so that sibling titles stay apart (what the tree shows may change as
        progress comes in)."""
        return max(self.widths.values(), default=0) + EDGE

    def go_to(self, topic_id: str) -> None:
        """Open the topic's ancestors and put the cursor on it."""
        topic = self.course.topic(topic_id)
        if topic is None:
            return
        ancestors = []
        parent = self.course.parent(topic)
        while parent is not None:
            ancestors.append(parent)
            parent = self.course.parent(parent)
        for ancestor in reversed(ancestors):  # the outermost first: each one's node made
            node = self.nodes_by_id[ancestor.id]
            self._fill(node)
            node.expand()
        self.call_after_refresh(self.move_cursor, self.nodes_by_id[topic_id])
