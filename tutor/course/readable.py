"""A note's Markdown as a reader should see it in a terminal: the lesson text.

Notes are written for Obsidian, Sphinx or d2l-book, and with LaTeX math;
here each of those is turned into what it means, code always left alone:

- Obsidian: wikilinks read as their labels, ``![[note#heading]]`` embeds
  show that text (see :mod:`tutor.course.library`), images a one-line
  placeholder, ``%% comments %%`` are hidden, ``==highlights==`` bold,
  ``^block-ids`` dropped, a callout's ``[!type]`` marker its type in bold
  (the lesson pane draws callouts itself), ``#tags`` shown as tags
  (code-styled).
- Textbooks: roles and tab blocks (:mod:`tutor.course.textbook`).
- Math: ``$…$`` and ``$$…$$`` as Unicode text (:mod:`tutor.course.formulas`).

The result is Markdown whose every mark-up character is meant: what came
out of a formula or a reference is escaped.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import TYPE_CHECKING

from tutor.course.formulas import MATH_OPENERS, escape, formulas_markdown
from tutor.course.notes import code_lines, image_placeholder, replace_wikilinks
from tutor.course.textbook import textbook_text

if TYPE_CHECKING:
    from tutor.course.library import Library

_MARKS = ("[[", "%%", "==", "^", "[!", "![", *MATH_OPENERS)
_MAYBE_TAG = re.compile(r"(?<!\S)#[^\s#]")  # not a heading's "# "
_BLOCK_ID = re.compile(r"(?<=\S)\s+\^[A-Za-z0-9-]+[ \t]*$")
_CODE_SPAN = r"(`+)(?:.|\n)*?(?<!`)\1(?!`)"
_HIGHLIGHT = re.compile(_CODE_SPAN + r"|==(?=\S)(.+?)(?<=\S)==")
_CALLOUT = re.compile(r"^(\s*(?:>\s*)+)\[!([A-Za-z-]+)\][+-]?(.*)$")  # [!tip]- folds
_IMAGE = re.compile(_CODE_SPAN + r"|!\[([^\]\n]*)\]\(<?([^)\s>]*)>?(?:\s+\"[^\"\n]*\")?\)")
# A tag: '#', then a name that is not only digits, after a space or a line's start.
_HEADING = re.compile(r"[ \t>]*#{1,6}(?:[ \t]|$)")
_TAG = re.compile(_CODE_SPAN + r"|(?<!\S)#([\w/-]*[^\W\d][\w/-]*)")


def readable(markdown: str, library: Library | None = None, *, lesson: bool = False) -> str:
    """Lesson Markdown as a reader should see it (see the module's notes).

    ``library`` finds what ``![[embeds]]`` show and which textbook tab to
    show; without it an embed reads as its name. With ``lesson``, for the
    lesson pane, which draws callouts as boxes and follows links itself:
    callout markers are kept and wikilinks become links.
    """
    if library is not None:
        markdown = library.expand(markdown)
    runs = _rendered_runs(markdown, library.tab if library is not None else None)
    shown: list[str] = []
    commented = False
    for is_code, text in runs:
        if is_code or not _needs_reading(text):
            shown.append(text)
            continue
        lines = []
        for line in text.split("\n"):
            line, commented, hidden = _uncommented(line, commented)
            if not (hidden and not line.strip()):  # a line that was all comment is gone
                lines.append(_readable_line(line, lesson))
        shown.append("\n".join(lines))
    return "\n".join(shown)


def rendered(markdown: str, tab: str | None = None) -> str:
    """Note Markdown with its textbook markup and math turned into text, code left alone.

    The lesson (:func:`readable`) and the questions extracted from a note
    both read the note through this, so that no question shows a formula or
    a reference otherwise than the lesson does. ``tab`` is the textbook tab
    to show (None: the first).
    """
    return "\n".join(text for _, text in _rendered_runs(markdown, tab))


def _rendered_runs(markdown: str, tab: str | None) -> list[tuple[bool, str]]:
    """:func:`rendered` text as runs of lines: (whether they are code, the lines)."""
    markdown = textbook_text(markdown, tab)
    if not _needs_reading(markdown):
        return [(False, markdown)]
    code = code_lines(markdown)
    runs: list[tuple[bool, str]] = []
    lines = markdown.split("\n")
    start = 0
    for index in range(1, len(lines) + 1):
        if index == len(lines) or (index in code) != (start in code):
            text = "\n".join(lines[start:index])
            is_code = start in code
            runs.append((is_code, text if is_code else formulas_markdown(text)))
            start = index
    return runs


def _needs_reading(text: str) -> bool:
    """Whether ``text`` may hold anything this module reads (most lessons hold nothing)."""
    return any(mark in text for mark in _MARKS) or _MAYBE_TAG.search(text) is not None


def _readable_line(line: str, lesson: bool) -> str:
    if "[[" in line or "^" in line:
        line = _BLOCK_ID.sub("", replace_wikilinks(line, links=lesson))
    if "==" in line and not lesson:  # the lesson pane highlights them itself
        line = _outside_code(_HIGHLIGHT, line, lambda found: f"**{found.group(2)}**")
    if "![" in line:
        line = _outside_code(_IMAGE, line, lambda found: image_placeholder(found[2], found[3]))
    if "#" in line and not lesson and not _HEADING.match(line):  # the pane draws tags itself
        line = _outside_code(_TAG, line, lambda found: f"`{found.group(0)}`")
    return _CALLOUT.sub(_callout_title, line) if "[!" in line and not lesson else line


def _outside_code(
    pattern: re.Pattern[str], line: str, replace: Callable[[re.Match[str]], str]
) -> str:
    """``pattern`` (whose first group is a code span's backticks) replaced outside code."""
    return pattern.sub(lambda found: found.group(0) if found.group(1) else replace(found), line)


def _uncommented(line: str, commented: bool) -> tuple[str, bool, bool]:
    """``line`` without its ``%%`` comments; whether a comment is still open after it;
    whether any of it was comment."""
    if "%%" not in line:
        return ("" if commented else line), commented, commented
    kept = []
    for number, part in enumerate(line.split("%%")):
        if number:
            commented = not commented
        if not commented:
            kept.append(part)
    return "".join(kept), commented, True


def _callout_title(found: re.Match[str]) -> str:
    quote, kind, title = found.group(1), found.group(2), found.group(3).strip()
    return f"{quote}**{escape(kind.capitalize())}**" + (f": {title}" if title else "")
