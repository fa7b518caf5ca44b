"""What a free-text question expects, analysed once per question and cached.

A :class:`Reference` holds the points an answer is checked against (the
author's key points, or the reference answer's clauses when there are none),
the whole reference answer as one more point, and how to recognise its words
however a learner spells them (:mod:`tutor.grading.spelling`).

Weights say how much a unit shows understanding. A unit found in few of the
points is distinctive (an idf computed within the question), so "frozen"
outweighs "layers" when every point talks about layers; a key point's unit
that the reference answer uses too weighs more, because the author said it
twice. Units the prompt already contains weigh little, since repeating the
question shows nothing, and so do weak words such as "use".
"""

from __future__ import annotations

import itertools
import math
from collections import Counter
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, replace
from functools import lru_cache

from tutor.course.kinds import MAX_REFERENCE_LETTERS, FreeText
from tutor.grading.analysis import Clause, Word, analyse, literal, unit
from tutor.grading.lexicon import WEAK_WORDS
from tutor.grading.spelling import Spelling

RESTATED_FACTOR = 1.5
"""Weight gained by a key point's unit that the reference also uses."""

PROMPT_FACTOR = 0.35
"""Weight kept by a unit the prompt already contains."""

WEAK_FACTOR = 0.5
"""Weight kept by a weak word (``lexicon.WEAK_WORDS``)."""

_WEAK_UNITS = frozenset(unit(word) for word in WEAK_WORDS)


def as_graded(question: FreeText) -> FreeText:
    """``question`` as the offline grader reads it: its prompt and reference cut at
    :data:`MAX_REFERENCE_LETTERS` characters, and its key points up to that many
    together (``tutor check`` warns of a question that is longer)."""
    if not question.read_in_part:
        return question
    lengths = itertools.accumulate(len(point) for point in question.key_points)
    return replace(
        question,
        prompt=question.prompt[:MAX_REFERENCE_LETTERS],
        reference=question.reference[:MAX_REFERENCE_LETTERS],
        key_points=tuple(
            point
            for point, total in zip(question.key_points, lengths, strict=True)
            if total <= MAX_REFERENCE_LETTERS
        ),
    )


@dataclass(frozen=True, slots=True)
class Point:
    """One idea an answer should contain, as weighted units.

    ``polarity`` says how the point says each unit: negated, not, or either
    (when it says it both ways). ``subject`` is its first unit, what a key
    point is usually about ("generator" in "generator creates fake samples").
    """

    text: str
    weights: Mapping[str, float]
    polarity: Mapping[str, frozenset[bool]]
    subject: str
    total: float


@dataclass(frozen=True, slots=True)
class Reference:
    """A free-text question analysed for grading (see the module docstring).

    ``subjects`` are the points' subjects, ``pairs`` the neighbouring units of
    the reference answer (its phrasing), ``prompt`` the prompt's units and
    ``surface`` a word of the reference for each unit, to name it in feedback.
    """

    points: tuple[Point, ...]
    whole: Point
    subjects: frozenset[str]
    pairs: frozenset[frozenset[str]]
    prompt: frozenset[str]
    vocabulary: frozenset[str]
    stems: frozenset[str]  # its words' own stems, and their parts
    surface: Mapping[str, str]
    spelling: Spelling

    def recognise(self, word: Word) -> tuple[str, ...]:
        """The reference's units a learner's word stands for, forgiving typos and clipping."""
        known = tuple(name for name in word.units if name in self.vocabulary)
        return known or self.spelling.meant(word.text, word.unit)

    def only_by_synonym(self, word: Word) -> bool:
        """Whether the word is the reference's only as a synonym of one of its words
        ("examiner" for its "judges"), not one of them in any form (or misspelt)."""
        if literal(word.text) in self.stems or any(name in self.stems for name in word.units[1:]):
            return False
        return any(name in self.vocabulary for name in word.units)


def _words(clauses: tuple[Clause, ...]) -> Iterator[Word]:
    for clause in clauses:
        yield from clause.words


def _point(
    text: str, clauses: tuple[Clause, ...], weights: Mapping[str, float], subject: bool = True
) -> Point:
    said = list(_words(clauses))
    polarity: dict[str, frozenset[bool]] = {}
    for word in said:
        polarity[word.unit] = polarity.get(word.unit, frozenset()) | {word.negated}
    own = {name: weights[name] for name in polarity}
    first = said[0].unit if said and subject else ""
    return Point(text, own, polarity, first, sum(own.values()))


def _weights(
    units: set[str], points: list[tuple[Clause, ...]], restated: set[str], prompt: frozenset[str]
) -> dict[str, float]:
    """The weight of each of ``units``, as the module docstring explains."""
    frequency = Counter(name for clauses in points for name in {w.unit for w in _words(clauses)})
    weights = {}
    for name in units:
        weight = 1.0 + math.log(len(points) / frequency[name]) if frequency[name] else 1.0
        if name in restated:
            weight *= RESTATED_FACTOR
        if name in prompt:
            weight *= PROMPT_FACTOR
        if name in _WEAK_UNITS:
            weight *= WEAK_FACTOR
        weights[name] = weight
    return weights


@lru_cache(maxsize=512)
def analyse_reference(prompt: str, reference: str, key_points: tuple[str, ...]) -> Reference:
    """Analyse a question once; grading the same question again reuses the result."""
    prompt_units = frozenset(
        name
        for clause in analyse(prompt)
        for word in clause.words
        for name in (word.unit, *word.parts)
    )
    reference_clauses = analyse(reference)
    if key_points:
        texts = key_points
        point_clauses = [analyse(point) for point in key_points]
    else:
        texts = tuple(" ".join(word.text for word in clause.words) for clause in reference_clauses)
        point_clauses = [(clause,) for clause in reference_clauses]
    words = [word for clauses in [reference_clauses, *point_clauses] for word in _words(clauses)]
    restated = {word.unit for word in _words(reference_clauses)} if key_points else set()
    weights = _weights({word.unit for word in words}, point_clauses, restated, prompt_units)
    points = tuple(
        _point(text, clauses, weights) for text, clauses in zip(texts, point_clauses, strict=True)
    )
    return Reference(
        points=points,
        whole=_point(reference, reference_clauses, weights, subject=False),
        subjects=frozenset(point.subject for point in points if point.subject),
        pairs=frozenset(
            frozenset((first.unit, second.unit))
            for clause in reference_clauses
            for first, second in zip(clause.words, clause.words[1:], strict=False)
            if first.unit != second.unit
        ),
        prompt=prompt_units,
        vocabulary=frozenset(weights),
        stems=frozenset(name for word in words for name in (literal(word.text), *word.units[1:])),
        surface={word.unit: word.text for word in reversed(words)},
        spelling=Spelling.of(words),
    )
