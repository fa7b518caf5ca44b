"""How an answer covers a reference: where each point is said, and whether it is said right.

The answer is read clause by clause (:mod:`tutor.grading.analysis`). A point
is looked for in each clause, and in each pair of neighbouring sentences, and
scored by the share of its weighted units (:mod:`tutor.grading.reference`)
said there the way the point says them. Saying a unit the other way round
(negated, or an antonym such as "unfrozen" for "frozen") in a clause about
the point counts against it, and words said about another point's subject do
not count for it (see :func:`_bound`).
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

from tutor.grading.analysis import OPPOSITES, Word, analyse
from tutor.grading.reference import Point, Reference

PAIR_FACTOR = 0.9
"""Coverage kept when a point is spread over two neighbouring sentences."""

PHRASING_REACH = 3
"""How many words apart two units of a reference pair may be said."""


@dataclass(slots=True)
class Window:
    """Part of an answer a point is looked for in: where each unit was said, and how.

    ``said`` maps a unit to its occurrences as (position, negated) pairs;
    ``leads`` holds the positions of words that lead a phrase, ``loose`` those
    of words that are the reference's only as a synonym of one of its words.
    """

    said: dict[str, list[tuple[int, bool]]] = field(default_factory=dict)
    leads: set[int] = field(default_factory=set)
    loose: set[int] = field(default_factory=set)
    length: int = 0

    def add(self, word: Word, units: tuple[str, ...], loose: bool = False) -> None:
        for name in units:
            self.said.setdefault(name, []).append((self.length, word.negated))
        if word.leads:
            self.leads.add(self.length)
        if loose:
            self.loose.add(self.length)
        self.length += 1

    def merged(self, other: Window) -> Window:
        """This window followed by ``other``."""
        joined = Window(
            {name: [*places] for name, places in self.said.items()},
            {*self.leads},
            {*self.loose},
            self.length,
        )
        for name, places in other.said.items():
            joined.said.setdefault(name, []).extend(
                (position + self.length, negated) for position, negated in places
            )
        joined.leads.update(position + self.length for position in other.leads)
        joined.loose.update(position + self.length for position in other.loose)
        joined.length += other.length
        return joined


@dataclass(frozen=True, slots=True)
class Match:
    """How well one point is covered, the units said its way, and those said the opposite way."""

    coverage: float
    matched: frozenset[str]
    contradicted: frozenset[str]


@dataclass(frozen=True, slots=True)
class Reading:
    """An answer cut into the windows points are looked for in.

    ``clauses`` holds a window per clause, ``pairs`` one per pair of
    neighbouring clauses not split by a contrast word, and ``whole`` the whole
    answer as one window.
    """

    clauses: tuple[Window, ...]
    pairs: tuple[Window, ...]
    whole: Window

    @property
    def windows(self) -> Iterator[tuple[Window, float]]:
        """Every clause and pair of clauses, with the share of coverage it keeps."""
        for window in self.clauses:
            yield window, 1.0
        for window in self.pairs:
            yield window, PAIR_FACTOR


def read(answer: str, reference: Reference) -> Reading:
    """Cut an answer into windows of the reference's units (see :class:`Reading`)."""
    clauses = analyse(answer)
    singles = []
    for clause in clauses:
        window = Window()
        for word in clause.words:
            units = reference.recognise(word)
            window.add(word, units, bool(units) and reference.only_by_synonym(word))
        singles.append(window)
    pairs = tuple(
        first.merged(second)
        for first, second, clause in zip(singles, singles[1:], clauses[1:], strict=False)
        if not clause.contrast
    )
    return Reading(tuple(singles), pairs, functools.reduce(Window.merged, singles, Window()))


