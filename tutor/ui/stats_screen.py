"""The stats screen: what the learner knows and what is due, as ``tutor stats`` prints it."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.console import Group
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import Header, Static

from tutor.stats_view import stats_parts
from tutor.study.stats import course_stats
from tutor.ui.footer import KeyFooter

if TYPE_CHECKING:
    from tutor.ui.app import TutorApp


class StatsScreen(Screen[None]):
    """Mastery per topic, accuracy, reviews per day, the due forecast, streak and time."""

    BINDINGS = [
        Binding("escape", "app.pop_screen", "Back", id="stats.back"),
        Binding("t", "app.pop_screen", "Back", show=False, id="stats.back-t"),
        Binding("r", "review", "Review", tooltip="review the cards due", id="stats.review"),
    ]

    def compose(self) -> ComposeResult:
        yield Header(icon="≡")  # a click opens the command palette, like a menu
        with VerticalScroll(id="stats"):
            yield Static(id="stats-body")
        yield KeyFooter()

    def on_mount(self) -> None:
        self.query_one("#stats-body", Static).update("Counting…")
        self.query_one("#stats").focus()
        self.count()

    @work(thread=True, exclusive=True, group="stats", exit_on_error=False)
    def count(self) -> None:
        """Figures from every review logged: for a large course this takes a moment."""
        app: TutorApp = self.app  # type: ignore[assignment]
        stats = course_stats(app.course, app.progress, app.clock.now())
        self.app.call_from_thread(
            self.query_one("#stats-body", Static).update, Group(*stats_parts(stats))
        )

    async def action_review(self) -> None:
        """Back to the study screen, straight into a review."""
        await self.app.pop_screen()
        await self.app.run_action("screen.review(False)")
