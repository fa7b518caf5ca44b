"""The help tells the truth: every key it names is bound where it says, and every key
tutor binds is in it."""

from __future__ import annotations

import importlib
import inspect
import pkgutil
import re

from textual.app import App
from textual.binding import Binding
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import Input

import tutor.ui
from tests.conftest import REPO
from tutor.ui.answers import ChoiceList, FreeTextAnswer
from tutor.ui.app import TutorApp
from tutor.ui.help import WIDGET_KEYS, binding_rows, widget_rows
from tutor.ui.lesson import LessonPane
from tutor.ui.study_screen import StudyScreen
from tutor.ui.topic_tree import TopicTree

WHERE: dict[str, tuple[type[Widget] | type[App], ...]] = {
    "Topic tree": (TopicTree,),
    "Lesson (Tab to it)": (LessonPane,),
    "Answering": (ChoiceList, FreeTextAnswer, Input),
    "Anywhere": (Screen, App),
}
"""The widgets each section of the help speaks for."""


def _bound_keys(owner: type[Widget] | type[App]) -> set[str]:
    keys = set(owner._merged_bindings.key_to_bindings)  # its own and its bases' bindings
    if issubclass(owner, App):
        keys.add(owner.COMMAND_PALETTE_BINDING)
    return keys


def _named(keys: tuple[str, ...]) -> set[str]:
    """Key names, with ``1-9`` standing for the nine digits."""
    return {digit for key in keys for digit in (map(str, range(1, 10)) if key == "1-9" else [key])}


def test_every_key_in_the_help_is_bound_where_the_help_says() -> None:
    assert [title for title, _ in WIDGET_KEYS] == list(WHERE)
    for title, rows in WIDGET_KEYS:
        bound = set().union(*(_bound_keys(owner) for owner in WHERE[title]))
        for keys, description in rows:
            assert _named(keys) <= bound, f"{title}: {description}"


def test_every_key_tutor_binds_is_in_the_help() -> None:
    helped = {
        title: set().union(*(_named(keys) for keys, _ in rows)) for title, rows in WIDGET_KEYS
    }
    widgets = [
        cls
        for info in pkgutil.iter_modules(tutor.ui.__path__, "tutor.ui.")
        for _, cls in inspect.getmembers(importlib.import_module(info.name), inspect.isclass)
        if cls.__module__ == info.name
        and issubclass(cls, Widget)
        and not issubclass(cls, Screen)
        and "BINDINGS" in vars(cls)
    ]
    assert {TopicTree, LessonPane, ChoiceList, FreeTextAnswer} <= set(widgets)
    for widget in widgets:
        section = next(title for title, owners in WHERE.items() if widget in owners)
        for binding in widget.BINDINGS:
            assert isinstance(binding, Binding)
            assert _named((binding.key,)) <= helped[section], f"{widget.__name__}: {binding.key}"


def test_every_study_key_has_a_row_in_the_help() -> None:
    bindings = [*StudyScreen.BINDINGS, *TutorApp.BINDINGS]
    rows = dict((text, keys) for keys, text in binding_rows(bindings))  # type: ignore[arg-type]
    for binding in bindings:
        assert isinstance(binding, Binding) and binding.description, binding.key
        assert (binding.tooltip or binding.description) in rows


def test_lesson_keys_read_as_a_pager_would_say_them() -> None:
    rows = dict(widget_rows(dict(WIDGET_KEYS)["Lesson (Tab to it)"]))
    assert rows["Space PgDn PgUp"] == "scroll a page"
    assert dict(widget_rows(dict(WIDGET_KEYS)["Anywhere"]))["Tab Shift+Tab"]


README_NAMES = {
    "question_mark": "?",
    "slash": "/",
    "escape": "Esc",
    "backspace": "Backspace",
    "left_square_bracket": "[",
    "right_square_bracket": "]",
    "backslash": "\\",
}
"""How the README's key table writes the keys Textual names by word."""


def _readme_keys() -> set[str]:
    """The keys the README's key table names (`1`-`4` as four)."""
    text = (REPO / "README.md").read_text(encoding="utf-8")
    table = text.split("| key | what it does |", 1)[1].split("\n\n", 1)[0]
    keys: set[str] = set()
    for row in table.splitlines()[2:]:
        keys.update(re.findall(r"`([^`]+)`", row))
        for low, high in re.findall(r"`(\d)`-`(\d)`", row):
            keys.update(map(str, range(int(low), int(high) + 1)))
    return keys


def test_the_readme_key_table_names_every_key_of_the_app() -> None:
    named = _readme_keys()
    for binding in [*StudyScreen.BINDINGS, *TutorApp.BINDINGS]:
        assert isinstance(binding, Binding)
        key = README_NAMES.get(binding.key, binding.key)
        if key.startswith("ctrl+"):
            key = "Ctrl+" + key.removeprefix("ctrl+").upper()
        assert key in named, f"README key table lacks {key} ({binding.action})"
