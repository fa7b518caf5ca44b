"""Mastery: a card FSRS says is learned and likely recalled now. The one definition.

The stats screen and ``tutor stats`` count mastered cards per topic; what the
tree marks complete (:mod:`tutor.study.topic_status`) is a different fact,
about answers given, and is never called mastery.
"""

from __future__ import annotations

from datetime import datetime

from fsrs import State

from tutor.study.records import QuestionRecord
from tutor.study.schedule import retrievability

MASTERED_RECALL = 0.9
"""A card is mastered when it is in FSRS's review state (past its learning steps) and
FSRS puts the chance of recalling it now at this or more."""


def is_mastered(record: QuestionRecord | None, now: datetime) -> bool:
    """Whether the card of ``record`` is mastered at ``now`` (never, unanswered)."""
    return (
        record is not None
        and record.card is not None
        and record.card.state == State.Review
        and retrievability(record.card, now) >= MASTERED_RECALL
    )
