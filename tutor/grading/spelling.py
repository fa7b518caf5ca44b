"""Recognising a reference's words in a learner's spelling: typos and clipped words.

Learners write "discriminater", "chian" and "info". A :class:`Spelling` is
built once per question from the words of its reference and key points, and
maps a learner's word it does not know to the units it is probably meant as:
a word (or stem) within the typo allowance of :mod:`tutor.grading.distance`,
or the start of a longer word ("info", "conv", "backprop").

A learner's word is measured against every form of the reference by
rapidfuzz's optimal string alignment distance, which runs in C and stops at
the allowance, so grading time grows with the reference's length, not with
the square of its words' lengths. Words longer than :data:`MAX_FUZZY` letters
are neither indexed nor looked up: they match exactly or not at all.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from tutor.grading.analysis import Word
from tutor.grading.distance import MAX_TYPOS, typo_allowance

MIN_FUZZY = 4
"""Shortest learner's word checked for typos or clipping (shorter ones must match exactly)."""

MAX_FUZZY = 30
"""Longest word checked for typos or clipping: no English word a learner types is longer,
so a pasted hash or a run of letters is matched exactly or not at all."""

MIN_CLIPPED_DROP = 3
"""A clipped word must leave off at least this many letters of the reference's word."""


def fuzzy(word: str) -> bool:
    """Whether a word is checked for typos and clipping (see :data:`MAX_FUZZY`)."""
    return MIN_FUZZY <= len(word) <= MAX_FUZZY


@dataclass(frozen=True, slots=True)
class Spelling:
    """A reference's words and stems, for forgiving how learners spell them.

    ``forms`` are the words and stems that may be misspelt, ``units`` the unit
    each stands for, and ``clipped`` maps the starts of longer words to them.
    """

    forms: tuple[str, ...]
    units: tuple[str, ...]
    clipped: Mapping[str, frozenset[str]]

    @classmethod
    def of(cls, words: Iterable[Word]) -> Spelling:
        """Index the reference's words: each word and its unit as forms that may be misspelt.

        Hyphenated words are not clipped: "long" is a word of its own, not
        short for "long-range".
        """
        forms: dict[tuple[str, str], None] = {}
        clipped: dict[str, set[str]] = {}
        for word in words:
            if len(word.text) > MAX_FUZZY:
                continue
            for form in (word.text, word.unit):
                forms.setdefault((form, word.unit), None)
            if not word.parts:
                for end in range(MIN_FUZZY, len(word.text) - MIN_CLIPPED_DROP + 1):
                    clipped.setdefault(word.text[:end], set()).add(word.unit)
        return cls(
            tuple(form for form, _unit in forms),
            tuple(unit for _form, unit in forms),
            {form: frozenset(names) for form, names in clipped.items()},
        )

    def meant(self, word: str, stem: str) -> tuple[str, ...]:
        """The units a word the reference does not use probably stands for (maybe none)."""
        if not fuzzy(word):
            return ()
        typos = self._misspelt(word) | self._misspelt(stem)
        return tuple(sorted(typos or self.clipped.get(word, set())))

    def _misspelt(self, form: str) -> set[str]:
        """Units whose word or stem is within its own typo allowance of ``form``."""
        from rapidfuzz import process  # ~15 ms to import: paid at the first typo, not at start
        from rapidfuzz.distance import OSA

        found = process.extract(
            form,
            self.forms,
            scorer=OSA.distance,
            score_cutoff=typo_allowance(len(form) + MAX_TYPOS),
            limit=None,
        )
        return {
            self.units[index]
            for target, edits, index in found
            if edits <= typo_allowance(len(target))
        }
