"""Textbook (Sphinx and d2l-book) markup read as a reader should see it.

Books written for Sphinx or d2l-book, such as *Dive into Deep Learning*,
carry roles and directives that mean nothing in a terminal:

- ``:label:`sec_x``` and ``:eqlabel:`eq_x``` name the thing above them, and
  ``:width:`400px``` sizes an image: their lines are dropped.
- ``:numref:`sec_x``` and ``:ref:`sec_x``` read as their label (or the title
  written before ``<sec_x>``), ``:eqref:`eq_x``` as ``(eq_x)``.
- ``:cite:`Rumelhart.Hinton.Williams.ea.1988``` reads as a short bracket,
  ``[Rumelhart et al. 1988]``.
- The same text or code written once per framework is shown for one
  framework: ``:begin_tab:`pytorch``` … ``:end_tab:`` blocks and code
  fences whose first line is ``#@tab pytorch`` (or ``%%tab pytorch``); the
  cell that sets the tabs up (``%load_ext d2lbook.tab``) is dropped. The
  tab shown is the course's ``tab`` (course.toml), else the first one the
  text names; ``all`` is shown for every tab.
"""

from __future__ import annotations

import re

from tutor.course.fences import FENCE_OPEN, closes_fence
from tutor.course.formulas import escape

_DROPPED = re.compile(r"[ \t]*:(?:label|eqlabel|width|height):`[^`\n]*`[ \t]*")
_ROLE = re.compile(r"(`+)[^`]*?\1|:(numref|ref|eqref|cite|citet|citep|doc|term):`([^`\n]+)`")
_TITLED = re.compile(r"(.*?)\s*<([^<>]+)>")  # :numref:`A title <sec_x>`
_BEGIN_TAB = re.compile(r"[ \t]*:begin_tab:`([^`\n]*)`[ \t]*")
_END_TAB = re.compile(r"[ \t]*:end_tab:[ \t]*")
_CODE_TAB = re.compile(r"[ \t]*(?:#@|%%)tab[ \t]+(.+?)[ \t]*")
_TAB_SETUP = re.compile(r"%load_ext d2lbook\.tab()")  # a book's tab set-up cell: never shown
_YEAR = re.compile(r"\d{4}[a-z]?")
_MARKS = (":label:", ":eqlabel:", ":width:", ":height:", ":numref:", ":ref:", ":eqref:")
_MARKS += (":cite", ":doc:", ":term:", ":begin_tab:", "#@tab", "%%tab")
ALL_TABS = "all"


def has_textbook_markup(text: str) -> bool:
    return any(mark in text for mark in _MARKS)


def first_tab(text: str) -> str | None:
    """The first framework a tab block or tabbed code fence names, if any."""
    for line in text.split("\n"):
        found = _BEGIN_TAB.fullmatch(line) or _CODE_TAB.fullmatch(line)
        if found:
            names = [name for name in _names(found.group(1)) if name != ALL_TABS]
            if names:
                return names[0]
    return None


def textbook_text(markdown: str, tab: str | None = None) -> str:
    """``markdown`` with its textbook roles read and one tab of each tab block kept.

    ``tab`` is the framework to show; None shows the first the text names.
    """
    if not has_textbook_markup(markdown):
        return markdown
    tab = (tab or first_tab(markdown) or "").casefold()
    shown: list[str] = []
    fence = ""  # the open code fence's marker, e.g. "```"
    fence_line = -1  # index of the open fence's first line in ``shown``, -1: dropped
    first = False  # the next line is the open fence's first: it may name its tab
    hidden = False  # inside a :begin_tab: block of another tab
    for line in markdown.split("\n"):
        if fence:
            if first and (found := _CODE_TAB.fullmatch(line) or _TAB_SETUP.match(line)):
                if not _shows(found.group(1), tab) and fence_line >= 0:
                    del shown[fence_line:]
                    fence_line = -1
            elif fence_line >= 0:
                shown.append(line)
            first = False
            if closes_fence(line, fence):
                fence = ""
            continue
        opening = _fence_opening(line)
        if opening:
            fence, first = opening.group(1), True
            fence_line = -1 if hidden else len(shown)
            if not hidden:
                shown.append(line)
            continue
        begin = _BEGIN_TAB.fullmatch(line)
        if begin or _END_TAB.fullmatch(line):
            hidden = bool(begin) and not _shows(begin.group(1), tab)
            continue
        if hidden:
            continue
        kept = _DROPPED.sub("", line) if ":`" in line else line
        if kept.strip() or not line.strip():
            shown.append(read_roles(kept))
    return "\n".join(shown)


def _fence_opening(line: str) -> re.Match[str] | None:
    """The fence ``line`` opens (its marker is group 1), if it opens one."""
    bare = line.lstrip(" ")
    opening = FENCE_OPEN.fullmatch(bare) if len(line) - len(bare) < 4 else None
    if opening and opening.group(1)[0] == "`" and "`" in opening.group(2):
        return None
    return opening


def _names(spec: str) -> list[str]:
    return [name.strip().casefold() for name in spec.split(",") if name.strip()]


def _shows(spec: str, tab: str) -> bool:
    names = _names(spec)
    return ALL_TABS in names or tab in names


def read_roles(line: str) -> str:
    """A line's roles as the text they stand for; code spans are left alone."""
    return _ROLE.sub(_role_text, line) if ":`" in line else line


def _role_text(found: re.Match[str]) -> str:
    role, content = found.group(2), found.group(3)
    if role is None:
        return found.group(0)  # a code span
    if role.startswith("cite"):
        return escape("[" + "; ".join(_citation(key) for key in content.split(",")) + "]")
    titled = _TITLED.fullmatch(content)
    label = (titled.group(1) or titled.group(2)) if titled else content
    return escape(f"({label.strip()})" if role == "eqref" else label.strip())


def _citation(key: str) -> str:
    """``Rumelhart.Hinton.Williams.ea.1988`` -> ``Rumelhart et al. 1988``."""
    parts = [part for part in key.strip().split(".") if part]
    year = parts.pop() if parts and _YEAR.fullmatch(parts[-1]) else ""
    names = [part for part in parts if part != "ea"]
    if not names:
        return key.strip()
    several = len(names) > 2 or "ea" in parts
    authors = f"{names[0]} et al." if several else " and ".join(names)
    return f"{authors} {year}".strip()
