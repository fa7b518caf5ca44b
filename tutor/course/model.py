"""A course as data: a tree of topics, each with its lesson and its questions."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from tutor.course.notes import readable
from tutor.course.problems import Problem
from tutor.course.questions import Question


@dataclass(eq=False, slots=True)
class Topic:
    """A folder, a note or a heading section.

    ``body`` is the topic's own text; the text of its sub-sections belongs to
    its ``children``, so that each can be studied (and tracked) on its own.
    """

    id: str
    title: str
    path: tuple[str, ...]  # titles from the course's top level down to this topic
    body: str = ""
    source: Path | None = None  # the note the text comes from (None for folders)
    line: int | None = None  # line of its heading in ``source``
    level: int = 0  # heading level (0 for folders and notes)
    children: list[Topic] = field(default_factory=list)
    questions: list[Question] = field(default_factory=list)

    def walk(self) -> Iterator[Topic]:
        """This topic and all below it, in reading order."""
        yield self
        for child in self.children:
            yield from child.walk()

    def lesson(self) -> str:
        """The topic's whole section as readable Markdown: its text, then its sub-sections'."""
        return readable(self._section(depth=1))

    def _section(self, depth: int) -> str:
        parts = [f"{'#' * min(depth, 6)} {self.title}"]
        if self.body.strip():
            parts.append(self.body)
        parts.extend(child._section(depth + 1) for child in self.children)
        return "\n\n".join(parts)

    def all_questions(self) -> Iterator[Question]:
        """Questions on this topic and on every topic below it."""
        for topic in self.walk():
            yield from topic.questions


@dataclass(eq=False, slots=True)
class Course:
    """Everything ``tutor`` studies from one notes folder or file."""

    id: str
    title: str
    root: Path
    topics: list[Topic]
    problems: list[Problem] = field(default_factory=list)
    _by_id: dict[str, Topic] = field(default_factory=dict, repr=False)

    def __post_init__(self) -> None:
        self._by_id = {topic.id: topic for topic in self.walk()}

    def walk(self) -> Iterator[Topic]:
        for topic in self.topics:
            yield from topic.walk()

    def topic(self, topic_id: str) -> Topic | None:
        return self._by_id.get(topic_id)

    @property
    def questions(self) -> list[Question]:
        return [question for topic in self.walk() for question in topic.questions]

    @property
    def errors(self) -> list[Problem]:
        return [problem for problem in self.problems if problem.is_error]

    @property
    def warnings(self) -> list[Problem]:
        return [problem for problem in self.problems if not problem.is_error]
