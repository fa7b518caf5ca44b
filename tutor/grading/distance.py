"""Edit distance for forgiving typos.

Optimal string alignment distance: Levenshtein plus the swap of two adjacent
letters as a single edit, because "chian" for "chain" is one slip of the
fingers, not two. How many slips to forgive grows with the length of what
was meant (:func:`typo_allowance`): "ReLU" must be exact, "chain rule" may be
one letter off. Callers only ever ask "within k edits?", so the search stops
as soon as a row of the table exceeds ``limit``.
"""

from __future__ import annotations

LETTERS_PER_TYPO = 5
MAX_TYPOS = 2


def typo_allowance(letters: int) -> int:
    """How many edits ``letters`` letters may be off by: one per five letters, at most two."""
    return min(MAX_TYPOS, letters // LETTERS_PER_TYPO)


def within(a: str, b: str, limit: int) -> bool:
    """Whether ``a`` can be turned into ``b`` with at most ``limit`` edits."""
    return a == b or (limit > 0 and distance(a, b, limit) <= limit)


def distance(a: str, b: str, limit: int) -> int:
    """Optimal string alignment distance, or ``limit + 1`` for anything further apart.

    Only the band of cells within ``limit`` of the diagonal can stay within
    ``limit``, so only that band is computed (cells outside it count as too far).
    """
    cap = limit + 1
    if abs(len(a) - len(b)) > limit:
        return cap
    width = len(b) + 1
    before = [cap] * width
    previous = [min(j, cap) for j in range(width)]
    for i in range(1, len(a) + 1):
        current = [cap] * width
        if i <= limit:
            current[0] = i
        char_a = a[i - 1]
        for j in range(max(1, i - limit), min(len(b), i + limit) + 1):
            char_b = b[j - 1]
            best = previous[j - 1] + (char_a != char_b)
            if previous[j] + 1 < best:
                best = previous[j] + 1
            if current[j - 1] + 1 < best:
                best = current[j - 1] + 1
            if (
                i > 1
                and j > 1
                and char_a == b[j - 2]
                and a[i - 2] == char_b
                and before[j - 2] + 1 < best
            ):
                best = before[j - 2] + 1
            current[j] = best if best < cap else cap
        if min(current[max(0, i - limit) : i + limit + 1]) >= cap:
            return cap
        before, previous = previous, current
    return previous[-1]
