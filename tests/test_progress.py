"""The progress store: what it keeps, how it merges sessions, and what it does with bad files."""

from __future__ import annotations

import os
import re
import tomllib
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import pytest

from tests.test_progress_toml import AWKWARD
from tutor.study import (
    CourseProgress,
    ProgressError,
    ProgressStore,
    QuestionRecord,
    TopicRecord,
    default_progress_path,
)
from tutor.study import progress as progress_module

COURSE = "ml-concepts"
TOPIC = "ml-concepts/advanced-machine-learning-concepts/transfer-learning"
QUESTION = "backprop-chain-rule"
T0 = datetime(2026, 11, 26, 6, 45, tzinfo=UTC)


@pytest.fixture
def path(tmp_path: Path) -> Path:
    return tmp_path / "data" / "progress.toml"


def answer(
    store: ProgressStore, question: str, score: float, when: datetime, text: str = ""
) -> None:
    verdict = "correct" if score == 1 else "partial" if score else "wrong"
    store.record_answer(COURSE, question, score, verdict, text or f"answer at {when}", when)


def test_default_path_is_in_the_user_data_folder(tmp_path: Path) -> None:
    expected = tmp_path / "user" / "xdg_data_home" / "tutor" / "progress.toml"
    assert default_progress_path() == expected
    assert ProgressStore.open().path == expected


def test_every_field_survives_a_save_and_reopen(path: Path) -> None:
    store = ProgressStore.open(path)
    assert store.notice is None and store.last_course is None
    store.open_course(COURSE, "/home/me/notes")
    store.mark_read(
        COURSE, TOPIC, datetime(2026, 11, 26, 8, 0, tzinfo=timezone(timedelta(hours=1)))
    )
    store.set_last_topic(COURSE, TOPIC)
    store.record_answer(COURSE, QUESTION, 0.5, "partial", "first", T0)
    returned = store.record_answer(COURSE, QUESTION, 0.25, "wrong", AWKWARD[5], T0 + timedelta(1))
    store.record_answer("other", "q-1a2b3c4d5e", 1, "correct", "x", T0.replace(microsecond=7))
    store.save()

    reopened = ProgressStore.open(path)
    assert reopened.notice is None
    assert reopened.last_course == "/home/me/notes"
    course = reopened.course(COURSE)
    assert course == store.course(COURSE)
    assert course.path == "/home/me/notes" and course.last_topic == TOPIC
    assert course.topics == {TOPIC: TopicRecord(read=datetime(2026, 11, 26, 7, 0, tzinfo=UTC))}
    assert (
        course.questions[QUESTION]
        == returned
        == QuestionRecord(
            attempts=2,
            last_score=0.25,
            best_score=0.5,
            last_verdict="wrong",
            last_answered=T0 + timedelta(1),
            last_answer=AWKWARD[5],
        )
    )
    assert reopened.course("other").questions["q-1a2b3c4d5e"].last_answered.microsecond == 7
    on_disk = tomllib.loads(path.read_text(encoding="utf-8"))
    assert on_disk["schema"] == 2
    assert on_disk["courses"][COURSE]["topics"][TOPIC]["read"].tzinfo == UTC


@pytest.mark.parametrize("text", AWKWARD)
def test_awkward_answers_and_ids_round_trip(path: Path, text: str) -> None:
    store = ProgressStore.open(path)
    store.open_course(text, text)
    store.mark_read(text, text, T0)
    store.record_answer(text, text, 1.0, "correct", text, T0)
    store.save()
    reopened = ProgressStore.open(path)
    assert reopened.notice is None
    assert reopened.last_course == text
    assert reopened.course(text) == store.course(text)
    assert reopened.course(text).questions[text].last_answer == text


def test_lone_surrogates_become_replacement_characters(path: Path) -> None:
    store = ProgressStore.open(path)
    store.record_answer(COURSE, QUESTION, 1, "correct", "bad \udcff byte", T0)
    store.save()
    assert (
        ProgressStore.open(path).course(COURSE).questions[QUESTION].last_answer == "bad \ufffd byte"
    )


def test_answers_add_up_best_score_is_kept_and_the_latest_answer_shows(path: Path) -> None:
    store = ProgressStore.open(path)
    answer(store, QUESTION, 1.0, T0, "right")
    record = store.record_answer(COURSE, QUESTION, 0.0, "wrong", "oops", T0 + timedelta(1))
    assert (record.attempts, record.best_score, record.last_score) == (2, 1.0, 0.0)
    assert (record.last_verdict, record.last_answer) == ("wrong", "oops")
    record = store.record_answer(COURSE, QUESTION, 0.5, "partial", "late", T0 - timedelta(1))
    assert (record.attempts, record.last_answer) == (3, "oops")  # an older answer, merged late


