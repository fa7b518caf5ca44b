"""A quiz or review open at quit goes on at the next start, where it stood."""

from __future__ import annotations

import os
from pathlib import Path

from tests.conftest import NOW, WriteFile, offline_config
from tests.test_study_screen import answer_right, prompt, screen_of
from tutor.clock import FixedClock
from tutor.course import Course, load_course
from tutor.study.progress import ProgressStore
from tutor.study.records import CourseProgress
from tutor.study.resume import (
    OpenSession,
    default_session_path,
    keep_open_session,
    load_open_session,
)
from tutor.study.session import QuizSession, ReviewSession
from tutor.ui.app import TutorApp, create_app

NOTE = "# Rivers\n\nThe Nile flows north.\n\n## Deltas\n\nA delta forms at the sea.\n"
QUIZ = "".join(
    f'[[question]]\nid = "q{n}"\nkind = "short"\ntopic = "Rivers"\n'
    f'prompt = "Question {n}?"\nanswers = ["a{n}"]\n\n'
    for n in range(1, 5)
)


def rivers(write: WriteFile, notes: Path, quiz: str = QUIZ) -> Course:
    write("rivers.md", NOTE)
    write("rivers.quiz.toml", quiz)
    return load_course(notes)


def new_app(course: Course) -> TutorApp:
    store = ProgressStore.open(clock=FixedClock(NOW))
    return create_app(course, store, offline_config(), blink=False)


def no_progress() -> CourseProgress:
    return CourseProgress()


def test_a_quiz_is_kept_and_restored_past_its_answered_questions(
    notes: Path, write: WriteFile
) -> None:
    course = rivers(write, notes)
    quiz = QuizSession.for_topic(course.topic("notes/rivers"), branch=False)
    quiz.record(1.0)  # the first answered, its feedback still on screen
    path = default_session_path()
    keep_open_session(path, course.id, OpenSession.of(quiz))

    kept = load_open_session(path, course.id)
    assert kept is not None and kept.next == "q2"
    again = kept.restore(course, no_progress, lambda: NOW, 20)
    assert isinstance(again, QuizSession)
    assert (again.current.id, again.scores, again.covers) == ("q2", {"q1": 1.0}, ("notes/rivers",))
    assert load_open_session(path, "another course") is None


def test_the_quiz_goes_on_over_the_questions_the_notes_have_now(
    notes: Path, write: WriteFile
) -> None:
    course = rivers(write, notes)
    quiz = QuizSession.for_topic(course.topic("notes/rivers"), branch=False)
    quiz.record(0.0)
    kept = OpenSession.of(quiz)
    assert kept.next == "q2"
    edited = rivers(write, notes, QUIZ.replace('id = "q3"', 'id = "q9"'))
    again = kept.restore(edited, no_progress, lambda: NOW, 20)
    assert [question.id for question in again.questions] == ["q1", "q2", "q9", "q4"]
    assert (again.current.id, again.scores) == ("q2", {"q1": 0.0})
    edited = rivers(write, notes, QUIZ.replace('id = "q2"', 'id = "q9"'))
    again = kept.restore(edited, no_progress, lambda: NOW, 20)
    assert again.current.id == "q9"  # the next one is gone: on after the last answered
    finished = OpenSession("quiz", "Rivers", "notes/rivers", next="", scores=(("q4", 1.0),))
    assert finished.restore(edited, no_progress, lambda: NOW, 20) is None
    gone = OpenSession("quiz", "Rivers", "notes/nowhere", next="q1")
    assert gone.restore(edited, no_progress, lambda: NOW, 20) is None


def test_a_branch_quiz_is_kept_by_its_topic_and_asks_the_branch_again(
    notes: Path, write: WriteFile
) -> None:
    deltas = "".join(
        f'[[question]]\nid = "d{n}"\nkind = "short"\ntopic = "Deltas"\n'
        f'prompt = "Delta {n}?"\nanswers = ["a"]\n\n'
        for n in range(1, 300)
    )
    course = rivers(write, notes, QUIZ + deltas)
    quiz = QuizSession.for_topic(course.topic("notes/rivers"), branch=True)
    quiz.record(1.0)
    path = default_session_path()
    keep_open_session(path, course.id, OpenSession.of(quiz))
    assert len(path.read_bytes()) < 300  # a line or two, however many questions the branch has
    again = load_open_session(path, course.id).restore(course, no_progress, lambda: NOW, 20)
    assert again.covers == ("notes/rivers", "notes/rivers/deltas") and again.branch
    assert (again.position, again.current.id) == ("Question 2 of 303", "q2")


def test_a_review_is_asked_again_for_the_cards_due_now(notes: Path, write: WriteFile) -> None:
    course = rivers(write, notes)
    review = ReviewSession("Rivers", course, no_progress, lambda: NOW, 20)
    review.record(1.0)
    kept = OpenSession.of(review)
    again = kept.restore(course, no_progress, lambda: NOW, 20)
    assert isinstance(again, ReviewSession) and again.scores == [1.0]
    assert again.position == f"Review card 2 of {1 + again.left}"
    gone = OpenSession("review", "Deltas", "notes/nowhere")
    assert gone.restore(course, no_progress, lambda: NOW, 20) is None


def test_a_file_tutor_did_not_write_is_not_resumed_from(tmp_path: Path) -> None:
    path = tmp_path / "session.toml"
    path.write_text("courses = [[[[1]]]]\n")
    assert load_open_session(path, "c") is None
    path.write_text('[courses.c]\nkind = "quiz"\ntitle = 3\n')
    assert load_open_session(path, "c") is None
    path.write_text(
        '[courses.c]\nkind = "quiz"\ntitle = "A"\ntopic = ""\nbranch = false\n'
        'next = ""\nscores = []\n'
    )
    assert load_open_session(path, "c") is None  # a quiz without a topic
    path.write_bytes(b"\xff\xfe")
    assert load_open_session(path, "c") is None
    keep_open_session(path, "c", OpenSession("review", "All", ""))  # replaces what it cannot read
    assert load_open_session(path, "c") == OpenSession("review", "All", "")
    keep_open_session(path, "d", None)
    keep_open_session(path, "c", None)
    assert load_open_session(path, "c") is None


async def test_quit_mid_quiz_and_reopen_goes_on_from_the_next_question(
    notes: Path, write: WriteFile
) -> None:
    course = rivers(write, notes)
    app = new_app(course)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("s")
        await pilot.pause()
        await answer_right(pilot, app)
        assert prompt(app).startswith("Question 1?")
    assert default_session_path().is_relative_to(os.environ["XDG_STATE_HOME"])
    reopened = new_app(course)
    async with reopened.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        screen = screen_of(reopened)
        assert isinstance(screen.session, QuizSession)
        assert screen.session.position == "Question 2 of 4"
        assert prompt(reopened).startswith("Question 2?")
        record = reopened.progress.topics.get("notes/rivers")
        assert record is None or record.read is None  # resumed on it, not opened to read
        await pilot.press("escape")  # stopped: not resumed again
        await pilot.pause()
    third = new_app(course)
    async with third.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        assert screen_of(third).session is None


async def test_an_overruled_verdict_is_kept_with_the_quiz(notes: Path, write: WriteFile) -> None:
    course = rivers(write, notes)
    app = new_app(course)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("s")
        await pilot.pause()
        await pilot.press("x", "enter")  # wrong
        await pilot.pause()
        await pilot.press("o")  # "I was right"
        await pilot.pause()
    kept = load_open_session(default_session_path(), course.id)
    assert kept is not None and kept.scores == (("q1", 1.0),)
