"""Browsing a course in the app: the tree drives the lesson pane."""

from __future__ import annotations

import gc
import time
from pathlib import Path

from textual.widgets._footer import FooterKey
from textual.widgets.markdown import MarkdownBlock

from tests.conftest import WriteFile, offline_config
from tutor.course import bundled_course_path, load_course
from tutor.course.formulas import escape
from tutor.course.model import LESSON_CHARS
from tutor.study.progress import ProgressStore
from tutor.ui.app import TutorApp, create_app
from tutor.ui.lesson import LessonPane
from tutor.ui.topic_tree import OPEN_AT_START, TopicTree

SIZE = (100, 30)


def lesson_text(app: TutorApp) -> str:
    return app.query_one(LessonPane).lesson_text.source


async def test_first_topic_is_shown_and_keys_move_through_the_tree() -> None:
    app = create_app(
        load_course(bundled_course_path()), ProgressStore.open(), offline_config(), blink=False
    )
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert app.focused is app.query_one(TopicTree)
        assert lesson_text(app).startswith("# Advanced Machine Learning Concepts")
        await pilot.press("j")
        assert lesson_text(app).startswith("# Neural Networks and Deep Learning")
        await pilot.press("down", "k")
        assert lesson_text(app).startswith("# Neural Networks and Deep Learning")
        await pilot.press("q")
    assert app.return_code == 0


async def test_the_footer_is_laid_out_again_only_when_its_keys_change() -> None:
    app = create_app(
        load_course(bundled_course_path()), ProgressStore.open(), offline_config(), blink=False
    )
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        keys = list(app.query(FooterKey))
        assert "Quiz" in [key.description for key in keys]
        await pilot.press("j", "j")
        await pilot.pause()
        assert list(app.query(FooterKey)) == keys  # the same widgets: nothing mounted
        await pilot.press("s")  # a quiz: other keys
        await pilot.pause()
        shown = [key.description for key in app.query(FooterKey)]
        assert "Stop quiz" in shown and "Quiz" not in shown


async def test_a_full_collection_runs_while_the_learner_reads_not_after_a_key() -> None:
    """Full cycle collections are moved off keypresses (see collect_while_idle)."""
    app = create_app(
        load_course(bundled_course_path()), ProgressStore.open(), offline_config(), blink=False
    )
    full: list[int] = []

    def note(phase: str, info: dict[str, int]) -> None:
        if phase == "start" and info["generation"] == 2:
            full.append(1)

    async with app.run_test(size=SIZE) as pilot:
        app.input_at -= 10
        await pilot.press("j")
        assert time.monotonic() - app.input_at < 5  # the key counts as input
        gc.callbacks.append(note)
        try:
            gc.collect(1)  # a young collection since the last full one
            app.collect_while_idle()
            assert full == []  # a key came just now
            app.input_at -= 10
            app.collect_while_idle()
            assert full == [1]
            app.collect_while_idle()
            assert full == [1]  # none due any more
        finally:
            gc.callbacks.remove(note)


async def test_a_branch_gets_its_nodes_when_it_opens_and_the_width_counts_them_before(
    notes: Path, write: WriteFile
) -> None:
    long_title = "A section whose title is longer than any other"
    write("folder/note.md", f"# Note\n\nText.\n\n## {long_title}\n\nMore text.\n")
    write("other.md", "# Other\n\nText.\n")
    course = load_course(notes)
    app = create_app(course, ProgressStore.open(), offline_config(), blink=False)
    async with app.run_test(size=(200, 40)) as pilot:
        await pilot.pause()
        tree = app.query_one(TopicTree)
        section = next(topic for topic in course.walk() if topic.title == long_title)
        assert section.id not in tree.nodes_by_id  # its note is closed
        assert tree.needed_width() >= 2 * 2 + len(long_title)  # yet its title counts
        tree.go_to("notes/folder/note")
        await pilot.pause()
        await pilot.press("right", "right")  # open the note, then into its first section
        await pilot.pause()
        assert tree.cursor_node is tree.nodes_by_id[section.id]
        assert lesson_text(app).startswith(f"# {long_title}")

    app = create_app(course, ProgressStore.open(), offline_config(), blink=False)
    async with app.run_test(size=(200, 40)) as pilot:
        await pilot.pause()
        tree = app.query_one(TopicTree)
        assert section.id not in tree.nodes_by_id
        tree.go_to(section.id)  # as a link or the palette does: every branch above opens
        await pilot.pause()
        assert tree.cursor_node is tree.nodes_by_id[section.id]


async def test_wikilinks_show_as_labels(notes: Path, write: WriteFile) -> None:
    write("a.md", "# A\n\nSee [[Other note|the other note]].\n")
    app = create_app(load_course(notes), ProgressStore.open(), offline_config(), blink=False)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        blocks = app.query_one(LessonPane).lesson_text.query(MarkdownBlock)
        shown = [str(block.content) for block in blocks]
        assert "See the other note." in shown


