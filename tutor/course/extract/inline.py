"""A paragraph's inline Markdown as a reader sees it, with its bold and highlighted spans.

Bold (``**term**``, ``__term__``) and Obsidian highlights (``==term==``) are
what an author marks as worth remembering, so their places in the plain text
are kept: they become cloze blanks and key points. Links read as their
labels (wikilinks too), images and inline HTML are dropped, a ``<sup>``
reads in Unicode superscripts ("m²") unless it is a footnote's mark, which is
dropped, and whitespace is collapsed.

markdown-it-py decides what is bold; a text with no character that could
change its reading besides ``**`` pairs in the plainest positions is settled
without it, which is most of a note's text. The tests check that both give
the same result. Highlights are not CommonMark: ``==`` pairs are read in the
text the parser leaves (never in code spans) the same way on both paths.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from markdown_it import MarkdownIt
from markdown_it.token import Token

from tutor.course.extract.language import ABBREVIATIONS
from tutor.course.notes import MAX_NESTING, replace_wikilinks
from tutor.untrusted import visible

_OPEN, _CLOSE = "\x01", "\x02"  # where a marked span starts and ends, while text is built
_SPECIAL = "`[]<&\\*"  # characters that may change how a text reads (besides ``**`` and ``_``)
_LOOSE_UNDERSCORE = re.compile(r"(?<![^\W_])_|_(?![^\W_])")  # not inside a word: may emphasise
_STARS = re.compile(r"\*+")
_MARK = re.compile(f"([{_OPEN}{_CLOSE}])")
_CLOSER_FOLLOWS = frozenset(" \t\n.,:;!?)\"'”’»")
_SUPERSCRIPT = re.compile(r"<(/?)sup\b[^>]*>", re.IGNORECASE)
_ANCHOR = re.compile(r"<a\b", re.IGNORECASE)
_SUPERSCRIPT_CHARS = str.maketrans("0123456789+-−=()ni", "⁰¹²³⁴⁵⁶⁷⁸⁹⁺⁻⁻⁼⁽⁾ⁿⁱ", " ")
_ORDINAL_ENDINGS = frozenset({"st", "nd", "rd", "th"})  # "1<sup>st</sup>" reads "1st"
_RAISABLE = frozenset("0123456789+-−=()ni ")
_FOOTNOTE_MARK = re.compile(r"\[[^\]]*\]|\d+|[*†‡§¶]+")  # "[1]", "1", "*"
# What an exponent follows with no space: a digit, a bracket, a symbol or unit of at
# most three letters ("10", "(x+1)", "x", "m", "km", "mol"); not a longer word.
_EXPONENT_BASE = re.compile(r"(?:\d|[)\]]|(?<![^\W\d_])[^\W\d_]{1,3})$")
_CODE_LANGUAGE = re.compile(r"^(?:#!|:::)[A-Za-z][\w+-]*\s+")  # InlineHilite: `#!python x`


@dataclass(frozen=True, slots=True)
class Inline:
    """Plain text and the (start, end) offsets of its bold or highlighted spans."""

    text: str
    marks: tuple[tuple[int, int], ...] = ()

    def marked(self, span: tuple[int, int]) -> str:
        return self.text[span[0] : span[1]]


def inline(raw: str) -> Inline:
    """``raw`` inline Markdown as plain text with its marked spans.

    Control characters are shown as the lesson and the tree show them (ESC as
    ``␛``): a question reads as its passage does, and none is left to clash with
    the characters that mark spans here while the text is built."""
    source = replace_wikilinks(visible(raw))
    marked = _scan(source)
    if marked is None:
        marked = _parse(source)
    return _unmark(marked)


def _scan(source: str) -> str | None:
    """The text with marks, if only plain ``**`` pairs need reading; else None."""
    bare = source.replace("**", "") if "**" in source else source
    if any(char in bare for char in _SPECIAL) or ("_" in bare and _LOOSE_UNDERSCORE.search(bare)):
        return None
    return _strong(source) if "**" in source else _balanced_highlights(_highlights(source))


def _strong(source: str) -> str | None:
    """Mark ``**`` pairs that open after a space and close before a space or punctuation.

    Such a run can only open or only close, so CommonMark pairs each closer
    with the opener just before it; anything less plain goes to the parser.
    """
    parts: list[str] = []
    last = 0
    opening = True
    for run in _STARS.finditer(source):
        start, end = run.span()
        if end - start != 2:
            return None
        before = source[start - 1] if start else " "
        after = source[end] if end < len(source) else " "
        if opening and not (before.isspace() and not after.isspace()):
            return None
        if not opening and (before.isspace() or after not in _CLOSER_FOLLOWS):
            return None
        parts.append(_highlights(source[last:start]))
        parts.append(_OPEN if opening else _CLOSE)
        last, opening = end, not opening
    if not opening:
        return None
    parts.append(_highlights(source[last:]))
    return _balanced_highlights("".join(parts))


@cache
def _parser() -> MarkdownIt:
    return MarkdownIt("commonmark", {"maxNesting": MAX_NESTING})


def _parse(source: str) -> str:
    """The text with marks as markdown-it reads it.

    A superscript reads as :func:`_superscript` says. A code span drops the
    language prefix that highlighting extensions read (``#!python f"…"``).
    """
    parts: list[str] = []
    raised: list[str] | None = None  # a superscript's text, while inside one
    linked = False
    previous = ""  # the type of the last token outside a superscript
    for token in _parser().parseInline(source):
        for child in token.children or ():
            if child.type == "html_inline" and (tag := _SUPERSCRIPT.match(child.content)):
                if not tag.group(1):
                    raised, linked = [], False
                elif raised is not None:
                    base = previous == "code_inline" or _ends_in_base("".join(parts))
                    parts.append(_superscript("".join(raised), linked, base))
                    raised = None
            elif raised is not None:
                linked = linked or _is_link(child)
                raised.append(child.content if child.type in {"text", "code_inline"} else "")
            else:
                parts.append(_piece(child))
                previous = child.type
    return _balanced_highlights("".join(parts)).replace("\x03", "=")


def _piece(child: Token) -> str:
    """One inline token as text with marks (empty for what a reader does not see)."""
    match child.type:
        case "text":
            return _highlights(child.content)
        case "code_inline":
            code = _CODE_LANGUAGE.sub("", child.content, count=1)
            return code.replace("=", "\x03")  # no highlight in code
        case "softbreak" | "hardbreak":
            return " "
        case "strong_open":
            return _OPEN
        case "strong_close":
            return _CLOSE
    return ""


def _is_link(child: Token) -> bool:
    return child.type == "link_open" or (
        child.type == "html_inline" and bool(_ANCHOR.match(child.content))
    )


def _superscript(text: str, linked: bool, on_base: bool) -> str:
    """A ``<sup>``'s text as it reads: a footnote mark drops, an exponent rises.

    A footnote mark is a link ("<sup><a href='#fn1'>1</a></sup>"), a number in
    brackets ("<sup>[1]</sup>"), a sign such as "*" or "†", or a bare number
    after a word or punctuation ("Prompting<sup>1</sup>", "… 2020.<sup>3</sup>"):
    left in, it would stick to the term before it. A bare number is an
    exponent ``on_base``, where it follows what :func:`_ends_in_base` says or a
    code span, which names a variable ("`DayOfYear`<sup>2</sup>"). An exponent
    reads in Unicode superscripts ("m²", "x⁻¹"); what has none reads after a
    caret ("e^(iπ)"), and an ordinal's letters as they are ("1st").
    """
    text = text.strip()
    if not text or linked:
        return ""
    if _FOOTNOTE_MARK.fullmatch(text) and not (text.isdigit() and on_base):
        return ""
    if set(text) <= _RAISABLE:
        return text.translate(_SUPERSCRIPT_CHARS)
    if text.casefold() in _ORDINAL_ENDINGS and on_base:
        return text
    return "^" + (text if len(text) == 1 else f"({text})")


def _ends_in_base(before: str) -> bool:
    """Whether ``before`` ends, with no space, in what an exponent raises: a digit, a bracket,
    or a symbol or unit of at most three letters ("10<sup>6</sup>", "(x+1)<sup>2</sup>",
    "m<sup>2</sup>", "km<sup>2</sup>"). Such a short word is rarely what a footnote
    annotates; a longer one ("Prompting<sup>1</sup>") usually is."""
    return bool(_EXPONENT_BASE.search(before.rstrip(_OPEN + _CLOSE + "\x04")))


def _highlights(text: str) -> str:
    """``==`` turned into a placeholder that :func:`_balanced_highlights` settles."""
    return text.replace("==", "\x04") if "==" in text else text


def _balanced_highlights(text: str) -> str:
    """Highlight placeholders as marks when they pair up (and no ``===`` confuses them)."""
    count = text.count("\x04")
    if not count:
        return text
    if count % 2 or "\x04=" in text or "=\x04" in text:
        return text.replace("\x04", "==")
    pieces = text.split("\x04")
    return "".join(
        piece + ((_OPEN if index % 2 == 0 else _CLOSE) if index < len(pieces) - 1 else "")
        for index, piece in enumerate(pieces)
    )


def _unmark(marked: str) -> Inline:
    """Collapse whitespace and turn mark characters into offsets (nested marks merge)."""
    marked = " ".join(marked.split())
    if _OPEN not in marked:
        return Inline(marked.replace(_CLOSE, ""))
    text: list[str] = []
    marks: list[tuple[int, int]] = []
    depth, start, length = 0, 0, 0
    for piece in _MARK.split(marked):
        if piece == _OPEN:
            start = length if depth == 0 else start
            depth += 1
        elif piece == _CLOSE:
            depth = max(depth - 1, 0)
            if depth == 0:
                marks.append((start, length))
        else:
            text.append(piece)
            length += len(piece)
    plain = "".join(text)
    spans = tuple(_trimmed(plain, span) for span in marks if _has_text(plain, span))
    return Inline(plain.strip(), spans)


def _has_text(plain: str, span: tuple[int, int]) -> bool:
    return bool(plain[span[0] : span[1]].strip())


def _trimmed(plain: str, span: tuple[int, int]) -> tuple[int, int]:
    """The span without spaces at its ends, in the stripped text's offsets."""
    offset = len(plain) - len(plain.lstrip())
    start, end = span
    while plain[start].isspace():
        start += 1
    while plain[end - 1].isspace():
        end -= 1
    return start - offset, end - offset


# Sentence punctuation (maybe closing quotes), the space after, and the next character.
_SENTENCE_END = re.compile(r"[.!?…]+[\"'”’»)\]]*(\s+)(?=(\S))")
_OPENERS = "\"'“‘«(["


def sentences(text: str, marks: tuple[tuple[int, int], ...] = ()) -> list[tuple[int, int]]:
    """The (start, end) offsets of the sentences of ``text``.

    A sentence ends at ``.``, ``!``, ``?`` or ``…`` followed by a space and a
    capital, a digit or an opening quote, but not after a known abbreviation
    or an initial, and never inside a marked span.
    """
    spans = []
    start = 0
    for end in _SENTENCE_END.finditer(text):
        following = end.group(2)
        if not (following.isupper() or following.isdigit() or following in _OPENERS):
            continue
        word_start = max(text.rfind(" ", start, end.start()) + 1, start)
        word = text[word_start : end.start()].lstrip(_OPENERS).casefold()
        if len(word) == 1 or word in ABBREVIATIONS:
            continue
        cut = end.end()
        if marks and any(first < cut <= last for first, last in marks):
            continue
        spans.append((start, end.start(1)))
        start = cut
    if start < len(text):
        spans.append((start, len(text)))
    return spans
