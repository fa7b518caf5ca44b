"""The study core without the app: an attempt from answer to grade, rating, record,
save, a model's regrade and the learner's re-rating, in quizzes and reviews alike."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from tests.conftest import WriteFile
from tutor.clock import FixedClock
from tutor.course import Course, load_course
from tutor.grading import Outcome, Verdict
from tutor.llm import GraderStatus
from tutor.study.attempt import LOOKING, STOPPED, Attempt, answer_as_text
from tutor.study.progress import ProgressStore
from tutor.study.session import QuizSession, ReviewSession

COURSE = "physics"
REFERENCE = "Friction turns the kinetic energy into heat, so the sled slows down."
QUIZ = f"""\
[[question]]
id = "tf"
kind = "true_false"
topic = "Friction"
prompt = "Friction always opposes sliding."
answer = true

[[question]]
id = "why"
kind = "free"
topic = "Friction"
prompt = "Why does a sled slow down on flat snow?"
reference = "{REFERENCE}"
key_points = ["friction", "kinetic energy becomes heat"]
"""
READY = GraderStatus(True, "llama3.2", "http://127.0.0.1:1", "llama3.2 via Ollama")
NOT_RUNNING = GraderStatus(False, "llama3.2", "", "offline", "Ollama not running")


@pytest.fixture
def course(notes: Path, write: WriteFile) -> Course:
    write("course.toml", f'id = "{COURSE}"\ntitle = "Physics"\n')
    write("friction.md", "# Friction\n\nFriction turns motion into heat.\n")
    write("friction.quiz.toml", QUIZ)
    return load_course(notes)


@pytest.fixture
def store(tmp_path: Path, clock: FixedClock) -> ProgressStore:
    return ProgressStore.open(tmp_path / "progress.toml", clock=clock)


class Saves:
    """Counts the saves an attempt asks for, and does them."""

    def __init__(self, store: ProgressStore) -> None:
        self.store, self.count = store, 0

    def __call__(self) -> None:
        self.count += 1
        self.store.save()


def quiz(course: Course) -> QuizSession:
    return QuizSession.for_topic(course.topics[0], branch=False)


def submit(
    store: ProgressStore,
    session: QuizSession | ReviewSession,
    answer: object,
    *,
    seconds: float = 30.0,
    model: GraderStatus | None = None,
    llm_enabled: bool = False,
) -> Attempt:
    return Attempt.submit(
        store,
        COURSE,
        session,
        answer,
        seconds,
        model,
        llm_enabled,
        Saves(store),  # type: ignore[arg-type]
    )


def model_says(score: float) -> Verdict:
    return Verdict.scored(score, "The model's feedback.", "llama3.2", expected=REFERENCE)


def reopened(store: ProgressStore, question: str):
    return ProgressStore.open(store.path).course(COURSE).questions[question]


def test_an_answer_is_graded_rated_recorded_and_saved(
    course: Course, store: ProgressStore, clock: FixedClock
) -> None:
    session = quiz(course)
    saves = Saves(store)
    attempt = Attempt.submit(store, COURSE, session, True, 30.0, None, False, saves)
    graded = attempt.graded
    assert graded.verdict.outcome is Outcome.CORRECT and graded.verdict.grader == "rules"
    assert graded.rating == 3 and not graded.rated_by_learner  # right, not quick: Good
    assert graded.answered == clock.now() and graded.best_before == 0.0
    assert graded.due is not None and graded.due > clock.now()
    assert saves.count == 1 and not attempt.asks_model
    record = reopened(store, "tf")
    assert (record.attempts, record.last_verdict, record.last_answer) == (1, "correct", "true")
    assert record.card is not None and record.card.due == graded.due
    assert session.scores == {"tf": 1.0}


def test_the_learners_rating_replaces_the_suggested_one(
    course: Course, store: ProgressStore
) -> None:
    attempt = submit(store, quiz(course), False)
    assert attempt.graded.rating == 1
    before = attempt.graded.due
    attempt.rate(4)
    assert attempt.graded.rating == 4 and attempt.graded.rated_by_learner
    assert attempt.graded.due is not None and before is not None and attempt.graded.due > before
    log = reopened(store, "tf").log
    assert [review.rating for review in log] == [4]  # replaced, not a second review


def free_text_attempt(
    course: Course, store: ProgressStore, session: QuizSession | ReviewSession
) -> Attempt:
    while session.current is not None and session.current.id != "why":
        session.advance()
    return submit(store, session, "It slows.", seconds=60.0, model=READY, llm_enabled=True)


def test_a_models_verdict_replaces_the_grade_everywhere(
    course: Course, store: ProgressStore
) -> None:
    session = quiz(course)
    attempt = free_text_attempt(course, store, session)
    assert attempt.asks_model and attempt.graded.verdict.grader == "offline"
    offline_score = attempt.graded.verdict.score
    attempt.take_model_verdict(model_says(0.9))
    graded = attempt.graded
    assert graded.verdict.grader == "llama3.2" and graded.rating == 3
    assert session.scores["why"] == 0.9 != offline_score
    record = reopened(store, "why")
    assert (record.attempts, record.last_score, record.last_verdict) == (1, 0.9, "correct")
    assert [review.rating for review in record.log] == [3]


def review_of(course: Course, store: ProgressStore, clock: FixedClock) -> ReviewSession:
    """A review of the course's cards due (all new, at first)."""
    return ReviewSession(
        title="Physics",
        course=course,
        progress=lambda: store.course(COURSE),
        clock=clock.now,
        new_limit=20,
    )


