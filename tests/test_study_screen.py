"""The study loop in the real app: open, read, answer every kind, quit, reopen, resume."""

from __future__ import annotations

from pathlib import Path

import pytest
from rich.console import Console
from textual import events
from textual.widgets import Input, Label, Static, TextArea

from tests.conftest import WriteFile, offline_config
from tutor.course import (
    Cloze,
    Course,
    FreeText,
    MultipleChoice,
    ShortAnswer,
    SingleChoice,
    TrueFalse,
    bundled_course_path,
    load_course,
)
from tutor.course.model import LESSON_CHARS
from tutor.grading.free_text import grade_free_text
from tutor.study.progress import ProgressStore
from tutor.ui.answers import CUT_NOTICE
from tutor.ui.app import TutorApp, create_app
from tutor.ui.help import HelpScreen
from tutor.ui.lesson import LessonPane
from tutor.ui.quiz_pane import QuizPane, verdict_text
from tutor.ui.study_screen import StudyScreen
from tutor.ui.topic_tree import TopicTree

WIDE, NARROW = (120, 36), (80, 24)
BACKPROP = "ml-concepts/advanced-machine-learning-concepts/backpropagation-algorithm"


@pytest.fixture
def course() -> Course:
    return load_course(bundled_course_path())


def new_app(course: Course) -> TutorApp:
    return create_app(course, ProgressStore.open(), offline_config(), blink=False)


def screen_of(app: TutorApp) -> StudyScreen:
    assert isinstance(app.screen, StudyScreen)
    return app.screen


def feedback(app: TutorApp) -> str:
    return str(app.query_one("#quiz-feedback", Static).content)


def prompt(app: TutorApp) -> str:
    return str(app.query_one("#quiz-prompt", Static).content)


async def answer_right(pilot, app: TutorApp) -> None:
    """Answer the current question correctly, through the keys a learner would press."""
    question = screen_of(app).session.current
    match question:
        case SingleChoice():
            await pilot.press(str(question.choices.index(question.answer) + 1), "enter")
        case MultipleChoice():
            digits = [str(question.choices.index(a) + 1) for a in sorted(question.answers)]
            await pilot.press(*digits, "enter")
        case TrueFalse():
            await pilot.press("1" if question.answer else "2", "enter")
        case ShortAnswer():
            app.query_one("#answer-slot Input", Input).value = str(question.answers[0])
            await pilot.press("enter")
        case FreeText():
            app.query_one(TextArea).insert(question.reference)
            await pilot.press("ctrl+s")
        case Cloze():
            for number, blank in enumerate(question.blanks, 1):
                app.query_one(f"#blank-{number}", Input).value = blank[0]
                await pilot.press("enter")  # the next blank; the last one submits
    await pilot.pause()


async def test_full_loop_every_kind_then_resume(course: Course) -> None:
    app = new_app(course)
    async with app.run_test(size=WIDE) as pilot:
        await app.go_to_topic(BACKPROP)
        await pilot.pause()
        lesson = app.query_one(LessonPane).lesson_text.source
        assert lesson.startswith("# Backpropagation Algorithm")
        await pilot.press("b")  # the whole branch: all six kinds
        session = screen_of(app).session
        assert session is not None
        assert {q.kind for q in session.questions} == {
            "single",
            "multiple",
            "true_false",
            "short",
            "free",
            "cloze",
        }
        for number in range(1, len(session.questions) + 1):
            assert f"Question {number} of 6" in str(app.query_one("#quiz-header", Static).content)
            await answer_right(pilot, app)
            assert feedback(app).startswith("✓ Correct"), feedback(app)
            assert "Why: " in feedback(app)
            await pilot.press("n")
            await pilot.pause()
        assert prompt(app).startswith("Quiz done: Backpropagation Algorithm")
        assert "6 of 6 answered, 6 right" in prompt(app)
        assert screen_of(app).sub_title.startswith("6/46 answered")
        await pilot.press("n")  # the next topic past the branch the quiz covered
        await pilot.pause()
        assert screen_of(app).topic.title == "Convolutional Neural Networks (CNNs)"
        await pilot.press("q")

    reopened = new_app(load_course(bundled_course_path()))
    async with reopened.run_test(size=WIDE) as pilot:
        await pilot.pause()
        tree = reopened.query_one(TopicTree)
        assert tree.cursor_node is not None  # where the learner was
        assert tree.cursor_node.data.title == "Convolutional Neural Networks (CNNs)"
        label = tree.nodes_by_id[BACKPROP].label
        assert str(label).startswith("✓ Backpropagation Algorithm 6/6 · ")
        assert screen_of(reopened).sub_title.startswith("6/46 answered")
        records = reopened.progress.questions
        assert records["backprop-chain-rule"].attempts == 1
        assert records["backprop-chain-rule"].last_answer == "chain rule"


