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
- An answer the learner took back (``u``) stays taken back: its time is kept
  as a tombstone (:attr:`CourseProgress.undone`), the tombstones of both
  versions are joined, and an answer whose time is among them is taken out
  of whichever version still holds it before the two are compared. When one
  version is the other less that answer (a journal's save after the undo, a
  copy made just before it), the version that never held it wins as it is, so
  the record is exactly what it was before the answer. A version that still
  holds it loses the answer's attempt, its review, and the card it gave (the
  card before that review, kept on the latest one, or else the card replayed
  over the reviews left); its last answer becomes the latest review left, whose
  grade is known from its score but whose text is not (it reads empty, unless
  the other version has it), and its best score, if the answer taken back was
  the best, becomes the best score of the reviews left: an answer that went out
  of the log, or was never a review, may have scored better. A question with no
  answer left has no record. Only the latest :data:`LOG_SIZE` tombstones of a
  question are kept: a copy holding an answer taken back further back than
  that would bring it back.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass, replace
from datetime import datetime
from functools import partial

from tutor.grading import Outcome
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
    for question_id, times in theirs.undone.items():
        ours.undone[question_id] = join_undone(ours.undone.get(question_id, ()), times)
    for question_id, their_record in theirs.questions.items():
        our_record = ours.questions.get(question_id)
        if our_record is None and not _takes(ours.damaged_questions, question_id, later):
            continue
        undone = ours.undone.get(question_id, ())
        schedule = partial(scheduler.next_card, question_id)
        _put(ours, question_id, _merged(our_record, their_record, schedule, undone))
        if our_record is None:
            count.questions += question_id in ours.questions
            continue
        known = {review.t for review in our_record.log}
        count.reviews += sum(r.t not in known and r.t not in undone for r in their_record.log)
    for question_id in theirs.undone.keys() - theirs.questions.keys():
        take_out_undone(ours, question_id, scheduler)
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


def join_undone(ours: Sequence[datetime], theirs: Sequence[datetime]) -> tuple[datetime, ...]:
    """Both versions' tombstones of one question, oldest first: the latest :data:`LOG_SIZE`."""
    return tuple(sorted({*ours, *theirs})[-LOG_SIZE:])


def take_back(
    course: CourseProgress,
    question_id: str,
    answered: datetime,
    previous: QuestionRecord | None,
    scheduler: CardScheduler,
) -> None:
    """Take back the answer given at ``answered``: its tombstone is kept and the record
    becomes ``previous``, the record before that answer (None: there was none). If
    another session's answer to the question came in since, the record is the merge of
    both, less that answer.
    """
    undone = join_undone(course.undone.get(question_id, ()), (answered,))
    course.undone[question_id] = undone
    schedule = partial(scheduler.next_card, question_id)
    current = course.questions.get(question_id)
    _put(course, question_id, _merged(current, previous, schedule, undone))


def take_out_undone(course: CourseProgress, question_id: str, scheduler: CardScheduler) -> None:
    """Take the answers taken back out of the question's record, if it still holds any."""
    record = course.questions.get(question_id)
    if record is not None:
        schedule = partial(scheduler.next_card, question_id)
        undone = course.undone.get(question_id, ())
        _put(course, question_id, without_undone(record, undone, schedule))


def _put(course: CourseProgress, question_id: str, record: QuestionRecord | None) -> None:
    """Make ``record`` the question's (None: the question has no record)."""
    if record is not None:
        course.questions[question_id] = record
    elif question_id in course.questions:
        del course.questions[question_id]


def _merged(
    ours: QuestionRecord | None,
    theirs: QuestionRecord | None,
    schedule: ScheduleCard,
    undone: Collection[datetime],
) -> QuestionRecord | None:
    """:func:`merge_question` where either version may have no record."""
    if ours is None or theirs is None:
        record = theirs if ours is None else ours
        return None if record is None else without_undone(record, undone, schedule)
    return merge_question(ours, theirs, schedule, undone)


def without_undone(
    record: QuestionRecord, undone: Collection[datetime], schedule: ScheduleCard
) -> QuestionRecord | None:
    """``record`` without the answers given at the times ``undone`` (itself, if it holds
    none of them; None if no answer is left). What cannot be recomputed exactly is
    named in this module's docstring.
    """
    log = record.log.reviews if undone else ()
    gone = {review.t for review in log if review.t in undone}
    if record.last_answered in undone:
        gone.add(record.last_answered)
    if not gone:
        return record
    attempts = record.attempts - len(gone)
    if attempts <= 0:
        return None
    kept = [review for review in log if review.t not in undone]
    card, kept = _replay(kept, (record,), schedule)
    record = replace(
        record,
        attempts=attempts,
        best_score=_best_left(record, log, undone),
        card=card,
        log=record.log.with_reviews(kept),
    )
    if record.last_answered not in undone or not kept:
        return record
    latest = kept[-1]
    verdict = Outcome.for_score(latest.score).value
    return replace(
        record,
        last_score=latest.score,
        last_verdict=verdict,
        last_answered=latest.t,
        last_answer="",
    )


def _best_left(
    record: QuestionRecord, log: Sequence[Review], undone: Collection[datetime]
) -> float:
    """The best score once the reviews of ``log`` at the times ``undone`` are taken back:
    the record's, unless one taken back reached it; then the best of those left."""
    taken = [review.score for review in log if review.t in undone]
    if not taken or max(taken) < record.best_score:
        return record.best_score
    return max((review.score for review in log if review.t not in undone), default=0.0)


def merge_question(
    ours: QuestionRecord,
    theirs: QuestionRecord,
    schedule: ScheduleCard,
    undone: Collection[datetime] = (),
) -> QuestionRecord | None:
    """One record holding both versions' answers and reviews, the card replayed over them,
    less the answers given at the times ``undone`` (None: no answer is left).
    If each holds all of the other (a regrade is the only difference), ``theirs`` wins:
    replaying a journal, theirs is the later save; but a version that held an answer
    taken back loses to one that never did.
    """
    ours_left = without_undone(ours, undone, schedule)
    theirs_left = without_undone(theirs, undone, schedule)
    if ours_left is None or theirs_left is None:
        return theirs_left if ours_left is None else ours_left
    ours_first = theirs_left is not theirs and ours_left is ours  # theirs held one undone
    order = [(theirs_left, ours_left), (ours_left, theirs_left)]
    if ours_first:
        order.reverse()
    ours_last = ours_left is not ours and theirs_left is theirs  # ours held one undone
    ours, theirs = ours_left, theirs_left
    for newer, older in order:
        if _holds(newer, older):
            return newer
    by_time = {review.t: review for review in ours.log}
    for review in theirs.log:
        mine = by_time.get(review.t)
        by_time[review.t] = review if mine is None else _same_review(mine, review)
    reviews = sorted(by_time.values(), key=lambda review: review.t)
    card, reviews = _replay(reviews, (ours, theirs), schedule)
    only_theirs = sum(review.t not in {r.t for r in ours.log} for review in theirs.log)
    only_ours = sum(review.t not in {r.t for r in theirs.log} for review in ours.log)
    tie = ours.last_answered == theirs.last_answered  # the untouched one knows the answer
    later = ours if ours.last_answered > theirs.last_answered or (tie and not ours_last) else theirs
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