def test_a_models_regrade_counts_in_a_review_summary_too(
    course: Course, store: ProgressStore, clock: FixedClock
) -> None:
    session = review_of(course, store, clock)
    attempt = free_text_attempt(course, store, session)
    assert session.right == 0  # the offline grader found too little
    attempt.take_model_verdict(model_says(1.0))
    assert (session.reviewed, session.right) == (1, 1)
    assert "1 reviewed, 1 right, 0 wrong." in session.summary()[1]


def test_a_rating_the_learner_chose_survives_a_models_verdict(
    course: Course, store: ProgressStore
) -> None:
    attempt = free_text_attempt(course, store, quiz(course))
    attempt.rate(2)
    attempt.take_model_verdict(model_says(1.0))
    assert attempt.graded.rating == 2 and attempt.graded.rated_by_learner
    assert [review.rating for review in reopened(store, "why").log] == [2]


def test_when_the_model_fails_the_offline_grade_stands_with_the_reason(
    course: Course, store: ProgressStore
) -> None:
    attempt = free_text_attempt(course, store, quiz(course))
    offline = attempt.graded.verdict
    fallback = replace(Verdict.scored(0.1, "x", "offline"), reason="timed out")
    attempt.take_model_verdict(fallback)
    assert attempt.graded.verdict == replace(offline, reason="timed out")
    assert reopened(store, "why").last_score == offline.score
    attempt.stop_model()
    assert attempt.graded.verdict.reason == STOPPED


@pytest.mark.parametrize(
    ("model", "llm_enabled", "reason"),
    [
        (None, True, LOOKING),
        (NOT_RUNNING, True, "Ollama not running"),
        (NOT_RUNNING, False, ""),  # LLM grading off: nothing to explain
    ],
)
def test_free_text_graded_offline_says_why_when_a_model_was_meant_to(
    course: Course,
    store: ProgressStore,
    model: GraderStatus | None,
    llm_enabled: bool,
    reason: str,
) -> None:
    session = quiz(course)
    session.advance()
    attempt = submit(store, session, "It slows.", model=model, llm_enabled=llm_enabled)
    assert not attempt.asks_model and attempt.graded.verdict.reason == reason


def test_a_finished_session_has_nothing_to_answer(course: Course, store: ProgressStore) -> None:
    session = quiz(course)
    session.advance()
    session.advance()
    with pytest.raises(RuntimeError):
        submit(store, session, True)


@pytest.mark.parametrize(
    ("answer", "text"),
    [(True, "true"), ("x", "x"), (frozenset({"b", "a"}), "a | b"), (("p", "q"), "p | q")],
)
def test_answers_as_stored(answer: object, text: str) -> None:
    assert answer_as_text(answer) == text  # type: ignore[arg-type]


