"""Cards scheduled by FSRS through the progress store, driven with explicit times.

Expected due dates are worked out by hand from FSRS-6's default parameters
(``fsrs.scheduler.DEFAULT_PARAMETERS``, called w below) at the default desired
retention of 0.9, where a review card's interval is its stability in days,
rounded: a new card rated Easy starts at stability w[3] = 8.2956, so it is
due 8 days later; rated Good, at w[2] = 2.3065, in its second learning step
(10 minutes), and a second Good graduates it with that stability (a same-day
review never lowers it), due 2 days later.
"""

from __future__ import annotations

import math
import tomllib
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from fsrs import State

from tests.conftest import WriteFile
from tutor.course import Course, load_course
from tutor.study import ProgressStore
from tutor.study.cards import LOG_SIZE, CardState
from tutor.study.due import due_cards, due_count, next_due
from tutor.study.rollups import Rollups
from tutor.study.schedule import Scheduler, card_id, fsrs_card, suggest_rating
from tutor.study.session import when

T0 = datetime(2026, 11, 26, 9, 0, tzinfo=UTC)
MINUTE, DAY = timedelta(minutes=1), timedelta(days=1)
COURSE = "demo"

QUIZ = """\
[[question]]
id = "{id}"
kind = "true_false"
topic = "{topic}"
prompt = "Statement {id}."
answer = true
explanation = "Because."
"""


def write_course(write: WriteFile) -> None:
    """Two notes, five questions: Algebra > Vectors (v1, v2), Matrices (m1); Calculus >
    Limits (l1, l2), in that order.
    """
    write("course.toml", f'id = "{COURSE}"\ntitle = "Demo"\n')
    write("1-algebra.md", "# Algebra\n\n## Vectors\n\nArrows.\n\n## Matrices\n\nGrids.\n")
    write("2-calculus.md", "# Calculus\n\n## Limits\n\nApproaches.\n")
    for note, questions in (
        ("1-algebra", [("v1", "Vectors"), ("v2", "Vectors"), ("m1", "Matrices")]),
        ("2-calculus", [("l1", "Limits"), ("l2", "Limits")]),
    ):
        quiz = "\n".join(QUIZ.format(id=id_, topic=topic) for id_, topic in questions)
        write(f"{note}.quiz.toml", quiz)


@pytest.fixture
def course(notes: Path, write: WriteFile) -> Course:
    write_course(write)
    loaded = load_course(notes)
    assert [question.id for question in loaded.questions] == ["v1", "v2", "m1", "l1", "l2"]
    return loaded


@pytest.fixture
def store(tmp_path: Path) -> ProgressStore:
    return ProgressStore.open(tmp_path / "progress.toml")


def review(store: ProgressStore, question: str, rating: int, when: datetime) -> None:
    score, verdict = {1: (0.0, "wrong"), 2: (0.5, "partial")}.get(rating, (1.0, "correct"))
    store.review(COURSE, question, rating, score, verdict, f"answer {rating}", 5.0, when)


def queue(course: Course, store: ProgressStore, when: datetime, new_limit: int = 20) -> list[str]:
    return [q.id for q in due_cards(course, store.course(COURSE), when, new_limit)]


@pytest.mark.parametrize(
    ("outcome", "helped", "rating"),
    [
        ("wrong", False, 1),
        ("wrong", True, 1),
        ("partial", False, 2),
        ("partial", True, 2),
        ("correct", False, 3),
        ("correct", True, 2),
    ],
)
def test_a_grade_suggests_a_rating_and_never_easy(outcome: str, helped: bool, rating: int) -> None:
    assert suggest_rating(outcome, helped) == rating


def test_an_unknown_outcome_is_refused() -> None:
    with pytest.raises(ValueError, match="outcome"):
        suggest_rating("right")


def test_card_ids_are_stable_and_distinct() -> None:
    assert card_id("v1") == card_id("v1") == 1028232052576552429
    assert len({card_id(f"q{number}") for number in range(1000)}) == 1000
    assert all(0 <= card_id(f"q{number}") < 2**63 for number in range(1000))


