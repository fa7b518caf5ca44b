"""Command palette: jump to any topic by fuzzy search over its heading path."""

from __future__ import annotations

from functools import partial
from typing import TYPE_CHECKING

from textual.command import DiscoveryHit, Hit, Hits, Provider

if TYPE_CHECKING:
    from tutor.ui.app import TutorApp


class TopicCommands(Provider):
    """Offers "Go to: <topic path>" for every topic of the open course."""

    @property
    def _tutor(self) -> TutorApp:
        return self.app  # type: ignore[return-value]

    def _entries(self) -> list[tuple[str, str]]:
        return [(" › ".join(topic.path), topic.id) for topic in self._tutor.course.walk()]

    async def discover(self) -> Hits:
        for path, topic_id in self._entries()[:20]:
            yield DiscoveryHit(
                f"Go to: {path}", partial(self._tutor.go_to_topic, topic_id), help="Topic"
            )

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for path, topic_id in self._entries():
            command = f"Go to: {path}"
            score = matcher.match(command)
            if score > 0:
                yield Hit(
                    score,
                    matcher.highlight(command),
                    partial(self._tutor.go_to_topic, topic_id),
                    help="Open this topic",
                )