def test_a_right_answer_given_with_help_suggests_hard(course: Course, store: ProgressStore) -> None:
    attempt = Attempt.submit(
        store, COURSE, quiz(course), True, 2.0, None, False, Saves(store), True
    )
    assert attempt.graded.verdict.outcome is Outcome.CORRECT
    assert (attempt.graded.rating, attempt.graded.helped) == (2, True)


def test_a_quick_right_answer_is_good_not_easy(course: Course, store: ProgressStore) -> None:
    assert submit(store, quiz(course), True, seconds=1.0).graded.rating == 3


RECALL_NOTE = """\
# Friction

Friction turns the kinetic energy of a sliding sled into heat, which is why
it slows down on flat snow without anyone braking.
"""


@pytest.fixture
def recall_course(notes: Path, write: WriteFile) -> Course:
    write("course.toml", f'id = "{COURSE}"\ntitle = "Physics"\n')
    write("friction.md", RECALL_NOTE)
    return load_course(notes)


def test_a_recall_card_is_rated_by_the_learner_and_scored_by_that_rating(
    recall_course: Course, store: ProgressStore
) -> None:
    session = quiz(recall_course)
    card = session.current
    assert card is not None and card.kind == "recall" and card.prompt == "Friction"
    with pytest.raises(TypeError, match="rated by the learner"):
        submit(store, session, "heat")
    attempt = Attempt.recalled(store, COURSE, session, "heat, slows", 12.0, 2, Saves(store))
    graded = attempt.graded
    assert (graded.rating, graded.rated_by_learner, graded.verdict.grader) == (2, True, "you")
    assert graded.verdict.outcome is Outcome.CORRECT  # Hard is still recalled
    record = reopened(store, card.id)
    assert (record.last_answer, record.best_score, [r.rating for r in record.log]) == (
        "heat, slows",
        0.8,
        [2],
    )
    attempt.rate(1)  # on second thoughts: not recalled
    assert attempt.graded.verdict.outcome is Outcome.WRONG and session.scores[card.id] == 0.0
    record = reopened(store, card.id)
    assert (record.last_verdict, [r.rating for r in record.log]) == ("wrong", [1])


def test_a_graded_question_cannot_be_self_rated(course: Course, store: ProgressStore) -> None:
    with pytest.raises(TypeError, match="graded"):
        Attempt.recalled(store, COURSE, quiz(course), "", 1.0, 3, Saves(store))


def test_i_was_right_overrules_the_grader_everywhere_and_a_model_does_not_undo_it(
    course: Course, store: ProgressStore
) -> None:
    session = quiz(course)
    attempt = free_text_attempt(course, store, session)
    offline = attempt.graded.verdict
    assert offline.outcome is not Outcome.CORRECT
    assert attempt.graded.can_overrule_to is Outcome.CORRECT
    attempt.overrule()
    graded = attempt.graded
    assert (graded.verdict.outcome, graded.verdict.score, graded.verdict.grader) == (
        Outcome.CORRECT,
        1.0,
        "you",
    )
    assert graded.verdict.reason == f"the offline grader said {offline.outcome.label}"
    assert graded.overruled == offline and graded.rating == 3 and not attempt.asks_model
    assert session.scores["why"] == 1.0
    attempt.take_model_verdict(model_says(0.1))  # too late: the learner decided
    assert attempt.graded.verdict.score == 1.0
    record = reopened(store, "why")
    assert (record.attempts, record.last_score, record.last_verdict) == (1, 1.0, "correct")
    assert [(review.score, review.rating, review.overruled) for review in record.log] == [
        (1.0, 3, True)
    ]


def test_i_was_wrong_overrules_a_correct_verdict_and_pressing_again_overrules_back(
    course: Course, store: ProgressStore
) -> None:
    attempt = submit(store, quiz(course), True)
    assert attempt.graded.can_overrule_to is Outcome.WRONG
    attempt.overrule()
    assert (attempt.graded.verdict.outcome, attempt.graded.rating) == (Outcome.WRONG, 1)
    assert attempt.graded.verdict.reason == "the rules said correct"
    attempt.overrule()
    assert (attempt.graded.verdict.outcome, attempt.graded.rating) == (Outcome.CORRECT, 3)
    assert attempt.graded.verdict.reason == "the rules said correct"
    assert reopened(store, "tf").log[-1].overruled


