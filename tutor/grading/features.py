"""What the offline grader measures in an answer, as numbers a small model weighs.

Coverage of the reference alone cannot tell a real answer from its words
shuffled into a list, or from the reference turned into its opposite, and it
calls terse correct answers wrong. So besides coverage
(:mod:`tutor.grading.coverage`) the grader measures how the answer says what
it says: whether it keeps the reference's word order and its runs of words
(function words included: "in a closed path", not "in the same path"),
negates or inverts what the reference asserts, brings words of its own or
only the prompt's, how long it is against the reference, and whether it
reads as a sentence at all (function words, items of one word between
commas). :mod:`tutor.grading.model` turns these into a probability.

Only the first :data:`MAX_ANSWER_LETTERS` characters of an answer are read:
every step after that is linear in what is read, so no answer, however
long, takes long to grade.
"""

from __future__ import annotations

import itertools
import math
import re
from dataclasses import dataclass
from functools import lru_cache

from tutor.grading.analysis import OPPOSITES, analyse, unit
from tutor.grading.coverage import Reading, Window
from tutor.grading.folding import words
from tutor.grading.lexicon import NEGATORS, STOP_WORDS
from tutor.grading.reference import Reference

MAX_ANSWER_LETTERS = 4000
"""Characters of an answer that are read; a free-text answer is a paragraph, not a book."""

ORDER_REACH = 3
"""How many words later the second word of a reference pair may follow the first."""

LIST_ITEMS = 0.75
"""An answer cut by commas into items reads as a list when this share of its items are single
words: "leaving, water, evaporated, salt" is not an explanation, while "conv layers detect
features, pooling shrinks them" is a terse one."""

_ITEM_BREAK = re.compile(r"[,;\n]+")

REVERSED_RECALL = 0.5
"""Share of the reference an answer must name (either way) for a negation to reverse it."""

NAMES = (
    "coverage",
    "recall",
    "fresh_recall",
    "order",
    "denied",
    "inverted",
    "own_words",
    "prompt_words",
    "length",
    "length_ratio",
    "function_words",
    "one_word_items",
    "extra_negators",
    "echo",
    "pairs_said",
    "pairs_kept",
    "triples_said",
    "words",
    "reference_share",
    "prompt_share",
)
"""The features, in the order the model's weights are stored."""


def clipped(answer: str) -> str:
    """The part of an answer the grader reads (see :data:`MAX_ANSWER_LETTERS`)."""
    return answer[:MAX_ANSWER_LETTERS]


@dataclass(frozen=True, slots=True)
class Features:
    """The measurements of one answer, each documented where it is computed."""

    values: tuple[float, ...]

    def __getitem__(self, name: str) -> float:
        return self.values[NAMES.index(name)]

    @property
    def lists_keywords(self) -> bool:
        """Whether the answer reads as a list of keywords rather than a sentence."""
        return self["one_word_items"] >= LIST_ITEMS

    @property
    def says_nothing(self) -> bool:
        """Whether the answer says nothing of the reference, either way: junk, an order to
        the grader, another subject. Whatever else it measures, it is not right."""
        return self["recall"] == self["denied"] == self["inverted"] == 0

    @property
    def negates_reference(self) -> bool:
        """Whether the answer names much of the reference, but negates some of it."""
        return self["recall"] + self["denied"] >= REVERSED_RECALL and (
            self["denied"] > 0 or self["extra_negators"] > 0
        )


def _ordered_pairs(window: Window) -> set[tuple[str, str]]:
    """The (earlier, later) pairs of units said at most :data:`ORDER_REACH` words apart."""
    at: dict[int, list[str]] = {}
    for name, places in window.said.items():
        for position, _negated in places:
            at.setdefault(position, []).append(name)
    pairs = set()
    for position, names in at.items():
        for gap in range(1, ORDER_REACH + 1):
            pairs.update(
                (first, second) for first in names for second in at.get(position + gap, ())
            )
    return pairs


def _one_word_items(text: str) -> float:
    items = [found for item in _ITEM_BREAK.split(text) if (found := words(item))]
    if len(items) < 2:
        return 0.0
    return sum(1 for item in items if len(item) == 1) / len(items)


def _negators(text: str) -> int:
    return sum(1 for word in words(text) if word.replace("'", "") in NEGATORS)


@dataclass(frozen=True, slots=True)
class _Shape:
    """What the features need of the reference text, worked out once per reference."""

    pairs: frozenset[tuple[str, str]]
    words: int
    negators: int
    phrases: tuple[frozenset[tuple[str, ...]], frozenset[tuple[str, ...]]]


@lru_cache(maxsize=512)
def _shape(text: str, vocabulary: frozenset[str]) -> _Shape:
    sequence = [
        word.unit for clause in analyse(text) for word in clause.words if word.unit in vocabulary
    ]
    return _Shape(
        frozenset((a, b) for a, b in itertools.pairwise(sequence) if a != b),
        sum(len(clause.words) for clause in analyse(text)),
        _negators(text),
        _phrases([unit(word) for word in words(text)]),
    )


