"""A quiz session: the questions of one topic or branch, taken one after another."""

from __future__ import annotations

from dataclasses import dataclass, field

from tutor.course import Question, Topic


@dataclass(slots=True)
class QuizSession:
    """Which question is current and how each answered one scored.

    The learner moves forward only: a question is answered once per session,
    and its score is kept here for the end-of-quiz summary.
    """

    title: str
    questions: list[Question]
    index: int = 0
    scores: dict[str, float] = field(default_factory=dict)

    @classmethod
    def for_topic(cls, topic: Topic, branch: bool) -> QuizSession:
        """The topic's own questions, or with ``branch`` every question below it too."""
        questions = list(topic.all_questions()) if branch else list(topic.questions)
        return cls(title=topic.title, questions=questions)

    @property
    def current(self) -> Question | None:
        return self.questions[self.index] if self.index < len(self.questions) else None

    @property
    def finished(self) -> bool:
        return self.index >= len(self.questions)

    @property
    def answered(self) -> bool:
        """Whether the current question has been answered in this session."""
        current = self.current
        return current is not None and current.id in self.scores

    def record(self, score: float) -> None:
        current = self.current
        if current is None:
            raise RuntimeError("the quiz is over; there is no question to record")
        self.scores[current.id] = score

    def advance(self) -> Question | None:
        """Move to the next question; None when the quiz is over."""
        if not self.finished:
            self.index += 1
        return self.current

    @property
    def mean_score(self) -> float:
        return sum(self.scores.values()) / len(self.scores) if self.scores else 0.0
