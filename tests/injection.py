"""A course whose every text is hostile: terminal escapes and markup in titles, headings,
lesson text, quiz prompts, choices, explanations, hints and file names.

Each escape carries a payload word of its own, so a test can tell the
injected sequence from the escapes Textual itself writes.
"""

from __future__ import annotations

import base64
import json
from pathlib import Path

CLIPBOARD_WORDS = "tutor-clipboard-payload"
CLIPBOARD_B64 = base64.b64encode(CLIPBOARD_WORDS.encode()).decode()
OSC52 = f"\x1b]52;c;{CLIPBOARD_B64}\x07"  # write the clipboard
OSC52_ST = f"\x1b]52;c;{CLIPBOARD_B64}\x1b\\"
OSC0_HEADING = "\x1b]0;tutor-heading-title\x07"  # set the window title
OSC0_PROMPT = "\x1b]0;tutor-prompt-title\x07"
OSC0_CHOICE = "\x1b]2;tutor-choice-title\x07"
OSC0_COURSE = "\x1b]0;tutor-course-title\x07"
OSC0_FILE = "\x1b]0;tutor-file-title\x07"
OSC8 = "\x1b]8;;https://example.invalid/tutor-link-payload\x1b\\link\x1b]8;;\x1b\\"
DA1 = "\x1b[c"  # the terminal answers by typing into the app
CSI = "\x1b[2J\x1b[31m"
C1_CSI = "\x9b6n"  # the one-byte CSI: a cursor position query
C1_OSC = "\x9d0;tutor-c1-title\x9c"
BIDI = "\u202eevil\u202c \u2066isolated\u2069"
MARKS = "\u200fright\u200e \u061calm \u2028line\u2029para"  # bidi marks and separators

MARKUP_CLICK = "[@click=app.screenshot('pwned.svg','{folder}')]click me[/]"
MARKUP_CLOSE = "[/b]"
MARKUP_ITALIC = "[i]"
MARKUP_CLASS = "[a-z]+"

PAYLOAD_WORDS = (
    CLIPBOARD_B64,
    "tutor-heading-title",
    "tutor-prompt-title",
    "tutor-choice-title",
    "tutor-course-title",
    "tutor-file-title",
    "tutor-link-payload",
    "tutor-c1-title",
)
"""Words that only the injected sequences hold: where one follows ESC, an escape got through."""

HEADING = f"Injected {MARKUP_CLOSE} {MARKUP_ITALIC} {OSC0_HEADING}"
SUBHEADING = f"Sub {MARKUP_CLASS} {BIDI} {MARKS}"
PROMPT = f"Which {MARKUP_CLOSE} {MARKUP_ITALIC} {OSC0_PROMPT}{DA1} {C1_CSI} is right?"
BAD_NAME = f"name{OSC0_FILE}\nforged: line.md"


def _toml(text: str) -> str:
    """A TOML basic string: JSON's escapes (\\uXXXX for controls) are TOML's too."""
    return json.dumps(text)


def choices(folder: Path) -> list[str]:
    """The choices of the single-choice question, the click payload aimed at ``folder``."""
    return [
        MARKUP_CLICK.format(folder=folder),
        MARKUP_CLASS,
        f"{MARKUP_CLOSE} {OSC0_CHOICE} {C1_OSC}",
        f"{MARKUP_ITALIC} {BIDI} {MARKS}",
    ]


def write_course(root: Path, screenshots: Path) -> Path:
    """Write the hostile course under ``root``; a click payload would save into ``screenshots``."""
    root.mkdir(parents=True, exist_ok=True)
    (root / "course.toml").write_text(
        f'id = "injected"\ntitle = {_toml(f"Course {MARKUP_CLOSE} {OSC0_COURSE} {C1_OSC}")}\n',
        encoding="utf-8",
    )
    (root / "lesson.md").write_text(
        f"# {HEADING}\n\n"
        f"Copy this {OSC52} and {OSC52_ST}, then {OSC8}; ask {DA1}, clear {CSI}, "
        f"query {C1_CSI}, {BIDI}, {MARKUP_CLASS} and {MARKUP_ITALIC}; mark {MARKS}.\n\n"
        f"## {SUBHEADING}\n\nMore text {MARKUP_CLICK.format(folder=screenshots)} here.\n",
        encoding="utf-8",
    )
    (root / "lesson.quiz.toml").write_text(
        "[[question]]\n"
        'id = "pick"\n'
        'kind = "single"\n'
        f"prompt = {_toml(PROMPT)}\n"
        f"choices = [{', '.join(_toml(choice) for choice in choices(screenshots))}]\n"
        f"answer = {_toml(MARKUP_CLASS)}\n"
        f"explanation = {_toml(f'Because {OSC52} {MARKUP_CLOSE} {MARKUP_ITALIC}')}\n"
        f"hint = {_toml(f'Hint {OSC0_PROMPT} {MARKUP_CLASS}')}\n",
        encoding="utf-8",
    )
    (root / BAD_NAME).write_text("# Plain\n\nA note with a hostile file name.\n", encoding="utf-8")
    return root
