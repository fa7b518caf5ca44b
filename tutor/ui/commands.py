"""Command palette: jump to any topic by fuzzy search over its heading path, or by
the words of its text and its questions.

Headings and lessons are the notes' text, so a hit and its context are built
as :class:`Content`: the palette parses a plain string as markup, where
``[/b]`` in a heading would crash it and ``[@click=…]`` would run an action,
and escaping is not enough (``[$accent]`` is still read as a style, a
trailing backslash is doubled, and a context cut off inside a tag crashes
the palette).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import partial
from typing import TYPE_CHECKING, cast

from textual.command import DiscoveryHit, Hit, Hits, Matcher, Provider
from textual.content import Content

from tutor.untrusted import one_line

if TYPE_CHECKING:
    from tutor.course import Topic
    from tutor.ui.app import TutorApp


class _CourseProvider(Provider):
    """A palette provider over the open course's topics."""

    @property
    def _tutor(self) -> TutorApp:
        return self.app  # type: ignore[return-value]


GO_TO, FOUND_IN = "Go to: ", "Found in: "
PALETTE_MARGIN = 8
"""Columns the palette takes around a command: a command wider than the rest would wrap."""


def _short_path(topic: Topic, width: int) -> str:
    """The heading path in ``width`` columns: the titles nearest the topic kept, the
    ones above cut to ``…`` as needed, so that each topic is one line."""
    titles = [one_line(title) for title in topic.path]
    for start in range(len(titles)):
        path = " › ".join((["…"] if start else []) + titles[start:])
        if len(path) <= width:
            return path
    return titles[-1][: max(1, width - 1)] + "…"


class TopicCommands(_CourseProvider):
    """Offers "Go to: <topic path>" for every topic of the open course, one line each:
    topics whose own title matches first, by how well, then those matched only through
    the titles above them."""

    def _entries(self) -> list[tuple[str, str, str]]:
        width = self.app.size.width - PALETTE_MARGIN - len(GO_TO)
        return [
            (one_line(topic.title), _short_path(topic, width), topic.id)
            for topic in self._tutor.course.walk()
        ]

    async def discover(self) -> Hits:
        for _, path, topic_id in self._entries()[:20]:
            command = GO_TO + path
            yield DiscoveryHit(
                Content(command), partial(self._tutor.go_to_topic, topic_id), text=command
            )

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        best = matcher.match(query)  # the fuzzy scores are not out of 1: out of this
        if best <= 0:
            return
        for title, path, topic_id in self._entries():
            command = GO_TO + path
            score = _relevance(matcher.match(title) / best, matcher.match(path) / best)
            if score > 0:
                yield Hit(
                    score,
                    _highlight(matcher, command),
                    partial(self._tutor.go_to_topic, topic_id),
                    text=command,
                )


def _relevance(title: float, path: float) -> float:
    """A topic's rank from how well the query matches its own title and its whole path
    (each as a share of a perfect match): its own title first, then the path's words,
    and last the letters scattered over the path that fuzzy matching also finds."""
    if title >= GOOD_MATCH:
        return TITLE_SCORE + (1 - TITLE_SCORE) * min(title, 1.0)
    if path >= GOOD_MATCH:
        return PATH_SCORE * min(path, 1.0)
    return SCATTERED_SCORE * min(path, 1.0)


class LessonSearch(_CourseProvider):
    """Offers "Found in: <topic path>" for every topic whose own text and questions hold
    all the query's words, ranked by how often they occur there, with the first one in
    context. Choosing one opens the topic with the words marked in its lesson.
    """

    entries: list[_Searched]

    async def startup(self) -> None:
        width = self.app.size.width - PALETTE_MARGIN - len(FOUND_IN)
        self.entries = [
            _Searched.of(topic, _short_path(topic, width))
            for topic in self._tutor.course.walk()
            if topic.body.strip() or topic.questions
        ]

    async def search(self, query: str) -> Hits:
        words = query.casefold().split()
        if not words or len(query.strip()) < MIN_QUERY:
            return
        found = []
        for entry in self.entries:
            count = entry.count(words)
            if count:
                found.append((count, entry))
        found.sort(key=lambda hit: hit[0], reverse=True)
        course = self._tutor.course
        for count, entry in found[:MAX_FOUND]:
            topic = course.topic(entry.topic_id)
            if topic is None:
                continue
            yield Hit(
                LESSON_SCORE * count / (count + 1),  # below a title that matches well
                Content(FOUND_IN + entry.path),
                partial(self._tutor.go_to_found, entry.topic_id, words),
                text=FOUND_IN + entry.path,
                # Typed as str, but the palette shows a Content as it is, unparsed.
                help=cast(str, Content(entry.snippet(topic, words[0]))),
            )


@dataclass(frozen=True, slots=True)
class _Searched:
    """A topic as the search reads it: its own text and its questions' prompts, on one
    line each, casefolded once. The text as written is not kept beside them (a large
    vault's lessons would be held twice more: about 100 MB for 13,000 notes); the few
    hits shown make their snippets from the topic."""

    topic_id: str
    path: str
    folded_text: str
    folded_questions: str

    @classmethod
    def of(cls, topic: Topic, path: str) -> _Searched:
        return cls(topic.id, path, _text(topic).casefold(), _prompts(topic).casefold())

    def count(self, words: list[str]) -> int:
        """How often the words occur, or 0 unless every one of them does."""
        counts = [
            self.folded_text.count(word) + self.folded_questions.count(word) for word in words
        ]
        return sum(counts) if all(counts) else 0

    def snippet(self, topic: Topic, word: str) -> str:
        """The first occurrence of ``word`` in ``topic`` (this entry's), in context: in
        the text, else in a question."""
        if word in self.folded_text:
            return _snippet(_text(topic), self.folded_text, word)
        return "Question: " + _snippet(_prompts(topic), self.folded_questions, word)


def _text(topic: Topic) -> str:
    """The topic's own text on one line, as the search reads it."""
    return one_line(topic.body)


def _prompts(topic: Topic) -> str:
    """The topic's questions' prompts on one line, as the search reads them."""
    return " · ".join(one_line(question.prompt) for question in topic.questions)


MIN_QUERY = 3
"""Shorter queries match too much text to be of use; titles still match them."""

MAX_FOUND = 30
TITLE_SCORE, LESSON_SCORE, PATH_SCORE, SCATTERED_SCORE = 0.6, 0.5, 0.2, 0.1
"""Scores in the palette: a topic's own title matched scores from 0.6 up to 1, text
found in a lesson or its questions up to 0.5, a match in the titles above a topic at
most 0.2, letters scattered over them at most 0.1."""
GOOD_MATCH = 0.5
"""A fuzzy match at least this good (of a perfect one) finds the query's letters in
runs, as words or their starts; below it, they are scattered."""


def _snippet(text: str, folded: str, word: str, width: int = 60) -> str:
    """The text around the first occurrence of ``word``."""
    at = folded.find(word)
    start = max(0, at - width // 2)
    return ("…" if start else "") + text[start : start + width].strip() + "…"


def _highlight(matcher: Matcher, command: str) -> Content:
    """``command`` with the letters the query matched styled, as ``Matcher.highlight``
    does, but read as plain text where that one reads markup."""
    content = Content(command)
    _, offsets = matcher.fuzzy_search.match(matcher.query, command)
    for offset in offsets:
        if not command[offset].isspace():
            content = content.stylize(matcher.match_style, offset, offset + 1)
    return content