def test_naive_datetimes_bad_scores_and_verdicts_are_refused(path: Path) -> None:
    store = ProgressStore.open(path)
    with pytest.raises(ValueError, match="time zone"):
        store.mark_read(COURSE, TOPIC, datetime(2026, 1, 1))
    for score in (1.5, -0.1, float("nan"), True, "1"):
        with pytest.raises(ValueError, match="score"):
            store.record_answer(COURSE, QUESTION, score, "correct", "x")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="verdict"):
        store.record_answer(COURSE, QUESTION, 1, "right", "x")
    assert store.course(COURSE) == CourseProgress()


def test_nothing_is_written_until_something_changes(path: Path) -> None:
    store = ProgressStore.open(path)
    assert store.course("unknown") == CourseProgress()
    store.save()
    assert not path.parent.exists()
    store.mark_read(COURSE, TOPIC)
    store.save()
    assert path.exists()
    assert not [name for name in os.listdir(path.parent) if name.endswith(".tmp")]


HAND_WRITTEN = f"""\
schema = 1
last_course = "/notes"
future_setting = {{ theme = "dark" }}

[courses.{COURSE}]
path = "/notes"
colour = "blue"

[courses.{COURSE}.topics]
"{TOPIC}" = {{ read = 2026-01-01T00:00:00Z, minutes = 12 }}

[courses.{COURSE}.questions]
{QUESTION} = {{ attempts = 1, last_score = 1.0, best_score = 1.0, last_verdict = "correct", \
last_answered = 2026-01-01T00:00:00Z, last_answer = "a", hints = {{ shown = 2, \
last = 2026-01-05T00:00:00Z, weight = 3.5 }} }}
removed-question = {{ attempts = 3, last_score = 0, best_score = 0.5, last_verdict = "wrong", \
last_answered = 2025-06-01T10:00:00Z }}
"""


