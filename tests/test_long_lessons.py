"""A long lesson: its first screen at once, the rest after it, and nothing lost by that."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.pilot import Pilot
from textual.widgets.markdown import MarkdownBlock

from tests.conftest import WriteFile, offline_config
from tutor.course import Course, load_course
from tutor.course.model import LESSON_CHARS
from tutor.study.progress import ProgressStore
from tutor.ui.app import TutorApp, create_app
from tutor.ui.lesson import LessonPane
from tutor.ui.lesson_markdown import LessonMarkdown
from tutor.ui.study_screen import StudyScreen

PARAGRAPHS = 150  # longer than a screen, shorter than a lesson is cut at (LESSON_CHARS)
LONG_ID = "notes/long"
LONG = (
    "# Long\n\n"
    + "\n\n".join(f"Paragraph {n} " + "words " * 25 for n in range(1, PARAGRAPHS))
    + f"\n\nParagraph {PARAGRAPHS}, the last, says zebra.\n"
)


@pytest.fixture
def course(write: WriteFile, notes: Path) -> Course:
    assert len(LONG) < LESSON_CHARS
    write("1-long.md", LONG)
    write("2-short.md", "# Short\n\nA short note.\n")
    return load_course(notes)


def new_app(course: Course) -> TutorApp:
    return create_app(course, ProgressStore.open(), offline_config(), blink=False)


def shown(markdown: LessonMarkdown) -> list[str]:
    """The lesson's blocks mounted so far, as text."""
    return [str(block.content) for block in markdown.query_children(MarkdownBlock)]


async def until_whole(pilot: Pilot[None], markdown: LessonMarkdown) -> None:
    """Wait for the rest of the lesson, mounted a few screens at a time after each frame."""
    for _ in range(400):
        if markdown.whole:
            return
        await pilot.pause(0.02)
    raise AssertionError("the rest of the lesson was never mounted")


async def test_a_long_lesson_shows_its_first_screen_at_once_and_then_the_rest(
    course: Course,
) -> None:
    app = new_app(course)
    async with app.run_test(size=(100, 30)) as pilot:
        await app.go_to_topic("notes/short")
        await pilot.pause()  # the lesson laid out: its width is known
        await app.go_to_topic(LONG_ID)
        markdown = app.query_one(LessonPane).lesson_text
        first = shown(markdown)
        assert not markdown.whole
        assert first[0] == "Long" and first[1].startswith("Paragraph 1 ")
        # The screen full (30 rows; a paragraph wraps onto at least its length over the
        # lesson's width, and a blank row), and not the whole lesson: on a loaded machine
        # a frame may pass before this line, and a batch more be mounted.
        width = markdown.columns  # the width it was made for: the last lesson's
        assert width is not None and 0 < width < 100
        assert sum(-(-len(text) // width) + 1 for text in first) >= 30
        assert len(first) < PARAGRAPHS // 2
        await until_whole(pilot, markdown)
        paragraphs = shown(markdown)[1:]
        assert [text.split()[1].rstrip(",") for text in paragraphs] == [
            str(n) for n in range(1, PARAGRAPHS + 1)
        ]


async def test_the_rest_of_a_lesson_left_is_never_mounted(course: Course) -> None:
    app = new_app(course)
    async with app.run_test(size=(100, 30)) as pilot:
        await app.go_to_topic(LONG_ID)
        markdown = app.query_one(LessonPane).lesson_text
        assert not markdown.whole
        await app.go_to_topic("notes/short")
        assert not markdown.display and len(shown(markdown)) < PARAGRAPHS // 2
        await pilot.pause(0.3)
        assert not markdown.is_attached  # dropped after the frame, no more of it mounted
        assert shown(app.query_one(LessonPane).lesson_text) == ["Short", "A short note."]


async def test_search_and_the_end_of_a_long_lesson_see_all_of_it(course: Course) -> None:
    app = new_app(course)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = app.screen
        assert isinstance(screen, StudyScreen)
        await screen.show_topic(course.topics[0])  # as a move in the tree: not opened
        lesson = app.query_one(LessonPane)
        markdown = app.query_one(LessonPane).lesson_text
        assert not markdown.whole
        lesson.scroll_end(animate=False)  # the end of what is mounted is not the end
        await pilot.pause()
        record = app.progress.topics.get(LONG_ID)
        assert record is None or record.read is None
        assert await lesson.find(["zebra"]) == 1  # in the last paragraph
        assert markdown.whole
