"""The study loop keeps one topic in step: the tree, the lesson and the quiz show it,
reading it marks it read, and tutor reopens where the learner was."""

from __future__ import annotations

from textual.widgets import Static

from tests.test_study_screen import NARROW, WIDE, answer_right, new_app, screen_of
from tests.test_study_screen import course as course  # the fixture
from tutor.course import Course, bundled_course_path, load_course
from tutor.ui.lesson import LessonPane
from tutor.ui.topic_tree import TopicTree

NEURAL = "ml-concepts/advanced-machine-learning-concepts/neural-networks-and-deep-learning"
CNN = "ml-concepts/advanced-machine-learning-concepts/convolutional-neural-networks-cnns"


def tree_topic(app) -> str:
    node = app.query_one(TopicTree).cursor_node
    assert node is not None and node.data is not None
    return node.data.id


async def test_a_lesson_on_screen_a_while_or_read_to_its_end_counts_as_read_and_reopens() -> None:
    app = new_app(load_course(bundled_course_path()))
    async with app.run_test(size=NARROW) as pilot:
        screen = screen_of(app)
        await pilot.press("j")
        await pilot.pause()
        assert app.progress.last_topic == NEURAL  # the topic on screen, not one opened
        assert NEURAL not in app.progress.topics and screen.reading is not None
        screen.read_after = 0.01  # seconds: the lesson stays on screen that long
        await pilot.press("k", "j")
        await pilot.pause(0.3)
        assert app.progress.topics[NEURAL].read is not None
        screen.read_after = 600.0
        await pilot.press("j", "tab")  # the lesson has the keyboard
        await pilot.pause()
        topic = tree_topic(app)
        assert isinstance(app.focused, LessonPane) and topic not in app.progress.topics
        await pilot.press("end")  # the lesson read to its end
        await pilot.pause()
        assert app.progress.topics[topic].read is not None
        await pilot.press("q")
    reopened = new_app(load_course(bundled_course_path()))
    async with reopened.run_test(size=WIDE) as pilot:
        await pilot.pause()
        assert tree_topic(reopened) == topic
        assert str(reopened.query_one(TopicTree).cursor_node.label).startswith("○ ")  # read


async def test_after_esc_from_a_review_tree_lesson_and_quiz_show_one_topic(
    course: Course,
) -> None:
    app = new_app(course)
    async with app.run_test(size=WIDE) as pilot:
        await pilot.press("j", "j")
        await pilot.pause()
        await pilot.press("r")
        await answer_right(pilot, app)
        await pilot.press("n")
        await answer_right(pilot, app)
        await pilot.press("escape")
        await pilot.pause()
        screen = screen_of(app)
        assert screen.session is None and screen.topic is not None
        title = screen.topic.title
        assert tree_topic(app) == screen.topic.id
        assert app.query_one(LessonPane).lesson_text.source.startswith(f"# {title}")
        assert str(app.query_one("#quiz-prompt", Static).content).startswith(title)


async def test_a_palette_jump_scrolls_the_tree_to_the_topic(course: Course) -> None:
    app = new_app(course)
    async with app.run_test(size=NARROW) as pilot:
        await pilot.pause()
        await pilot.press("ctrl+p", *"variants")
        await pilot.pause(0.5)
        await pilot.press("enter")
        await pilot.pause()
        tree = app.query_one(TopicTree)
        assert tree.cursor_node is not None and tree.cursor_node.data.title == "Variants:"
        top = tree.scroll_offset.y
        assert top <= tree.cursor_line < top + tree.scrollable_content_region.height
