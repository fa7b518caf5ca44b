"""Two versions of a learner's progress made one: what two machines studied apart.

A learner who studies on a laptop and on a server, and syncs the data folder
(git, Syncthing, rsync), ends up with two progress files that each hold
answers the other lacks. Merging them keeps every review once:

- A question's review logs are joined, a review being known by its time (a
  card is never reviewed twice in the same instant; two versions of one
  review differ only by a re-rating or a regrade, and the learner's own
  choice wins). The card's FSRS state is then replayed in time order over
  the reviews, from the latest state either version knows to have come
  before them, so it is what one machine would have computed had it seen
  every review.
- When one version already holds everything the other does (the same
  history, later), it is taken as it is: merging a file with an older copy
  of itself changes nothing.
- Attempts add up what each version saw that the other did not; the last
  answer is the later one; the best score is the best of both. A topic's
  reading is the later one. Keys and records only one version has are kept.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import datetime
from functools import partial

from tutor.study.cards import LOG_SIZE, CardScheduler, CardState, History, Review, ScheduleCard
from tutor.study.records import CourseProgress, Progress, QuestionRecord, TopicRecord
from tutor.wording import count


@dataclass
class MergeCount:
    """What a merge brought in: records new to ours, and reviews added to records we had."""

    questions: int = 0
    topics: int = 0
    reviews: int = 0

    def __str__(self) -> str:
        return (
            f"{count(self.questions, 'new question')}, {count(self.reviews, 'new review')}"
            f" of questions you had, {count(self.topics, 'new topic')} read"
        )


def merge_progress(
    ours: Progress, theirs: Progress, scheduler: CardScheduler, *, later: bool = False
) -> MergeCount:
    """Merge ``theirs`` into ``ours`` (changed in place); returns what it brought in.
    ``later``: theirs was saved after ours (a journal's save), so the course last opened
    and each course's last topic are theirs; otherwise ours stay.
    """
    count = MergeCount()
    ours.last_course = _pick(ours.last_course, theirs.last_course, later)
    ours.extra = {**theirs.extra, **ours.extra}
    for course_id, their_course in theirs.courses.items():
        _merge_course(ours.course_to_change(course_id), their_course, scheduler, count, later)
    return count


def _pick(ours: str | None, theirs: str | None, later: bool) -> str | None:
    if ours is None or (later and theirs is not None):
        return theirs
    return ours


def _merge_course(
    ours: CourseProgress,
    theirs: CourseProgress,
    scheduler: CardScheduler,
    count: MergeCount,
    later: bool,
) -> None:
    ours.path = _pick(ours.path, theirs.path, later)
    ours.last_topic = _pick(ours.last_topic, theirs.last_topic, later)
    ours.extra = {**theirs.extra, **ours.extra}
    for topic_id, their_topic in theirs.topics.items():
        our_topic = ours.topics.get(topic_id)
        if our_topic is not None:
            ours.topics[topic_id] = _merge_topic(our_topic, their_topic)
        elif _takes(ours.damaged_topics, topic_id, later):
            ours.topics[topic_id] = their_topic
            count.topics += 1
    for question_id, their_record in theirs.questions.items():
        our_record = ours.questions.get(question_id)
        if our_record is None:
            if _takes(ours.damaged_questions, question_id, later):
                ours.questions[question_id] = their_record
                count.questions += 1
            continue
        schedule = partial(scheduler.next_card, question_id)
        ours.questions[question_id] = merge_question(our_record, their_record, schedule)
        known = {review.t for review in our_record.log}
        count.reviews += sum(review.t not in known for review in their_record.log)
    for name in ("damaged_topics", "damaged_questions"):
        mine, other = getattr(ours, name), getattr(theirs, name)
        records = ours.topics if name == "damaged_topics" else ours.questions
        for key, value in other.items():
            if key not in mine and key not in records:
                mine[key] = value


def _takes(damaged: dict[str, object], key: str, later: bool) -> bool:
    """Whether a record of theirs goes where we have none, or a damaged one: a later save
    of ours replaces it, as answering the question again would; another machine's record
    leaves it alone, to be mended by hand (the file it came from is kept).
    """
    if key not in damaged:
        return True
    if later:
        del damaged[key]
    return later


def _merge_topic(ours: TopicRecord, theirs: TopicRecord) -> TopicRecord:
    merged = ours if theirs.read is None else ours.read_at(theirs.read)
    return replace(merged, extra={**theirs.extra, **merged.extra})


def merge_question(
    ours: QuestionRecord, theirs: QuestionRecord, schedule: ScheduleCard
) -> QuestionRecord:
    """One record holding both versions' answers and reviews, the card replayed over them.
    If each holds all of the other (a regrade is the only difference), ``theirs`` wins:
    replaying a journal, theirs is the later save.
    """
    if _holds(theirs, ours):
        return theirs
    if _holds(ours, theirs):
        return ours
    by_time = {review.t: review for review in ours.log}
    for review in theirs.log:
        mine = by_time.get(review.t)
        by_time[review.t] = review if mine is None else _same_review(mine, review)
    reviews = sorted(by_time.values(), key=lambda review: review.t)
    card, reviews = _replay(reviews, (ours, theirs), schedule)
    only_theirs = sum(review.t not in {r.t for r in ours.log} for review in theirs.log)
    only_ours = sum(review.t not in {r.t for r in theirs.log} for review in ours.log)
    later = ours if ours.last_answered >= theirs.last_answered else theirs
    return replace(
        later,
        attempts=max(ours.attempts + only_theirs, theirs.attempts + only_ours),
        best_score=max(ours.best_score, theirs.best_score),
        card=card,
        log=History(reviews[-LOG_SIZE:], unread=ours.log.unread or theirs.log.unread),
        extra={**theirs.extra, **ours.extra},
    )


def _holds(newer: QuestionRecord, older: QuestionRecord) -> bool:
    """Whether ``newer`` is ``older`` with more history: every review of ``older`` is in
    it (or went out of its log before its first), and nothing of ``older`` is later."""
    if newer.attempts < older.attempts or newer.last_answered < older.last_answered:
        return False
    times = {review.t for review in newer.log}
    first = newer.log[0].t if len(newer.log) else None
    return all(
        review.t in times or (first is not None and review.t < first and len(newer.log) >= LOG_SIZE)
        for review in older.log
    ) and (older.card is None or newer.card is not None)


def _same_review(ours: Review, theirs: Review) -> Review:
    """Two versions of one review: the one the learner re-rated or overruled, else ours."""
    if ours == theirs:
        return ours
    if (theirs.rerated or theirs.overruled) and not (ours.rerated or ours.overruled):
        return theirs
    return ours


def _replay(
    reviews: Sequence[Review], versions: Sequence[QuestionRecord], schedule: ScheduleCard
) -> tuple[CardState | None, list[Review]]:
    """The card after ``reviews`` (in time order), and the reviews with the card before
    the latest kept on it. The replay starts after the longest run of reviews whose
    resulting card a version knows: its card after all its reviews, or the card
    before its latest one.
    """
    times = [review.t for review in reviews]
    start, card, before = 0, None, None
    for version in versions:
        log = version.log.reviews
        known = [(log, version.card, log[-1].before if log else None)]
        if log:
            known.append((log[:-1], log[-1].before, None))
        for seen, state, state_before in known:
            end = _covered(times, [review.t for review in seen])
            if end is not None and end > start and (state is not None or not seen):
                start, card, before = end, state, state_before
    for review in reviews[start:]:
        before = card
        card = schedule(card, review.rating, review.t)
    out = [review._replace(before=None) for review in reviews]
    if out:
        out[-1] = out[-1]._replace(before=before)
    return card, out


def _covered(times: Sequence[datetime], seen: Sequence[datetime]) -> int | None:
    """Where in ``times`` the reviews ``seen`` end, if they are all the reviews from their
    first to their last (so the card after them is the card at that point); else None.
    """
    if not seen:
        return 0
    first, last = seen[0], seen[-1]
    inside = [time for time in times if first <= time <= last]
    if inside != list(seen):
        return None
    if any(time < first for time in times) and len(seen) < LOG_SIZE:
        return None  # reviews before these that the version never saw
    return times.index(last) + 1