def write(path: Path, content: str | bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(content, str):
        content = content.encode("utf-8")
    path.write_bytes(content)


def test_unknown_keys_and_records_of_removed_questions_are_kept(path: Path) -> None:
    write(path, HAND_WRITTEN)
    store = ProgressStore.open(path)
    assert store.notice is None
    course = store.course(COURSE)
    assert course.questions[QUESTION].extra == {
        "hints": {"shown": 2, "last": datetime(2026, 1, 5, tzinfo=UTC), "weight": 3.5}
    }
    assert course.questions["removed-question"].last_answer == ""
    answer(store, QUESTION, 0.0, T0)
    store.mark_read(COURSE, TOPIC, T0)
    store.fold()

    on_disk = tomllib.loads(path.read_text(encoding="utf-8"))
    assert on_disk["future_setting"] == {"theme": "dark"}
    course_table = on_disk["courses"][COURSE]
    assert course_table["colour"] == "blue"
    assert course_table["topics"][TOPIC] == {"read": T0, "minutes": 12}
    record = course_table["questions"][QUESTION]
    assert record["attempts"] == 2 and record["hints"]["weight"] == 3.5
    assert "removed-question = { attempts = 3" in path.read_text(encoding="utf-8")
    assert ProgressStore.open(path).course(COURSE) == store.course(COURSE)


def test_a_damaged_record_is_skipped_reported_and_kept_as_it_was(path: Path) -> None:
    damaged = (
        'broken = { attempts = "x", last_score = 1.0, best_score = 1.0, last_verdict = "correct",'
        ' last_answered = 2026-01-01T00:00:00Z, note = "keep me" }'
    )
    write(path, HAND_WRITTEN + damaged + "\nnot-a-table = 5\n")
    store = ProgressStore.open(path)
    assert store.notice is not None
    assert "2 damaged records" in store.notice and str(path) in store.notice
    assert "broken: attempts: 'x' is not a whole number" in store.notice
    assert set(store.course(COURSE).questions) == {QUESTION, "removed-question"}

    answer(store, QUESTION, 1.0, T0)
    store.fold()
    text = path.read_text(encoding="utf-8")
    assert damaged in text.splitlines() and "not-a-table = 5" in text.splitlines()

    store = ProgressStore.open(path)
    answer(store, "broken", 1.0, T0)
    store.save()
    reopened = ProgressStore.open(path)
    assert reopened.notice is not None and "1 damaged record," in reopened.notice
    assert reopened.course(COURSE).questions["broken"].attempts == 1
    assert reopened.course(COURSE).questions["broken"].extra == {"note": "keep me"}


def test_a_question_line_found_damaged_when_used_is_kept_as_it_was(path: Path) -> None:
    """Question lines in tutor's layout are decoded when first used (see recordmap):
    one that cannot be read then is a damaged record, without a notice at load.
    """
    bad = HAND_WRITTEN.splitlines()[-1].replace("removed-question", "bad").replace("-06-", "-13-")
    write(path, HAND_WRITTEN + bad + "\n")
    store = ProgressStore.open(path)
    assert store.notice is None
    questions = store.course(COURSE).questions
    assert questions.get("bad") is None and "bad" not in questions
    assert set(questions) == {QUESTION, "removed-question"} and len(questions) == 2
    answer(store, QUESTION, 1.0, T0)
    store.save()
    assert bad in path.read_text(encoding="utf-8").splitlines()
    answer(store, "bad", 1.0, T0)
    store.save()
    assert ProgressStore.open(path).course(COURSE).questions["bad"].attempts == 1


def test_question_like_lines_elsewhere_are_plain_data(path: Path) -> None:
    record = (
        'old = { attempts = 1, last_score = 0.5, best_score = 0.5, last_verdict = "partial",'
        ' last_answered = 2026-01-01T00:00:00Z, last_answer = "a" }'
    )
    write(path, f"{record}\n[courses.{COURSE}]\n{record}\n[courses.{COURSE}.archive]\n{record}\n")
    store = ProgressStore.open(path)
    assert store.notice is None
    assert store.course(COURSE).extra["archive"]["old"]["last_answer"] == "a"
    answer(store, QUESTION, 1.0, T0)
    store.save()
    on_disk = tomllib.loads(path.read_text(encoding="utf-8"))
    assert on_disk["old"] == on_disk["courses"][COURSE]["old"] == tomllib.loads(record)["old"]
    assert on_disk["courses"][COURSE]["archive"]["old"]["last_verdict"] == "partial"


def corrupt_files(folder: Path) -> list[Path]:
    return sorted(folder.glob("progress.corrupt-*.toml"))


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        (
            b"schema = 1\n[courses\nx = 1\n",
            "line 2, column 9: TOML syntax error: Expected ']' at the end of a table declaration",
        ),
        (b"a = [1,\n", "line 1: TOML syntax error: Invalid value (at end of document)"),
        (b"schema = 1\nlast_course = \xff\xfe\n", "not UTF-8 text: byte 0xff at offset 25"),
        (b"[courses.ml]\npath = 5\n", "courses.ml.path is 5, not a string"),
        (b"courses = 5\n", "courses is 5, not a table"),
        (b'schema = "one"\n', "schema is 'one', not a version number"),
        (
            b"a = " + b"[" * 2000 + b"]" * 2000 + b"\n",
            "values nested too deeply (arrays or tables inside each other)",
        ),
        (
            b"a = " + b"9" * 5000 + b"\n",
            "line 1: a number too long to read (more than 4300 digits)",
        ),
    ],
    ids=[
        "syntax",
        "syntax at the end",
        "not utf-8",
        "wrong type",
        "not a table",
        "bad schema",
        "deep",
        "long number",
    ],
)
def test_a_corrupt_file_is_moved_aside_and_study_starts_afresh(
    path: Path, content: bytes, reason: str
) -> None:
    write(path, content)
    store = ProgressStore.open(path)
    (aside,) = corrupt_files(path.parent)
    assert aside.read_bytes() == content
    assert re.fullmatch(r"progress\.corrupt-\d{8}T\d{6}Z\.toml", aside.name)
    assert store.notice == (
        f"progress file {path} was unreadable ({reason}); moved it to {aside} and started afresh"
    )
    assert not path.exists() and store.course("ml") == CourseProgress()
    answer(store, QUESTION, 1.0, T0)
    store.save()
    reopened = ProgressStore.open(path)
    assert reopened.notice is None and reopened.course(COURSE).questions[QUESTION].attempts == 1


