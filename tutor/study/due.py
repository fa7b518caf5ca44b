"""Which cards are due: the review queue, due counts for the header and the topic tree.

Everything here takes the time as ``now``, so that a review session (and a
test) can ask again after each answer with the time it has reached; nothing
sleeps or reads the clock. A card is due at the very time FSRS gives (py-fsrs
counts elapsed time in whole 24-hour days, so a day-based cut-off would make
early reviews count as same-day ones). Days (for the daily limit on new
cards) are those of ``now``'s time zone: pass a local time.

A question answered before it had a card (an answer from a schema-1 file, or
one recorded without scheduling) has been studied, so it is not new: it is
due at once, as overdue as its last answer is old, and becomes a card at its
next review.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime, timedelta

from fsrs import State

from tutor.course import Course, Question, Topic
from tutor.study.records import CourseProgress, QuestionRecord

LEARN_AHEAD = timedelta(minutes=20)
"""When nothing else is due, a card in its learning steps due within this is shown
early, as Anki does, so that a session does not stall waiting for a failed card."""


def due_at(record: QuestionRecord) -> datetime:
    """When the question is due for review."""
    return record.last_answered if record.card is None else record.card.due


def due_cards(
    course: Course,
    progress: CourseProgress,
    now: datetime,
    new_limit: int,
    branch: Topic | None = None,
) -> list[Question]:
    """The questions to review at ``now``, in order: cards due, most overdue first,
    then new questions (never answered) in course order, up to ``new_limit`` less
    those first answered today. When that is nothing, cards in their learning
    steps due within :data:`LEARN_AHEAD`, soonest first. ``branch`` limits all
    this to a topic and everything below it.

    Call it again after each answer: a card failed a moment ago is due again
    minutes later (FSRS's learning steps) and comes back in the same session.
    """
    due: list[tuple[datetime, int, Question]] = []
    soon: list[tuple[datetime, int, Question]] = []
    new: list[Question] = []
    for position, question in enumerate(_scope(course, branch)):
        record = progress.questions.get(question.id)
        if record is None:
            new.append(question)
            continue
        when = due_at(record)
        if when <= now:
            due.append((when, position, question))
        elif when <= now + LEARN_AHEAD and record.card and record.card.state != State.Review:
            soon.append((when, position, question))
    queue = [question for *_, question in sorted(due, key=_order)]
    queue += new[: max(0, new_limit - _introduced_today(progress, now))]
    return queue or [question for *_, question in sorted(soon, key=_order)]


def next_due(
    course: Course, progress: CourseProgress, now: datetime, branch: Topic | None = None
) -> datetime | None:
    """When the first card not due at ``now`` comes due (None: no card is scheduled):
    for "next card in 4 minutes" during a session and "next due" after it.
    """
    times = (due_at(record) for record in _records(progress, _scope(course, branch)))
    return min((when for when in times if when > now), default=None)


def due_count(course: Course, progress: CourseProgress, now: datetime) -> int:
    """How many of the course's cards are due at ``now`` (new questions not counted)."""
    return sum(due_at(record) <= now for record in _records(progress, course.questions))


def own_due(topic: Topic, progress: CourseProgress, now: datetime) -> tuple[int, datetime | None]:
    """How many of the topic's own cards are due at ``now``, and when the next of the
    others comes due (None: none is scheduled); :mod:`tutor.study.rollups` adds
    its sub-topics' and recounts it at that time."""
    due, coming = 0, None
    for record in _records(progress, topic.questions):
        when = due_at(record)
        if when <= now:
            due += 1
        elif coming is None or when < coming:
            coming = when
    return due, coming


def _introduced_today(progress: CourseProgress, now: datetime) -> int:
    """How many questions were answered for the first time on ``now``'s day (in its
    time zone), in a review: the new cards already introduced that day.
    """
    today, count = now.date(), 0
    for record in progress.questions.values():
        reviewed = record.card.last_review if record.card else None
        if reviewed is None or reviewed.astimezone(now.tzinfo).date() != today:
            continue  # not reviewed today: its log need not be read
        log = record.log
        if record.attempts == len(log) and log[0].t.astimezone(now.tzinfo).date() == today:
            count += 1  # every answer is in the log, and the first was today
    return count


def _scope(course: Course, branch: Topic | None) -> list[Question]:
    """The questions in play, in course order."""
    return list(branch.all_questions()) if branch is not None else course.questions


def _records(progress: CourseProgress, questions: Iterable[Question]) -> list[QuestionRecord]:
    """The records of those questions that have one."""
    found = (progress.questions.get(question.id) for question in questions)
    return [record for record in found if record is not None]


def _order(entry: tuple[datetime, int, Question]) -> tuple[datetime, int]:
    return entry[0], entry[1]
