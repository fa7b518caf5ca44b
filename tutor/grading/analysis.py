"""Free text as the grader sees it: clauses of content units with their polarity.

A *unit* is the canonical stem of a content word: stop words are dropped,
words are stemmed (:mod:`tutor.course.stem`) and everyday synonyms share one
unit (:mod:`tutor.grading.lexicon`). A unit is *negated* when a negator
("not", "never", "without", "can't"...) comes just before it, so "does not
compete" does not count as "competes".

Text is cut into clauses at sentence ends and before contrast words ("while",
"whereas", "but"...), because an answer that says "A does X, while B does Y"
must not be credited with "B does X".
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import lru_cache

from tutor.course.stem import stem
from tutor.grading.folding import WORD, fold
from tutor.grading.lexicon import (
    ANTONYMS,
    CONTRAST_WORDS,
    IRREGULAR,
    NEGATION_BREAKERS,
    NEGATORS,
    PHRASE_JOINERS,
    STOP_WORDS,
    SYNONYMS,
)

_SENTENCE_END = re.compile(r"(?<!\d)[.!?;]+(?!\d)|\n+")
_CONTRAST = re.compile(rf"\b(?:{'|'.join(sorted(CONTRAST_WORDS))})\b", re.IGNORECASE)
_TOKEN = re.compile(rf"{WORD.pattern}|[,:()\[\]=>]")
_SHORTEST_WORD = 2


@lru_cache(maxsize=16384)
def literal(word: str) -> str:
    """A single folded word's own stem, before synonyms are joined."""
    plain = word.replace("'", "")
    return stem(IRREGULAR.get(plain, plain))


def unit(word: str) -> str:
    """The unit a single folded word stands for: its stem, or its synonym group's."""
    stemmed = literal(word)
    return _CANONICAL.get(stemmed, stemmed)


def _canonical_map(groups: Iterable[tuple[str, ...]]) -> dict[str, str]:
    """Each word's stem mapped to the stem of the first word of its synonym group."""
    mapping: dict[str, str] = {}
    for group in groups:
        name = stem(group[0])
        for word in group:
            mapping[stem(word)] = name
    return mapping


def _opposites(pairs: Iterable[tuple[str, str]]) -> dict[str, frozenset[str]]:
    """Each unit mapped to the units of its antonyms, both ways round."""
    opposites: dict[str, frozenset[str]] = {}
    for first, second in pairs:
        for this, that in ((first, second), (second, first)):
            opposites[unit(this)] = opposites.get(unit(this), frozenset()) | {unit(that)}
    return opposites


_CANONICAL = _canonical_map(SYNONYMS)
OPPOSITES = _opposites(ANTONYMS)
"""The units that contradict a unit ("unfreez" for "freez")."""


@dataclass(frozen=True, slots=True)
class Word:
    """One content word of a text: the units it can stand for, and whether it is negated.

    Besides its own unit, a hyphenated word stands for its parts ("feature" and
    "extraction" in "feature-extraction"), and a word followed by another for
    the two written as one ("pre trained" also reads as "pretrained").
    ``leads`` marks the first content word of a phrase, where a subject stands.
    """

    text: str
    unit: str
    parts: tuple[str, ...]
    pair: str | None
    negated: bool
    leads: bool

    @property
    def units(self) -> tuple[str, ...]:
        """Every unit the word can stand for, its own first."""
        return (self.unit, *self.parts, *((self.pair,) if self.pair else ()))


@dataclass(frozen=True, slots=True)
class Clause:
    """The content words of one clause, in order; ``contrast`` if it began with a contrast word."""

    words: tuple[Word, ...]
    contrast: bool


def _pieces(text: str) -> Iterator[tuple[str, bool]]:
    """Clause texts, each flagged when a contrast word starts it."""
    for sentence in _SENTENCE_END.split(text):
        cuts = [match.start() for match in _CONTRAST.finditer(sentence)]
        for position, (start, end) in enumerate(
            zip([0, *cuts], [*cuts, len(sentence)], strict=True)
        ):
            piece = sentence[start:end]
            if piece.strip():
                yield piece, position > 0


def _content_words(piece: str) -> Iterator[tuple[str, bool, bool]]:
    """Each content word of a clause, whether it is negated, and whether it leads a phrase.

    A negator negates the next content word ("can't remember long sequences"
    negates remembering, not length) unless it starts an idiom ("no matter",
    "not only"). A word leads a phrase when it is the first content word after
    the clause start, a comma or bracket, an arrow, a joining word such as
    "and" or "then", or a contrast word: where English puts a subject.
    """
    negated = False
    leads = True
    for token in _TOKEN.findall(fold(piece)):
        plain = token.replace("'", "")
        if plain in NEGATORS:
            negated = True
        elif not plain[0].isalnum() or plain in PHRASE_JOINERS or plain in CONTRAST_WORDS:
            leads, negated = True, False
        elif negated and plain in NEGATION_BREAKERS:
            negated = False
        elif plain not in STOP_WORDS and len(plain) >= _SHORTEST_WORD:
            yield plain, negated, leads
            negated = leads = False


def analyse(text: str) -> tuple[Clause, ...]:
    """Cut ``text`` into clauses of content words (see the module docstring)."""
    clauses = []
    for piece, contrast in _pieces(text):
        content = list(_content_words(piece))
        built = []
        for index, (word, negated, leads) in enumerate(content):
            joined = word.replace("-", "")
            parts = tuple(
                unit(part)
                for part in word.split("-")
                if "-" in word and len(part) >= _SHORTEST_WORD and part not in STOP_WORDS
            )
            following = content[index + 1][0].replace("-", "") if index + 1 < len(content) else ""
            pair = unit(joined + following) if following else None
            built.append(Word(joined, unit(joined), parts, pair, negated, leads))
        if built:
            clauses.append(Clause(tuple(built), contrast))
    return tuple(clauses)
