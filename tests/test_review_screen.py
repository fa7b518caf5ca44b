"""Review sessions and the stats screen in the app, with cards made due by hand."""

from __future__ import annotations

import io
from datetime import timedelta

from rich.console import Console
from textual.widgets import Static

from tests.conftest import NOW, offline_config
from tests.test_study_screen import answer_right
from tutor.clock import FixedClock
from tutor.course import SingleChoice, bundled_course_path, load_course
from tutor.study.progress import ProgressStore
from tutor.ui.app import TutorApp, create_app
from tutor.ui.stats_screen import StatsScreen
from tutor.ui.study_screen import StudyScreen

SIZE = (120, 36)


def text_of(app: TutorApp, selector: str) -> str:
    """What a Static shows, as plain text (rich renderables included)."""
    console = Console(width=110, record=True, file=io.StringIO())
    console.print(app.screen.query_one(selector, Static).content)
    return console.export_text()


def app_with_history(days_ago: int = 10) -> TutorApp:
    """The bundled course with three questions answered right ``days_ago`` days before
    :data:`NOW`, studied at NOW (whatever day the test runs on)."""
    course = load_course(bundled_course_path())
    store = ProgressStore.open()
    then = NOW - timedelta(days=days_ago)
    for question in course.questions[:3]:
        store.review(course.id, question.id, 3, 1.0, "correct", "x", 5.0, when=then)
    store.save()
    study = ProgressStore.open(clock=FixedClock(NOW))
    return create_app(course, study, offline_config(), blink=False)


async def answer_current(pilot, app: TutorApp, right: bool) -> None:
    screen = app.screen
    assert isinstance(screen, StudyScreen) and screen.session is not None
    question = screen.session.current
    assert isinstance(question, SingleChoice), "the first cards of the course are single choice"
    index = question.choices.index(question.answer)
    if not right:
        index = (index + 1) % len(question.choices)
    await pilot.press(str(index + 1), "enter")


async def test_review_session_over_due_cards() -> None:
    app = app_with_history()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, StudyScreen)
        assert screen.sub_title.endswith("· 3 due · 43 new")
        await pilot.press("r")
        assert screen.session is not None
        assert text_of(app, "#quiz-header").startswith("Review card 1 of 23")  # 3 due + 20 new
        await answer_current(pilot, app, right=False)
        assert "Rating: Again (1)" in text_of(app, "#quiz-rating")
        await pilot.press("3")  # the learner overrides the suggestion
        assert text_of(app, "#quiz-rating").startswith("Rated: Good (3)")
        failed = screen.session.current
        await pilot.press("n")
        assert screen.session.current is not failed
        record = app.progress.questions[failed.id]
        assert record.attempts == 2 and record.card is not None
        assert record.card.due > NOW + timedelta(hours=12)  # Good


async def test_a_failed_card_comes_back_in_the_session() -> None:
    app = app_with_history()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, StudyScreen)
        await pilot.press("R")  # the branch of the first topic: the whole note
        session = screen.session
        assert session is not None
        session.new_limit = 0  # only the three due cards
        first = session.current
        await answer_current(pilot, app, right=False)
        seen = [first]
        for _ in range(3):
            await pilot.press("n")
            if session.current is None:
                break
            seen.append(session.current)
            await answer_right(pilot, app)
        assert seen.count(first) == 2  # failed, then back within minutes
        assert seen[-1] is first


async def test_stats_screen_and_back() -> None:
    app = app_with_history(days_ago=2)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("t")
        assert isinstance(app.screen, StatsScreen)
        await pilot.pause(0.3)
        body = text_of(app, "#stats-body")
        assert (
            "3 due now" in body and "Reviews per day" in body and "Due in the next 14 days" in body
        )
        assert "Neural Networks" in body or "Advanced Machine Learning Concepts" in body
        await pilot.press("escape")
        assert isinstance(app.screen, StudyScreen)


def test_snapshot_review(snap_compare) -> None:
    async def review(pilot) -> None:
        await pilot.pause()
        await pilot.press("r")
        await answer_current(pilot, pilot.app, right=True)

    assert snap_compare(app_with_history(), terminal_size=SIZE, run_before=review)


def test_snapshot_stats(snap_compare) -> None:
    async def stats(pilot) -> None:
        await pilot.pause()
        await pilot.press("t")
        await pilot.pause(0.5)

    assert snap_compare(app_with_history(), terminal_size=SIZE, run_before=stats)


def test_snapshot_stats_at_80x24(snap_compare) -> None:
    async def stats(pilot) -> None:
        await pilot.pause()
        await pilot.press("t")
        await pilot.pause(0.5)

    assert snap_compare(app_with_history(), terminal_size=(80, 24), run_before=stats)