def test_a_card_answered_easily_moves_out_for_its_interval(store: ProgressStore) -> None:
    review(store, "v1", 4, T0)
    record = store.course(COURSE).questions["v1"]
    assert record.card is not None
    assert (record.card.state, record.card.step, record.card.due) == (
        State.Review,
        None,
        T0 + 8 * DAY,
    )
    assert record.card.stability == 8.2956 and record.card.last_review == T0
    assert record.card.difficulty == 1.0  # w[4] - e^(3 w[5]) + 1 < 1, clamped


def test_a_card_answered_right_twice_graduates(course: Course, store: ProgressStore) -> None:
    review(store, "v1", 3, T0)
    card = store.course(COURSE).questions["v1"].card
    assert card is not None
    assert (card.state, card.step, card.due) == (State.Learning, 1, T0 + 10 * MINUTE)
    assert card.stability == 2.3065
    assert "v1" not in queue(course, store, T0 + MINUTE, new_limit=5)
    review(store, "v1", 3, T0 + 10 * MINUTE)
    card = store.course(COURSE).questions["v1"].card
    assert card is not None
    assert (card.state, card.step) == (State.Review, None)
    assert card.stability == 2.3065 and card.due == T0 + 10 * MINUTE + 2 * DAY
    assert "v1" not in queue(course, store, T0 + DAY)
    assert queue(course, store, T0 + 10 * MINUTE + 2 * DAY)[0] == "v1"


def test_a_failed_card_comes_back_in_the_same_session(course: Course, store: ProgressStore) -> None:
    assert queue(course, store, T0, new_limit=3) == ["v1", "v2", "m1"]
    review(store, "v1", 1, T0)  # again: first learning step, 1 minute
    review(store, "v2", 3, T0 + 20 * timedelta(seconds=1))  # good: second step, 10 minutes
    review(store, "m1", 4, T0 + 40 * timedelta(seconds=1))  # easy: 8 days
    progress = store.course(COURSE)
    assert progress.questions["v1"].card.due == T0 + MINUTE  # type: ignore[union-attr]
    # Nothing due and no new card left today (3 introduced): the learning cards, early.
    assert queue(course, store, T0 + 50 * timedelta(seconds=1), new_limit=3) == ["v1", "v2"]
    assert next_due(course, progress, T0 + 50 * timedelta(seconds=1)) == T0 + MINUTE
    # Once due, the failed card comes first, on its own.
    assert queue(course, store, T0 + MINUTE, new_limit=3) == ["v1"]
    review(store, "v1", 3, T0 + 2 * MINUTE)
    assert queue(course, store, T0 + 3 * MINUTE, new_limit=3) == ["v2", "v1"]
    # A bigger daily limit brings in the next new cards before any learning card.
    assert queue(course, store, T0 + 3 * MINUTE, new_limit=4) == ["l1"]


def test_only_questions_first_answered_today_count_against_the_new_limit(
    course: Course, store: ProgressStore
) -> None:
    store.record_answer(COURSE, "v1", 1.0, "correct", "yes", T0 - 3 * DAY)  # no card
    review(store, "v1", 3, T0)  # its first review, but not its first answer
    review(store, "v2", 4, T0 - DAY)  # new yesterday
    review(store, "v2", 4, T0)  # and reviewed again today, early
    assert queue(course, store, T0 + MINUTE, new_limit=1) == ["m1"]
    review(store, "m1", 3, T0 + MINUTE)  # new today
    assert queue(course, store, T0 + 2 * MINUTE, new_limit=1) == ["v1", "m1"]  # learning, early
    assert queue(course, store, T0 + 2 * MINUTE, new_limit=2) == ["l1"]


def test_a_lapsed_review_card_relearns_within_minutes(course: Course, store: ProgressStore) -> None:
    review(store, "l1", 4, T0)
    assert queue(course, store, T0 + 8 * DAY - MINUTE, new_limit=0) == []  # review cards: not early
    review(store, "l1", 1, T0 + 8 * DAY)
    card = store.course(COURSE).questions["l1"].card
    assert card is not None
    assert (card.state, card.step, card.due) == (State.Relearning, 0, T0 + 8 * DAY + 10 * MINUTE)
    assert queue(course, store, T0 + 8 * DAY + 5 * MINUTE, new_limit=0) == ["l1"]  # learnt ahead