async def test_left_and_right_fold_and_unfold_the_tree() -> None:
    app = create_app(
        load_course(bundled_course_path()), ProgressStore.open(), offline_config(), blink=False
    )
    async with app.run_test(size=SIZE) as pilot:
        tree = app.query_one(TopicTree)
        top = tree.cursor_node
        assert top is not None and top.is_expanded
        await pilot.press("right")  # expanded already: into its first topic
        assert tree.cursor_node is top.children[0]
        await pilot.press("left")  # a closed branch: up to its parent
        assert tree.cursor_node is top
        await pilot.press("left")
        assert not top.is_expanded and tree.cursor_node is top
        await pilot.press("right")
        assert top.is_expanded and tree.cursor_node is top


def test_the_tree_opens_the_top_level_branches_that_fit_its_first_lines(
    write: WriteFile, notes: Path
) -> None:
    for folder, count in (("a", OPEN_AT_START // 2), ("b", OPEN_AT_START), ("c", 5), ("d", 1)):
        for number in range(count):
            write(f"{folder}/note {number}.md", f"# Note {number}\n\nText.\n")
    tree = TopicTree(load_course(notes))
    opened = [node.data.title for node in tree.root.children if node.is_expanded and node.data]
    assert opened == ["A", "C", "D"]  # B's notes would take more lines than a first look holds
    assert len(tree.nodes_by_id) == 4 + OPEN_AT_START // 2 + 5 + 1  # closed ones get nodes later
    assert all(
        node.is_expanded for node in TopicTree(load_course(bundled_course_path())).root.children
    )


async def test_the_lesson_scrolls_with_j_k_and_space_when_it_has_the_keyboard() -> None:
    app = create_app(
        load_course(bundled_course_path()), ProgressStore.open(), offline_config(), blink=False
    )
    async with app.run_test(size=(80, 16)) as pilot:
        lesson = app.query_one("#lesson")
        lesson.focus()
        await pilot.pause()
        assert lesson.max_scroll_y > 3 and lesson.scroll_y == 0
        await pilot.press("j", "j")
        await pilot.pause()
        assert lesson.scroll_y == 2
        await pilot.press("k")
        await pilot.pause()
        assert lesson.scroll_y == 1
        await pilot.press("space")
        await pilot.pause()
        assert lesson.scroll_y > 2


def test_a_long_section_is_an_overview_of_its_sub_sections_a_short_one_is_whole(
    notes: Path, write: WriteFile
) -> None:
    top = load_course(bundled_course_path()).topics[0]  # the whole note: 135 lines
    overview = top.lesson()
    assert "*7 sections: pick one in the tree to read it.*" in overview
    assert "- **Backpropagation Algorithm**: Backpropagation is the fundamental" in overview
    assert "Forward Pass" not in overview  # the sub-sections' text is theirs to show
    assert "Forward Pass" in top.children[1].lesson()
    write("short.md", "# Short\n\nIntro.\n\n## Part\n\nThe part's text.\n")
    assert load_course(notes).topics[0].lesson() == (
        "# Short\n\nIntro.\n\n## Part\n\nThe part's text."
    )


def test_a_note_too_long_to_lay_out_shows_its_start_and_where_the_rest_is(
    notes: Path, write: WriteFile
) -> None:
    sentence = "Cells divide and grow, and some of them die young. "
    paragraph = sentence * (7_500_000 // len(sentence))  # 7.5 MB written as one paragraph
    note = write("huge.md", f"# Huge\n\n{paragraph}\n")
    lesson = load_course(notes).topics[0].lesson()
    notice = (
        "*This section is too long to show whole: here are its first 31 KB of 7,499 KB."
        f" Open {escape(str(note))} to read the rest.*"  # the path as Markdown that shows it
    )
    assert len(lesson) < LESSON_CHARS + 2 * len(notice) + 10
    assert lesson.startswith(f"{notice}\n\n# Huge\n\nCells divide")
    assert lesson.endswith(f"die young.\n\n{notice}")  # cut where a sentence's word ends


def test_a_long_lesson_cut_in_a_code_block_says_so_only_above_it(
    notes: Path, write: WriteFile
) -> None:
    code = "x = 1\n" * (LESSON_CHARS // 3)
    write("code.md", f"# Code\n\nSome text.\n\n```python\n{code}```\n\nAfter.\n")
    lesson = load_course(notes).topics[0].lesson()
    assert lesson.startswith("*This section is too long to show whole")
    assert lesson.endswith("x = 1")  # the notice is never shown as code
    assert lesson.count("too long to show whole") == 1


def test_embeds_that_make_a_lesson_too_long_are_cut_too(notes: Path, write: WriteFile) -> None:
    write("part.md", "# Part\n\n" + "A line of the part to embed.\n" * 500)
    write("many.md", "# Many\n\n" + "![[part]]\n\n" * 10)
    many = next(topic for topic in load_course(notes).topics if topic.title == "Many")
    lesson = many.lesson()
    assert len(lesson) < LESSON_CHARS + 500
    assert lesson.count("too long to show whole") == 2


async def test_the_app_shows_the_start_of_a_note_too_long_to_lay_out(
    notes: Path, write: WriteFile
) -> None:
    write("long.md", "# Long\n\n" + "word " * (2 * LESSON_CHARS // 5) + "\n")
    app = create_app(load_course(notes), ProgressStore.open(), offline_config(), blink=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        shown = lesson_text(app)
        assert shown.startswith("*This section is too long to show whole")
        assert len(shown) < LESSON_CHARS + 500
