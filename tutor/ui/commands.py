"""Command palette: jump to any topic by fuzzy search over its heading path, or by
the words of its text.

Headings are the notes' text, so a hit is built as :class:`Content`: the
palette parses a plain string as markup, where ``[/b]`` in a heading would
crash it and ``[@click=…]`` would run an action.
"""

from __future__ import annotations

from functools import partial
from typing import TYPE_CHECKING

from textual.command import DiscoveryHit, Hit, Hits, Matcher, Provider
from textual.content import Content
from textual.markup import escape

from tutor.untrusted import one_line

if TYPE_CHECKING:
    from tutor.course import Topic
    from tutor.ui.app import TutorApp


class _CourseProvider(Provider):
    """A palette provider over the open course's topics."""

    @property
    def _tutor(self) -> TutorApp:
        return self.app  # type: ignore[return-value]


def _path(topic: Topic) -> str:
    """The topic's heading path on one line, as the palette shows it."""
    return one_line(" › ".join(topic.path))


class TopicCommands(_CourseProvider):
    """Offers "Go to: <topic path>" for every topic of the open course."""

    def _entries(self) -> list[tuple[str, str]]:
        return [(_path(topic), topic.id) for topic in self._tutor.course.walk()]

    async def discover(self) -> Hits:
        for path, topic_id in self._entries()[:20]:
            command = f"Go to: {path}"
            yield DiscoveryHit(
                Content(command),
                partial(self._tutor.go_to_topic, topic_id),
                text=command,
                help="Topic",
            )

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for path, topic_id in self._entries():
            command = f"Go to: {path}"
            score = matcher.match(command)
            if score > 0:
                yield Hit(
                    score,
                    _highlight(matcher, command),
                    partial(self._tutor.go_to_topic, topic_id),
                    text=command,
                    help="Open this topic",
                )


class LessonSearch(_CourseProvider):
    """Offers "Found in: <topic path>" for every topic whose own text holds all the
    query's words, ranked by how often they occur there, with the first one in context.
    """

    texts: list[tuple[str, str, str]]  # topic id, heading path, own text: on one line each
    folded: list[str]  # the texts, casefolded once

    async def startup(self) -> None:
        self.texts = [
            (topic.id, _path(topic), one_line(topic.body))
            for topic in self._tutor.course.walk()
            if topic.body.strip()
        ]
        self.folded = [text.casefold() for _, _, text in self.texts]

    async def search(self, query: str) -> Hits:
        words = query.casefold().split()
        if not words or len(query.strip()) < MIN_QUERY:
            return
        found = []
        for (topic_id, path, text), folded in zip(self.texts, self.folded, strict=True):
            counts = [folded.count(word) for word in words]
            if all(counts):
                found.append((sum(counts), topic_id, path, _snippet(text, folded, words[0])))
        for count, topic_id, path, snippet in sorted(found, reverse=True)[:MAX_FOUND]:
            yield Hit(
                LESSON_SCORE * count / (count + 1),  # below a title that matches well
                Content(f"Found in: {path}"),
                partial(self._tutor.go_to_topic, topic_id),
                text=f"Found in: {path}",
                help=escape(snippet),  # the palette reads help text as markup
            )


MIN_QUERY = 3
"""Shorter queries match too much text to be of use; titles still match them."""

MAX_FOUND = 30
LESSON_SCORE = 0.5
"""The best a text match scores in the palette, where a title's fuzzy match scores up to 1."""


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
