"""Study sessions: a quiz over one topic or branch, and a review of the cards due.

Both expose the same surface to the quiz pane (``current``, ``position``,
``record``, ``take_back``, ``advance``, ``summary``) so that answering and grading
work the same way in either.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime

from tutor.course import Course, Question, Topic
from tutor.grading import CORRECT_AT
from tutor.study.due import due_cards, next_due
from tutor.study.records import CourseProgress
from tutor.wording import count


@dataclass(slots=True)
class QuizSession:
    """Which question is current and how each answered one scored.

    The learner moves forward only: a question is answered once per session,
    and its score is kept here for the end-of-quiz summary. An answer taken back
    (while its feedback is on screen, before moving on) makes the question the
    open one again.
    """

    title: str
    questions: list[Question]
    index: int = 0
    scores: dict[str, float] = field(default_factory=dict)
    covers: tuple[str, ...] = ()  # the ids of the topics it asks about, its own first
    branch: bool = False  # whether it asks about the topics below its own too

    @classmethod
    def for_topic(cls, topic: Topic, branch: bool) -> QuizSession:
        """The topic's own questions, or with ``branch`` every question below it too."""
        questions = list(topic.all_questions()) if branch else list(topic.questions)
        covers = tuple(sub.id for sub in topic.walk()) if branch else (topic.id,)
        return cls(title=topic.title, questions=questions, covers=covers, branch=branch)

    @property
    def current(self) -> Question | None:
        return self.questions[self.index] if self.index < len(self.questions) else None

    @property
    def position(self) -> str:
        """Where the learner is, for the quiz pane's header."""
        return f"Question {self.index + 1} of {len(self.questions)}"

    @property
    def finished(self) -> bool:
        return self.index >= len(self.questions)

    @property
    def answered(self) -> bool:
        """Whether the current question has been answered in this session."""
        current = self.current
        return current is not None and current.id in self.scores

    def record(self, score: float) -> None:
        """The current question's score; a later grade of the same answer replaces it."""
        current = self.current
        if current is None:
            raise RuntimeError("the quiz is over; there is no question to record")
        self.scores[current.id] = score

    def take_back(self) -> None:
        """Forget the current question's score: its answer was taken back, and it is
        asked again."""
        current = self.current
        if current is not None:
            self.scores.pop(current.id, None)

    def advance(self) -> Question | None:
        """Move to the next question; None when the quiz is over."""
        if not self.finished:
            self.index += 1
        return self.current

    @property
    def mean_score(self) -> float:
        return sum(self.scores.values()) / len(self.scores) if self.scores else 0.0

    def summary(self) -> tuple[str, str]:
        """A title and one line of figures for the end of the session."""
        right = sum(1 for score in self.scores.values() if score >= CORRECT_AT)
        return (
            f"Quiz done: {self.title}",
            f"{len(self.scores)} of {len(self.questions)} answered, {right} right,"
            f" mean score {self.mean_score:.0%}.",
        )


@dataclass(slots=True)
class ReviewSession:
    """The cards due in a course (or a branch), most overdue first, then new ones.

    The queue is asked again after every answer, at the time then: a card
    failed now is due again minutes later and comes back in this session.
    ``progress`` and ``clock`` are callables so the session always sees the
    store's latest state and the current (or a test's) time.
    """

    title: str
    course: Course
    progress: Callable[[], CourseProgress]
    clock: Callable[[], datetime]
    new_limit: int
    branch: Topic | None = None
    current: Question | None = None
    answered: bool = False
    scores: list[float] = field(default_factory=list)  # of each card reviewed, in order
    questions: list[Question] = field(default_factory=list)  # the queue when it began
    left: int = 0  # cards in the queue, the current one included

    def __post_init__(self) -> None:
        self.questions = self._queue()
        self.current = self.questions[0] if self.questions else None
        self.left = len(self.questions)

    def _queue(self) -> list[Question]:
        return due_cards(self.course, self.progress(), self.clock(), self.new_limit, self.branch)

    @property
    def finished(self) -> bool:
        return self.current is None

    @property
    def position(self) -> str:
        return f"Review card {self.reviewed + 1} of {self.reviewed + self.left}"

    @property
    def reviewed(self) -> int:
        return len(self.scores)

    @property
    def right(self) -> int:
        return sum(score >= CORRECT_AT for score in self.scores)

    def record(self, score: float) -> None:
        """The current card's score; a later grade of the same answer (a model's)
        replaces it, as it does in a quiz."""
        if self.current is None:
            raise RuntimeError("the review is over; there is no card to record")
        if self.answered:
            self.scores[-1] = score
        else:
            self.scores.append(score)
        self.answered = True

    def take_back(self) -> None:
        """Forget the current card's score: its answer was taken back, and it is asked
        again."""
        if self.answered:
            self.scores.pop()
            self.answered = False

    def advance(self) -> Question | None:
        """The next card due now (or soon, in its learning steps); None when done."""
        queue = self._queue()
        if self.current in queue and not self.answered:
            queue.remove(self.current)  # skipped: not again right away
        self.current = queue[0] if queue else None
        self.left = len(queue)
        self.answered = False
        return self.current

    def summary(self) -> tuple[str, str]:
        wrong = self.reviewed - self.right
        upcoming = next_due(self.course, self.progress(), self.clock(), self.branch)
        then = f" Next card due {when(upcoming, self.clock())}." if upcoming else ""
        return (
            f"Review done: {self.title}",
            f"{self.reviewed} reviewed, {self.right} right, {wrong} wrong.{then}",
        )


def when(moment: datetime, now: datetime) -> str:
    """``in 5 minutes``, ``in 3 hours``, ``in 2 days``: how far ``moment`` is from ``now``,
    to the nearest unit, so that a card due in 7 days and 20 hours is "in 8 days" as its
    saved date says, not 7."""
    seconds = max(0, int((moment - now).total_seconds()))
    for unit, size in (("day", 86400), ("hour", 3600), ("minute", 60)):
        if seconds >= size:
            return f"in {count(round(seconds / size), unit)}"
    return "now"