def _phrases(units: list[str]) -> tuple[frozenset[tuple[str, ...]], frozenset[tuple[str, ...]]]:
    """The runs of two and of three neighbouring words, function words included, as units.

    Function words carry the relations content words leave open ("in a closed path", "from
    the battery"), so runs of every word say more about phrasing than pairs of content
    units do.
    """
    return (
        frozenset(itertools.pairwise(units)),
        frozenset(zip(units, units[1:], units[2:], strict=False)),
    )


def _share_of(part: frozenset[tuple[str, ...]], whole: frozenset[tuple[str, ...]]) -> float:
    return len(part & whole) / len(whole) if whole else 0.0


def measure(
    text: str, reading: Reading, reference: Reference, reference_text: str, score: float
) -> Features:
    """Measure an answer (already :func:`clipped` and read) against an analysed reference.

    ``score`` is the coverage score of :mod:`tutor.grading.free_text`. In order:

    - coverage: that score.
    - recall: the weighted share of the reference's units said its way.
    - fresh_recall: the same for the units the prompt does not already contain.
    - order: share of the reference's neighbouring unit pairs said in its order.
    - denied: weighted share of the reference's units said only the other way (negated).
    - inverted: weighted share said only as an antonym.
    - own_words: share of the answer's content words that are in neither reference nor prompt.
    - prompt_words: share of the answer's content words that only the prompt contains.
    - length: log of the number of content words.
    - length_ratio: log of the answer's content words over the reference's.
    - function_words: share of the answer's words that are function words (a sentence has them,
      a list of keywords has none).
    - one_word_items: share of the items between commas (or semicolons, line breaks) that are
      single words, when there are at least two items; 0 otherwise.
    - extra_negators: negating words beyond those the reference uses (0, 1 or 2).
    - echo: 1 if the answer says nothing the prompt does not.
    - pairs_said: share of the reference's runs of two words (every word, as units) that the
      answer has too; pairs_kept: share of the answer's runs of two that the reference has.
    - triples_said: the same as pairs_said for runs of three words.
    - words: log of the number of the answer's words, function words included.
    - reference_share: share of the answer's distinct content units outside the prompt that
      the reference uses (how much of what it adds is on topic).
    - prompt_share: share of the answer's distinct content units that the prompt contains.
    """
    shape = _shape(reference_text, reference.vocabulary)
    whole = reference.whole
    said = reading.whole.said
    total = whole.total or 1.0
    fresh_total = sum(w for name, w in whole.weights.items() if name not in reference.prompt)
    content = [word for clause in analyse(text) for word in clause.words]
    # The reading holds only the reference's units; an antonym is usually not one of them.
    answered = {name for word in content for name in word.units}
    right = denied = inverted = fresh = 0.0
    for name, weight in whole.weights.items():
        ways = {negated for _position, negated in said.get(name, ())}
        if ways & whole.polarity[name]:
            right += weight
            if name not in reference.prompt:
                fresh += weight
        elif ways:
            denied += weight
        elif any(other in answered for other in OPPOSITES.get(name, ()) - whole.weights.keys()):
            inverted += weight
    wanted = shape.pairs
    order = len(wanted & _ordered_pairs(reading.whole)) / len(wanted) if wanted else 0.0
    known = reference.vocabulary
    own = sum(
        1
        for word in content
        if word.unit not in known
        and word.unit not in reference.prompt
        and not reference.recognise(word)
    )
    prompt_only = sum(
        1 for word in content if word.unit in reference.prompt and word.unit not in known
    )
    count = len(content)
    tokens = words(text)
    echo = bool(said) and not (said.keys() - reference.prompt)
    pairs, triples = _phrases([unit(token) for token in tokens])
    wanted_pairs, wanted_triples = shape.phrases
    distinct = {word.unit for word in content}
    added = distinct - reference.prompt
    values = (
        score,
        right / total,
        fresh / fresh_total if fresh_total else right / total,
        order,
        denied / total,
        inverted / total,
        own / count if count else 0.0,
        prompt_only / count if count else 0.0,
        math.log1p(count),
        math.log((count + 1) / (shape.words + 1)),
        sum(1 for token in tokens if token in STOP_WORDS) / len(tokens) if tokens else 0.0,
        _one_word_items(text),
        float(min(2, max(0, _negators(text) - shape.negators))),
        float(echo),
        _share_of(pairs, wanted_pairs),
        _share_of(wanted_pairs, pairs),
        _share_of(triples, wanted_triples),
        math.log1p(len(tokens)),
        len(added & known) / len(added) if added else 0.0,
        len(distinct & reference.prompt) / len(distinct) if distinct else 0.0,
    )
    return Features(values)
