"""The progress file's TOML: the line writer and the fast reader agree with tomllib exactly."""

from __future__ import annotations

import math
import random
import tomllib
from datetime import UTC, date, datetime, time, timedelta, timezone
from types import SimpleNamespace
from typing import Any

import pytest

from tutor.study import recordlines
from tutor.study.progress_format import LineCache, decode, record_readers, render
from tutor.study.recordmap import UnreadRecord
from tutor.study.records import Progress
from tutor.study.schedule import Scheduler
from tutor.study.tomlread import Parsed, parse
from tutor.study.tomlwrite import header, inline, statement

AWKWARD = [
    "",
    'say "hi"',
    "back\\slash \\n not a newline",
    "line one\nline two\r\nthree",
    "tab\there",
    "".join(chr(code) for code in range(32)) + "\x7f",
    "naïve café — 日本語 — שלום — 🙂👍🏽",
    "e\u0301 combining, \u2028 line separator, \ufeff BOM, \ufffd",
    "'single' and '''triple''' and \"\"\"triple double\"\"\"",
    "a = 1\n[courses.x]\nb = { c = 2 }",
    "# not a comment",
    "\\u0041 \\U0001F600 \\x",
]
AWKWARD_KEYS = [
    *AWKWARD,
    "plain-key_1",
    "ml-concepts/advanced-machine-learning-concepts/transfer-learning",
    "has.dots.in.it",
    "has space",
    "[brackets]",
    "=",
]


@pytest.mark.parametrize("text", AWKWARD_KEYS)
def test_strings_and_keys_round_trip(text: str) -> None:
    assert tomllib.loads(statement(text, text)) == {text: text}
    assert tomllib.loads(f"{header(['courses', text, 'questions'])}\n") == {
        "courses": {text: {"questions": {}}}
    }


@pytest.mark.parametrize(
    "value",
    [
        0,
        -7,
        2**63 - 1,
        0.1,
        1.0,
        -0.0,
        1e-05,
        1e300,
        math.inf,
        -math.inf,
        True,
        False,
        datetime(2026, 11, 26, 6, 45, tzinfo=UTC),
        datetime(2026, 11, 26, 6, 45, 0, 123456, tzinfo=UTC),
        datetime(2026, 11, 26, 6, 45, tzinfo=timezone(timedelta(hours=5, minutes=30))),
        datetime(2026, 11, 26, 6, 45),
        date(2026, 11, 26),
        time(6, 45, 1, 500),
        [],
        [1, "two", [3.0]],
        {},
        {"card": {"due": datetime(2027, 1, 1, tzinfo=UTC), "stability": 2.5, "state": 2}},
        [{"a": 1}, {"b": [True]}],
    ],
    ids=repr,
)
def test_values_round_trip(value: Any) -> None:
    assert tomllib.loads(statement("v", value)) == {"v": value}


def test_nan_round_trips() -> None:
    assert math.isnan(tomllib.loads(statement("v", math.nan))["v"])


def test_offset_with_seconds_is_written_as_the_same_instant_in_utc() -> None:
    moment = datetime(2026, 1, 1, 12, tzinfo=timezone(timedelta(seconds=30)))
    assert tomllib.loads(statement("v", moment))["v"] == moment


@pytest.mark.parametrize("value", [None, time(1, tzinfo=UTC), object()])
def test_values_toml_cannot_hold_are_refused(value: Any) -> None:
    with pytest.raises(TypeError):
        inline(value)


REVIEWS = [  # (rating, seconds): a card learnt, lapsing, relearnt, and rated by hand
    (3, 12),
    (3, None),
    (1, 30),
    (2, 7),
    (4, 3),
]


def progress_with(answers: list[str], keys: list[str]) -> Progress:
    """A progress with a record for every key, answered with each answer in turn and
    reviewed 0 to 5 times (so its card is new, learning, in review or relearning).
    """
    progress = Progress(last_course="/home/me/notes", extra={"future": {"x": [1, 2]}})
    when = datetime(2026, 11, 26, 6, 45, tzinfo=UTC)
    scheduler = Scheduler()
    for number, key in enumerate(keys):
        course = progress.course_to_change(f"course {number % 3}")
        course.path = key
        answer = answers[number % len(answers)]
        moment = when + timedelta(seconds=number)
        course.answer(key, 0.5, "partial", answer, moment)
        for rating, seconds in REVIEWS[: number % (len(REVIEWS) + 1)]:
            moment += timedelta(days=rating)
            course.review(key, 0.75, "partial", answer, moment, rating, seconds, scheduler)
        if number % 4 == 3:
            course.rate(key, moment, 2, scheduler, chosen=True)
        course.read(key, when)
    return progress


