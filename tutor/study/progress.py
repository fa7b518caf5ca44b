"""The progress store: a learner's progress in one TOML file, which must never be lost.

The file (``progress.toml`` in the user data folder) is read once at start.
Each change is applied in memory and also kept in a list of unsaved changes.
:meth:`ProgressStore.save` then, holding a lock that other tutor sessions
respect, re-reads the file if another session wrote it since, replays the
unsaved changes on top, and replaces the file atomically. So two sessions
(two SSH logins, say) keep both their answers, and a kill at any instant
leaves a whole file behind.

A file this tutor cannot read is never overwritten: a corrupt one is moved
aside (``progress.corrupt-<UTC time>.toml``) and study starts afresh; one
from a newer tutor is left alone and nothing is saved. Either way
:attr:`ProgressStore.notice` says what happened, for the UI or CLI to show;
the store prints nothing itself. Damaged records are skipped (and reported)
but kept in the file as they were.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterable, Iterator
from contextlib import ExitStack, contextmanager, suppress
from datetime import datetime
from pathlib import Path

import platformdirs

from tutor.clock import SYSTEM_CLOCK, Clock
from tutor.files import (
    Signature,
    Snapshot,
    move_aside,
    read_snapshot,
    remove_stale_temps,
    signature,
    stamped_name,
    write_atomically,
)
from tutor.study.changes import (
    Change,
    CourseOpened,
    QuestionAnswered,
    QuestionRegraded,
    QuestionReviewed,
    ReviewRerated,
    TopicRead,
    TopicSelected,
)
from tutor.study.document import LineCache, Loaded, NewerSchema, Unreadable, load, render
from tutor.study.fields import clean_text, utc
from tutor.study.lock import exclusive_lock
from tutor.study.records import (
    CourseProgress,
    Progress,
    QuestionRecord,
    TopicRecord,
    check_rating,
    check_score,
    check_seconds,
    check_verdict,
)
from tutor.study.schedule import DEFAULT_RETENTION, Scheduler

__all__ = [
    "CourseProgress",
    "ProgressError",
    "ProgressStore",
    "QuestionRecord",
    "TopicRecord",
    "default_progress_path",
]


def default_progress_path() -> Path:
    """``progress.toml`` in the user data folder (``$XDG_DATA_HOME/tutor`` on Linux)."""
    return Path(platformdirs.user_data_dir("tutor")) / "progress.toml"


class ProgressError(Exception):
    """Progress could not be saved; the message is one sentence naming the file."""


class ProgressStore:
    """A learner's progress, read from and saved to one file. Open it with :meth:`open`."""

    def __init__(self, path: Path, scheduler: Scheduler, clock: Clock = SYSTEM_CLOCK) -> None:
        self.path = path
        self._scheduler = scheduler
        self.clock = clock
        self.notice: str | None = None
        self._progress = Progress()
        self._lines = LineCache()
        self._unsaved: list[Change] = []
        self._signature: Signature | None = None  # of the file as last read or written
        self._read_only = False

    @classmethod
    def open(
        cls,
        path: str | os.PathLike[str] | None = None,
        *,
        desired_retention: float = DEFAULT_RETENTION,
        clock: Clock = SYSTEM_CLOCK,
    ) -> ProgressStore:
        """Read the progress file (default: :func:`default_progress_path`); cards will be
        scheduled for ``desired_retention`` (the config's ``[review]`` setting), and
        changes made without an explicit time happen at ``clock``'s now.

        Never raises for a bad or unreadable file: see :attr:`notice`.
        """
        path = Path(path) if path is not None else default_progress_path()
        store = cls(path, Scheduler(desired_retention), clock)
        remove_stale_temps(store.path)
        with store._lock_if_possible():
            store._load()
        return store

    @property
    def last_course(self) -> str | None:
        """The path of the course opened last, for ``tutor`` with no argument."""
        return self._progress.last_course

    @property
    def unsaved(self) -> int:
        """How many changes (answers, ratings, topics read) are not saved yet."""
        return len(self._unsaved) if not self._read_only else 0

    @property
    def read_only(self) -> bool:
        """True when the file must not be written this session (see :attr:`notice`)."""
        return self._read_only

    def course(self, course_id: str) -> CourseProgress:
        """The course's progress, empty if there is none yet.

        Read it, don't change it: changes go through the methods below so that
        :meth:`save` can merge them. A save may merge in another session's
        answers and replace these objects, so ask again rather than keep one.
        """
        course = self._progress.courses.get(course_id)
        return CourseProgress() if course is None else course

    def open_course(self, course_id: str, path: str | os.PathLike[str]) -> None:
        """Remember that the course at ``path`` is being studied (and so the last one)."""
        self._change(CourseOpened(clean_text(course_id), clean_text(os.fspath(path))))

    def mark_read(self, course_id: str, topic_id: str, when: datetime | None = None) -> None:
        """Remember that the topic was read (now, or at ``when``, which needs a time zone)."""
        self._change(TopicRead(clean_text(course_id), clean_text(topic_id), self._moment(when)))

    def set_last_topic(self, course_id: str, topic_id: str) -> None:
        """Remember the topic to come back to when the course is opened again."""
        self._change(TopicSelected(clean_text(course_id), clean_text(topic_id)))

    def record_answer(
        self,
        course_id: str,
        question_id: str,
        score: float,
        verdict: str,
        answer: str,
        when: datetime | None = None,
    ) -> QuestionRecord:
        """Record an answer graded ``score`` (0 to 1) and ``verdict`` (correct, partial
        or wrong), without scheduling the question's card (:meth:`review` does both);
        returns the question's record. Raises ValueError for a bad score, verdict or
        zone-less ``when``.
        """
        change = QuestionAnswered(
            clean_text(course_id),
            clean_text(question_id),
            check_score(score),
            check_verdict(verdict),
            clean_text(answer),
            self._moment(when),
        )
        self._change(change)
        return self._progress.courses[change.course_id].questions[change.question_id]

    def review(
        self,
        course_id: str,
        question_id: str,
        rating: int,
        score: float,
        verdict: str,
        answer: str,
        seconds: float | None,
        when: datetime | None = None,
    ) -> QuestionRecord:
        """Record an answer, as :meth:`record_answer`, and review the question's card
        with ``rating`` (1-4; see :func:`~tutor.study.schedule.suggest_rating`) at
        ``when`` (default now): FSRS schedules its next review and the card's log
        keeps this one, with ``seconds`` taken to answer (None if unknown). Returns
        the record; its ``card.due`` says when the question comes back. Raises
        ValueError for a bad rating, score, verdict, seconds or zone-less ``when``.
        """
        change = QuestionReviewed(
            clean_text(course_id),
            clean_text(question_id),
            check_score(score),
            check_verdict(verdict),
            clean_text(answer),
            self._moment(when),
            check_rating(rating),
            check_seconds(seconds),
            self._scheduler,
        )
        self._change(change)
        return self._progress.courses[change.course_id].questions[change.question_id]

    def rerate(
        self, course_id: str, question_id: str, rating: int, answered: datetime
    ) -> QuestionRecord | None:
        """Replace the rating of the review made at ``answered`` (the record's
        ``last_answered`` after :meth:`review`) with the learner's ``rating``: the card
        is scheduled again from its state before that review, so the review is
        replaced, not repeated. A later model grade no longer changes this rating.
        Returns the record, or None if the question has none (unchanged if it has no
        review at ``answered``).
        """
        change = ReviewRerated(
            clean_text(course_id),
            clean_text(question_id),
            check_rating(rating),
            utc(answered),
            self._scheduler,
        )
        self._change(change)
        return self._question(change.course_id, change.question_id)

    def regrade_answer(
        self,
        course_id: str,
        question_id: str,
        score: float,
        verdict: str,
        answered: datetime,
        best_before: float,
        rating: int | None = None,
        overruled: bool = False,
    ) -> QuestionRecord | None:
        """Replace the grade of the answer recorded at ``answered`` (a second grader's
        verdict on the same attempt, or the learner's when ``overruled``: ``attempts``
        does not grow). ``best_before`` is the question's best score before that
        attempt. If the answer was a review, its log entry takes the new score (and
        keeps ``overruled = true`` for an overruling) and, unless the learner re-rated
        it, ``rating`` (what the new grade suggests), rescheduling the card as
        :meth:`rerate` does. Returns the record, or None if the question has none.
        """
        change = QuestionRegraded(
            clean_text(course_id),
            clean_text(question_id),
            check_score(score),
            check_verdict(verdict),
            utc(answered),
            check_score(best_before),
            None if rating is None else check_rating(rating),
            self._scheduler,
            overruled,
        )
        self._change(change)
        return self._question(change.course_id, change.question_id)

    def save(self) -> None:
        """Write the changes made since the last save, merged with what other sessions saved.

        Does nothing if there are no changes or the file must not be written
        (:attr:`read_only`). Raises ProgressError if the file cannot be written;
        the changes are kept, and a later save that succeeds writes them too.
        """
        if self._read_only or not self._unsaved:
            return
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            with exclusive_lock(self._lock_path):
                self._catch_up()
                text = render(self._progress, self._lines)
                self._signature = write_atomically(self.path, text.encode("utf-8"))
        except OSError as error:
            raise ProgressError(
                f"Could not save progress to {self.path}: {_reason(error, self.path)}."
            ) from error
        self._unsaved.clear()

    def rescue(self, folders: Iterable[Path] = ()) -> Path:
        """Write all progress, unsaved changes included, to a new file when :meth:`save`
        cannot write the progress file (a full disk, a folder made read-only).

        The file is ``progress.unsaved-<UTC time>.toml`` in the first of the progress
        file's folder, ``folders`` and the system's temporary folder that takes it;
        it holds everything the progress file held as well, so it can replace it.
        Raises ProgressError, naming the last reason, if no folder takes it.
        """
        data = render(self._progress, self._lines).encode("utf-8")
        name = stamped_name(self.path, "unsaved", self._now())
        reason = "no folder to write to"
        for folder in (self.path.parent, *folders, Path(tempfile.gettempdir())):
            target = folder / name
            try:
                with open(target, "xb") as rescued:
                    rescued.write(data)
                    rescued.flush()
                    os.fsync(rescued.fileno())
            except FileExistsError:
                continue  # another session's rescue of the same second
            except OSError as error:  # a part written to a full disk is no use
                with suppress(OSError):
                    target.unlink()
                reason = f"{target}: {_reason(error, target)}"
                continue
            return target
        raise ProgressError(f"Could not write unsaved progress anywhere ({reason}).")

    # -- inside ---------------------------------------------------------------

    @property
    def _lock_path(self) -> Path:
        return self.path.with_name(self.path.name + ".lock")

    def _now(self) -> datetime:
        """The clock's now in UTC, to the second (enough for study history, and readable)."""
        return utc(self.clock.now()).replace(microsecond=0)

    def _moment(self, when: datetime | None) -> datetime:
        return self._now() if when is None else utc(when)

    def _change(self, change: Change) -> None:
        change.apply(self._progress)
        self._unsaved.append(change)

    def _question(self, course_id: str, question_id: str) -> QuestionRecord | None:
        course = self._progress.courses.get(course_id)
        return course.questions.get(question_id) if course else None

    @contextmanager
    def _lock_if_possible(self) -> Iterator[None]:
        """The save lock, if it can be had: without a folder, or with a read-only
        one, there is nothing another session could be writing or we could move.
        """
        with ExitStack() as stack:
            with suppress(OSError):
                stack.enter_context(exclusive_lock(self._lock_path))
            yield

    def _load(self) -> None:
        try:
            snapshot = read_snapshot(self.path)
        except OSError as error:
            self._stop_saving(
                f"progress file {self.path} could not be read ({_reason(error, self.path)})"
            )
            return
        if snapshot is None:
            return
        loaded = self._usable(snapshot, after_move="started afresh")
        if loaded is None:
            return
        self._take(loaded, snapshot.signature)
        if loaded.damaged:
            count = len(loaded.damaged)
            self.notice = (
                f"progress file {self.path}: skipped {count} damaged record{'s' * (count > 1)},"
                f" kept in the file as they are (first: {loaded.damaged[0]})"
            )

    def _catch_up(self) -> None:
        """Bring in what other sessions saved since our last read or write, then replay
        our unsaved changes on it. A file removed meanwhile counts as empty.
        """
        if signature(self.path) == self._signature:
            return
        snapshot = read_snapshot(self.path)
        if snapshot is None:
            loaded: Loaded | None = Loaded()
        else:
            loaded = self._usable(snapshot, after_move="saved this session's progress")
        if self._read_only:
            raise ProgressError(self.notice)
        if loaded is None:
            return  # the file was moved aside; what we hold is the best there is
        for change in self._unsaved:
            change.apply(loaded.progress)
        self._take(loaded, None if snapshot is None else snapshot.signature)

    def _usable(self, snapshot: Snapshot, after_move: str) -> Loaded | None:
        """The file's progress, or None (with a notice) if the file cannot be used."""
        try:
            return load(snapshot.data)
        except NewerSchema as newer:
            self._stop_saving(f"progress file {self.path} was written by a newer tutor ({newer})")
        except Unreadable as unreadable:
            try:
                aside = move_aside(self.path, "corrupt", self._now())
            except OSError as error:
                self._stop_saving(
                    f"progress file {self.path} is unreadable ({unreadable}) and could not be"
                    f" moved aside ({_reason(error, self.path)})"
                )
            else:
                self._signature = None
                self.notice = (
                    f"progress file {self.path} was unreadable ({unreadable});"
                    f" moved it to {aside} and {after_move}"
                )
        return None

    def _stop_saving(self, problem: str) -> None:
        self._read_only = True
        self.notice = f"{problem}; progress will not be saved this session"

    def _take(self, loaded: Loaded, disk: Signature | None) -> None:
        self._progress, self._lines, self._signature = loaded.progress, loaded.lines, disk


def _reason(error: OSError, path: Path) -> str:
    """What went wrong, naming the file involved if not ``path``: ``Permission denied: /x``."""
    if error.strerror is None:
        return str(error)
    if error.filename is None or Path(os.fsdecode(error.filename)) == path:
        return error.strerror
    return f"{error.strerror}: {os.fsdecode(error.filename)}"