def test_cards_come_most_overdue_first_then_new_ones_in_course_order(
    course: Course, store: ProgressStore
) -> None:
    review(store, "l1", 4, T0)  # due T0 + 8 days
    review(store, "m1", 4, T0 - DAY)  # due T0 + 7 days
    review(store, "l2", 1, T0 + 8 * DAY)  # new, failed: due a minute later
    later = T0 + 9 * DAY
    assert queue(course, store, later) == ["m1", "l1", "l2", "v1", "v2"]
    assert queue(course, store, later, new_limit=1) == ["m1", "l1", "l2", "v1"]
    branch = course.topic("demo/calculus")
    assert branch is not None
    ids = [q.id for q in due_cards(course, store.course(COURSE), later, 20, branch=branch)]
    assert ids == ["l1", "l2"]


def test_due_counts_roll_up_the_topic_tree(course: Course, store: ProgressStore) -> None:
    review(store, "v1", 4, T0)  # due T0 + 8 days
    review(store, "v2", 3, T0)  # due T0 + 10 minutes
    review(store, "m1", 1, T0)  # due T0 + 1 minute
    review(store, "l1", 4, T0 - 10 * DAY)  # due T0 - 2 days
    progress, now = store.course(COURSE), T0 + 5 * MINUTE
    assert due_count(course, progress, now) == 2
    assert Rollups(course, progress, now).due == {
        "demo/algebra": 1,
        "demo/algebra/vectors": 0,
        "demo/algebra/matrices": 1,
        "demo/calculus": 1,
        "demo/calculus/limits": 1,
    }
    assert due_count(course, progress, T0 + 8 * DAY) == 4


def test_fsrs_state_round_trips_exactly(tmp_path: Path) -> None:
    path = tmp_path / "progress.toml"
    store = ProgressStore.open(path)
    moment = T0.replace(microsecond=123456)
    review(store, "learning", 3, moment)
    review(store, "review", 4, moment)
    review(store, "relearning", 4, moment)
    review(store, "relearning", 1, moment + 9 * DAY)
    store.save()
    written = store.course(COURSE).questions
    reread = ProgressStore.open(path).course(COURSE).questions
    for name in ("learning", "review", "relearning"):
        assert reread[name].card == written[name].card, name
        assert reread[name].log == written[name].log, name
        assert reread[name] == written[name], name
    cards = {
        name: tomllib.loads(path.read_text())["courses"][COURSE]["questions"][name]["card"]
        for name in ("learning", "review", "relearning")
    }
    assert cards["review"] == {
        "due": moment + 8 * DAY,
        "state": 2,
        "stability": 8.2956,
        "difficulty": 1.0,
        "last_review": moment,
    }  # no step in the review state: the key is absent, not null
    assert cards["learning"]["step"] == 1 and cards["relearning"]["step"] == 0
    assert all(card["due"].tzinfo is UTC for card in cards.values())


def test_a_card_without_a_past_is_restored_with_its_absent_values(tmp_path: Path) -> None:
    path = tmp_path / "progress.toml"
    path.write_text(
        "schema = 2\n[courses.demo.questions]\n"
        "q = { attempts = 1, last_score = 1.0, best_score = 1.0,"
        ' last_verdict = "correct", last_answered = 2026-11-26T09:00:00Z, last_answer = "",'
        " card = { due = 2026-11-26T09:00:00Z, state = 1 } }\n"
    )
    card = ProgressStore.open(path).course(COURSE).questions["q"].card
    assert card == CardState(datetime(2026, 11, 26, 9, tzinfo=UTC), State.Learning)
    assert (card.step, card.stability, card.difficulty, card.last_review) == (None,) * 4


