"""Links between notes: found in a lesson, and followed to the topic they name."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import WriteFile
from tutor.course import Course, Topic, load_course
from tutor.course.links import Link, NoteIndex, is_external, links_in
from tutor.course.readable import readable


@pytest.fixture
def vault(write: WriteFile, notes: Path) -> Course:
    write("Home.md", "# Home\n\nStart here.\n\n## Plan\n\nThe plan.\n")
    write("ml/Backprop.md", "# Backprop\n\nIntro.\n\n## The chain rule\n\nDerivatives.\n")
    write("ml/Gradient descent.md", "Downhill.\n\n## Learning rate\n\nHow far.\n\n## Momentum\n")
    return load_course(notes)


def topic(course: Course, title: str) -> Topic:
    return next(found for found in course.walk() if found.title == title)


@pytest.mark.parametrize(
    ("href", "title"),
    [
        ("Backprop", "Backprop"),  # an Obsidian name, found in any folder
        ("backprop#The chain rule", "The chain rule"),  # names and headings ignore case
        ("Backprop#the-chain-rule", "The chain rule"),  # a heading as a Markdown slug
        ("ml/Backprop.md#the-chain-rule", "The chain rule"),  # a path from the note
        ("ml/Gradient%20descent.md", "Gradient descent"),  # as Markdown escapes spaces
        ("Gradient descent#Learning rate", "Learning rate"),
        ("Backprop#No such heading", "Backprop"),  # the note, when its heading is gone
        ("Backprop#^block-id", "Backprop"),
        ("#plan", "Plan"),  # a heading of the same note
    ],
)
def test_a_link_leads_to_the_topic_it_names(vault: Course, href: str, title: str) -> None:
    target = NoteIndex(vault).target(topic(vault, "Home"), href)
    assert target is not None and target.title == title


def test_a_relative_path_starts_from_the_linking_note(vault: Course) -> None:
    index = NoteIndex(vault)
    learning_rate = topic(vault, "Learning rate")  # a section of ml/Gradient descent.md
    assert index.target(learning_rate, "Backprop.md") is topic(vault, "Backprop")
    assert index.target(learning_rate, "../Home.md#plan") is topic(vault, "Plan")


@pytest.mark.parametrize(
    "href", ["Missing note", "ml", "..", "https://example.com/Backprop", "mailto:a@b.c"]
)
def test_links_out_of_the_course_lead_nowhere_in_it(vault: Course, href: str) -> None:
    assert NoteIndex(vault).target(topic(vault, "Home"), href) is None


def test_wikilinks_become_links_in_the_lesson_and_are_found_there() -> None:
    lesson = readable(
        "See [[Backprop#The chain rule|the chain rule]], [[My <odd> note|odd]] and"
        " [[Backprop#The chain rule|again]], ![[Embedded]] and `[[code]]`.",
        lesson=True,
    )
    assert lesson.startswith("See [the chain rule](<Backprop#The chain rule>), ")
    assert "[odd](<My \\<odd\\> note>)" in lesson
    assert links_in(lesson) == [
        Link("the chain rule", "Backprop#The%20chain%20rule"),
        Link("odd", "My%20%3Codd%3E%20note"),
    ]


def test_a_markdown_link_and_a_web_address_are_links_too() -> None:
    assert links_in("[Plan](Home.md#plan) and <https://example.com>") == [
        Link("Plan", "Home.md#plan"),
        Link("https://example.com", "https://example.com"),
    ]
    assert is_external("https://example.com") and not is_external("Home.md#plan")
