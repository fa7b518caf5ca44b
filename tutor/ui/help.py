"""The help screen: every key tutor answers to, generated from the bindings themselves."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

QUIT_HELP = "quit (progress is saved after every answer)"

# Keys that belong to widgets (or to Textual itself) rather than to a screen's
# bindings, described where the learner meets them.
WIDGET_KEYS: list[tuple[str, list[tuple[str, str]]]] = [
    (
        "Topic tree",
        [
            ("↑ ↓  or  k j", "move between topics; the lesson follows"),
            ("Enter", "open the topic (marks it read); expand or collapse"),
            ("← →", "collapse a branch or go to its parent; expand it or go into it"),
        ],
    ),
    (
        "Lesson (Tab to it)",
        [
            ("j k  ↑ ↓", "scroll a line"),
            ("Space  PgDn PgUp", "scroll a page"),
            ("← →", "scroll wide code blocks sideways"),
            ("click a link", "go to the note it names (Backspace comes back)"),
        ],
    ),
    (
        "Answering",
        [
            ("1-9", "pick a choice (tick it, in select-all questions)"),
            ("Space", "pick or tick the highlighted choice"),
            ("Enter", "submit; in a cloze, go to the next blank"),
            ("Ctrl+S", "submit a free-text answer (Enter adds a line)"),
        ],
    ),
    (
        "Anywhere",
        [
            ("Tab  Shift+Tab", "move between the tree, the lesson and the quiz"),
            ("Ctrl+P", "command palette: jump to a topic, run any action"),
        ],
    ),
]


def key_table(bindings: list[tuple[str, str]]) -> Text:
    """Keys in a column, what they do beside them."""
    text = Text()
    for key, description in bindings:
        text.append(f"\n{key:<16}", style="bold")
        text.append(f"  {description}")
    return text[1:]


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


def _display(key: str) -> str:
    names = {"question_mark": "?", "escape": "Esc"}
    if key in names:
        return names[key]
    return "Ctrl+" + key[5:].upper() if key.startswith("ctrl+") else key


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
        with VerticalScroll(id="help"):
            yield Static(Text("tutor keys", style="bold"), classes="help-title")
            yield Static(Text("Studying", style="bold underline"))
            yield Static(key_table(self.study_keys))
            for title, keys in WIDGET_KEYS:
                yield Static(Text(title, style="bold underline"))
                yield Static(key_table(keys))
            yield Static(Text("Esc, ? or q closes this help.", style="dim"))
