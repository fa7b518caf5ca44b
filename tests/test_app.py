"""The app users get, driven with Textual's pilot and compared with approved screenshots."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import Markdown

from tests.conftest import WriteFile
from tutor.course import bundled_course_path, load_course
from tutor.ui.app import TutorApp, create_app
from tutor.ui.topic_tree import TopicTree

SIZE = (100, 30)


def lesson_text(app: TutorApp) -> str:
    return app.query_one("#lesson-text", Markdown).source


async def test_first_topic_is_shown_and_keys_move_through_the_tree() -> None:
    app = create_app(load_course(bundled_course_path()))
    async with app.run_test(size=SIZE) as pilot:
        tree = app.query_one(TopicTree)
        assert app.focused is tree
        assert lesson_text(app).startswith("# Advanced Machine Learning Concepts")
        await pilot.press("j")
        assert lesson_text(app).startswith("# Neural Networks and Deep Learning")
        await pilot.press("down", "k")
        assert lesson_text(app).startswith("# Neural Networks and Deep Learning")
        await pilot.press("q")
    assert app.return_code == 0


async def test_wikilinks_show_as_labels(notes: Path, write: WriteFile) -> None:
    write("a.md", "# A\n\nSee [[Other note|the other note]].\n")
    app = create_app(load_course(notes))
    async with app.run_test(size=SIZE):
        assert "See the other note." in lesson_text(app)


async def test_course_problems_are_announced(notes: Path, write: WriteFile) -> None:
    write("a.md", "# A\n")
    write("bad.md", b"\xff")
    app = create_app(load_course(notes))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert [n.message for n in app._notifications] == [
            "1 problem in the course files; run `tutor check` on the course for details."
        ]


def test_bundled_course_screen(snap_compare) -> None:
    app = create_app(load_course(bundled_course_path()))
    assert snap_compare(app, terminal_size=SIZE, press=["j"])