def as_tables(value: Any) -> Any:
    """A parsed document with its undecoded records turned into the tables tomllib gives."""
    if isinstance(value, dict):
        return {key: as_tables(item) for key, item in value.items()}
    if isinstance(value, UnreadRecord):
        record = value.record()
        assert record is not None, value.line
        return record.to_toml()
    return value


def read_both_ways(text: str) -> tuple[Progress, Progress]:
    """The progress in ``text`` read by the fast readers, and by tomllib and the layouts."""
    fast = decode(parse(text, record_readers)).progress
    slow = decode(Parsed(tomllib.loads(text), {}, text)).progress
    return fast, slow


@pytest.fixture
def no_tomllib_for_records(monkeypatch: pytest.MonkeyPatch) -> None:
    """Make a question line (or log) that is not read the fast way fail loudly."""

    def refuse(text: str) -> None:
        raise AssertionError(f"read with tomllib: {text[:80]}")

    monkeypatch.setattr(recordlines, "tomllib", SimpleNamespace(loads=refuse))


def test_written_progress_reads_back_the_same_fast_and_with_tomllib() -> None:
    progress = progress_with(AWKWARD, AWKWARD_KEYS)
    text = render(progress, LineCache())
    fast, slow = read_both_ways(text)
    assert fast == slow == progress
    assert as_tables(parse(text, record_readers).document) == tomllib.loads(text)
    assert parse(text, record_readers).lines, "the reader fell back to tomllib for tutor's output"


@pytest.mark.usefixtures("no_tomllib_for_records")
def test_written_records_are_read_the_fast_way() -> None:
    """Otherwise every record, and every log, is read some twenty times slower."""
    keys = [f"q{number}" for number in range(len(REVIEWS) + 1)]
    progress = progress_with(["an answer"], keys)
    (question_reader,) = record_readers(("courses", "c", "questions"))
    (topic_reader,) = record_readers(("courses", "c", "topics"))
    lines = render(progress, LineCache()).splitlines()
    for key in keys:
        records = [line for line in lines if line.startswith(f"{key} = ")]
        assert len(records) == 2  # the topic record and the question record
        question, topic = sorted(records, key=len, reverse=True)
        found = question_reader.match(question, 0, len(question))
        assert found is not None and isinstance(found[1], UnreadRecord), question
        record = found[1].record()
        assert (
            record is not None
            and record.log.reviews
            == progress.courses[f"course {keys.index(key) % 3}"].questions[key].log.reviews
        )
        assert topic_reader.match(topic, 0, len(topic)), topic


def random_text(rng: random.Random) -> str:
    alphabet = ['"', "\\", "\n", "\t", "\x00", "\x7f", "é", "🙂", "u", "0", " ", "=", "{", "}", "#"]
    return "".join(rng.choice([*alphabet, "abc"]) for _ in range(rng.randrange(12)))


def test_fast_reader_agrees_with_tomllib_on_random_progress() -> None:
    rng = random.Random(1)
    for _ in range(30):
        keys = [random_text(rng) for _ in range(8)]
        progress = progress_with([random_text(rng) for _ in range(5)], keys)
        text = render(progress, LineCache())
        fast, slow = read_both_ways(text)
        assert fast == slow == progress


