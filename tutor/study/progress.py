"""The progress store: a learner's progress in TOML files, which must never be lost.

The progress file (``progress.toml`` in the user data folder) and its journal
(``progress.journal.toml``, the records saved since the file was last
rewritten: see :mod:`tutor.study.journal`) are read once at start. Each change
is applied in memory and also kept in a list of unsaved changes.
:meth:`ProgressStore.save` then, holding a lock that other tutor sessions
respect, re-reads both if another session wrote them since, replays the
unsaved changes on top, and appends the records they changed to the journal:
a save costs what the answer changed, not the whole history. When the journal
has grown, the save rewrites the progress file atomically instead, the
journal folded in. So two sessions (two SSH logins, say) keep both their
answers, and a kill at any instant leaves whole files behind.

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
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

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
    AnswerTakenBack,
    Change,
    CourseOpened,
    ProgressMerged,
    QuestionAnswered,
    QuestionRegraded,
    QuestionReviewed,
    ReviewRerated,
    TopicRead,
    TopicSelected,
)
from tutor.study.conflicts import conflict_copies
from tutor.study.journal import (
    COMPACT_AT,
    Journal,
    append,
    journal_path,
    looks_like_journal,
    read_journal,
    replay,
    save_text,
)
from tutor.study.lock import exclusive_lock
from tutor.study.merge import MergeCount, merge_progress
from tutor.study.progress_format import LineCache, Loaded, NewerSchema, Unreadable, load, render
from tutor.study.record_layout import clean_text, utc
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
from tutor.tomltext import TomlError
from tutor.wording import count

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
        self._displaced: dict[tuple[str, str], Any] = {}
        """A damaged record an answer replaced, by course and question: taking the answer
        back puts it back, as nothing a learner stored may be lost."""
        self._must_rewrite = False  # the next save writes the file whole
        self._signature: Signature | None = None  # of the file as last read or written
        self._journal_path = journal_path(path)
        self._journal = _JournalState()
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
            if not store._read_only:
                store._merge_conflict_copies()
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
        course_id, question_id = clean_text(course_id), clean_text(question_id)
        self._keep_displaced(course_id, question_id)
        change = QuestionAnswered(
            course_id,
            question_id,
            check_score(score),
            check_verdict(verdict),
            clean_text(answer),
            self._answer_moment(course_id, question_id, when),
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
        course_id, question_id = clean_text(course_id), clean_text(question_id)
        self._keep_displaced(course_id, question_id)
        change = QuestionReviewed(
            course_id,
            question_id,
            check_score(score),
            check_verdict(verdict),
            clean_text(answer),
            self._answer_moment(course_id, question_id, when),
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

    def take_back(
        self,
        course_id: str,
        question_id: str,
        answered: datetime,
        previous: QuestionRecord | None,
    ) -> QuestionRecord | None:
        """Take back the answer recorded at ``answered`` (the learner pressed ``u``): the
        question's record becomes ``previous``, its record before that answer (None: it
        had none, and has none again). The answer's time stays in the file as a
        tombstone (``undone``), so that merging a journal or another copy that still
        holds the answer leaves it out (see :mod:`tutor.study.merge`). A damaged record
        the answer replaced comes back as it was, and the next save writes the file
        whole, as the journal holds only records tutor can read. Returns the record.
        """
        course_id, question_id = clean_text(course_id), clean_text(question_id)
        displaced = self._displaced.pop((course_id, question_id), None)
        damaged = displaced if previous is None else None
        change = AnswerTakenBack(
            course_id, question_id, utc(answered), previous, self._scheduler, damaged
        )
        self._change(change)
        self._must_rewrite |= damaged is not None
        return self._question(change.course_id, change.question_id)

    def save(self) -> None:
        """Write the changes made since the last save, merged with what other sessions saved.

        Does nothing if there are no changes or the file must not be written
        (:attr:`read_only`). Raises ProgressError if the file cannot be written;
        the changes are kept, and a later save that succeeds writes them too.
        """
        if not self._read_only and self._unsaved:
            self._write(whole=self._must_rewrite)

    def fold(self) -> None:
        """Save as :meth:`save` does, and rewrite the progress file whole, the journal
        folded in, so that the file alone holds everything (``tutor merge`` does this;
        saves do it now and then by themselves).
        """
        if not self._read_only:
            self._write(whole=True)

    def merge(self, other: str | os.PathLike[str]) -> MergeCount:
        """Merge the progress saved in ``other`` (a copy of a progress file or of a journal,
        from another machine) into this one, as ``tutor merge`` does, and rewrite the
        progress file whole; ``other`` is left as it is. Every review is kept once, and
        each card is replayed in time order (see :mod:`tutor.study.merge`). Returns what
        it brought in. Raises ProgressError, naming the file (and line), if ``other``
        cannot be read or this progress cannot be written.
        """
        if self._read_only:
            raise ProgressError(f"Could not merge into {self.path}: {self.notice}.")
        count = self._merge_in(_read_other(Path(other), self._scheduler))
        self.fold()
        return count

    def _merge_in(self, theirs: Progress) -> MergeCount:
        change = ProgressMerged(theirs, self._scheduler)
        count = merge_progress(self._progress, theirs, self._scheduler)
        self._unsaved.append(change)  # applied just now; kept to replay on a catch-up
        return count

    def _merge_conflict_copies(self) -> None:
        """Merge the conflict copies a sync tool left beside the progress file and its
        journal, write the progress file whole, then move each copy aside (never delete it).
        One that cannot be read is left where it is, and named.
        """
        merged: list[tuple[Path, MergeCount]] = []
        for copy in conflict_copies(self.path) + conflict_copies(self._journal_path):
            try:
                merged.append((copy, self._merge_in(_read_other(copy, self._scheduler))))
            except ProgressError as error:
                self._tell(f"{error} It is a sync tool's conflict copy: left as it is")
        if not merged:
            return
        try:
            self._rewrite()
        except OSError:
            return  # saved with the next save; the copies stay until then, and merge again
        self._unsaved.clear()
        for copy, what in merged:
            try:
                aside = move_aside(copy, "merged", self._now())
            except OSError:
                continue  # merged again at the next start, which changes nothing
            self._tell(f"merged the sync conflict copy {copy} ({what}); moved it to {aside}")

    def _write(self, whole: bool) -> None:
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            with exclusive_lock(self._lock_path):
                self._catch_up()
                if whole or self._signature is None or self._journal.needs_folding:
                    self._rewrite()
                else:
                    self._append()
        except OSError as error:
            raise ProgressError(
                f"Could not save progress to {self.path}: {_reason(error, self.path)}."
            ) from error
        self._unsaved.clear()
        self._must_rewrite = False

    def rescue(self, folders: Iterable[Path] = ()) -> Path:
        """Write all progress, unsaved changes included, to a new file when :meth:`save`
        cannot write the progress file (a full disk, a folder made read-only).

        The file is ``progress.unsaved-<UTC time>.toml`` in the first of the progress
        file's folder, ``folders`` and the system's temporary folder that takes it;
        it holds everything the progress file held as well, so it can replace it.
        Only the learner may read it (mode 0600): it holds their answers, and the
        temporary folder is everyone's. Raises ProgressError, naming the last reason,
        if no folder takes it.
        """
        data = render(self._progress, self._lines).encode("utf-8")
        name = stamped_name(self.path, "unsaved", self._now())
        reason = "no folder to write to"
        for folder in (self.path.parent, *folders, Path(tempfile.gettempdir())):
            target = folder / name
            try:
                fd = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
                with os.fdopen(fd, "wb") as rescued:
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

    def _keep_displaced(self, course_id: str, question_id: str) -> None:
        """Remember the damaged record (a hand edit tutor could not read) that an answer to
        the question is about to replace, for :meth:`take_back`."""
        course = self._progress.courses.get(course_id)
        damaged = course.damaged_questions.get(question_id) if course is not None else None
        if damaged is not None:
            self._displaced[(course_id, question_id)] = damaged

    def _answer_moment(self, course_id: str, question_id: str, when: datetime | None) -> datetime:
        """When an answer is recorded: ``when`` (default now), or a second or so later if
        an answer to the question at that very time was taken back (a quick answer
        again, within the second): the tombstone would take the new answer out too.
        """
        moment = self._moment(when)
        undone = self.course(course_id).undone.get(question_id, ())
        while moment in undone:
            moment += timedelta(seconds=1)
        return moment

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
            journal = read_snapshot(self._journal_path)
        except OSError as error:
            path = Path(os.fsdecode(error.filename)) if error.filename else self.path
            self._stop_saving(f"progress file {path} could not be read ({_reason(error, path)})")
            return
        if snapshot is None:
            self._take(Loaded(), None)
            self._set_orphan_aside(journal)
            return
        loaded = self._usable(snapshot, "started afresh")
        if self._read_only:
            return
        if loaded is None:  # the file went aside; the records its journal holds are still good
            self._take(Loaded(), None)
        else:
            self._take(loaded, snapshot.signature)
        self._replay_journal(journal)
        if loaded is None:
            return
        damaged = [damage for damage in loaded.damaged if damage.still_in(self._progress)]
        if damaged:
            self._tell(
                f"progress file {self.path}: skipped {count(len(damaged), 'damaged record')},"
                f" kept in the file as they are (first: {damaged[0]})"
            )
        if self._journal.needs_folding:
            try:
                self._rewrite()
            except OSError as error:  # a read-only folder: read, and kept as it is
                if self._journal.problem is not None:
                    reason = _reason(error, self.path)
                    self._tell(f"{self._journal_problem()}; read the rest ({reason})")

    def _catch_up(self) -> None:
        """Bring in what other sessions saved since our last read or write, then replay
        our unsaved changes on it. A file removed meanwhile counts as empty.
        """
        journal_signature = signature(self._journal_path)
        if signature(self.path) == self._signature and journal_signature == self._journal.signature:
            return
        snapshot = read_snapshot(self.path)
        journal = read_snapshot(self._journal_path)
        if snapshot is None:  # removed: what comes after is all there is
            self._take(Loaded(), None)
            self._set_orphan_aside(journal)
            for change in self._unsaved:
                change.apply(self._progress)
            return
        loaded = self._usable(snapshot, after_move="saved this session's progress")
        if self._read_only:
            raise ProgressError(self.notice)
        if loaded is None:  # the file went aside: rewrite it whole, from what we hold
            if journal is not None and journal.signature != self._journal.signature:
                self._journal = _JournalState(journal.signature, len(journal.data))
                self._journal.problem = TomlError("saved while the progress file was unreadable")
            return
        self._take(loaded, snapshot.signature)
        self._replay_journal(journal)
        for change in self._unsaved:
            change.apply(self._progress)

    def _set_orphan_aside(self, journal: Snapshot | None) -> None:
        """A journal without its progress file (removed by the learner) is not read: it
        goes aside at once, or with the next rewrite if the folder is read-only now.
        """
        self._journal = _JournalState()
        if journal is None:
            return
        try:
            aside = move_aside(self._journal_path, "orphan", self._now())
        except OSError:
            self._journal = _JournalState(journal.signature, len(journal.data))
            self._journal.problem = TomlError("a journal without its progress file")
            return
        self._tell(
            f"progress journal {self._journal_path} had no progress file beside it; moved it to"
            f" {aside} (tutor merge {aside} takes its records back in)"
        )

    def _replay_journal(self, journal: Snapshot | None) -> None:
        """Replay the saves of the journal read as ``journal`` on the progress held."""
        if journal is None:
            self._journal = _JournalState()
            return
        read = _read_journal(journal.data)
        self._journal = _JournalState(
            journal.signature, len(journal.data), read.next_number, read.problem
        )
        for save in read.saves:
            replay(self._progress, save.progress, self._scheduler)

    def _append(self) -> None:
        """Add the records the unsaved changes touched to the journal."""
        text = save_text(
            self._journal.next_number,
            self._progress,
            (touched for change in self._unsaved for touched in change.touched),
        )
        self._journal.signature = append(self._journal_path, text)
        self._journal.size = self._journal.signature[2]
        self._journal.next_number += 1

    def _rewrite(self) -> None:
        """Write the progress file whole, the journal folded in, and take the journal
        away (aside, if part of it could not be read). A kill between the two leaves a
        journal whose saves the file holds already: reading it again changes nothing.
        """
        text = render(self._progress, self._lines)
        self._signature = write_atomically(self.path, text.encode("utf-8"))
        if self._journal.signature is not None:
            if self._journal.problem is not None:
                aside = move_aside(self._journal_path, "corrupt", self._now())
                self._tell(f"{self._journal_problem()}; moved it to {aside}")
            else:
                self._journal_path.unlink(missing_ok=True)
        self._journal = _JournalState()

    def _journal_problem(self) -> str:
        problem = self._journal.problem
        assert problem is not None
        return f"progress journal {problem.at(self._journal_path)}"

    def _tell(self, notice: str) -> None:
        self.notice = notice if self.notice is None else f"{self.notice}; {notice}"

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


@dataclass
class _JournalState:
    """The journal as last read or written: its signature (None: no journal) and size,
    the number its next save takes, and what could not be read of it.
    """

    signature: Signature | None = None
    size: int = 0
    next_number: int = 1
    problem: TomlError | None = None

    @property
    def needs_folding(self) -> bool:
        """Whether the next save should rewrite the progress file instead of appending."""
        return self.problem is not None or self.size >= COMPACT_AT


def _read_other(path: Path, scheduler: Scheduler) -> Progress:
    """The progress in another copy of a progress file (with its journal, if one is beside
    it) or of a journal; raises ProgressError naming the file (and line) that cannot be
    read. What can be read of a journal with a damaged part is taken; the file itself is
    kept, so the rest can be mended by hand.
    """
    data = _read_bytes(path)
    if looks_like_journal(data):
        return _journal_progress(Progress(), path, data, scheduler)
    try:
        progress = load(data).progress
    except Unreadable as unreadable:
        raise ProgressError(f"Could not read {path}: {unreadable}.") from None
    except NewerSchema as newer:
        raise ProgressError(f"Could not read {path}: written by a newer tutor ({newer}).") from None
    journal = journal_path(path)
    if journal.exists():
        _journal_progress(progress, journal, _read_bytes(journal), scheduler)
    return progress


def _read_bytes(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except OSError as error:
        raise ProgressError(f"Could not read {path}: {_reason(error, path)}.") from error


def _journal_progress(
    progress: Progress, path: Path, data: bytes, scheduler: Scheduler
) -> Progress:
    """``progress`` with the saves of the journal ``data`` (read from ``path``) replayed."""
    journal = _read_journal(data)
    if journal.problem is not None and not journal.saves:
        raise ProgressError(f"Could not read {journal.problem.at(path)}.")
    for save in journal.saves:
        replay(progress, save.progress, scheduler)
    return progress


def _read_journal(data: bytes) -> Journal:
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        return Journal(problem=TomlError(f"not UTF-8 text: byte 0x{data[error.start]:02x}"))
    return read_journal(text)


def _reason(error: OSError, path: Path) -> str:
    """What went wrong, naming the file involved if not ``path``: ``Permission denied: /x``."""
    if error.strerror is None:
        return str(error)
    if error.filename is None or Path(os.fsdecode(error.filename)) == path:
        return error.strerror
    return f"{error.strerror}: {os.fsdecode(error.filename)}"
