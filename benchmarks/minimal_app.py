"""The floor for the terminal benchmarks: a bare Textual app with a Tree and a Markdown widget.

Given a note, it shows the note with its headings in the tree; given a
folder, its notes in the tree and the first one's text, and ``j`` moves to
the next note and shows its whole text. It does nothing else, so the
benchmarks can say how much tutor adds on top of Textual itself.
"""

from __future__ import annotations

import sys
from pathlib import Path

from textual.app import App, ComposeResult
from textual.containers import Horizontal, VerticalScroll
from textual.widgets import Footer, Header, Markdown, Tree


class MinimalApp(App[None]):
    CSS = "Tree { width: 36; } VerticalScroll { width: 1fr; }"
    BINDINGS = [("j", "next_note", "Next")]

    def __init__(self, path: Path) -> None:
        super().__init__()
        self.notes = sorted(path.rglob("*.md")) if path.is_dir() else [path]
        self.text = self.notes[0].read_text(encoding="utf-8")

    def compose(self) -> ComposeResult:
        yield Header()
        with Horizontal():
            tree: Tree[Path] = Tree("notes")
            tree.show_root = False
            if len(self.notes) == 1:
                for line in self.text.splitlines():
                    if line.startswith("#"):
                        tree.root.add_leaf(line.lstrip("# "))
            else:
                for note in self.notes:
                    tree.root.add_leaf(note.stem, data=note)
            yield tree
            with VerticalScroll():
                yield Markdown(self.text)
        yield Footer()

    def on_mount(self) -> None:
        self.query_one(Tree).cursor_line = 0  # on the note shown

    async def action_next_note(self) -> None:
        tree = self.query_one(Tree)
        tree.action_cursor_down()
        node = tree.cursor_node
        if node is not None and node.data is not None:
            await self.query_one(Markdown).update(node.data.read_text(encoding="utf-8"))


if __name__ == "__main__":
    MinimalApp(Path(sys.argv[1])).run()
