"""MkDocs admonitions and API directives read as callouts, line for line, code left alone."""

from __future__ import annotations

from pathlib import Path

from tests.conftest import WriteFile
from tutor.course import load_course
from tutor.course.admonitions import admonitions_as_callouts
from tutor.course.notes import parse_note, plain_title

DOCS = """\
??? abstract "API Reference"
    ::: starlette.testclient.TestClient
        options:
            show_root_heading: true

The test client makes requests against the app.

!!! warning
    It is built on **httpx**.

    It needs the full extras.

!!!tip no body
!!! note "Not one"
Prose right after the head line.

```
!!! note "In code"
    stays as written
```"""


def test_admonitions_become_callouts_and_api_directives_their_target() -> None:
    lines = DOCS.split("\n")
    shown = admonitions_as_callouts(lines)
    assert len(shown) == len(lines)  # every line keeps its number
    assert shown[:5] == [
        "> [!abstract]- API Reference",
        "> `starlette.testclient.TestClient`",
        ">",
        ">",
        "",
    ]
    assert shown[7:11] == [
        "> [!warning]",
        "> It is built on **httpx**.",
        ">",
        "> It needs the full extras.",
    ]
    assert shown[12:] == lines[12:]  # no body, or in code: as written


def test_an_open_details_block_and_nested_admonitions() -> None:
    lines = ['???+ note "Open"', '    !!! tip "Inner"', "        Deep text."]
    assert admonitions_as_callouts(lines) == [
        "> [!note]+ Open",
        "> > [!tip] Inner",
        "> > Deep text.",
    ]


def test_a_note_with_admonitions_keeps_its_headings_and_asks_nothing_of_api_options(
    notes: Path, write: WriteFile
) -> None:
    write("client.md", f"# Test client\n\n{DOCS}\n\n## Usage\n\nText.\n")
    outline = parse_note((notes / "client.md").read_text())
    assert [section.title for section in outline.sections] == ["Test client", "Usage"]
    texts = [str(question) for question in load_course(notes).questions]
    assert not any("options" in text or "show_root_heading" in text for text in texts)


def test_a_headings_attribute_list_is_not_shown() -> None:
    assert plain_title("Sections {#google-sections}") == "Sections"
    assert plain_title("Output {: #out .wide }") == "Output"
    assert plain_title("Sets like {a, b}") == "Sets like {a, b}"