async def test_wrong_answer_shows_the_right_one_and_explanation(course: Course) -> None:
    app = new_app(course)
    async with app.run_test(size=WIDE) as pilot:
        await app.go_to_topic(BACKPROP + "/process")
        await pilot.press("s")
        question = screen_of(app).session.current
        assert isinstance(question, SingleChoice)
        wrong = next(i for i, c in enumerate(question.choices) if c != question.answer)
        await pilot.press(str(wrong + 1), "enter")
        text = feedback(app)
        assert text.startswith("✗ Wrong")
        assert f"Answer: {question.answer}" in text
        assert question.explanation in text
        assert "graded by rules" in text


async def test_o_overrules_the_grader_and_the_footer_says_which_way(course: Course) -> None:
    app = new_app(course)
    async with app.run_test(size=WIDE) as pilot:
        await app.go_to_topic(BACKPROP + "/process")
        await pilot.press("s")  # a wrong choice
        await pilot.pause()  # the quiz is on screen before keys go to it
        await pilot.press("1", "enter")
        footer = {active.binding.description for active in app.active_bindings.values()}
        assert "I was right" in footer and "I was wrong" not in footer
        await pilot.press("o")
        await pilot.pause()
        text = feedback(app)
        assert text.startswith("✓ Correct") and "rated by you — the rules said wrong" in text
        footer = {active.binding.description for active in app.active_bindings.values()}
        assert "I was wrong" in footer and "I was right" not in footer
        question = screen_of(app).session.current
        record = app.store.course(course.id).questions[question.id]
        assert (record.last_verdict, record.log[-1].overruled) == ("correct", True)


async def test_u_takes_the_answer_back_and_the_question_is_asked_again(course: Course) -> None:
    app = new_app(course)
    async with app.run_test(size=WIDE) as pilot:
        await app.go_to_topic(BACKPROP + "/process")
        await pilot.press("s")
        await pilot.pause()
        screen = screen_of(app)
        question = screen.session.current
        assert isinstance(question, SingleChoice) and "Undo" not in footer_keys(app)
        wrong = next(i for i, c in enumerate(question.choices) if c != question.answer)
        await pilot.press(str(wrong + 1), "enter")
        assert feedback(app).startswith("✗ Wrong") and "Undo" in footer_keys(app)
        await pilot.press("u")
        await pilot.pause()
        assert screen.session.current is question and screen.asking
        widget = app.query_one(QuizPane).answer_widget
        assert widget is not None and widget.answer() is None
        assert feedback(app) == "" and "Undo" not in footer_keys(app)
        await answer_right(pilot, app)
        assert feedback(app).startswith("✓ Correct")
        await pilot.press("q")
    record = ProgressStore.open().course(course.id).questions[question.id]
    assert (record.attempts, record.last_verdict, len(record.log)) == (1, "correct", 1)


async def test_free_text_feedback_lists_key_points(course: Course) -> None:
    app = new_app(course)
    async with app.run_test(size=WIDE) as pilot:
        await app.go_to_topic(BACKPROP)
        await pilot.press("s")
        await pilot.pause()  # the quiz is on screen before keys go to it
        await pilot.press("ctrl+n")  # skip the short answer to reach the free-text question
        await pilot.pause()
        question = screen_of(app).session.current
        assert isinstance(question, FreeText), (
            question,
            screen_of(app).session.position,
            screen_of(app).topic.id,
        )
        app.query_one(TextArea).insert("The chain rule gives the gradients.")
        await pilot.press("ctrl+s")
        await pilot.pause()
        text = feedback(app)
        assert "Key points:" in text and "✗ " in text
        assert "graded offline" in text


