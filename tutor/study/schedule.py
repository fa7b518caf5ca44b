"""Spaced repetition with FSRS: what rating an answer suggests, and when a card comes back.

The scheduling itself is the ``fsrs`` library's (FSRS-6, default parameters,
learning steps of 1 and 10 minutes, relearning step of 10 minutes); this
module turns tutor's stored :class:`~tutor.study.cards.CardState` into an
``fsrs.Card`` and back. Fuzzing (a random day or two added to long
intervals) is off, so that a card's schedule is a function of its reviews: a
re-rating, or a review replayed when two sessions' saves merge, gives the
same due date every time, and tests can state exact dates.
"""

from __future__ import annotations

import hashlib
from datetime import datetime

import fsrs
from fsrs import Rating

from tutor.study.cards import CardState

DEFAULT_RETENTION = 0.9
"""The share of cards the learner should still recall when they come due."""


def suggest_rating(outcome: str, helped: bool = False) -> int:
    """The rating a graded answer suggests, before the learner overrides it with 1-4.

    ``outcome`` is the verdict's (correct, partial, wrong). Wrong is Again,
    partly right is Hard, right is Good, and right with help (the hint, or the
    lesson looked at while answering) is Hard. Never Easy: a grader cannot
    tell an answer known at once from one found with effort, and an Easy
    sends a new card away for a week or more, so Easy is the learner's call.
    """
    if outcome == "wrong":
        return int(Rating.Again)
    if outcome == "partial":
        return int(Rating.Hard)
    if outcome != "correct":
        raise ValueError(f"an outcome is correct, partial or wrong, not {outcome!r}")
    return int(Rating.Hard if helped else Rating.Good)


def card_id(question_id: str) -> int:
    """The FSRS card id of a question: a stable number derived from its id (63 bits)."""
    digest = hashlib.blake2b(question_id.encode("utf-8"), digest_size=8).digest()
    return int.from_bytes(digest, "big") >> 1


class Scheduler:
    """FSRS with default parameters and the learner's desired retention.

    It is the :class:`~tutor.study.cards.CardScheduler` that the progress
    store reviews cards with.
    """

    def __init__(self, desired_retention: float = DEFAULT_RETENTION) -> None:
        self._fsrs = fsrs.Scheduler(desired_retention=desired_retention, enable_fuzzing=False)

    def next_card(
        self, question_id: str, card: CardState | None, rating: int, when: datetime
    ) -> CardState:
        """The card after a review rated ``rating`` at ``when`` (UTC); None is a new card."""
        before = fsrs_card(card_id(question_id), card, when)
        reviewed, _ = self._fsrs.review_card(before, Rating(rating), when)
        state = CardState(
            reviewed.due,
            int(reviewed.state),
            reviewed.step,
            reviewed.stability,
            reviewed.difficulty,
            reviewed.last_review,
        )
        return state if card is None else state._replace(extra=card.extra)


_MEMORY = fsrs.Scheduler(enable_fuzzing=False)  # its desired retention plays no part here


def retrievability(card: CardState, when: datetime) -> float:
    """FSRS's estimate of the chance that the card is recalled at ``when`` (0 before any
    review). It depends on the card alone, not on the desired retention.
    """
    return _MEMORY.get_card_retrievability(fsrs_card(0, card, when), when)


def fsrs_card(identity: int, card: CardState | None, when: datetime) -> fsrs.Card:
    """The FSRS card for ``card`` (None: a new one, due at ``when``). The id is always
    given: without one, ``fsrs.Card`` makes one from the clock and sleeps a millisecond.
    """
    if card is None:
        return fsrs.Card(card_id=identity, due=when)
    return fsrs.Card(
        card_id=identity,
        state=fsrs.State(card.state),
        step=card.step,
        stability=card.stability,
        difficulty=card.difficulty,
        due=card.due,
        last_review=card.last_review,
    )