def test_a_schema_1_file_is_migrated_without_loss(course: Course, tmp_path: Path) -> None:
    path = tmp_path / "progress.toml"
    old_line = (
        'l1 = { attempts = 3, last_score = 0.5, best_score = 1.0, last_verdict = "partial",'
        ' last_answered = 2026-11-20T08:00:00Z, last_answer = "a \\"quoted\\" answer" }'
    )
    path.write_text(
        'schema = 1\nlast_course = "/notes"\n\n[courses.demo]\npath = "/notes"\n'
        '\n[courses.demo.topics]\n"demo/calculus/limits" = { read = 2026-11-19T08:00:00Z }\n'
        "\n[courses.demo.questions]\n"
        'v1 = { attempts = 2, last_score = 1.0, best_score = 1.0, last_verdict = "correct",'
        ' last_answered = 2026-11-21T08:00:00Z, last_answer = "yes" }\n' + old_line + "\n"
    )
    store = ProgressStore.open(path)
    assert store.notice is None and store.last_course == "/notes"
    progress = store.course(COURSE)
    record = progress.questions["l1"]
    assert (record.attempts, record.last_score, record.best_score) == (3, 0.5, 1.0)
    assert (record.last_answer, record.card, len(record.log)) == ('a "quoted" answer', None, 0)
    # Studied before, so not new: due at once, the longest unseen first.
    assert queue(course, store, T0, new_limit=0) == ["l1", "v1"]
    review(store, "v1", 3, T0)
    store.fold()
    text = path.read_text()
    assert tomllib.loads(text)["schema"] == 2 and old_line in text.splitlines()
    migrated = ProgressStore.open(path).course(COURSE)
    assert migrated.questions["v1"].attempts == 3 and migrated.questions["v1"].card is not None
    assert migrated.questions["l1"] == record
    assert migrated.topics["demo/calculus/limits"].read == datetime(2026, 11, 19, 8, tzinfo=UTC)


def test_rerating_replaces_the_review(store: ProgressStore, tmp_path: Path) -> None:
    review(store, "v1", 4, T0)
    review(store, "v1", 3, T0 + 8 * DAY)
    store.save()
    reopened = ProgressStore.open(tmp_path / "progress.toml")  # the card before is kept on disk
    record = reopened.rerate(COURSE, "v1", 1, answered=T0 + 8 * DAY)
    direct = ProgressStore.open(tmp_path / "elsewhere.toml")
    review(direct, "v1", 4, T0)
    review(direct, "v1", 1, T0 + 8 * DAY)
    expected = direct.course(COURSE).questions["v1"]
    assert record is not None and record.card == expected.card
    assert record.card.state == State.Relearning  # type: ignore[union-attr]
    assert record.attempts == 2 and [r.rating for r in record.log] == [4, 1]
    assert record.log[-1].rerated and not expected.log[-1].rerated
    # Re-rating again starts from the same card before, not from the re-rated one.
    again = reopened.rerate(COURSE, "v1", 3, answered=T0 + 8 * DAY)
    review(direct, "v2", 4, T0)
    review(direct, "v2", 3, T0 + 8 * DAY)
    assert again is not None and again.card == direct.course(COURSE).questions["v2"].card


def test_rerating_an_older_review_only_corrects_the_log(store: ProgressStore) -> None:
    review(store, "v1", 4, T0)
    review(store, "v1", 3, T0 + 8 * DAY)
    card = store.course(COURSE).questions["v1"].card
    record = store.rerate(COURSE, "v1", 2, answered=T0)
    assert record is not None and record.card == card
    assert [r.rating for r in record.log] == [2, 3]
    assert store.rerate(COURSE, "v1", 2, answered=T0 + DAY) == record  # no such review
    assert store.rerate(COURSE, "unknown", 2, answered=T0) is None


def test_a_regrade_re_rates_unless_the_learner_did(store: ProgressStore) -> None:
    review(store, "v1", 3, T0)
    record = store.regrade_answer(COURSE, "v1", 0.1, "wrong", T0, best_before=0.0, rating=1)
    assert record is not None and record.last_score == 0.1 and record.attempts == 1
    assert (record.log[-1].rating, record.log[-1].score) == (1, 0.1)
    assert record.card is not None and record.card.due == T0 + MINUTE  # as if failed
    review(store, "v2", 3, T0)
    store.rerate(COURSE, "v2", 4, answered=T0)
    record = store.regrade_answer(COURSE, "v2", 0.3, "partial", T0, best_before=0.0, rating=2)
    assert record is not None and (record.log[-1].rating, record.log[-1].score) == (4, 0.3)
    assert record.card is not None and record.card.due == T0 + 8 * DAY  # the learner's Easy


def test_the_log_keeps_the_last_reviews_only(store: ProgressStore) -> None:
    for number in range(LOG_SIZE + 5):
        review(store, "v1", 3, T0 + number * DAY)
    record = store.course(COURSE).questions["v1"]
    assert len(record.log) == LOG_SIZE and record.attempts == LOG_SIZE + 5
    assert record.log[0].t == T0 + 5 * DAY and record.log[-1].t == T0 + (LOG_SIZE + 4) * DAY
    assert [review.before is not None for review in record.log] == [False] * (LOG_SIZE - 1) + [True]