def test_a_corrupt_file_never_replaces_an_earlier_one(path: Path) -> None:
    write(path, "[")
    start = datetime.now(UTC)
    earlier = [  # the names this second and the next two would get
        path.with_name(f"progress.corrupt-{start + timedelta(seconds=s):%Y%m%dT%H%M%SZ}.toml")
        for s in range(3)
    ]
    for file in earlier:
        file.write_text("earlier")
    store = ProgressStore.open(path)
    assert [file.read_text() for file in earlier] == ["earlier"] * 3
    (aside,) = set(corrupt_files(path.parent)) - set(earlier)
    assert aside.read_text() == "[" and aside.stem.endswith("Z-2")
    assert store.notice is not None and str(aside) in store.notice


def test_a_file_from_a_newer_tutor_is_left_alone(path: Path) -> None:
    write(path, "schema = 3\n[courses]\nnew_layout = true\n")
    before = path.stat()
    store = ProgressStore.open(path)
    assert store.read_only
    assert store.notice == (
        f"progress file {path} was written by a newer tutor (schema 3);"
        " progress will not be saved this session"
    )
    answer(store, QUESTION, 1.0, T0)
    assert store.course(COURSE).questions[QUESTION].attempts == 1  # still studied in memory
    store.save()
    assert path.read_text() == "schema = 3\n[courses]\nnew_layout = true\n"
    assert path.stat().st_mtime_ns == before.st_mtime_ns
    assert corrupt_files(path.parent) == []


def test_an_unreadable_file_is_not_overwritten(path: Path) -> None:
    path.mkdir(parents=True)  # a folder where the file should be: reading it fails
    store = ProgressStore.open(path)
    assert store.read_only and store.notice is not None
    assert store.notice.startswith(f"progress file {path} could not be read (Is a directory")
    answer(store, QUESTION, 1.0, T0)
    store.save()
    assert path.is_dir() and list(path.iterdir()) == []


def test_saving_where_no_folder_can_be_made_raises_a_clear_error(tmp_path: Path) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file")
    store = ProgressStore.open(blocker / "progress.toml")
    assert store.notice is None
    answer(store, QUESTION, 1.0, T0)
    with pytest.raises(ProgressError) as raised:
        store.save()
    message = str(raised.value)
    assert message.startswith(f"Could not save progress to {blocker / 'progress.toml'}: ")
    assert "File exists" in message and message.count("\n") == 0


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0, reason="root ignores permissions")
def test_saving_in_a_read_only_folder_raises_and_keeps_the_answers(path: Path) -> None:
    store = ProgressStore.open(path)
    answer(store, QUESTION, 1.0, T0)
    store.save()
    answer(store, QUESTION, 0.5, T0 + timedelta(1))
    path.parent.chmod(0o500)
    try:
        with pytest.raises(ProgressError, match="Permission denied"):
            store.save()
    finally:
        path.parent.chmod(0o700)
    store.save()
    assert ProgressStore.open(path).course(COURSE).questions[QUESTION].attempts == 2


def test_stale_temp_files_of_killed_saves_are_removed(path: Path) -> None:
    write(path, "schema = 1\n")
    folder = path.parent
    old, fresh = folder / ".progress.toml.abcd_123.tmp", folder / ".progress.toml.wxyz_789.tmp"
    others = [folder / ".progress.toml.notours.tmp", folder / ".other.toml.abcd_123.tmp"]
    for file in (old, fresh, *others):
        file.write_text("partial")
    an_hour_ago = datetime.now().timestamp() - 3600
    for file in (old, *others):
        os.utime(file, (an_hour_ago, an_hour_ago))
    ProgressStore.open(path)
    assert not old.exists()
    assert fresh.exists() and all(file.exists() for file in others)


def test_two_sessions_keep_each_others_answers(path: Path) -> None:
    first, second = ProgressStore.open(path), ProgressStore.open(path)
    first.open_course(COURSE, "/first")
    answer(first, QUESTION, 1.0, T0, "first's")
    first.mark_read(COURSE, TOPIC, T0 + timedelta(hours=1))
    answer(first, "only-first", 0.0, T0)
    second.open_course(COURSE, "/second")
    answer(second, QUESTION, 0.5, T0 + timedelta(minutes=1), "second's")
    second.mark_read(COURSE, TOPIC, T0)
    first.save()
    second.save()

    merged = ProgressStore.open(path)
    assert merged.course(COURSE) == second.course(COURSE)  # after a save, memory = disk
    record = merged.course(COURSE).questions[QUESTION]
    assert (record.attempts, record.best_score, record.last_answer) == (2, 1.0, "second's")
    assert "only-first" in merged.course(COURSE).questions
    assert merged.course(COURSE).topics[TOPIC].read == T0 + timedelta(hours=1)
    assert merged.last_course == "/second"

    answer(first, QUESTION, 0.0, T0 - timedelta(days=1), "first's older one")
    first.save()
    record = ProgressStore.open(path).course(COURSE).questions[QUESTION]
    assert (record.attempts, record.last_answer) == (3, "second's")


