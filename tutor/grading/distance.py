"""Edit distance for forgiving typos.

Optimal string alignment distance: Levenshtein plus the swap of two adjacent
letters as a single edit, because "chian" for "chain" is one slip of the
fingers, not two. How many slips to forgive grows with the length of what
was meant (:func:`typo_allowance`): "ReLU" must be exact, "chain rule" may be
one letter off. The distance is rapidfuzz's, in C, which stops as soon as
the answer is beyond the limit, so no pair of strings takes long.
"""

from __future__ import annotations

LETTERS_PER_TYPO = 5
MAX_TYPOS = 2


def typo_allowance(letters: int) -> int:
    """How many edits ``letters`` letters may be off by: one per five letters, at most two."""
    return min(MAX_TYPOS, letters // LETTERS_PER_TYPO)


def distance(a: str, b: str, limit: int) -> int:
    """Optimal string alignment distance, or ``limit + 1`` for anything further apart."""
    from rapidfuzz.distance import OSA  # ~15 ms to import: paid at the first typo, not at start

    return OSA.distance(a, b, score_cutoff=limit)
