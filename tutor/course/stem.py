"""One stemmer, so that "trains", "trained" and "training" are one word.

The Snowball English stemmer (Porter2, from the maintained ``PyStemmer``
package, in C: a few microseconds a word) does the work. Two things are done
first, because explanations need them: British -ise/-our spellings are mapped
to -ize/-or so "normalise" and "normalize" meet, and agent nouns in -ator keep
their own stem, because in an explanation "the generator" and "generates" are
different things (Snowball makes both "generat"). Results are cached:
learners' answers repeat the same few hundred words.
"""

from __future__ import annotations

import re
from functools import lru_cache

import Stemmer

_ENGLISH = Stemmer.Stemmer("english")

_BRITISH = (
    (re.compile(r"(?<=\w{3})is(e|es|ed|ing|er|ers|ation|ations)$"), r"iz\1"),
    (re.compile(r"(?<=\w{2})ys(e|es|ed|ing)$"), r"yz\1"),
    (re.compile(r"(?<=\w{3})our(s|ed|ing)?$"), r"or\1"),
)

_AGENT_NOUNS = ("ator", "ators")


@lru_cache(maxsize=16384)
def stem(word: str) -> str:
    """The stem of a lowercase word ("generalization" -> "general")."""
    for pattern, replacement in _BRITISH:
        word = pattern.sub(replacement, word)
    if word.endswith(_AGENT_NOUNS):
        return word.removesuffix("s")
    return _ENGLISH.stemWord(word)
