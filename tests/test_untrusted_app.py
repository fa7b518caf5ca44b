"""A hostile course in the app: markup shows as written, controls as pictures, nothing runs."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from rich.console import Console, RenderableType
from textual.command import CommandList, CommandPalette
from textual.widgets import Static
from textual.widgets._toast import Toast

from tests import injection
from tests.conftest import offline_config
from tutor.course import load_course
from tutor.study.progress import ProgressStore
from tutor.ui.answers import ChoiceList
from tutor.ui.app import TutorApp, create_app
from tutor.ui.lesson import LessonPane
from tutor.ui.stats_screen import StatsScreen
from tutor.ui.topic_tree import TopicTree

SIZE = (120, 40)


@pytest.fixture
def shots(tmp_path: Path) -> Path:
    """Where the click payload would save a screenshot: it must stay empty."""
    (tmp_path / "shots").mkdir()
    return tmp_path / "shots"


@pytest.fixture
def app(tmp_path: Path, shots: Path) -> TutorApp:
    course = load_course(injection.write_course(tmp_path / "course", shots))
    return create_app(course, ProgressStore.open(), offline_config(), blink=False)


def plain(renderable: RenderableType) -> str:
    """What a rich renderable shows, as text."""
    console = Console(file=io.StringIO(), width=200, color_system=None)
    console.print(renderable)
    return console.file.getvalue()  # type: ignore[attr-defined]


def choices_shown(app: TutorApp) -> list[str]:
    choices = app.query_one(ChoiceList)
    return [plain(choices.get_option_at_index(i).prompt) for i in range(choices.option_count)]


def assert_no_control(text: str) -> None:
    unsafe = "\x1b\x9b\x9d\x07\u202e\u200e\u200f\u061c\u2028\u2029"
    assert not any(char in text for char in unsafe), repr(text)


async def test_tree_title_and_lesson_show_markup_and_controls_as_written(app: TutorApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        labels = "\n".join(
            str(node.label) for node in app.query_one(TopicTree).nodes_by_id.values()
        )
        assert_no_control(labels)
        assert "Injected [/b] [i] ␛]0;tutor-heading-title␇" in labels
        assert "Sub [a-z]+ <U+202E>evil<U+202C> <U+2066>isolated<U+2069>" in labels
        assert app.title.startswith("Course [/b] ␛]0;tutor-course-title␇")
        lesson = app.query_one(LessonPane).lesson_text.source
        assert_no_control(lesson)
        assert f"Copy this ␛]52;c;{injection.CLIPBOARD_B64}␇" in lesson
        assert "ask ␛[c, clear ␛[2J␛[31m, query <U+009B>6n" in lesson
        assert "mark <U+200F>right<U+200E> <U+061C>alm <U+2028>line<U+2029>para" in lesson
        assert "<U+200F>right<U+200E> <U+061C>alm" in labels


async def test_quiz_shows_choices_literally_and_a_click_runs_nothing(
    app: TutorApp, shots: Path
) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("s")
        await pilot.pause()
        prompt = str(app.query_one("#quiz-prompt", Static).content)
        assert prompt == "Which [/b] [i] ␛]0;tutor-prompt-title␇␛[c <U+009B>6n is right?"
        shown = choices_shown(app)
        assert f"[@click=app.screenshot('pwned.svg','{shots}')]click me[/]" in shown[0]
        assert "[a-z]+" in shown[1]
        assert "[/b] ␛]2;tutor-choice-title␇ <U+009D>0;tutor-c1-title<U+009C>" in shown[2]
        assert "[i] <U+202E>evil" in shown[3]
        assert "<U+200F>right<U+200E> <U+061C>alm <U+2028>line<U+2029>para" in shown[3]
        for choice in shown:
            assert_no_control(choice)
        for x in range(app.query_one(ChoiceList).size.width):  # wherever "click me" is
            await pilot.click(ChoiceList, offset=(x, 0))
        await pilot.pause()
        assert list(shots.iterdir()) == []
        await pilot.press("h")
        assert str(app.query_one("#quiz-hint", Static).content) == (
            "Hint: Hint ␛]0;tutor-prompt-title␇ [a-z]+"
        )
        await pilot.press("2", "enter")  # "[a-z]+" is the answer
        await pilot.pause()
        feedback = str(app.query_one("#quiz-feedback", Static).content)
        assert feedback.startswith("✓ Correct")
        assert f"Why: Because ␛]52;c;{injection.CLIPBOARD_B64}␇ [/b] [i]" in feedback


async def test_palette_lists_headings_as_written(app: TutorApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("ctrl+p")
        await pilot.press(*"Injected")
        await pilot.pause(0.5)
        palette = app.screen
        assert isinstance(palette, CommandPalette)
        commands = palette.query_one(CommandList)
        hits = [
            str(commands.get_option_at_index(i).prompt).split("\n")[0]
            for i in range(commands.option_count)
        ]
        assert "Go to: Injected [/b] [i] ␛]0;tutor-heading-title␇" in hits
        await pilot.press("escape")
        await pilot.press("ctrl+p")
        await pilot.pause(0.5)  # the topics offered before any typing
        commands = app.screen.query_one(CommandList)
        assert any(
            "Sub [a-z]+ <U+202E>" in str(commands.get_option_at_index(i).prompt)
            for i in range(commands.option_count)
        )


async def test_stats_screen_shows_titles_as_written(app: TutorApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("t")
        await pilot.pause(0.5)
        assert isinstance(app.screen, StatsScreen)
        shown = plain(app.screen.query_one("#stats-body", Static).content)  # type: ignore[arg-type]
        assert_no_control(shown)
        assert "Course [/b] ␛]0;tutor-course-title␇" in shown
        assert "Injected [/b] [i] ␛]0;" in shown


async def test_notifications_are_never_markup(app: TutorApp) -> None:
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        app.notify(f"Saved {injection.MARKUP_CLOSE} {injection.OSC0_PROMPT}", title="[i]\x1b[c")
        shown: list[str] = []
        for _ in range(50):  # a busy machine may take a while to lay the toast out
            await pilot.pause(0.1)
            shown = [str(toast.render()) for toast in app.query(Toast)]
            if any(text.startswith("[i]") for text in shown):
                break
        assert any("Saved [/b] ␛]0;tutor-prompt-title␇" in text for text in shown), shown
        assert any(text.startswith("[i]␛[c") for text in shown), shown


async def test_a_recall_card_shows_its_heading_path_as_the_tree_does(tmp_path: Path) -> None:
    notes = tmp_path / "notes"
    notes.mkdir()
    heading = "Refraction \x1b]0;tutor-heading-title\x07 and \x1b[31mred"
    (notes / "optics.md").write_text(
        f"# Optics\n\n## {heading}\n\nLight bends when it passes from one medium into"
        " another, because its speed changes with the medium.\n",
        encoding="utf-8",
    )
    app = create_app(load_course(notes), ProgressStore.open(), offline_config(), blink=False)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("b")  # the whole branch: the card is the sub-section's
        await pilot.pause()
        prompt = str(app.query_one("#quiz-prompt", Static).content)
        labels = [str(node.label) for node in app.query_one(TopicTree).nodes_by_id.values()]
        shown = "Refraction ␛]0;tutor-heading-title␇ and ␛[31mred"
        assert prompt == f"Optics › {shown}"  # whole, as the tree shows it
        assert any(label.endswith(shown) for label in labels), labels


async def test_palette_search_shows_the_context_exactly_as_written(
    tmp_path: Path, shots: Path
) -> None:
    context = (
        f"needle [b]x[/b] [/b] [@click=app.screenshot('f.svg','{shots}')]go[/] [$accent]v"
        " [on red]r C:\\dir\\ end"
    )
    (tmp_path / "notes").mkdir()
    (tmp_path / "notes" / "note.md").write_text(f"# Topic\n\n{context}\n", encoding="utf-8")
    app = create_app(
        load_course(tmp_path / "notes"), ProgressStore.open(), offline_config(), blink=False
    )
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("ctrl+p", *"needle")
        await pilot.pause(0.5)
        commands = app.screen.query_one(CommandList)
        shown = [str(commands.get_option_at_index(i).prompt) for i in range(commands.option_count)]
        found = next(hit for hit in shown if hit.startswith("Found in: "))
        assert found.split("\n")[1] == context[:60].strip() + "…"
        await pilot.press("enter")
        await pilot.pause()
    assert list(shots.iterdir()) == []
