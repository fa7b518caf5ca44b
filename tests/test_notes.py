"""Parsing one note: which lines are headings, what text each section holds."""

from __future__ import annotations

import random

import pytest

from tutor.course.notes import (
    find_headings,
    parse_headings,
    parse_note,
    plain_title,
    replace_wikilinks,
    scan_headings,
)


def titles(text: str) -> list[tuple[int, str]]:
    return [(section.level, section.title) for section in parse_note(text).sections]


def test_atx_headings_of_every_depth_in_document_order() -> None:
    text = "# One\n## Two\n### Three\n#### Four\n##### Five\n###### Six\n####### Not\n"
    assert titles(text) == [
        (1, "One"),
        (2, "Two"),
        (3, "Three"),
        (4, "Four"),
        (5, "Five"),
        (6, "Six"),
    ]


def test_setext_headings() -> None:
    text = "Big title\n=========\n\nSmaller\n-------\n\ntext\n"
    assert titles(text) == [(1, "Big title"), (2, "Smaller")]


def test_hash_lines_in_code_blocks_are_not_headings() -> None:
    text = (
        "# Real\n\n```python\n# a comment\n```\n\n~~~~\n# tilde fence\n~~~~\n\n"
        "Para:\n\n    # indented code\n\n## Also real\n"
    )
    assert titles(text) == [(1, "Real"), (2, "Also real")]


def test_headings_in_quotes_and_lists_are_lesson_text() -> None:
    text = (
        "# Top\n\n> # quoted\n\n- item\n\n  # in a list item\n\n1. one\n   ## in an ordered item\n"
    )
    outline = parse_note(text)
    assert [s.title for s in outline.sections] == ["Top"]
    assert "# quoted" in outline.sections[0].body


def test_hashtags_and_closing_sequences() -> None:
    text = "#tag is not a heading\n# Title #\n# Keeps#\n## ##\n"
    assert titles(text) == [(1, "Title"), (1, "Keeps#"), (2, "Untitled")]


def test_preamble_and_bodies() -> None:
    text = "Intro line.\n\n# A\n\nText of A.\n\n## B\n\nText of B.\n"
    outline = parse_note(text)
    assert outline.preamble == "Intro line."
    assert [(s.title, s.body, s.line) for s in outline.sections] == [
        ("A", "Text of A.", 3),
        ("B", "Text of B.", 7),
    ]


def test_front_matter_is_not_text_and_names_the_note() -> None:
    text = '---\ntitle: "My Note"\ntags: [a, b]\n---\nBody here.\n\n# Section\n'
    outline = parse_note(text)
    assert outline.front_matter_title == "My Note"
    assert outline.preamble == "Body here."
    assert outline.sections[0].line == 7  # lines count from the top of the file


@pytest.mark.parametrize(
    "tags",
    [
        "tags: [flashcards, 'bio']",
        "tags: flashcards, bio",
        "tags: flashcards bio",
        'tags:\n  - "#flashcards"\n  - bio',
        "tag:\n- flashcards\n- bio\nother: x",
    ],
)
def test_front_matter_tags_are_read_in_each_way_they_are_written(tags: str) -> None:
    outline = parse_note(f"---\n{tags}\n---\nBody.\n")
    assert outline.front_matter_tags == ("flashcards", "bio")


def test_front_matter_without_end_is_text() -> None:
    outline = parse_note("---\nnot front matter\n")
    assert outline.front_matter_title is None
    assert "not front matter" in outline.preamble


def test_crlf_line_endings() -> None:
    assert titles("# A\r\n\r\ntext\r\n## B\r\n") == [(1, "A"), (2, "B")]


def test_inline_markdown_in_titles_reads_as_plain_text() -> None:
    assert plain_title("**Bold** and `code` with [a link](http://x) and [[Note|label]]") == (
        "Bold and code with a link and label"
    )


def test_wikilinks_read_as_their_label() -> None:
    assert replace_wikilinks(
        "See [[Backprop]], [[backprop|the backward pass]] and [[Note#Part]]."
    ) == ("See Backprop, the backward pass and Note › Part.")
    assert replace_wikilinks("An embed ![[diagram.png]] and `[[kept]]`") == (
        "An embed [image: diagram.png] and `[[kept]]`"
    )


def test_deeply_nested_heading_does_not_crash() -> None:
    quoted = "> " * 50 + "# deep\n"
    listed = "".join("  " * depth + "- item\n" for depth in range(50)) + "  " * 50 + "# deep\n"
    for text in (quoted, listed, "# Top\n" + quoted + listed):
        outline = parse_note(text)
        assert all(section.title != "deep" for section in outline.sections)


# Shapes that decide whether a line is a heading; the line scan must either
# agree with markdown-it or hand the note to it.
TRICKY_LINES = [
    "# Heading",
    "## Sub heading ##",
    "#nottag",
    "   # indented heading",
    "    # indented code",
    "\t# tab code",
    "```",
    "```python",
    "``` `x`",
    "~~~",
    "   ```",
    "````",
    "<div>",
    "<!-- comment",
    "-->",
    "  <p>",
    "===",
    "---",
    "  ---",
    "- item",
    "  - nested",
    "1. ordered",
    "   # in ordered item",
    "> quote",
    "> # quoted heading",
    "> ```",
    "Plain paragraph text with [[link]].",
    "",
    "",
    "***",
    "[ref]: http://example.com",
]


def same(found: list, expected: list) -> bool:
    """Headings compare by level, visible title and lines."""
    return [(lv, plain_title(raw), a, b) for lv, raw, a, b in found] == [
        (lv, plain_title(raw), a, b) for lv, raw, a, b in expected
    ]


def test_headings_always_agree_with_markdown_it() -> None:
    rng = random.Random(2024)
    settled_by_scan = 0
    for _ in range(4000):
        lines = [rng.choice(TRICKY_LINES) for _ in range(rng.randint(1, 14))]
        expected = parse_headings(lines, 0)
        assert same(find_headings(lines, 0), expected), lines
        scanned, resume = scan_headings(lines, 0)
        if resume is None:
            settled_by_scan += 1
            assert same(scanned, expected), lines
    assert settled_by_scan > 500  # the shortcut is actually taken for ordinary notes


@pytest.mark.parametrize(
    ("text", "resume"),
    [
        ("<div>\n# x\n</div>\n", 0),
        ("# A\n\nTitle\n===\n", 0),
        ("# A\n\n## B\n   ```\n# x\n   ```\n", 2),
        ("# A\n- a\n  ```\n# b\n", 0),
        ("# A\n\n```\n# code\n```\n## B\n", None),
    ],
)
def test_the_parser_takes_over_from_the_last_heading(text: str, resume: int | None) -> None:
    lines = text.split("\n")
    assert scan_headings(lines, 0)[1] == resume
    assert same(find_headings(lines, 0), parse_headings(lines, 0))