def test_save_reads_the_file_again_only_when_it_changed(
    path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    store = ProgressStore.open(path)
    reads: list[bytes] = []
    real_load = progress_module.load

    def counting_load(data: bytes) -> object:
        reads.append(data)
        return real_load(data)

    monkeypatch.setattr(progress_module, "load", counting_load)
    for minute in range(3):
        answer(store, QUESTION, 1.0, T0 + timedelta(minutes=minute))
        store.save()
    assert reads == []

    with path.open("a", encoding="utf-8") as file:  # an edit by hand while tutor runs
        file.write(
            "hand-added = { attempts = 9, last_score = 1.0, best_score = 1.0,"
            ' last_verdict = "correct", last_answered = 2026-01-01T00:00:00Z }\n'
        )
    answer(store, QUESTION, 1.0, T0 + timedelta(hours=1))
    store.save()
    assert len(reads) == 1
    questions = ProgressStore.open(path).course(COURSE).questions
    assert questions["hand-added"].attempts == 9 and questions[QUESTION].attempts == 4


def test_a_file_removed_while_studying_holds_only_what_came_after(path: Path) -> None:
    store = ProgressStore.open(path)
    answer(store, "before", 1.0, T0)
    store.save()
    path.unlink()  # the learner wiped their progress on purpose
    answer(store, "after", 1.0, T0)
    store.save()
    assert set(ProgressStore.open(path).course(COURSE).questions) == {"after"}


def test_a_file_corrupted_while_studying_is_moved_aside_and_replaced(path: Path) -> None:
    store = ProgressStore.open(path)
    answer(store, "before", 1.0, T0)
    store.save()
    path.write_text("[broken")
    answer(store, "after", 1.0, T0)
    store.save()
    (aside,) = corrupt_files(path.parent)
    assert aside.read_text() == "[broken"
    assert store.notice is not None and "saved this session's progress" in store.notice
    assert set(ProgressStore.open(path).course(COURSE).questions) == {"before", "after"}


def test_a_newer_tutors_file_appearing_while_studying_stops_saving(path: Path) -> None:
    store = ProgressStore.open(path)
    answer(store, QUESTION, 1.0, T0)
    store.save()
    path.write_text("schema = 4\n")
    answer(store, QUESTION, 1.0, T0)
    with pytest.raises(ProgressError, match="newer tutor"):
        store.save()
    assert store.read_only
    store.save()
    assert path.read_text() == "schema = 4\n"


def test_a_file_an_editor_gave_a_byte_order_mark_is_read(path: Path) -> None:
    store = ProgressStore.open(path)
    answer(store, QUESTION, 1, T0)
    store.save()
    write(path, b"\xef\xbb\xbf" + path.read_bytes())
    reopened = ProgressStore.open(path)
    assert reopened.notice is None and not corrupt_files(path.parent)
    assert reopened.course(COURSE).questions[QUESTION].attempts == 1


def test_a_review_log_that_is_not_toml_is_kept_when_the_card_is_reviewed_again(
    path: Path,
) -> None:
    """A hand edit that breaks one review leaves the log unreadable: the new review is
    recorded, and the old log's text is kept beside it (``unread_log``), not dropped."""
    store = ProgressStore.open(path)
    for day in range(2):
        store.review(COURSE, QUESTION, 3, 1.0, "correct", "x", 5, T0 + timedelta(days=day))
    store.fold()
    text = path.read_text(encoding="utf-8")
    broken = text.replace(", rating = 3, score", ", rating = , score", 1)
    assert broken != text
    write(path, broken)
    (old_log,) = [line[line.index("[{") :] for line in broken.splitlines() if "rating = ," in line]
    store = ProgressStore.open(path)
    store.review(COURSE, QUESTION, 4, 1.0, "correct", "y", 5, T0 + timedelta(days=9))
    store.fold()
    record = ProgressStore.open(path).course(COURSE).questions[QUESTION]
    assert [review.rating for review in record.log] == [4]
    assert record.extra["unread_log"] == old_log.removesuffix(" }")
    tomllib.loads(path.read_text(encoding="utf-8"))  # and the file is valid TOML again
