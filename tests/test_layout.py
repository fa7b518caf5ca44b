"""The screen at the sizes terminals have: the tree as wide as its titles, within limits,
resized or hidden with a key."""

from __future__ import annotations

from tests.conftest import offline_config
from tutor.course import bundled_course_path, load_course
from tutor.study.progress import ProgressStore
from tutor.ui.app import create_app
from tutor.ui.lesson import LessonPane
from tutor.ui.topic_tree import NARROWEST, STEP, WIDEST, TopicTree, tree_width


def test_the_tree_takes_what_its_titles_need_within_limits() -> None:
    assert tree_width(30, 200) == 30
    assert tree_width(10, 200) == NARROWEST
    assert tree_width(90, 200) == WIDEST
    assert tree_width(90, 80) == 32  # two fifths of a small screen, the rest for the lesson
    assert tree_width(30, 80, steps=2) == 30 + 2 * STEP
    assert tree_width(30, 80, steps=20) == 80 - 30  # never squeezes the lesson out
    assert tree_width(30, 80, steps=-20) == 3 * STEP


async def test_tree_width_follows_titles_and_keys() -> None:
    app = create_app(
        load_course(bundled_course_path()), ProgressStore.open(), offline_config(), blink=False
    )
    async with app.run_test(size=(200, 50)) as pilot:
        await pilot.pause()
        tree = app.query_one(TopicTree)
        needed = tree.needed_width()
        assert NARROWEST < needed < WIDEST
        assert tree.outer_size.width == needed
        assert tree.virtual_size.width <= tree.scrollable_content_region.width  # no title cut
        await pilot.press("right_square_bracket")
        await pilot.pause()
        assert tree.outer_size.width == needed + STEP
        await pilot.press("backslash")
        await pilot.pause()
        assert not tree.display and app.focused is app.query_one(LessonPane)
        await pilot.press("backslash")
        await pilot.pause()
        assert tree.display and tree.outer_size.width == needed + STEP
        await pilot.resize_terminal(80, 24)
        await pilot.pause()
        assert tree.outer_size.width == 32 + STEP
