"""Lessons made ready ahead: a step in the tree shows the next lesson in the key's frame."""

from __future__ import annotations

import asyncio

import pytest
from textual.pilot import Pilot

from tests.conftest import WriteFile, offline_config
from tutor.course import Course, Topic, load_course
from tutor.study.progress import ProgressStore
from tutor.ui.app import TutorApp, create_app
from tutor.ui.lesson import LessonPane
from tutor.ui.lesson_markdown import LessonMarkdown
from tutor.ui.study_screen import StudyScreen
from tutor.ui.topic_tree import TopicTree
from tutor.untrusted import visible

SIZE = (100, 30)


@pytest.fixture
def course(write: WriteFile, notes) -> Course:
    write(
        "1-first.md",
        "# First\n\n**Overfitting** is when a model learns the noise of its training data"
        " rather than the signal, so it does worse on new data.\n",
    )
    write("2-second.md", "# Second\n\nThe second note, with a [link](3-third.md).\n")
    write("3-third.md", "# Third\n\nThe third note.\n\n## Part\n\nA part of it.\n")
    write("4-fourth.md", "# Fourth\n\nThe fourth note.\n")
    return load_course(notes)


def new_app(course: Course) -> TutorApp:
    return create_app(course, ProgressStore.open(), offline_config(), blink=False)


def parts(app: TutorApp) -> tuple[StudyScreen, TopicTree, LessonPane]:
    screen = app.screen
    assert isinstance(screen, StudyScreen)
    return screen, app.query_one(TopicTree), app.query_one(LessonPane)


async def reading(pilot: Pilot[None], course: Course) -> tuple[StudyScreen, LessonPane]:
    """The study screen once the lesson after the first has been made ready, with the
    lessons made ready at once after each step from then on."""
    assert isinstance(pilot.app, TutorApp)
    screen, _, pane = parts(pilot.app)
    screen.ready_after = 0.01  # a timer of 0 divides by it
    await until_ready(pilot, pane, course.topics[1])
    return screen, pane


async def until_ready(pilot: Pilot[None], pane: LessonPane, *topics: Topic) -> None:
    """Wait until the lessons of ``topics``, and only those, are ready with their text."""
    wanted = {topic.id for topic in topics}
    for _ in range(200):
        if set(pane.ready) == wanted and all(r.text.source for r in pane.ready.values()):
            return
        await pilot.pause(0.02)
    raise AssertionError(f"ready: {sorted(pane.ready)}, wanted {sorted(wanted)}")


def texts(pane: LessonPane) -> list[LessonMarkdown]:
    return list(pane.query_children(LessonMarkdown))


async def test_a_step_shows_the_lesson_made_ready_for_it(course: Course) -> None:
    first, second, third, _ = course.topics
    async with new_app(course).run_test(size=SIZE) as pilot:
        screen, pane = await reading(pilot, course)
        ready = pane.ready[second.id].text
        assert not ready.display and ready.source == visible(second.lesson())
        left = pane.lesson_text
        await pilot.press("j")
        assert screen.topic is second
        assert pane.lesson_text is ready and ready.display
        assert [target for _, target in pane.links] == [third]  # made with it
        await until_ready(pilot, pane, third, first)
        assert not left.is_attached  # the lesson left is dropped once the new one is drawn
        assert [text for text in texts(pane) if text.display] == [ready]
        assert len(texts(pane)) == 3  # the lesson on show and the two a step leads to


async def test_the_lesson_changes_within_the_step(course: Course) -> None:
    """The tree's message comes after a frame with only the cursor moved: the step itself
    shows the lesson, so that the cursor and the lesson are drawn in one frame."""
    second = course.topics[1]
    app = new_app(course)
    async with app.run_test(size=SIZE) as pilot:
        screen, tree, pane = parts(app)
        await pilot.pause()
        await tree.action_cursor_down()  # no message handled since
        assert screen.topic is second
        assert pane.lesson_text.source == visible(second.lesson())
        await pilot.pause()
        assert screen.topic is second


async def test_a_step_made_before_the_lessons_are_ready_shows_its_own(course: Course) -> None:
    first, second, third, _ = course.topics
    async with new_app(course).run_test(size=SIZE) as pilot:
        screen, pane = await reading(pilot, course)
        await pilot.press("j", "j", "k")  # no pause for lessons to be made ready
        assert screen.topic is second
        assert pane.lesson_text.source == visible(second.lesson())
        await until_ready(pilot, pane, third, first)
        assert [text.source for text in texts(pane) if text.display] == [visible(second.lesson())]


async def test_folding_a_branch_makes_ready_where_a_step_now_leads(course: Course) -> None:
    third, fourth = course.topics[2:]
    part = third.children[0]
    app = new_app(course)
    async with app.run_test(size=SIZE) as pilot:
        screen, tree, pane = parts(app)
        screen.ready_after = 0.01  # a timer of 0 divides by it
        await app.go_to_topic(third.id)
        await pilot.pause()
        await until_ready(pilot, pane, part, course.topics[1])
        await pilot.press("left")  # the branch folds: a step down goes past it
        await until_ready(pilot, pane, fourth, course.topics[1])
        await pilot.press("right")
        await until_ready(pilot, pane, part, course.topics[1])
        await pilot.press("j")
        assert screen.topic is part and tree.cursor_node is not None
        assert pane.lesson_text.source == visible(part.lesson())


async def test_nothing_is_made_ready_while_a_question_is_open(course: Course) -> None:
    async with new_app(course).run_test(size=SIZE) as pilot:
        screen, pane = await reading(pilot, course)
        await pilot.press("s")  # a quiz on the first note: its lesson covered
        await pilot.pause(0.1)
        assert screen.asking and pane.covered
        await screen.make_neighbours_ready()
        assert set(pane.ready) == {course.topics[1].id}  # left as it was


async def test_a_question_opened_while_a_lesson_is_made_keeps_the_lesson_covered(
    course: Course,
) -> None:
    """A step's lesson still being made when a question opens (a quiz resumed once a
    large course is counted) is not swapped in over the question's outline."""
    first, second = course.topics[:2]
    async with new_app(course).run_test(size=SIZE) as pilot:
        assert isinstance(pilot.app, TutorApp)
        _, _, pane = parts(pilot.app)
        assert second.id not in pane.ready
        step = asyncio.create_task(pane.show(second))
        await asyncio.sleep(0)  # the step has started making its lesson
        await pane.cover(first, "ctrl+l")
        await step
        await pilot.pause()
        assert pane.covered and pane.topic is first
        assert "The lesson is hidden while you answer" in pane.lesson_text.source
        assert [text for text in texts(pane) if text.display] == [pane.lesson_text]
