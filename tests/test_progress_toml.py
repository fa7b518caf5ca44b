"""The progress file's TOML: the line writer and the fast reader agree with tomllib exactly."""

from __future__ import annotations

import math
import random
import tomllib
from datetime import UTC, date, datetime, time, timedelta, timezone
from typing import Any

import pytest

from tutor.study.document import RECORD_SHAPES, LineCache, render
from tutor.study.records import Progress
from tutor.study.tomlread import parse
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


def progress_with(answers: list[str], keys: list[str]) -> Progress:
    """A progress with a record for every key, answered with each answer in turn."""
    progress = Progress(last_course="/home/me/notes", extra={"future": {"x": [1, 2]}})
    when = datetime(2026, 11, 26, 6, 45, tzinfo=UTC)
    for number, key in enumerate(keys):
        course = progress.course_to_change(f"course {number % 3}")
        course.path = key
        answer = answers[number % len(answers)]
        course.answer(key, 0.5, "partial", answer, when + timedelta(seconds=number))
        course.read(key, when)
    return progress


def test_written_progress_reads_back_the_same_fast_and_with_tomllib() -> None:
    text = render(progress_with(AWKWARD, AWKWARD_KEYS), LineCache())
    parsed = parse(text, RECORD_SHAPES)
    assert parsed.document == tomllib.loads(text)
    assert parsed.lines, "the reader fell back to tomllib for tutor's own output"


def test_written_records_match_the_fast_shapes() -> None:
    """Otherwise every start-up falls back to tomllib, ten times slower."""
    progress = progress_with(["an answer"], ["q1"])
    lines = render(progress, LineCache()).splitlines()
    records = [line for line in lines if line.startswith("q1 = ")]
    assert len(records) == 2  # the topic record and the question record
    for line in records:
        assert any(shape.match(line) for shape in RECORD_SHAPES), line


def random_text(rng: random.Random) -> str:
    alphabet = ['"', "\\", "\n", "\t", "\x00", "\x7f", "é", "🙂", "u", "0", " ", "=", "{", "}", "#"]
    return "".join(rng.choice([*alphabet, "abc"]) for _ in range(rng.randrange(12)))


def test_fast_reader_agrees_with_tomllib_on_random_progress() -> None:
    rng = random.Random(1)
    for _ in range(30):
        keys = [random_text(rng) for _ in range(8)]
        progress = progress_with([random_text(rng) for _ in range(5)], keys)
        text = render(progress, LineCache())
        assert parse(text, RECORD_SHAPES).document == tomllib.loads(text)


RECORD = (
    'q = { attempts = 1, last_score = 0.5, best_score = 1, last_verdict = "partial",'
    ' last_answered = 2026-11-26T06:45:00Z, last_answer = "x" }'
)
TRICKY = {
    "multi-line string hiding lines": f'[a]\nb = """\n{RECORD}\n[c]\n"""\n',
    "multi-line array": "a = [\n  1,\n  2,\n]\n",
    "dotted keys across lines": "[a]\nb.c = 1\nb.d = 2\n",
    "dotted keys then a header into them": "[a]\nb.c = 1\n[a.b.d]\n",
    "duplicate record": f"[a]\n{RECORD}\n{RECORD}\n",
    "duplicate header": "[a]\n[a]\n",
    "implicit table defined later": "[a.b]\nx = 1\n[a]\ny = 2\n",
    "header into an inline table": "a = { b = 1 }\n[a.c]\n",
    "array of tables": "[[a]]\nx = 1\n[[a]]\nx = 2\n",
    "CRLF line ends": f"[a]\r\n{RECORD}\r\nb = 1\r\n",
    "lone carriage return": f"[a]\n{RECORD}\rb = 1\n",
    "carriage return at the end": "a = 1\r",
    "surrogate escape in a record": RECORD.replace('"x"', '"\\uD800"'),
    "escape out of range": RECORD.replace('"x"', '"\\U00110000"'),
    "good escapes": RECORD.replace('"x"', '"\\u00e9\\U0001F600\\t\\"\\\\"'),
    "month 13 in a record": RECORD.replace("2026-11-26", "2026-13-26"),
    "second 60 in a record": RECORD.replace("06:45:00", "06:45:60"),
    "seven fraction digits": RECORD.replace("00Z", "00.1234567Z"),
    "int with underscores": RECORD.replace("attempts = 1", "attempts = 1_000"),
    "leading zero": RECORD.replace("attempts = 1", "attempts = 01"),
    "trailing comment": RECORD + "  # done\n",
    "trailing garbage": RECORD + " x\n",
    "control character in a comment": "# a \x01 b\na = 1\n",
    "tab in a string": RECORD.replace('"x"', '"a\tb"'),
    "empty": "",
    "only comments and blanks": "# one\n\n  \t\n# two",
    "indented lines": f"  [a]\n\t{RECORD}\n",
    "key defined by a record and a header": f"{RECORD}\n[q.r]\n",
    "quoted key with escapes": RECORD.replace("q =", '"q\\n\\"1" ='),
    "BOM": "\ufeffa = 1\n",
}


@pytest.mark.parametrize("text", TRICKY.values(), ids=TRICKY.keys())
def test_fast_reader_gives_tomllibs_result_or_error(text: str) -> None:
    try:
        expected = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        with pytest.raises(tomllib.TOMLDecodeError) as raised:
            parse(text, RECORD_SHAPES)
        assert str(raised.value) == str(error)  # the same message and line
    else:
        assert parse(text, RECORD_SHAPES).document == expected


def test_tutors_own_layout_is_read_without_tomllib() -> None:
    text = "[a]\n" + TRICKY["good escapes"] + "\n"
    parsed = parse(text, RECORD_SHAPES)
    assert parsed.lines == {(): {}, ("a",): {"q": text.splitlines()[1]}}
    assert parsed.document["a"]["q"]["last_answer"] == 'é😀\t"\\'