async def test_empty_answer_is_not_submitted(course: Course) -> None:
    app = new_app(course)
    async with app.run_test(size=WIDE) as pilot:
        await app.go_to_topic(BACKPROP)
        await pilot.press("s")
        await pilot.pause()  # the quiz is on screen before keys go to it
        await pilot.press("enter")
        await pilot.pause()
        assert feedback(app) == ""
        assert screen_of(app).session.scores == {}
        assert isinstance(app.focused, Input)


async def test_hint_and_escape(course: Course) -> None:
    app = new_app(course)
    async with app.run_test(size=WIDE) as pilot:
        await app.go_to_topic(BACKPROP)
        await pilot.press("s")
        # keys typed into the answer box are text, not commands
        await pilot.press("h", "n", "q")
        assert app.query_one(Input).value == "hnq"
        await pilot.press("escape", "escape")  # the first one only warns of the draft
        assert screen_of(app).session is None
        assert isinstance(app.focused, TopicTree)


async def test_enter_opens_a_topic_and_marks_it_read(course: Course) -> None:
    app = new_app(course)
    async with app.run_test(size=WIDE) as pilot:
        await pilot.press("j", "enter")
        await pilot.pause()
        topic_id = (
            "ml-concepts/advanced-machine-learning-concepts/neural-networks-and-deep-learning"
        )
        assert app.progress.topics[topic_id].read is not None
        assert app.progress.last_topic == topic_id
        assert str(app.query_one(TopicTree).cursor_node.label).startswith("○ Neural Networks")


async def test_help_lists_every_key(course: Course) -> None:
    app = new_app(course)
    async with app.run_test(size=WIDE) as pilot:
        await pilot.press("question_mark")
        assert isinstance(app.screen, HelpScreen)
        console = Console(width=76, record=True)
        for static in app.screen.query(Static):
            console.print(static.content)
        text = console.export_text()
        for key in (
            "all below it",
            "hint",
            "Esc",
            "Ctrl+N",
            "q or Ctrl+Q",
            "Ctrl+S",
            "1-9",
            "Ctrl+P",
            "PgDn",
        ):
            assert key in text
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, StudyScreen)


async def test_palette_jumps_to_a_topic(course: Course) -> None:
    app = new_app(course)
    async with app.run_test(size=WIDE) as pilot:
        await pilot.press("ctrl+p")
        await pilot.press(*"variants")
        await pilot.pause(0.5)
        await pilot.press("enter")
        await pilot.pause()
        node = app.query_one(TopicTree).cursor_node
        assert node is not None and node.data.title == "Variants:"


async def test_narrow_terminal_stacks_lesson_over_quiz(course: Course) -> None:
    app = new_app(course)
    async with app.run_test(size=NARROW) as pilot:
        await pilot.pause()
        lesson, quiz = app.query_one("#lesson"), app.query_one(QuizPane)
        assert lesson.region.x == quiz.region.x and lesson.region.y < quiz.region.y
        assert quiz.region.bottom <= 23  # above the footer


async def test_course_problems_and_store_notice_are_announced(
    notes: Path, write: WriteFile, tmp_path: Path
) -> None:
    write("a.md", "# A\n")
    write("bad.md", b"\xff")
    progress = tmp_path / "progress.toml"
    progress.write_text("not [valid toml\n")
    app = create_app(
        load_course(notes), ProgressStore.open(progress), offline_config(), blink=False
    )
    async with app.run_test(size=WIDE) as pilot:
        await pilot.pause()
        messages = [n.message for n in app._notifications]
        assert (
            messages[0]
            == "1 problem in the course files; run `tutor check` on the course for details."
        )
        assert "moved it to" in messages[1]


