"""ASCII only, for terminals that lack the symbols tutor and Textual draw with.

The Linux console's font has no ``◐ ✓ ✗ ↻ ≡ ▶`` and few of the eighth blocks
that scroll bars are made of, and a terminal with a font as small shows
boxes or question marks. There, the screen is drawn in ASCII: one filter on
everything sent to the terminal replaces each such symbol by one ASCII
character, so widths and alignment stay as they were and no widget needs to
know. Letters (accented ones included) are left alone.
"""

from __future__ import annotations

from collections.abc import Mapping

from rich.segment import Segment
from textual.color import Color
from textual.filter import LineFilter

ASCII_TERMS = frozenset({"linux", "vt100", "vt102", "vt220", "dumb"})
"""Terminals whose fonts lack the symbols: ASCII unless the config says otherwise."""

_SYMBOLS = {
    # the tree's marks: not started, read, under way, complete; cards due
    "·": ".",
    "○": "o",
    "◐": "~",
    "✓": "+",
    "✔": "+",
    "✗": "x",
    "✘": "x",
    "↻": "@",
    # arrows, pointers and the header's menu
    "›": ">",
    "‹": "<",
    "→": ">",
    "←": "<",
    "↑": "^",
    "↓": "v",
    "▶": ">",
    "▸": ">",
    "▼": "v",
    "▾": "v",
    "≡": "=",
    "•": "*",
    "…": ".",
    "—": "-",
    "–": "-",
    "❯": ">",
    # the pane edges, the tree's guides and the boxes around dialogs
    "▔": "-",
    "▁": "_",
    "▕": "|",
    "▏": "|",
    "▎": "|",
    "▌": "|",
    "▐": "|",
    "╭": "+",
    "╮": "+",
    "╰": "+",
    "╯": "+",
    "░": ".",
}
_BLOCKS = {
    (0x2500, 0x257F): "-",  # box drawing: lines and corners (the vertical ones below)
    (0x2580, 0x259F): "#",  # blocks: bars, charts and scroll bar thumbs
    (0x25A0, 0x25FF): "*",  # geometric shapes
    (0x2190, 0x21FF): ">",  # arrows
    (0x2700, 0x27BF): "*",  # dingbats
}
_VERTICAL = "│┃┆┇┊┋╎╏║╽╿├┤┝┞┟┠┡┢┣┥┦┧┨┩┪┫╞╟╠╡╢╣"
_CORNERS = "┌┐└┘┬┴┼╔╗╚╝╦╩╬┏┓┗┛┳┻╋╒╓╕╖╘╙╛╜╤╥╧╨╪╫"


def _table() -> Mapping[int, str]:
    table = {
        code: ascii for (first, last), ascii in _BLOCKS.items() for code in range(first, last + 1)
    }
    table.update((ord(char), "|") for char in _VERTICAL)
    table.update((ord(char), "+") for char in _CORNERS)
    table.update({ord("└"): "`", ord("├"): "|"})  # the tree's guides read as a tree
    table.update((ord(symbol), ascii) for symbol, ascii in _SYMBOLS.items())
    return table


ASCII_TABLE = _table()
"""Each symbol's one ASCII character (one cell for one cell: nothing moves)."""


def to_ascii(text: str) -> str:
    """``text`` with every symbol a small terminal font lacks replaced by ASCII."""
    return text.translate(ASCII_TABLE)


class AsciiOnly(LineFilter):
    """Draws the screen with ASCII symbols: see the module's docstring."""

    def apply(self, segments: list[Segment], background: Color) -> list[Segment]:
        return [Segment(to_ascii(text), style, control) for text, style, control in segments]