RECORD = (
    'q = { attempts = 1, last_score = 0.5, best_score = 1, last_verdict = "partial",'
    ' last_answered = 2026-11-26T06:45:00Z, last_answer = "x" }'
)
QUESTIONS = "[courses.c.questions]\n"  # where question lines are read the fast way
TRICKY = {
    "multi-line string hiding lines": f'{QUESTIONS}b = """\n{RECORD}\n[c]\n"""\n',
    "multi-line array": "a = [\n  1,\n  2,\n]\n",
    "dotted keys across lines": "[a]\nb.c = 1\nb.d = 2\n",
    "dotted keys then a header into them": "[a]\nb.c = 1\n[a.b.d]\n",
    "duplicate record": f"{QUESTIONS}{RECORD}\n{RECORD}\n",
    "duplicate header": "[a]\n[a]\n",
    "implicit table defined later": "[a.b]\nx = 1\n[a]\ny = 2\n",
    "header into an inline table": "a = { b = 1 }\n[a.c]\n",
    "array of tables": "[[a]]\nx = 1\n[[a]]\nx = 2\n",
    "CRLF line ends": f"[courses.c.questions]\r\n{RECORD}\r\nb = 1\r\n",
    "lone carriage return": f"{QUESTIONS}{RECORD}\rb = 1\n",
    "carriage return at the end": "a = 1\r",
    "good escapes": QUESTIONS + RECORD.replace('"x"', '"\\u00e9\\U0001F600\\t\\"\\\\"'),
    "seven fraction digits": QUESTIONS + RECORD.replace("00Z", "00.1234567Z"),
    "int with underscores": QUESTIONS + RECORD.replace("attempts = 1", "attempts = 1_000"),
    "trailing comment": QUESTIONS + RECORD + "  # done\n",
    "trailing garbage": QUESTIONS + RECORD + " x\n",
    "control character in a comment": "# a \x01 b\na = 1\n",
    "tab in a string": QUESTIONS + RECORD.replace('"x"', '"a\tb"'),
    "empty": "",
    "only comments and blanks": "# one\n\n  \t\n# two",
    "indented lines": f"  [courses.c.questions]\n\t{RECORD}\n",
    "key defined by a record and a header": f"{QUESTIONS}{RECORD}\n[courses.c.questions.q.r]\n",
    "quoted key with escapes": QUESTIONS + RECORD.replace("q =", '"q\\n\\"1" ='),
    "BOM": "\ufeffa = 1\n",
    "a record outside its section": RECORD.replace('"x"', '"\\uD800"'),
}
# Question lines in tutor's layout that tomllib refuses: read when first used, damaged.
REFUSED = {
    "surrogate escape": RECORD.replace('"x"', '"\\uD800"'),
    "escape out of range": RECORD.replace('"x"', '"\\U00110000"'),
    "month 13": RECORD.replace("2026-11-26", "2026-13-26"),
    "second 60": RECORD.replace("06:45:00", "06:45:60"),
    "leading zero": RECORD.replace("last_score = 0.5", "last_score = 00.5"),
    "unclosed string": RECORD.replace('"x"', '"x'),
}


@pytest.mark.parametrize("text", TRICKY.values(), ids=TRICKY.keys())
def test_fast_reader_gives_tomllibs_result_or_error(text: str) -> None:
    try:
        expected = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        with pytest.raises(tomllib.TOMLDecodeError) as raised:
            parse(text, record_readers)
        assert str(raised.value) == str(error)  # the same message and line
    else:
        assert as_tables(parse(text, record_readers).document) == expected


@pytest.mark.parametrize("line", REFUSED.values(), ids=REFUSED.keys())
def test_a_question_line_tomllib_refuses_is_damaged_when_used(line: str) -> None:
    with pytest.raises(tomllib.TOMLDecodeError):
        tomllib.loads(line)
    parsed = parse(QUESTIONS + line + "\n", record_readers)
    unread = parsed.document["courses"]["c"]["questions"]["q"]
    assert isinstance(unread, UnreadRecord) and unread.record() is None
    assert unread.line == line  # written back as it was


@pytest.mark.usefixtures("no_tomllib_for_records")
def test_tutors_own_layout_is_read_without_tomllib() -> None:
    text = TRICKY["good escapes"] + "\n"
    parsed = parse(text, record_readers)
    section = ("courses", "c", "questions")
    assert list(parsed.lines) == [(), section] and list(parsed.lines[section]) == ["q"]
    assert parsed.line(section, "q") == text.splitlines()[1]
    record = parsed.document["courses"]["c"]["questions"]["q"].record()
    assert record is not None and record.last_answer == 'é😀\t"\\'


@pytest.mark.parametrize(
    "edit",
    [
        pytest.param(lambda log: log.replace("{ t = ", "{t = ", 1), id="first review"),
        pytest.param(lambda log: log[::-1].replace(" = t {", " = t{", 1)[::-1], id="last review"),
        pytest.param(lambda log: log.replace(", rating = ", ",rating=", 1), id="spacing"),
    ],
)
def test_a_review_in_a_formatters_layout_is_read_with_the_rest(edit: Any) -> None:
    """One review re-laid out by a TOML formatter is still a review: the log
    goes to tomllib whole, and none of its reviews is skipped (then dropped at
    the next save).
    """
    progress = progress_with(["an answer"], [f"q{number}" for number in range(6)])
    lines = render(progress, LineCache()).splitlines()
    (index,) = [n for n, line in enumerate(lines) if line.startswith("q5 = {") and "log" in line]
    log_start = lines[index].index("log = [")
    lines[index] = lines[index][:log_start] + edit(lines[index][log_start:])
    text = "\n".join(lines) + "\n"
    fast, slow = read_both_ways(text)
    assert len(slow.courses["course 2"].questions["q5"].log) == len(REVIEWS)
    assert fast == slow