def test_reviews_of_two_sessions_merge_in_time_order(tmp_path: Path) -> None:
    path = tmp_path / "progress.toml"
    first, second = ProgressStore.open(path), ProgressStore.open(path)
    review(first, "v1", 4, T0)
    first.save()
    review(second, "v1", 4, T0 + 8 * DAY)
    review(first, "v1", 3, T0 + 9 * DAY)  # the later review, saved first
    first.save()
    second.save()
    record = ProgressStore.open(path).course(COURSE).questions["v1"]
    assert [(r.t, r.rating) for r in record.log] == [
        (T0, 4),
        (T0 + 8 * DAY, 4),
        (T0 + 9 * DAY, 3),
    ]
    assert record.attempts == 3
    assert record.card == first.course(COURSE).questions["v1"].card  # the latest review's


@pytest.mark.parametrize("rating", [0, 5, True, "3", 2.0])
def test_bad_ratings_are_refused(store: ProgressStore, rating: object) -> None:
    with pytest.raises(ValueError, match="rating"):
        store.review(COURSE, "v1", rating, 1.0, "correct", "x", 1.0, T0)  # type: ignore[arg-type]
    assert store.course(COURSE).questions.get("v1") is None


@pytest.mark.parametrize("seconds", [-1.0, math.nan, math.inf, "5"])
def test_bad_times_taken_are_refused(store: ProgressStore, seconds: object) -> None:
    with pytest.raises(ValueError, match="seconds"):
        store.review(COURSE, "v1", 3, 1.0, "correct", "x", seconds, T0)  # type: ignore[arg-type]


def test_desired_retention_sets_the_intervals(tmp_path: Path) -> None:
    store = ProgressStore.open(tmp_path / "progress.toml", desired_retention=0.8)
    review(store, "v1", 4, T0)
    # interval = S / F * (0.8^(1/decay) - 1), F = 0.9^(1/decay) - 1, decay = -0.1542
    decay = -0.1542
    days = 8.2956 / (0.9 ** (1 / decay) - 1) * (0.8 ** (1 / decay) - 1)
    assert store.course(COURSE).questions["v1"].card.due == T0 + round(days) * DAY  # type: ignore[union-attr]
    assert round(days) == 28


@pytest.mark.parametrize(
    ("ahead", "said"),
    [
        (timedelta(seconds=30), "now"),
        (timedelta(minutes=9, seconds=40), "in 10 minutes"),
        (timedelta(hours=1, minutes=20), "in 1 hour"),
        (timedelta(days=7, hours=20), "in 8 days"),  # as the saved due date says
        (timedelta(days=1), "in 1 day"),
    ],
)
def test_when_says_the_nearest_unit(ahead: timedelta, said: str) -> None:
    now = datetime(2026, 11, 26, 10, 0, tzinfo=UTC)
    assert when(now + ahead, now) == said


@pytest.mark.parametrize("ratings", [(4,), (3,), (3, 3), (3, 3, 1), (1, 1, 2, 3, 4)])
def test_a_stored_card_is_what_fsrs_serialises_of_it(ratings: tuple[int, ...]) -> None:
    """The ``card`` table of the progress file is py-fsrs's own ``Card.to_dict()`` (less
    the id, which tutor derives from the question's, and absent values): a field py-fsrs
    adds or renames fails here before a stored card could lose it. Times stay TOML
    datetimes, not the ISO strings ``to_dict`` gives."""
    scheduler, card, moment = Scheduler(), None, T0
    for rating in ratings:
        card = scheduler.next_card("q", card, rating, moment)
        moment = card.due + MINUTE
        assert card is not None
        serialised = fsrs_card(card_id("q"), card, moment).to_dict()
        expected = {
            key: datetime.fromisoformat(value) if key in ("due", "last_review") else value
            for key, value in serialised.items()
            if key != "card_id" and value is not None
        }
        assert card.to_toml() == expected
        assert set(CardState._fields) == {*serialised} - {"card_id"} | {"extra"}
