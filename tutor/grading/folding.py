"""Text folding shared by every grader: case, Unicode look-alikes and words.

Learners type on phones, paste from PDFs and word processors, so the same
word arrives with curly quotes, en dashes or full-width letters. Folding all of
that first means the graders compare what was meant, not how it was typed.
"""

from __future__ import annotations

import re
import unicodedata

# Dashes and minus signs that should read as a plain hyphen-minus.
_DASHES = dict.fromkeys(
    map(ord, "\u2010\u2011\u2012\u2013\u2014\u2015\u2212\ufe58\ufe63\uff0d"), "-"
)
# Apostrophes and quotes that should read as a plain apostrophe.
_QUOTES = dict.fromkeys(map(ord, "\u2018\u2019\u201a\u201b\u2032\u00b4\u0060\uff07"), "'")
_DOUBLE_QUOTES = dict.fromkeys(map(ord, "\u201c\u201d\u201e\u201f\u2033\u00ab\u00bb"), '"')
_TRANSLATE = {**_DASHES, **_QUOTES, **_DOUBLE_QUOTES}

WORD = re.compile(r"[^\W_]+(?:['-][^\W_]+)*")
"""A word, keeping inner apostrophes and hyphens (``don't``, ``pre-trained``)."""


def fold(text: str) -> str:
    """Casefold and map Unicode look-alikes (NFKC, dashes, quotes) to plain forms."""
    return unicodedata.normalize("NFKC", text).translate(_TRANSLATE).casefold()


def words(text: str) -> list[str]:
    """The folded words of ``text``, with inner apostrophes and hyphens kept."""
    return WORD.findall(fold(text))