# Screens as users see them; re-approve with --snapshot-update after looking.


def test_snapshot_main_wide(snap_compare, course: Course) -> None:
    assert snap_compare(new_app(course), terminal_size=WIDE, press=["j", "j"])


def test_snapshot_main_narrow(snap_compare, course: Course) -> None:
    assert snap_compare(new_app(course), terminal_size=NARROW, press=["j", "j"])


def test_snapshot_quiz_feedback(snap_compare, course: Course) -> None:
    async def answer_wrongly(pilot) -> None:
        await pilot.pause()
        await pilot.app.go_to_topic(BACKPROP + "/process")
        await pilot.press("s")
        await pilot.pause()  # the quiz is on screen before keys go to it
        await pilot.press("1", "enter")

    assert snap_compare(new_app(course), terminal_size=WIDE, run_before=answer_wrongly)


def test_snapshot_quiz_feedback_at_80x24(snap_compare, course: Course) -> None:
    async def answer_wrongly(pilot) -> None:
        await pilot.pause()
        await pilot.app.go_to_topic(BACKPROP + "/process")
        await pilot.press("s")
        await pilot.pause()  # the quiz is on screen before keys go to it
        await pilot.press("1", "enter")

    assert snap_compare(new_app(course), terminal_size=NARROW, run_before=answer_wrongly)


def test_snapshot_overruled(snap_compare, course: Course) -> None:
    async def answer_wrongly_and_overrule(pilot) -> None:
        await pilot.pause()
        await pilot.app.go_to_topic(BACKPROP + "/process")
        await pilot.press("s")
        await pilot.pause()  # the quiz is on screen before keys go to it
        await pilot.press("1", "enter", "o")

    assert snap_compare(new_app(course), terminal_size=WIDE, run_before=answer_wrongly_and_overrule)


def test_snapshot_help(snap_compare, course: Course) -> None:
    assert snap_compare(new_app(course), terminal_size=WIDE, press=["question_mark"])


def test_snapshot_help_at_80x24(snap_compare, course: Course) -> None:
    assert snap_compare(new_app(course), terminal_size=NARROW, press=["question_mark"])


async def test_at_80x24_the_verdict_is_in_view_after_every_answer(course: Course) -> None:
    app = new_app(course)
    async with app.run_test(size=NARROW) as pilot:
        await app.go_to_topic(BACKPROP)
        await pilot.press("s")
        for _ in range(len(screen_of(app).session.questions)):
            question = screen_of(app).session.current
            if isinstance(question, FreeText):
                app.query_one(TextArea).insert("The gradients.")
                await pilot.press("ctrl+s")
            else:
                await answer_right(pilot, app)
            await pilot.pause()
            pane = app.query_one("#quiz")
            verdict = app.query_one("#quiz-feedback", Static)
            top, height = pane.scroll_offset.y, pane.scrollable_content_region.height
            assert top <= verdict.virtual_region.y < top + height - 2, question.label
            await pilot.press("n")
            await pilot.pause()


TRUE_FALSE_QUIZ = """\
[[question]]
kind = "true_false"
prompt = "Light is faster than sound."
answer = true

[[question]]
kind = "true_false"
prompt = "Sound travels in a vacuum."
answer = false
"""


async def test_true_false_takes_t_and_f_and_t_elsewhere_still_opens_stats(
    notes: Path, write: WriteFile
) -> None:
    write("waves.md", "# Waves\n\nLight is faster than sound; sound needs a medium.\n")
    write("waves.quiz.toml", TRUE_FALSE_QUIZ)
    app = new_app(load_course(notes))
    async with app.run_test(size=WIDE) as pilot:
        await pilot.press("s")
        assert "t or 1 picks True, f or 2 False" in str(app.query_one(".how-to", Label).content)
        await pilot.press("t", "enter")
        await pilot.pause()
        assert feedback(app).startswith("✓ Correct")
        await pilot.press("n", "f", "enter")
        await pilot.pause()
        assert feedback(app).startswith("✓ Correct") and isinstance(app.screen, StudyScreen)
        await pilot.press("t")  # the feedback has the keyboard: t is Stats again
        await pilot.pause()
        assert not isinstance(app.screen, StudyScreen)


