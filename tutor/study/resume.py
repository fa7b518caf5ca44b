"""A quiz or review left open at quit, picked up where the learner stopped.

Every answer is in the progress file the moment it is given; what this keeps
is where the learner was: which quiz (the topic it was started on, how far,
the scores so far) or which review. It lives in its own small file in the
user state directory (``session.toml``, a table per course), not beside the
progress file, because it is this machine's screen state, not study history:
it is neither merged nor synced, and a file that cannot be read is simply not
resumed from, since nothing in it is needed to keep what was learnt.

It is written after every answer, so it holds no list of the quiz's
questions: a quiz asks its topic's questions in reading order, and the notes
give them again at the next start. Where the quiz stood is the id of the
first question not answered yet, which still finds its place if questions
were added or removed meanwhile.
"""

from __future__ import annotations

import contextlib
import tomllib
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

import platformdirs
import tomli_w

from tutor.course import Course
from tutor.files import remove_stale_temps, write_atomically
from tutor.study.records import CourseProgress
from tutor.study.session import QuizSession, ReviewSession

SESSION_FILE = "session.toml"


def default_session_path() -> Path:
    """Where the open sessions are kept: the user state directory, this machine's."""
    return Path(platformdirs.user_state_dir("tutor")) / SESSION_FILE


@dataclass(frozen=True, slots=True)
class OpenSession:
    """Where a quiz or a review stood, in plain data (ids, not objects)."""

    kind: str  # "quiz" or "review"
    title: str
    topic: str  # a quiz: the topic it was started on; a review: its branch ("": the course)
    branch: bool = False  # a quiz: whether it asks about the topics below ``topic`` too
    next: str = ""  # a quiz: the first question not answered yet ("": none is left)
    scores: tuple[tuple[str, float], ...] = ()  # a quiz: by question; a review: in order

    @classmethod
    def of(cls, session: QuizSession | ReviewSession) -> OpenSession:
        """Where ``session`` stands; an answered question counts as done."""
        if isinstance(session, QuizSession):
            index = session.index + session.answered
            following = session.questions[index].id if index < len(session.questions) else ""
            scores = tuple(session.scores.items())
            return cls("quiz", session.title, session.covers[0], session.branch, following, scores)
        branch = session.branch.id if session.branch is not None else ""
        scores = tuple(("", score) for score in session.scores)
        return cls("review", session.title, branch, scores=scores)

    def restore(
        self,
        course: Course,
        progress: Callable[[], CourseProgress],
        clock: Callable[[], datetime],
        new_limit: int,
    ) -> QuizSession | ReviewSession | None:
        """The session again, on the course as it is now: a quiz asks its topic's
        questions as the notes now have them, a review the cards due now. None if
        nothing of it is left to do, or its topic is gone."""
        topic = course.topic(self.topic) if self.topic else None
        if self.topic and topic is None:
            return None
        if self.kind == "review":
            scores = [score for _, score in self.scores]
            review = ReviewSession(
                self.title, course, progress, clock, new_limit, branch=topic, scores=scores
            )
            return None if review.finished else review
        assert topic is not None  # a quiz always has one: from_toml sees to it
        quiz = QuizSession.for_topic(topic, self.branch)
        ids = [question.id for question in quiz.questions]
        quiz.scores = {id: score for id, score in self.scores if id in ids}
        if self.next in ids:
            quiz.index = ids.index(self.next)
        else:  # gone from the notes (or none was left): on after the last answered
            quiz.index = 1 + max((ids.index(id) for id in quiz.scores), default=-1)
        return None if quiz.finished else quiz

    def to_toml(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "title": self.title,
            "topic": self.topic,
            "branch": self.branch,
            "next": self.next,
            "scores": [[id, score] for id, score in self.scores],
        }

    @classmethod
    def from_toml(cls, table: Any) -> OpenSession | None:
        """The session in a table of the file, or None if it is not one tutor wrote."""
        try:
            session = cls(
                table["kind"],
                table["title"],
                table["topic"],
                table["branch"],
                table["next"],
                tuple((id, float(score)) for id, score in table["scores"]),
            )
        except (KeyError, TypeError, ValueError):
            return None
        texts = (session.title, session.topic, session.next, *(id for id, _ in session.scores))
        if (
            session.kind not in ("quiz", "review")
            or (session.kind == "quiz" and not session.topic)
            or not isinstance(session.branch, bool)
            or not all(isinstance(text, str) for text in texts)
        ):
            return None
        return session


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