def test_a_recall_card_cannot_be_overruled(
    store: ProgressStore, notes: Path, write: WriteFile
) -> None:
    write("topic.md", "# Topic\n\n" + "A section long enough to become a recall card here. " * 3)
    session = QuizSession.for_topic(load_course(notes).topics[0], branch=False)
    attempt = Attempt.recalled(store, COURSE, session, "", 5.0, 3, Saves(store))
    assert attempt.graded.can_overrule_to is None
    with pytest.raises(TypeError):
        attempt.overrule()


def answered_once(course: Course, store: ProgressStore, clock: FixedClock) -> QuizSession:
    """A quiz after "tf" was answered right yesterday, and the clock a day on."""
    submit(store, quiz(course), True)
    clock.advance(days=1)
    return quiz(course)


def test_undo_of_a_first_answer_leaves_the_question_never_answered(
    course: Course, store: ProgressStore, clock: FixedClock
) -> None:
    session = quiz(course)
    attempt = submit(store, session, False)
    assert attempt.undo() is None
    assert "tf" not in store.course(COURSE).questions
    assert session.current is not None and session.current.id == "tf"
    assert not session.answered and session.scores == {}
    reread = ProgressStore.open(store.path).course(COURSE)
    assert "tf" not in reread.questions
    assert reread.undone == {"tf": (clock.now(),)}
    again = submit(store, session, True)  # within the same second: still recorded
    assert again.graded.answered > clock.now()
    record = reopened(store, "tf")
    assert (record.attempts, record.last_answer, len(record.log)) == (1, "true", 1)
    assert session.scores == {"tf": 1.0}


@pytest.mark.parametrize("then", ["nothing", "rerate", "overrule", "model"])
def test_undo_of_a_later_answer_restores_the_record_before_it_exactly(
    course: Course, store: ProgressStore, clock: FixedClock, then: str
) -> None:
    session = answered_once(course, store, clock)
    if then == "model":
        attempt = free_text_attempt(course, store, session)
    else:
        attempt = submit(store, session, False)
    before = attempt.graded.previous
    match then:
        case "rerate":
            attempt.rate(4)
        case "overrule":
            attempt.overrule()
        case "model":
            attempt.take_model_verdict(model_says(1.0))
    assert attempt.undo() == before
    question = attempt.question.id
    assert store.course(COURSE).questions.get(question) == before
    assert reopened(store, "tf") == store.course(COURSE).questions["tf"]
    if before is not None:
        assert as_read(reopened(store, question)) == as_read(before)
    assert attempt.question.id not in session.scores


def as_read(record: object) -> tuple[object, ...]:
    """A record with its log decoded, to compare all of it."""
    return (record, tuple(record.log), record.log.unread)  # type: ignore[attr-defined]


def test_undo_in_a_review_asks_the_same_card_again(
    course: Course, store: ProgressStore, clock: FixedClock
) -> None:
    session = review_of(course, store, clock)
    card = session.current
    attempt = submit(store, session, True)
    assert session.reviewed == 1
    attempt.undo()
    assert (session.current, session.answered, session.reviewed) == (card, False, 0)
    assert card is not None and card.id not in store.course(COURSE).questions  # new again


def test_undo_puts_back_a_damaged_record_the_answer_replaced(
    course: Course, tmp_path: Path, clock: FixedClock
) -> None:
    """A record tutor could not read (a hand edit) is replaced by the next answer; taking
    that answer back must not lose it: it is in the file again, as it was written."""
    damaged = 'tf = { attempts = "many", note = "keep me" }'
    path = tmp_path / "progress.toml"
    path.write_text(f"schema = 1\n\n[courses.{COURSE}.questions]\n{damaged}\n", encoding="utf-8")
    store = ProgressStore.open(path, clock=clock)
    assert store.notice is not None and "damaged" in store.notice
    attempt = submit(store, quiz(course), True)
    assert attempt.undo() is None
    assert damaged in path.read_text(encoding="utf-8").splitlines()
    reread = ProgressStore.open(path, clock=clock)
    assert "tf" not in reread.course(COURSE).questions
    assert reread.course(COURSE).damaged_questions["tf"]["note"] == "keep me"
