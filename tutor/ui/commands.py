"""Command palette: jump to any topic by fuzzy search over its heading path.

Headings are the notes' text, so a hit is built as :class:`Content`: the
palette parses a plain string as markup, where ``[/b]`` in a heading would
crash it and ``[@click=…]`` would run an action.
"""

from __future__ import annotations

from functools import partial
from typing import TYPE_CHECKING

from textual.command import DiscoveryHit, Hit, Hits, Matcher, Provider
from textual.content import Content

from tutor.untrusted import one_line

if TYPE_CHECKING:
    from tutor.ui.app import TutorApp


class TopicCommands(Provider):
    """Offers "Go to: <topic path>" for every topic of the open course."""

    @property
    def _tutor(self) -> TutorApp:
        return self.app  # type: ignore[return-value]

    def _entries(self) -> list[tuple[str, str]]:
        return [(one_line(" › ".join(topic.path)), topic.id) for topic in self._tutor.course.walk()]

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


def _highlight(matcher: Matcher, command: str) -> Content:
    """``command`` with the letters the query matched styled, as ``Matcher.highlight``
    does, but read as plain text where that one reads markup."""
    content = Content(command)
    _, offsets = matcher.fuzzy_search.match(matcher.query, command)
    for offset in offsets:
        if not command[offset].isspace():
            content = content.stylize(matcher.match_style, offset, offset + 1)
    return content
