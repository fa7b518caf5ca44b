"""Math in note text, shown as Unicode: ``$x^2$`` reads ``x²``, a ``$$ … $$`` block its lines.

Inline math follows pandoc's rule for ``$``, which keeps prices apart from
formulas: the opening ``$`` has a non-space right after it, the closing one a
non-space right before it and no digit right after it, so ``$5 and $10`` is
money. ``\\$`` is a dollar sign; code spans are never read. MathJax's
delimiters are read too: ``\\(…\\)`` within a line, and ``\\[…\\]`` only as
a block of lines of its own without a blank line, since ``\\[`` elsewhere is
Markdown's escaped bracket (a reference list's ``\\[1\\] Smith``).

For a lesson (Markdown) the Unicode text is escaped so that no ``*`` or
``_`` of a formula turns into emphasis, a display block keeps its lines as
hard breaks, and a formula the converter cannot render is shown as its
source in a code span or block (dimmed, and never misread as markup). For
plain text (a question's prompt or choices) the Unicode text is used as it
is, or the source where it cannot be rendered.
"""

from __future__ import annotations

import re

_MATH = re.compile(
    r"(?P<code>(?P<ticks>`+).+?(?<!`)(?P=ticks)(?!`))"  # a code span, left alone
    r"|\\\$"  # an escaped dollar sign
    r"|\$\$(?P<display>.+?)\$\$"
    r"|\$(?P<inline>[^\s$](?:[^$\n]|\n(?![ \t]*\n))*?(?<![\s\\]))\$(?!\d)"
    r"|\\\((?P<paren>[^\n]*?\S[^\n]*?)\\\)"  # \( … \) within a line
    # \[ … \] as a line of its own, or \[ and \] each alone on a line round lines with no
    # blank one between: never from a line that starts "\[1\] Smith" to a "\]" paragraphs on
    r"|(?m:^[ \t]*)\\\[(?P<bracket>(?:(?!\\[\[\]])[^\n])+|[ \t]*\n(?:[^\n]*\S[^\n]*\n)+?[ \t]*)"
    r"\\\](?m:[ \t]*$)",
    re.DOTALL,
)
MATH_OPENERS = ("$", "\\(", "\\[")
"""What any formula starts with: text without one of them has none."""
_MARKUP = re.compile(r"[\\`*_\[\]<>|~$^]|=(?==)|(?<==)=|&(?=#?\w+;)")  # emphasis, links, …
_LINE_START = re.compile(r"^([ \t]*)([#+-]|\d+(?=[.)]))", re.MULTILINE)  # heading, list item
_PREFIX = re.compile(r"[ \t]*(?:>[ \t]?)*")  # a line's indent and block-quote marks


def formulas_markdown(text: str) -> str:
    """``text`` (Markdown outside code blocks) with its math as escaped Unicode text."""
    if not any(opener in text for opener in MATH_OPENERS):
        return text
    return _MATH.sub(lambda found: _markdown(found, text), text)


def formulas_plain(text: str) -> str:
    """``text`` (plain, e.g. a question's prompt) with its math as Unicode text."""
    if not any(opener in text for opener in MATH_OPENERS):
        return text
    return _MATH.sub(_plain, text)


def _formula(found: re.Match[str]) -> tuple[str | None, str | None]:
    """The display and the inline LaTeX found (one of them, or neither: a code span)."""
    display = found.group("display")
    inline = found.group("inline")
    return (
        found.group("bracket") if display is None else display,
        found.group("paren") if inline is None else inline,
    )


def _plain(found: re.Match[str]) -> str:
    display, inline = _formula(found)
    latex = display if display is not None else inline
    if latex is None:
        return found.group(0)
    from tutor.course.latex import unicode_math  # pylatexenc only once there is math

    shown = unicode_math(latex, display=display is not None)
    return found.group(0) if shown is None else shown


def _markdown(found: re.Match[str], text: str) -> str:
    display, inline = _formula(found)
    if display is None and inline is None:
        return found.group(0)
    from tutor.course.latex import unicode_math

    if inline is not None:
        shown = unicode_math(inline)
        return _code_span(found.group(0)) if shown is None else escape(shown)
    line_start = text.rfind("\n", 0, found.start()) + 1
    prefix_match = _PREFIX.match(text, line_start)
    prefix = prefix_match.group(0) if prefix_match else ""
    shown = unicode_math(display, display=True)
    if shown is None:
        fence = "`" * max(3, _longest_run(display, "`") + 1)
        source = [line.strip() for line in found.group(0).split("\n") if line.strip()]
        lines = [f"{fence}latex", *source, fence]
    else:  # one line each, as hard breaks (a trailing backslash) in one paragraph
        rows = [escape(row) for row in shown.split("\n")]
        lines = [row + "\\" for row in rows[:-1]] + rows[-1:]
    block = "\n".join(prefix + line for line in lines)
    if text[line_start : found.start()].strip(" \t>"):  # text before it on its line
        return f"\n{prefix}\n{block}\n{prefix}\n{prefix}"
    return f"\n{block}\n{prefix}"


def _code_span(source: str) -> str:
    ticks = "`" * (_longest_run(source, "`") + 1)
    padding = " " if source.startswith("`") or source.endswith("`") else ""
    return f"{ticks}{padding}{source}{padding}{ticks}"


def _longest_run(text: str, char: str) -> int:
    runs = re.findall(f"{re.escape(char)}+", text)
    return max((len(run) for run in runs), default=0)


def escape(text: str) -> str:
    """``text`` as Markdown that shows exactly it: what could read as markup escaped."""
    text = _MARKUP.sub(lambda found: "\\" + found.group(0), text)
    return _LINE_START.sub(lambda found: f"{found.group(1)}\\{found.group(2)}", text)
