"""One attempt at a question, from the answer to its last grade and rating.

An attempt is where study happens: the answer is graded on this machine at
once, the grade suggests an FSRS rating, the answer is recorded (and saved,
so waiting for a model never puts it at risk), and later a model's verdict
may replace the grade and the learner's own rating may replace the
suggested one; or the learner takes the answer back (``u``), and the
question is asked again as if it never had been. Quizzes and reviews go
through the same steps; the screen
only shows :attr:`Attempt.graded` after each one and routes keys here.

No Textual: every step is a plain method call, so the whole flow is unit
tested without running the app.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import datetime
from typing import Protocol

from tutor.course import FreeText, Question, Recall
from tutor.grading import OFFLINE, RULES, Answer, Outcome, Verdict, grade
from tutor.llm import GraderStatus
from tutor.study.progress import ProgressStore
from tutor.study.records import QuestionRecord
from tutor.study.schedule import suggest_rating

STOPPED = "you stopped the model"
"""The reason shown when the learner stops waiting for a model's verdict."""

LOOKING = "still looking for Ollama"
"""The reason shown when free text is answered before the model check is done."""


class Scored(Protocol):
    """What an attempt tells the session it belongs to (a quiz or a review)."""

    current: Question | None

    def record(self, score: float) -> None:
        """The current question's score in this session: the latest grade counts."""
        ...

    def take_back(self) -> None:
        """Forget the current question's score: its answer was taken back."""
        ...


def answer_as_text(answer: Answer) -> str:
    """How an answer is written to the progress file and shown again later."""
    match answer:
        case bool():
            return "true" if answer else "false"
        case str():
            return answer
        case frozenset():
            return " | ".join(sorted(answer))
        case _:
            return " | ".join(answer)


@dataclass(frozen=True, slots=True)
class Graded:
    """An answer as recorded: its verdict and rating, which a model or the learner may change."""

    question: Question
    answer: Answer
    verdict: Verdict
    rating: int  # 1 Again, 2 Hard, 3 Good, 4 Easy
    seconds: float  # how long the answer took
    answered: datetime  # identifies the attempt in the progress file
    best_before: float  # the question's best score before this attempt
    due: datetime | None  # when the card comes back, after this rating
    rated_by_learner: bool = False
    helped: bool = False  # the hint or the lesson was shown before the answer
    overruled: Verdict | None = None  # the grader's verdict, once the learner overruled it
    previous: QuestionRecord | None = None  # the question's record before this answer

    @property
    def can_overrule_to(self) -> Outcome | None:
        """The outcome "I was right" / "I was wrong" would give, if the learner may
        overrule this verdict (not a recall card's: its grade is the learner's own).
        """
        if isinstance(self.question, Recall):
            return None
        right = self.verdict.outcome is not Outcome.CORRECT
        return Outcome.CORRECT if right else Outcome.WRONG


