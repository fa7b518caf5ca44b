"""Recognising a reference's words in a learner's spelling: typos and clipped words.

Learners write "discriminater", "chian" and "info". A :class:`Spelling` is
built once per question from the words of its reference and key points, and
maps a learner's word it does not know to the units it is probably meant as:
a word (or stem) within the typo allowance of :mod:`tutor.grading.distance`,
or the start of a longer word ("info", "conv", "backprop").

Matching a word against every reference word would be too slow, so the index
holds each reference word with up to k letters deleted: two strings within k
edits always share such a variant, and only the few candidates found that way
are measured.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from tutor.grading.analysis import Word
from tutor.grading.distance import MAX_TYPOS, typo_allowance, within

MIN_FUZZY = 4
"""Shortest learner's word checked for typos or clipping (shorter ones must match exactly)."""

MIN_CLIPPED_DROP = 3
"""A clipped word must leave off at least this many letters of the reference's word."""


def deletions(form: str, depth: int) -> set[str]:
    """``form`` and every string made from it by deleting up to ``depth`` letters."""
    variants = {form}
    frontier = {form}
    for _ in range(depth):
        frontier = {item[:i] + item[i + 1 :] for item in frontier for i in range(len(item))}
        variants |= frontier
    return variants


@dataclass(frozen=True, slots=True)
class Spelling:
    """An index of a reference's words and stems for forgiving how learners spell them."""

    near: Mapping[str, frozenset[tuple[str, str]]]
    clipped: Mapping[str, frozenset[str]]

    @classmethod
    def of(cls, words: Iterable[Word]) -> Spelling:
        """Index the reference's words: each word and its unit as forms that may be misspelt.

        Hyphenated words are not clipped: "long" is a word of its own, not
        short for "long-range".
        """
        near: dict[str, set[tuple[str, str]]] = {}
        clipped: dict[str, set[str]] = {}
        for word in words:
            for form in (word.text, word.unit):
                for variant in deletions(form, typo_allowance(len(form))):
                    near.setdefault(variant, set()).add((form, word.unit))
            if not word.parts:
                for end in range(MIN_FUZZY, len(word.text) - MIN_CLIPPED_DROP + 1):
                    clipped.setdefault(word.text[:end], set()).add(word.unit)
        return cls(
            {variant: frozenset(targets) for variant, targets in near.items()},
            {form: frozenset(names) for form, names in clipped.items()},
        )

    def meant(self, word: str, stem: str) -> tuple[str, ...]:
        """The units a word the reference does not use probably stands for (maybe none)."""
        if len(word) < MIN_FUZZY:
            return ()
        typos = self._misspelt(word) | self._misspelt(stem)
        return tuple(sorted(typos or self.clipped.get(word, set())))

    def _misspelt(self, form: str) -> set[str]:
        """Units whose word or stem is within its own typo allowance of ``form``."""
        candidates = {
            target
            for variant in deletions(form, typo_allowance(len(form) + MAX_TYPOS))
            for target in self.near.get(variant, ())
        }
        return {
            name for target, name in candidates if within(form, target, typo_allowance(len(target)))
        }
