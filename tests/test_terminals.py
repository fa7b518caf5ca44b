"""What reaches terminals that ask for less: NO_COLOR gets no colour at all, and a
terminal whose font lacks the symbols (TERM=linux, or --ascii) gets ASCII."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest
from rich.console import Console
from rich.segment import Segment

from tests.conftest import offline_config
from tutor.config import DisplaySettings, load_config
from tutor.course import bundled_course_path, load_course
from tutor.study.progress import ProgressStore
from tutor.ui.app import TutorApp, create_app
from tutor.ui.glyphs import to_ascii

BACKPROP = "ml-concepts/advanced-machine-learning-concepts/backpropagation-algorithm"


def new_app(ascii: bool | None = None) -> TutorApp:
    config = replace(offline_config(), display=DisplaySettings(ascii=ascii))
    return create_app(load_course(bundled_course_path()), ProgressStore.open(), config, blink=False)


def screen_segments(app: TutorApp) -> list[Segment]:
    """The screen as it is sent to the terminal, filters applied."""
    console = Console(width=app.size.width, force_terminal=True, color_system="truecolor")
    update = app.screen._compositor.render_update(full=True)
    return list(console.render(update, console.options))


async def test_no_color_sends_no_colour_and_marks_the_cursor_in_reverse(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("NO_COLOR", "1")
    app = new_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await app.go_to_topic(BACKPROP + "/process")
        await pilot.press("s", "1", "enter")  # a wrong answer: the feedback is red, elsewhere
        await pilot.pause()
        await pilot.pause()  # the verdict scrolled into view, then drawn
        segments = [segment for segment in screen_segments(app) if segment.style]
        coloured = [
            segment.text
            for segment in segments
            if any(
                colour is not None and not colour.is_default
                for colour in (segment.style.color, segment.style.bgcolor)
            )
        ]
        assert coloured == []
        assert any(segment.style.reverse and "Process" in segment.text for segment in segments)
        text = "".join(segment.text for segment in segments)
        assert "✗ Wrong" in text, text


async def test_without_no_color_the_screen_has_colour() -> None:
    app = new_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert any(
            segment.style and segment.style.bgcolor and not segment.style.bgcolor.is_default
            for segment in screen_segments(app)
        )


def test_symbols_become_one_ascii_character_each_and_letters_stay() -> None:
    assert to_ascii("✓ Done 6/6 · 92% ↻2") == "+ Done 6/6 . 92% @2"
    assert to_ascii("├ ▶ ◐ Café › Crème") == "| > ~ Café > Crème"
    assert to_ascii("╭──╮│░█▁▔▕") == "+--+|.#_-|"


async def test_term_linux_gets_ascii_only(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TERM", "linux")
    app = new_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await app.go_to_topic(BACKPROP + "/process")
        await pilot.press("s", "1", "enter")
        await pilot.pause()
        await pilot.pause()
        text = "".join(segment.text for segment in screen_segments(app))
        assert "x Wrong" in text and "| > " in text
        assert [char for char in text if not (char.isascii() or char.isalpha())] == []


def test_ascii_comes_from_the_flag_the_config_or_the_terminal(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    config = tmp_path / "config.toml"
    assert load_config(config).display.ascii is None  # the terminal decides
    assert load_config(config, ascii=True).display.ascii is True
    config.write_text("[display]\nascii = false\n")
    assert load_config(config).display.ascii is False
    monkeypatch.setenv("TERM", "linux")
    assert new_app().ascii_only and not new_app(ascii=False).ascii_only
    monkeypatch.setenv("TERM", "xterm-256color")
    assert not new_app().ascii_only and new_app(ascii=True).ascii_only