class Attempt:
    """An answered question whose grade and rating may still change.

    Made by :meth:`submit`. ``save`` is called after every change that reaches
    the store; it reports a failed save itself (the store keeps the change and
    writes it with the next save that works), so no step here raises for it.
    """

    def __init__(
        self,
        store: ProgressStore,
        course_id: str,
        session: Scored,
        graded: Graded,
        save: Callable[[], None],
        asks_model: bool,
    ) -> None:
        self._store = store
        self._course_id = course_id
        self._session = session
        self._save = save
        self.graded = graded
        self.asks_model = asks_model
        """Whether a model is to grade this answer too (free text, with a model ready)."""

    @classmethod
    def submit(
        cls,
        store: ProgressStore,
        course_id: str,
        session: Scored,
        answer: Answer,
        seconds: float,
        model: GraderStatus | None,
        llm_enabled: bool,
        save: Callable[[], None],
        helped: bool = False,
    ) -> Attempt:
        """Grade ``answer`` to the session's current question offline, record it as a
        review rated by the grade, and save. ``model`` is what the last check found
        (None: not checked yet); with ``llm_enabled`` and no model ready, a free-text
        verdict says why the offline grader decided. ``helped``: the learner saw the
        hint or the lesson first, so a right answer suggests Hard, not Good.
        """
        question = _current(session)
        if isinstance(question, Recall):
            raise TypeError("a recall card is rated by the learner: use Attempt.recalled")
        verdict = grade(question, answer)
        free_text = isinstance(question, FreeText)
        asks_model = free_text and model is not None and model.ready
        if free_text and llm_enabled and not asks_model:
            verdict = replace(verdict, reason=model.reason if model else LOOKING)
        rating = suggest_rating(verdict.outcome.value, helped)
        graded = _record(store, course_id, session, question, answer, verdict, rating, seconds)
        save()
        return cls(store, course_id, session, replace(graded, helped=helped), save, asks_model)

    @classmethod
    def recalled(
        cls,
        store: ProgressStore,
        course_id: str,
        session: Scored,
        notes: str,
        seconds: float,
        rating: int,
        save: Callable[[], None],
    ) -> Attempt:
        """The learner recalled the current recall card, saw its section and rated
        themselves: record that rating (with any ``notes`` they typed) and save.
        """
        question = _current(session)
        if not isinstance(question, Recall):
            raise TypeError(f"a {question.label} question is graded: use Attempt.submit")
        verdict = self_rated(rating)
        graded = _record(store, course_id, session, question, notes, verdict, rating, seconds)
        save()
        return cls(store, course_id, session, replace(graded, rated_by_learner=True), save, False)

    @property
    def question(self) -> Question:
        return self.graded.question

    def rate(self, rating: int) -> None:
        """The learner's own rating (1-4) replaces the one the grade suggested.

        On a recall card the rating is the grade, so the score follows it.
        """
        graded = self.graded
        record = self._store.rerate(self._course_id, self.question.id, rating, graded.answered)
        if isinstance(self.question, Recall):
            verdict = self_rated(rating)
            record = self._regrade(verdict, rating)
            self._session.record(verdict.score)
            graded = replace(graded, verdict=verdict)
        self._save()
        due = _due(record, graded)
        self.graded = replace(graded, rating=rating, rated_by_learner=True, due=due)

    def overrule(self) -> None:
        """The learner overrules the grader, the Anki way: "I was right" makes a verdict
        that was not correct correct (score 1), "I was wrong" makes a correct one wrong
        (score 0). The store, the session and the suggested rating follow, the log
        keeps the review marked as overruled, and no later grade (a model's) undoes it.
        Pressed again, it overrules back.
        """
        graded = self.graded
        outcome = graded.can_overrule_to
        if outcome is None:
            raise TypeError("a recall card is graded by the learner's own rating")
        previous = graded.overruled or graded.verdict
        verdict = replace(
            previous,
            score=1.0 if outcome is Outcome.CORRECT else 0.0,
            outcome=outcome,
            feedback="",  # the grader's, about a verdict that no longer stands
            grader=SELF,
            reason=f"{_who(previous.grader)} said {previous.outcome.label}",
        )
        self.asks_model = False
        self._take(verdict, overruled=previous)

    def take_model_verdict(self, verdict: Verdict) -> None:
        """A model's verdict on the answer, or the offline one with why the model did not
        decide. A model's replaces the grade in the store and the session, and the
        rating it suggests replaces the suggested one (never the learner's own).
        After the learner overruled the grader, their verdict stands.
        """
        if self.graded.overruled is not None:
            return
        if verdict.grader == OFFLINE:
            self.graded = replace(
                self.graded, verdict=replace(self.graded.verdict, reason=verdict.reason)
            )
            return
        self._take(verdict)

    def _take(self, verdict: Verdict, overruled: Verdict | None = None) -> None:
        """Make ``verdict`` this answer's grade in the store, the session and
        :attr:`graded`, with the rating it suggests unless the learner chose one
        (``overruled``: the grader's verdict the learner overruled).
        """
        graded = self.graded
        suggested = suggest_rating(verdict.outcome.value, graded.helped)
        record = self._regrade(verdict, suggested, overruled=overruled is not None)
        self._save()  # the store keeps a rating the learner chose
        rating = graded.rating if graded.rated_by_learner else suggested
        self.graded = replace(
            graded, verdict=verdict, rating=rating, due=_due(record, graded), overruled=overruled
        )
        if self._session.current is self.question:
            self._session.record(verdict.score)

    def _regrade(
        self, verdict: Verdict, rating: int, overruled: bool = False
    ) -> QuestionRecord | None:
        """Replace the stored grade of this answer with ``verdict``, rated ``rating``."""
        return self._store.regrade_answer(
            self._course_id,
            self.question.id,
            score=verdict.score,
            verdict=verdict.outcome.value,
            answered=self.graded.answered,
            best_before=self.graded.best_before,
            rating=rating,
            overruled=overruled,
        )

    def undo(self) -> QuestionRecord | None:
        """Take the answer back, the way Anki's undo does: the question's record is again
        exactly what it was before the answer (its rating, a re-rating, an overruling
        and a model's grade go with it), the session forgets the score and asks the
        question again, and the progress is saved. Returns the record (None: the
        question has none again). The attempt is over: nothing more acts on it.
        """
        graded = self.graded
        record = self._store.take_back(
            self._course_id, self.question.id, graded.answered, graded.previous
        )
        if self._session.current is self.question:
            self._session.take_back()
        self.asks_model = False
        self._save()
        return record

    def stop_model(self) -> None:
        """The learner stopped waiting for the model: the offline verdict stands."""
        self.graded = replace(self.graded, verdict=replace(self.graded.verdict, reason=STOPPED))


SELF_RATED_SCORES = {1: 0.0, 2: 0.8, 3: 1.0, 4: 1.0}
"""A recall card's score for each rating: Hard is still recalled (FSRS counts it a pass)."""

SELF = "you"
"""The grader of a recall card: the learner, by their rating."""


def self_rated(rating: int) -> Verdict:
    """The verdict a learner's own rating of a recall card amounts to."""
    score = SELF_RATED_SCORES[rating]
    return Verdict(score, Outcome.for_score(score), "", SELF)


def _who(grader: str) -> str:
    """A grader as the reason for an overruling names it: "the offline grader said …"."""
    return {OFFLINE: "the offline grader", RULES: "the rules"}.get(grader, grader)


def _current(session: Scored) -> Question:
    if session.current is None:
        raise RuntimeError("the session is over; there is no question to answer")
    return session.current


def _record(
    store: ProgressStore,
    course_id: str,
    session: Scored,
    question: Question,
    answer: Answer,
    verdict: Verdict,
    rating: int,
    seconds: float,
) -> Graded:
    """Record ``answer`` as a review rated ``rating`` and score it in the session."""
    previous = store.course(course_id).questions.get(question.id)
    session.record(verdict.score)
    record = store.review(
        course_id,
        question.id,
        rating=rating,
        score=verdict.score,
        verdict=verdict.outcome.value,
        answer=answer_as_text(answer),
        seconds=seconds,
    )
    return Graded(
        question,
        answer,
        verdict,
        rating,
        seconds,
        record.last_answered,
        previous.best_score if previous else 0.0,
        record.card.due if record.card else None,
        previous=previous,
    )


def _due(record: QuestionRecord | None, graded: Graded) -> datetime | None:
    """When the card comes back according to ``record`` (the store's answer), else as before."""
    return record.card.due if record is not None and record.card is not None else graded.due