def cells_course(notes: Path, write: WriteFile) -> Course:
    """A note with one cloze of two blanks."""
    write("cells.md", "# Cells\n\nThe nucleus holds the DNA; ribosomes make proteins.\n")
    write(
        "cells.quiz.toml",
        '[[question]]\nkind = "cloze"\ntext = "The {{nucleus}} holds the {{DNA}}."\n',
    )
    return load_course(notes)


async def test_enter_on_an_empty_blank_moves_on_and_twice_leaves_it(
    notes: Path, write: WriteFile
) -> None:
    app = new_app(cells_course(notes, write))
    async with app.run_test(size=WIDE) as pilot:
        await pilot.press("s")
        first, second = app.query_one("#blank-1", Input), app.query_one("#blank-2", Input)
        assert app.focused is first
        await pilot.press("enter")  # nothing typed: on to the next blank, not submitted
        assert app.focused is second and feedback(app) == ""
        await pilot.press(*"DNA", "enter")  # the first is still empty: back to it
        assert app.focused is first and feedback(app) == ""
        await pilot.press("enter")  # again on the same empty blank: leave it and submit
        await pilot.pause()
        assert feedback(app).startswith("◐ Partly right")


async def test_keys_go_to_the_blank_clicked(notes: Path, write: WriteFile) -> None:
    app = new_app(cells_course(notes, write))
    async with app.run_test(size=WIDE) as pilot:
        await pilot.press("s")
        await pilot.pause()
        await pilot.click("#blank-2")
        await pilot.press(*"DNA")
        await pilot.click("#blank-1")
        await pilot.press(*"nucleus", "enter")
        await pilot.pause()
        assert screen_of(app).attempt.graded.answer == ("nucleus", "DNA")


async def test_a_burst_of_keys_fills_each_blank_as_typed(notes: Path, write: WriteFile) -> None:
    """Over a slow SSH link "nucleus⏎DNA⏎" can arrive at once, every key queued for the
    first blank before Enter has moved the keyboard on."""
    app = new_app(cells_course(notes, write))
    async with app.run_test(size=WIDE) as pilot:
        await pilot.press("s")
        await pilot.pause()
        for key in (*"nucleus", "enter", *"DNA", "enter"):
            app.post_message(events.Key(key, "\r" if key == "enter" else key))
        await pilot.pause()
        assert feedback(app).startswith("✓ Correct")
        assert screen_of(app).attempt.graded.answer == ("nucleus", "DNA")


async def test_esc_over_a_typed_answer_asks_first(course: Course) -> None:
    app = new_app(course)
    async with app.run_test(size=WIDE) as pilot:
        await app.go_to_topic(BACKPROP)
        await pilot.press("s")
        await pilot.pause()  # the answer box is in place before anything is typed
        await pilot.press(*"chain rule", "escape")
        await pilot.pause()
        assert screen_of(app).session is not None  # still there, draft and all
        assert app.query_one("#answer-slot Input", Input).value == "chain rule"
        assert "Esc again stops the quiz" in list(app._notifications)[-1].message
        await pilot.press("escape")
        await pilot.pause()
        assert screen_of(app).session is None


def test_an_unsure_offline_verdict_asks_the_learner_to_check_not_partly_right() -> None:
    question = FreeText(
        id="sled",
        topic_id="t",
        prompt="Why does a sled slow down on flat snow?",
        reference="Friction turns the kinetic energy into heat, so the sled slows down.",
    )
    verdict = grade_free_text(question, "Because of friction with the snow.")
    assert verdict.unsure
    text = str(verdict_text(verdict, question))
    assert text.startswith("? Unsure: check against the answer   graded offline")
    assert "Partly right" not in text and "%" not in text.splitlines()[0]
    assert f"Answer: {question.reference}" in text
    assert "Right after all? Press o and it counts as correct." in text
    sure = grade_free_text(question, "gravity pulls it")
    assert not sure.unsure and str(verdict_text(sure, question)).startswith("✗ Wrong")


