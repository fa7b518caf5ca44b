"""The help screen: every key tutor answers to, generated from the bindings themselves."""

from __future__ import annotations

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

QUIT_HELP = "quit (progress is saved after every answer)"

# Keys that belong to widgets (or to Textual itself) rather than to a screen's
# bindings, described where the learner meets them. Keys are Textual's key names,
# so that a test can check each one is bound where the help says it is.
WIDGET_KEYS: list[tuple[str, list[tuple[tuple[str, ...], str]]]] = [
    (
        "Topic tree",
        [
            (("up", "down", "k", "j"), "move between topics; the lesson follows"),
            (("enter",), "open the topic (marks it read); expand or collapse"),
            (("left",), "collapse the branch, or go to its parent"),
            (("right",), "expand the branch, or go into it"),
        ],
    ),
    (
        "Lesson (Tab to it)",
        [
            (("j", "k", "up", "down"), "scroll a line"),
            (("space", "pagedown", "pageup"), "scroll a page"),
            (("home", "end"), "go to the top or the end"),
            (("left", "right"), "scroll wide code blocks sideways"),
            (("n", "N"), "after a search: the next or the previous word found"),
        ],
    ),
    (
        "Answering",
        [
            (("1-9",), "pick a choice (tick it, in select-all questions)"),
            (("space",), "pick or tick the highlighted choice"),
            (("t", "f"), "pick True or False, in a true/false question"),
            (("enter",), "submit; in a cloze, go to the next blank"),
            (("ctrl+s",), "submit a free-text answer (Enter adds a line)"),
        ],
    ),
    (
        "Anywhere",
        [
            (("tab", "shift+tab"), "move between the tree, the lesson and the quiz"),
            (("ctrl+p",), "command palette: jump to a topic, run any action"),
        ],
    ),
]


def key_table(bindings: list[tuple[str, str]]) -> Table:
    """Keys in a column, what they do beside them: a long description wraps in its own
    column, so the keys stay a column at any width."""
    table = Table.grid(padding=(0, 2))
    table.add_column(no_wrap=True, min_width=16)  # the longest keys: one column in every table
    table.add_column(ratio=1)
    for keys, description in bindings:
        table.add_row(Text(keys, style="bold"), Text(description))
    return table


def binding_rows(bindings: list[Binding]) -> list[tuple[str, str]]:
    """Rows for bindings with a description, keys of one action shown together (a key
    bound twice, its footer label changing with the moment, is one row).
    """
    rows: dict[str, list[str]] = {}
    for binding in bindings:
        if binding.description:
            keys = rows.setdefault(binding.tooltip or binding.description, [])
            key = _display(binding.key_display or binding.key)
            if key not in keys:
                keys.append(key)
    return [(" or ".join(keys), text) for text, keys in rows.items()]


KEY_NAMES = {
    "question_mark": "?",
    "escape": "Esc",
    "up": "↑",
    "down": "↓",
    "left": "←",
    "right": "→",
    "pageup": "PgUp",
    "pagedown": "PgDn",
}


def _display(key: str) -> str:
    """How the help writes a key: ``Ctrl+S``, ``Shift+Tab``, ``PgDn``, ``←``."""
    if key in KEY_NAMES:
        return KEY_NAMES[key]
    *modifiers, name = key.split("+")
    if len(name) > 1:
        name = name.capitalize()
    elif modifiers:
        name = name.upper()
    return "+".join([*(modifier.capitalize() for modifier in modifiers), name])


def widget_rows(keys: list[tuple[tuple[str, ...], str]]) -> list[tuple[str, str]]:
    """Rows for keys given by name: ``("pageup", "pagedown")`` is shown ``PgUp PgDn``."""
    return [(" ".join(_display(key) for key in names), text) for names, text in keys]


class HelpScreen(ModalScreen[None]):
    """Lists every key; any of Esc, ? or q closes it."""

    BINDINGS = [
        Binding("escape", "dismiss", "Close help", id="help.close"),
        Binding("question_mark", "dismiss", "Close help", show=False),
        Binding("q", "dismiss", "Close help", show=False),
    ]

    def __init__(self, study_keys: list[tuple[str, str]]) -> None:
        super().__init__()
        self.study_keys = study_keys

    def compose(self) -> ComposeResult:
        sections = [("Studying", self.study_keys)]
        sections += [(title, widget_rows(keys)) for title, keys in WIDGET_KEYS]
        with VerticalScroll(id="help") as help:
            help.border_title = "tutor keys"
            help.border_subtitle = "Esc, ? or q closes"
            for title, rows in sections:
                yield Static(Text(title, style="bold underline"), classes="help-heading")
                yield Static(key_table(rows))
