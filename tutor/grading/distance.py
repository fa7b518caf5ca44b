"""Edit distance for forgiving typos.

Optimal string alignment distance: Levenshtein plus the swap of two adjacent
letters as a single edit, because "chian" for "chain" is one slip of the
fingers, not two. How many slips to forgive grows with the length of what
was meant (:func:`typo_allowance`): "ReLU" must be exact, "chain rule" may be
one letter off. The distance is rapidfuzz's, in C, which stops as soon as
the answer is beyond the limit; but its time still grows with the product of
two long words' lengths (half a second for two 100,000-letter words), so a
word longer than :data:`LONGEST_FUZZY` letters, which no one types by hand,
is compared exactly.
"""

from __future__ import annotations

LETTERS_PER_TYPO = 5
MAX_TYPOS = 2
LONGEST_FUZZY = 64
"""Letters beyond which a word must match exactly: no slip is forgiven in it."""


def typo_allowance(letters: int) -> int:
    """How many edits ``letters`` letters may be off by: one per five letters, at most two."""
    return min(MAX_TYPOS, letters // LETTERS_PER_TYPO)


def distance(a: str, b: str, limit: int) -> int:
    """Optimal string alignment distance, or ``limit + 1`` for anything further apart
    (or for two different strings either of which is longer than :data:`LONGEST_FUZZY`)."""
    if max(len(a), len(b)) > LONGEST_FUZZY:
        return 0 if a == b else limit + 1
    from rapidfuzz.distance import OSA  # ~15 ms to import: paid at the first typo, not at start

    return OSA.distance(a, b, score_cutoff=limit)
