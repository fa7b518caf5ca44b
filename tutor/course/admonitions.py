"""MkDocs admonitions and mkdocstrings directives read as Obsidian callouts.

Documentation written for MkDocs (Material, Python-Markdown's ``admonition``
and pymdownx's ``details``) marks a note or warning as::

    !!! note "Optional title"
        Indented body.

    ??? tip "Folded"      (``???+`` opens it)
        Body.

and pulls generated API docs in with ``::: package.module.Name`` followed by
an indented block of YAML options. In CommonMark all of that is one paragraph
run together with its options, which is what a learner saw and what
questions were made from. Converted here, line for line, to the callout form
the rest of tutor already reads (``> [!note] Optional title``), an admonition
gets the callout's treatment in lessons and extraction; an API directive
becomes its target as inline code (the docs it stands for exist only on the
built site) and its options are dropped.

A head line counts only when an indented body follows it, so prose that
happens to open with ``!!!`` stays prose. Fenced code is left alone.
"""

from __future__ import annotations

import re

from tutor.course.fences import FENCE_OPEN, closes_fence

_HEAD = re.compile(r'(!!!|\?\?\?\+?)[ \t]+([A-Za-z][\w-]*)(?:[ \t]+[\w-]+)*(?:[ \t]+"(.*)")?[ \t]*')
_API = re.compile(r":::[ \t]+([A-Za-z_][\w.]*)[ \t]*")
_MARKS = ("!!!", "???", ":::")
_FOLD = {"!!!": "", "???": "-", "???+": "+"}


def admonitions_as_callouts(lines: list[str]) -> list[str]:
    """A note's lines with its admonitions as callouts and API directives as their
    target: as many lines as it had, so every line keeps its number."""
    if not any(mark in line for line in lines for mark in _MARKS):
        return lines
    return _converted(lines)


def _converted(lines: list[str]) -> list[str]:
    shown: list[str] = []
    fence = ""
    index = 0
    while index < len(lines):
        line = lines[index]
        index += 1
        if fence:
            fence = "" if closes_fence(line, fence) else fence
            shown.append(line)
            continue
        if opened := FENCE_OPEN.fullmatch(line):
            fence = opened.group(1)
            shown.append(line)
            continue
        head, api = _HEAD.fullmatch(line), _API.fullmatch(line)
        body, after = _indented_block(lines, index) if head or api else ([], index)
        if head and body:
            marker, kind, title = head.groups()
            shown.append(f"> [!{kind}]{_FOLD[marker]} {title or ''}".rstrip())
            shown.extend(f"> {inner}".rstrip() for inner in _converted(body))
            index = after
        elif api:
            shown.append(f"`{api.group(1)}`")
            shown.extend("" for _ in body)  # the directive's options: nothing to read
            index = after
        else:
            shown.append(line)
    return shown


def _indented_block(lines: list[str], start: int) -> tuple[list[str], int]:
    """The lines from ``start`` indented by four spaces or a tab (blank lines between
    them included), dedented once, and the index after the last of them."""
    body: list[str] = []
    end = start
    for index in range(start, len(lines)):
        line = lines[index]
        if not line.strip():
            continue
        if not line.startswith(("    ", "\t")):
            break
        end = index + 1
    for line in lines[start:end]:
        body.append(line[1:] if line.startswith("\t") else line[4:])
    return body, end