def _bound(point: Point, window: Window, reference: Reference) -> Callable[[int], bool]:
    """Which positions of the window can count towards the point: those about its subject.

    Points' subjects said at the head of a phrase divide the window: a word
    belongs to the last such subject before it (English puts the subject
    first), and words before the first one to any point. So "pooling applies
    filters, convolution reduces the size" credits pooling, not convolution,
    with the filters. This is done when the point's subject is one of the things the
    prompt names ("the difference between merge and rebase"), and otherwise
    only when the window names the point's subject and another's, because a
    key point may start with a verb ("receives inputs") rather than a subject.
    """
    here = sorted(
        (position, name)
        for name in reference.subjects & window.said.keys()
        for position, _negated in window.said[name]
        if position in window.leads
    )
    named = point.subject in reference.prompt
    if not here or not (
        named or (point.subject in window.said and len({name for _p, name in here}) > 1)
    ):
        return lambda _position: True

    def bound(position: int) -> bool:
        owner = next((name for place, name in reversed(here) if place <= position), None)
        return owner in (None, point.subject)

    return bound


def _opposite_said(
    name: str, wanted: frozenset[bool], point: Point, window: Window, bound: Callable[[int], bool]
) -> bool:
    """Whether the window says an antonym of ``name`` the way the point says ``name``."""
    return any(
        negated in wanted and bound(position)
        for other in OPPOSITES.get(name, ()) - point.weights.keys()
        for position, negated in window.said.get(other, ())
    )


def _match(point: Point, window: Window, reference: Reference) -> Match:
    """How much of the point the window says, less what it says the opposite way.

    Saying a unit the other way (negated, or an antonym) only counts against
    a point in a window about the point: one that names the point's subject
    or starts with one of its words. "Forget gates" in a clause about LSTMs
    says nothing against "keeps information over long sequences", but
    "unfreezes" in a clause about feature extraction contradicts "feature
    extraction keeps layers frozen".
    """
    bound = _bound(point, window, reference)
    about_point = point.subject in window.said or any(
        position == 0 for name in point.weights for position, _negated in window.said.get(name, ())
    )
    gained = 0.0
    matched = set()
    contradicted = set()
    for name, weight in point.weights.items():
        wanted = point.polarity[name]
        ways = {
            negated
            for position, negated in window.said.get(name, ())
            if name in reference.subjects or bound(position)
        }
        if ways & wanted:
            gained += weight
            matched.add(name)
        elif about_point and (ways or _opposite_said(name, wanted, point, window, bound)):
            gained -= weight
            contradicted.add(name)
    coverage = max(0.0, gained / point.total) if point.total else 0.0
    return Match(coverage, frozenset(matched), frozenset(contradicted))


def cover(point: Point, reading: Reading, reference: Reference) -> Match:
    """The point's coverage in the window that covers it best, and what the answer contradicts.

    A unit counts as contradicted only if no window says it the point's way:
    "lookups get faster ... writes get slower" does not contradict "faster
    lookups".
    """
    coverage = 0.0
    matched: set[str] = set()
    contradicted: set[str] = set()
    for window, factor in reading.windows:
        match = _match(point, window, reference)
        coverage = max(coverage, match.coverage * factor)
        matched |= match.matched
        contradicted |= match.contradicted
    return Match(coverage, frozenset(matched), frozenset(contradicted - matched))


def cover_whole(reading: Reading, reference: Reference) -> float:
    """How much of the whole reference answer the whole answer says."""
    return _match(reference.whole, reading.whole, reference).coverage


def phrasing(reading: Reading, reference: Reference) -> float:
    """Share of the reference's neighbouring unit pairs said close together in one clause."""
    if not reference.pairs:
        return 0.0
    said: set[frozenset[str]] = set()
    for window in reading.clauses:
        at: dict[int, set[str]] = {}
        for name, places in window.said.items():
            for position, _negated in places:
                at.setdefault(position, set()).add(name)
        for position, names in at.items():
            for gap in range(1, PHRASING_REACH + 1):
                said.update(
                    frozenset((first, second))
                    for first in names
                    for second in at.get(position + gap, ())
                    if first != second
                )
    return len(said & reference.pairs) / len(reference.pairs)
