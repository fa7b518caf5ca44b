"""Test, don't show: the lesson is covered while a question is open, and recall cards.

A question beside its own answer tests reading. While one is open the lesson
pane shows only headings; Ctrl+L shows it (a right answer then suggests
Hard); after the answer the lesson is back with the passage marked.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.widgets import Input
from textual.widgets.markdown import MarkdownBlock

from tests.conftest import WriteFile
from tests.test_study_screen import BACKPROP, WIDE, answer_right, feedback, new_app, screen_of
from tutor.course import Course, bundled_course_path, load_course
from tutor.course.passage import passage_line
from tutor.study.progress import ProgressStore
from tutor.ui.app import TutorApp
from tutor.ui.lesson import LessonPane


@pytest.fixture
def course() -> Course:
    return load_course(bundled_course_path())


BODY = "fundamental learning algorithm for training neural networks"


def lesson(app: TutorApp) -> str:
    return app.query_one(LessonPane).lesson_text.source


def marked(app: TutorApp) -> list[str]:
    blocks = app.query_one(LessonPane).lesson_text.query(MarkdownBlock)
    return [str(block._content) for block in blocks if block.has_class("-source")]


async def test_the_lesson_is_covered_while_asked_and_back_with_the_passage_marked(
    course: Course,
) -> None:
    app = new_app(course)
    async with app.run_test(size=WIDE) as pilot:
        await app.go_to_topic(BACKPROP)
        await pilot.pause()
        assert BODY in lesson(app)
        await pilot.press("s")
        await pilot.pause()
        assert BODY not in lesson(app) and "The lesson is hidden while you answer" in lesson(app)
        assert "- Process:" in lesson(app)  # the headings stay, to place the question
        await answer_right(pilot, app)
        await pilot.pause()
        assert BODY in lesson(app)
        assert any("chain rule" in text for text in marked(app)), marked(app)
        await pilot.press("n")
        await pilot.pause()
        assert BODY not in lesson(app)  # the next question: covered again
        await pilot.press("escape")
        await pilot.pause()
        assert BODY in lesson(app) and marked(app) == []


async def test_showing_the_lesson_counts_as_help(course: Course) -> None:
    app = new_app(course)
    async with app.run_test(size=WIDE) as pilot:
        await app.go_to_topic(BACKPROP)
        await pilot.press("s")
        await pilot.pause()
        await pilot.press("ctrl+l")
        await pilot.pause()
        assert BODY in lesson(app)
        await answer_right(pilot, app)
        attempt = screen_of(app).attempt
        assert attempt is not None and attempt.graded.helped
        assert attempt.graded.rating == 2  # right, with help: Hard


async def test_moving_in_the_tree_during_a_question_shows_no_lesson(course: Course) -> None:
    app = new_app(course)
    async with app.run_test(size=WIDE) as pilot:
        await app.go_to_topic(BACKPROP)
        await pilot.press("s")
        await pilot.pause()
        await screen_of(app).show_topic(course.topic(BACKPROP))  # as a tree move does
        await pilot.pause()
        assert BODY not in lesson(app)


RECALL = """\
# Optics

## Refraction

Light bends when it passes from one medium into another, because its speed
changes with the medium; the angle follows Snell's law.
"""


async def test_a_recall_card_reveals_its_section_then_takes_the_learners_rating(
    notes: Path, write: WriteFile
) -> None:
    write("optics.md", RECALL)
    course = load_course(notes)
    app = new_app(course)
    async with app.run_test(size=WIDE) as pilot:
        await app.go_to_topic("notes/optics/refraction")
        await pilot.press("s")
        await pilot.pause()
        assert "Snell" not in lesson(app)
        app.query_one("#answer-slot Input", Input).value = "bends; speed changes"
        await pilot.press("enter")
        await pilot.pause()
        assert "Snell" in lesson(app) and marked(app) == ["Refraction"]
        assert "How well did you recall it?" in feedback(app)
        await pilot.press("3")
        await pilot.pause()
        assert feedback(app).startswith("✓ Recalled") and "rated by you" in feedback(app)
    record = ProgressStore.open().course(course.id).questions[course.questions[0].id]
    assert (record.last_answer, [review.rating for review in record.log]) == (
        "bends; speed changes",
        [3],
    )


def test_the_passage_is_the_line_with_most_of_the_answer(course: Course) -> None:
    topic = course.topic(BACKPROP)
    assert topic is not None
    text = topic.lesson()
    for question in topic.questions:
        line = passage_line(text, question, topic.title)
        assert line is not None, question
    cloze = next(q for q in topic.all_questions() if q.kind == "cloze")
    process = course.topic(cloze.topic_id)
    assert process is not None
    line = passage_line(text, cloze, process.title)
    assert line is not None and "Pass**:" in text.splitlines()[line]  # in its list, not the heading
