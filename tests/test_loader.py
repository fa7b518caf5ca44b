"""Notes folders and files become a course: tree shape, ids, order and bad input."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tests.conftest import WriteFile
from tutor.course import CourseError, bundled_course_path, load_course


def shape(path: Path) -> list[tuple[str, ...]]:
    return [topic.path for topic in load_course(path).walk()]


def ids(path: Path) -> dict[tuple[str, ...], str]:
    return {topic.path: topic.id for topic in load_course(path).walk()}


def test_folder_of_notes_becomes_a_tree(notes: Path, write: WriteFile) -> None:
    write("basics/intro.md", "# Intro\n\nHello.\n\n## Part\n\nText.\n")
    write("advanced.md", "No heading at all.\n")
    assert shape(notes) == [
        ("Advanced",),
        ("Basics",),
        ("Basics", "Intro"),
        ("Basics", "Intro", "Part"),
    ]
    course = load_course(notes)
    assert course.id == "notes" and course.title == "Notes"
    advanced = course.topics[0]
    assert advanced.body == "No heading at all." and advanced.source == notes / "advanced.md"


def test_a_topic_knows_its_parent_and_the_course_its_size_without_a_walk(
    notes: Path, write: WriteFile
) -> None:
    write("basics/intro.md", "# Intro\n\nHello.\n\n## Part\n\nText.\n\n## Part\n\nAgain.\n")
    write("course.toml", 'id = "ml/basics"\n')  # a slash in the course's own id
    course = load_course(notes)
    parents = {child.id: topic for topic in course.walk() for child in topic.children}
    for topic in course.walk():
        assert course.parent(topic) is parents.get(topic.id)
    assert course.size == len(list(course.walk())) == 4


def test_natural_order_of_files(notes: Path, write: WriteFile) -> None:
    for name in ("10-ten.md", "2-two.md", "1-one.md"):
        write(name, f"# {name}\n")
    assert [t.title for t in load_course(notes).topics] == ["1-one.md", "2-two.md", "10-ten.md"]


def test_a_note_with_several_top_headings_is_titled_by_its_file(
    notes: Path, write: WriteFile
) -> None:
    write("neural-nets.md", "Preamble.\n\n# First\n\n# Second\n")
    course = load_course(notes)
    note = course.topics[0]
    assert note.title == "Neural nets" and note.body == "Preamble."
    assert [t.title for t in note.children] == ["First", "Second"]


def test_single_top_heading_is_the_note_and_keeps_the_preamble(
    notes: Path, write: WriteFile
) -> None:
    write("a.md", "Before.\n\n# Title\n\nAfter.\n\n### Skipped a level\n")
    note = load_course(notes).topics[0]
    assert note.title == "Title" and note.body == "Before.\n\nAfter."
    assert [t.title for t in note.children] == ["Skipped a level"]


def test_front_matter_title_names_the_note(notes: Path, write: WriteFile) -> None:
    write("x.md", "---\ntitle: Chosen Name\n---\n# Heading\n\ntext\n")
    assert load_course(notes).topics[0].title == "Chosen Name"


def test_single_file_course(notes: Path, write: WriteFile) -> None:
    path = write("ml.md", "# Machine Learning\n\n## Nets\n")
    course = load_course(path)
    assert course.title == "Machine Learning" and course.id == "ml"
    assert [t.path for t in course.walk()] == [("Machine Learning",), ("Machine Learning", "Nets")]


def test_ids_survive_unrelated_edits(notes: Path, write: WriteFile) -> None:
    write("n.md", "# Course\n\n## Alpha\n\n### Detail\n\n## Beta\n")
    before = ids(notes)
    write("n.md", "# Course\n\n## New\n\n## Beta\n\nmore\n\n## Alpha\n\n### Detail\n")
    after = ids(notes)
    for path, topic_id in before.items():
        assert after[path] == topic_id
    write("renamed.md", (notes / "n.md").read_text())
    (notes / "n.md").unlink()
    assert ids(notes)[("Course", "Alpha", "Detail")] == before[("Course", "Alpha", "Detail")]


def test_duplicate_titles_are_disambiguated_in_order(notes: Path, write: WriteFile) -> None:
    write("n.md", "# C\n\n## Applications\n\n## Other\n\n### Applications\n\n## Applications\n")
    found = [t.id.rsplit("/", 2)[-2:] for t in load_course(notes).walk()][1:]
    assert found == [
        ["c", "applications"],
        ["c", "other"],
        ["other", "applications"],
        ["c", "applications-2"],
    ]


def test_hidden_folders_are_skipped(notes: Path, write: WriteFile) -> None:
    write(".obsidian/workspace.md", "# Hidden\n")
    write("visible.md", "# Visible\n")
    assert shape(notes) == [("Visible",)]


def test_course_file_names_the_course(notes: Path, write: WriteFile) -> None:
    write("course.toml", 'id = "my-course"\ntitle = "My Course"\n')
    write("a.md", "# A\n")
    course = load_course(notes)
    assert (course.id, course.title) == ("my-course", "My Course")
    assert course.topics[0].id == "my-course/a"


def test_bad_course_file_is_reported(notes: Path, write: WriteFile) -> None:
    write("course.toml", 'id = "Bad Id"\n')
    write("a.md", "# A\n")
    course = load_course(notes)
    assert course.id == "notes"
    assert "course.toml" in str(course.errors[0]) and "`id`" in str(course.errors[0])


def test_bundled_course_loads_cleanly() -> None:
    course = load_course(bundled_course_path())
    assert course.id == "ml-concepts" and not course.problems
    sections = course.topics[0].children
    assert len(sections) == 7
    for section in sections:
        questions = list(section.all_questions())
        assert len(questions) >= 5, section.title
        assert all(question.explanation for question in questions)
    kinds = {question.kind for question in course.questions}
    assert kinds == {"single", "multiple", "true_false", "short", "free", "cloze"}
    assert "🏠" in sections[0].body and "\uf8ff" not in sections[0].body


# Bad input: each gets a message naming the file; the rest of the course opens.


def test_missing_path() -> None:
    with pytest.raises(CourseError, match="no such file or folder"):
        load_course(Path("/nonexistent/notes"))


def test_empty_folder(notes: Path, write: WriteFile) -> None:
    write("readme.txt", "not markdown")
    with pytest.raises(CourseError, match="no Markdown notes"):
        load_course(notes)


def test_not_a_markdown_file(notes: Path, write: WriteFile) -> None:
    with pytest.raises(CourseError, match="not a Markdown note"):
        load_course(write("data.csv", "a,b\n"))


def test_non_utf8_note_names_the_byte(notes: Path, write: WriteFile) -> None:
    write("good.md", "# Good\n")
    bad = write("latin1.md", "# Caf\xe9\n".encode("latin-1"))
    course = load_course(notes)
    assert [t.title for t in course.topics] == ["Good"]
    assert str(course.errors[0]) == (
        f"{bad}:1: not UTF-8 text (byte 0xe9 at offset 5); re-save the file as UTF-8"
    )


def test_only_note_unreadable_is_a_course_error(notes: Path, write: WriteFile) -> None:
    with pytest.raises(CourseError, match="not UTF-8"):
        load_course(write("only.md", b"\xff\xfe# x"))


def test_binary_file_with_md_name(notes: Path, write: WriteFile) -> None:
    write("good.md", "# Good\n")
    write("image.md", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    course = load_course(notes)
    assert "looks like a binary file" in str(course.errors[0])


def test_huge_note_is_skipped_with_a_reason(notes: Path, write: WriteFile) -> None:
    write("good.md", "# Good\n")
    huge = write("huge.md", "# Big\n" + "x" * (50 * 1024 * 1024))
    course = load_course(notes)
    assert [t.title for t in course.topics] == ["Good"]
    assert str(course.errors[0]).startswith(f"{huge}: file is too large (52.4 MB")


def test_symlink_loop_is_reported_not_followed(notes: Path, write: WriteFile) -> None:
    write("sub/a.md", "# A\n")
    os.symlink(notes, notes / "sub" / "loop")
    course = load_course(notes)
    assert shape(notes) == [("Sub",), ("Sub", "A")]
    assert "symbolic link loop" in str(course.errors[0])


def test_broken_link_is_a_warning(notes: Path, write: WriteFile) -> None:
    write("a.md", "# A\n")
    os.symlink(notes / "missing.md", notes / "gone.md")
    course = load_course(notes)
    assert not course.errors and "broken symbolic link" in str(course.warnings[0])


def test_empty_note_is_a_warning(notes: Path, write: WriteFile) -> None:
    write("a.md", "# A\n")
    write("empty.md", "")
    assert "empty note" in str(load_course(notes).warnings[0])