async def test_slash_finds_the_topic_whose_text_holds_the_words(course: Course) -> None:
    app = new_app(course)
    async with app.run_test(size=WIDE) as pilot:
        await pilot.press("slash", *"vanishing gradient")
        await pilot.pause(0.5)
        await pilot.press("enter")
        await pilot.pause()
        node = app.query_one(TopicTree).cursor_node
        assert node is not None and node.data.title == "Types:"  # under RNNs
        assert "vanishing gradient" in node.data.body


def footer_keys(app: TutorApp) -> dict[str, str]:
    """The footer's keys of the moment, by what they say."""
    return {
        active.binding.description: active.binding.key
        for active in app.active_bindings.values()
        if active.binding.show and active.enabled
    }


async def test_while_typing_the_footer_offers_the_ctrl_forms_and_they_work(
    notes: Path, write: WriteFile
) -> None:
    write("rivers.md", "# Rivers\n\nThe Nile flows north into the Mediterranean.\n")
    write(
        "rivers.quiz.toml",
        '[[question]]\nkind = "short"\ntopic = "Rivers"\nprompt = "Which way does the Nile'
        ' flow?"\nanswers = ["north"]\nhint = "Towards the sea it reaches."\n',
    )
    app = new_app(load_course(notes))
    async with app.run_test(size=WIDE) as pilot:
        await pilot.press("s")
        await pilot.pause()
        assert isinstance(app.focused, Input)
        keys = footer_keys(app)
        assert keys["Hint"] == "ctrl+t" and "Tree" not in keys  # h and \ would type
        await pilot.press("h", "backslash", "ctrl+t")
        await pilot.pause()
        assert app.query_one(Input).value == "h\\"
        assert "Towards the sea it reaches." in str(app.query_one("#quiz-hint", Static).content)
        assert screen_of(app).helped
        await pilot.press("shift+tab")  # out of the answer box: letters are commands again
        assert footer_keys(app).get("Tree") == "backslash"


async def test_s_on_a_topic_whose_questions_are_all_below_it_quizzes_them(
    course: Course,
) -> None:
    app = new_app(course)
    async with app.run_test(size=WIDE) as pilot:
        await pilot.pause()
        intro = prompt(app)
        assert "46 questions in the topics below. Press s to start the quiz." in intro
        await pilot.press("s")
        await pilot.pause()
        session = screen_of(app).session
        assert session is not None and len(session.questions) == 46


async def test_the_status_line_shows_only_where_free_text_is_graded(
    course: Course, notes: Path, write: WriteFile
) -> None:
    app = new_app(course)  # the bundled course asks free-text questions
    async with app.run_test(size=NARROW) as pilot:
        await pilot.pause()
        assert app.query_one("#status-line").display
        assert str(app.query_one("#grader-status", Static).content).startswith("Free text:")
    app = new_app(cells_course(notes, write))  # a cloze only: who grades free text is noise
    async with app.run_test(size=NARROW) as pilot:
        await pilot.pause()
        assert not app.query_one("#status-line").display


async def test_a_reference_pasted_whole_is_shown_cut(notes: Path, write: WriteFile) -> None:
    """A chapter pasted into a quiz file as a reference would take seconds to lay out
    after every answer: the pane shows as much of it as a lesson would, and says so."""
    write("cells.md", "# Cells\n\nOsmosis moves water.\n")
    reference = "Osmosis moves water across a membrane. " + "Tides follow the moon. " * 3000
    write(
        "cells.quiz.toml",
        f'[[question]]\nkind = "free"\nprompt = "Explain osmosis."\nreference = "{reference}"\n',
    )
    app = new_app(load_course(notes))
    async with app.run_test(size=WIDE) as pilot:
        await pilot.press("s")
        await pilot.pause()
        await pilot.press("x", "ctrl+s")
        await pilot.pause()
        shown = feedback(app)
        assert "Answer: Osmosis moves water across a membrane." in shown
        assert CUT_NOTICE in shown
        assert len(shown) < LESSON_CHARS + 2000
