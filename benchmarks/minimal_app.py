"""The floor for start-up: a bare Textual app with a Tree and a Markdown widget.

It shows the same notes as tutor's first screen and does nothing else, so the
start-up benchmark can say how much tutor adds on top of Textual itself.
"""

from __future__ import annotations

import sys
from pathlib import Path

from textual.app import App, ComposeResult
from textual.containers import Horizontal, VerticalScroll
from textual.widgets import Footer, Header, Markdown, Tree


class MinimalApp(App[None]):
    CSS = "Tree { width: 36; } VerticalScroll { width: 1fr; }"

    def __init__(self, note: Path) -> None:
        super().__init__()
        self.text = note.read_text(encoding="utf-8")

    def compose(self) -> ComposeResult:
        yield Header()
        with Horizontal():
            tree: Tree[None] = Tree("notes")
            tree.show_root = False
            for line in self.text.splitlines():
                if line.startswith("#"):
                    tree.root.add_leaf(line.lstrip("# "))
            yield tree
            with VerticalScroll():
                yield Markdown(self.text)
        yield Footer()


if __name__ == "__main__":
    MinimalApp(Path(sys.argv[1])).run()
