"""A quiz or review left open at quit, picked up where the learner stopped.

Every answer is in the progress file the moment it is given; what this keeps
is where the learner was: which quiz (its questions in order, how far, the
scores so far) or which review. It lives in its own small file beside the
progress file (``session.toml``, a table per course), because it is this
machine's screen state, not study history: it is neither merged nor synced,
and a file that cannot be read is simply not resumed from, since nothing in
it is needed to keep what was learnt.
"""

from __future__ import annotations

import contextlib
import tomllib
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

import tomli_w

from tutor.course import Course, Question
from tutor.files import remove_stale_temps, write_atomically
from tutor.study.records import CourseProgress
from tutor.study.session import QuizSession, ReviewSession

SESSION_FILE = "session.toml"


def session_path(progress_path: Path) -> Path:
    """Where the open sessions are kept: beside the progress file."""
    return progress_path.with_name(SESSION_FILE)


@dataclass(frozen=True, slots=True)
class OpenSession:
    """Where a quiz or a review stood, in plain data (ids, not objects)."""

    kind: str  # "quiz" or "review"
    title: str
    topics: tuple[str, ...]  # a quiz: the topics it covers; a review: its branch, if any
    questions: tuple[str, ...] = ()  # a quiz: its questions in order
    index: int = 0  # a quiz: the first question not answered yet
    scores: tuple[tuple[str, float], ...] = ()  # a quiz: by question; a review: in order

    @classmethod
    def of(cls, session: QuizSession | ReviewSession) -> OpenSession:
        """Where ``session`` stands; an answered question counts as done."""
        if isinstance(session, QuizSession):
            index = session.index + session.answered
            return cls(
                "quiz",
                session.title,
                session.covers,
                tuple(question.id for question in session.questions),
                index,
                tuple(session.scores.items()),
            )
        branch = (session.branch.id,) if session.branch is not None else ()
        scores = tuple(("", score) for score in session.scores)
        return cls("review", session.title, branch, scores=scores)

    def restore(
        self,
        course: Course,
        progress: Callable[[], CourseProgress],
        clock: Callable[[], datetime],
        new_limit: int,
    ) -> QuizSession | ReviewSession | None:
        """The session again, on the course as it is now: a question since removed from
        the notes is left out, a review asks for the cards due now. None if nothing of
        it is left to do."""
        if self.kind == "review":
            branch = course.topic(self.topics[0]) if self.topics else None
            if self.topics and branch is None:
                return None
            scores = [score for _, score in self.scores]
            review = ReviewSession(
                self.title, course, progress, clock, new_limit, branch=branch, scores=scores
            )
            return None if review.finished else review
        found = _questions(course, self.topics)
        questions = [found[id] for id in self.questions if id in found]
        done = set(self.questions[: self.index])
        index = sum(question.id in done for question in questions)
        scores = {id: score for id, score in self.scores if id in found}
        quiz = QuizSession(self.title, questions, index, scores, self.topics)
        return None if quiz.finished else quiz

    def to_toml(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "title": self.title,
            "topics": list(self.topics),
            "questions": list(self.questions),
            "index": self.index,
            "scores": [[id, score] for id, score in self.scores],
        }

    @classmethod
    def from_toml(cls, table: Any) -> OpenSession | None:
        """The session in a table of the file, or None if it is not one tutor wrote."""
        try:
            session = cls(
                table["kind"],
                table["title"],
                tuple(table["topics"]),
                tuple(table["questions"]),
                table["index"],
                tuple((id, float(score)) for id, score in table["scores"]),
            )
        except (KeyError, TypeError, ValueError):
            return None
        fields = (session.title, *session.topics, *session.questions)
        ids = (id for id, _ in session.scores)
        if (
            session.kind not in ("quiz", "review")
            or not isinstance(session.index, int)
            or not all(isinstance(text, str) for text in (*fields, *ids))
        ):
            return None
        return session


def _questions(course: Course, topic_ids: tuple[str, ...]) -> dict[str, Question]:
    """The questions of the given topics (only those: a large course makes its
    questions on demand), by id."""
    topics = (course.topic(topic_id) for topic_id in topic_ids)
    return {q.id: q for topic in topics if topic is not None for q in topic.questions}


def load_open_session(path: Path, course_id: str) -> OpenSession | None:
    """The session left open in the course, if the file holds a readable one."""
    remove_stale_temps(path)  # left by a tutor killed while writing it
    table = _read(path).get(course_id)
    return OpenSession.from_toml(table) if isinstance(table, dict) else None


def keep_open_session(path: Path, course_id: str, session: OpenSession | None) -> None:
    """Remember ``session`` as the course's open one (None: the course has none).

    A file that cannot be written costs only the resuming: every answer is in the
    progress file already, whose saves say when they fail, so this says nothing.
    """
    courses = _read(path)
    if session is None:
        if course_id not in courses:
            return
        del courses[course_id]
    else:
        courses[course_id] = session.to_toml()
    with contextlib.suppress(OSError):
        path.parent.mkdir(parents=True, exist_ok=True)
        write_atomically(path, tomli_w.dumps({"courses": courses}).encode(), durable=False)


def _read(path: Path) -> dict[str, Any]:
    try:
        courses = tomllib.loads(path.read_text(encoding="utf-8")).get("courses", {})
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError, RecursionError):
        return {}
    return courses if isinstance(courses, dict) else {}
