"""Files that are valid but odd never give a traceback: TOML that ``tomllib`` reads (quiz
files, ``course.toml``, ``config.toml``) and Markdown that parses, with odd contents.

:mod:`tests.test_fuzz` builds files from fragments, which finds shallow breakage
(bad syntax); here Hypothesis builds the data first and writes it out with
``tomli_w``, or builds Markdown block by block, so every file is well formed
and the odd parts reach the code behind the parser: nesting as deep as the
parser takes, numbers past 64 bits, NaN, empty strings and keys, any Unicode,
dates where text is expected, headings of nothing but marks. ``tutor check``
and course loading answer each with the project's own messages, naming the
file and, where there is one, a line within it.
"""

from __future__ import annotations

import contextlib
import io
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import tomli_w
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tutor.cli import main
from tutor.config import load_config
from tutor.course import (
    AUTHORED,
    Cloze,
    CourseError,
    FreeText,
    MultipleChoice,
    Question,
    Recall,
    ShortAnswer,
    SingleChoice,
    TrueFalse,
    load_course,
)
from tutor.course.kinds import KINDS
from tutor.grading import Answer, Outcome, grade
from tutor.ui.lesson_markdown import lesson_parser

FUZZ = settings(max_examples=25, deadline=None, suppress_health_check=list(HealthCheck))

ODD_TEXT = st.one_of(
    st.text(max_size=20),
    st.sampled_from(
        [
            "", " ", "\t", "\n", ">", " > ", "a > > b", "#", "/", "a/b/", "[/b]", "[i]",
            "{{x}}", "{{}}", "{{c1::a}}", "$x$", "\\frac{", "\u202e", "\u2028", "\x1b[c",
            "\x00", "🙂" * 40, "x" * 3000, "é" * 5, "Overview", "single", "nan", "true",
        ]
    ),
)  # fmt: skip
NUMBERS = st.one_of(
    st.integers(),
    st.sampled_from([2**63, -(2**64), 10**300, -(10**4000)]),  # past what a file means
    st.floats(allow_nan=True, allow_infinity=True),
)
SCALARS = st.one_of(ODD_TEXT, NUMBERS, st.booleans(), st.datetimes(), st.dates(), st.times())
VALUES = st.recursive(
    SCALARS,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(ODD_TEXT, inner, max_size=3),
    max_leaves=8,
)


@st.composite
def nested(draw: st.DrawFn) -> Any:
    """A value wrapped in lists and tables as deep as ``tomllib`` may read (or deeper)."""
    value = draw(VALUES)
    for _ in range(draw(st.integers(0, 120))):
        value = [value] if draw(st.booleans()) else {draw(ODD_TEXT): value}
    return value


ANY_VALUE = st.one_of(VALUES, VALUES, nested())
QUESTION_KEYS = [
    "id", "kind", "prompt", "topic", "explanation", "hint", "generated_by", "choices",
    "answer", "answers", "text", "tolerance", "reference", "key_points",
]  # fmt: skip


def _usual(key: str) -> st.SearchStrategy[Any]:
    """What a quiz key usually holds, oddly: the right type with odd contents."""
    if key == "kind":
        return st.sampled_from([*KINDS, "", "Single", "x"])
    if key in ("choices", "answers", "key_points"):
        return st.lists(st.one_of(ODD_TEXT, NUMBERS), max_size=6)
    if key == "answer":
        return st.one_of(ODD_TEXT, st.booleans(), NUMBERS)
    if key == "tolerance":
        return NUMBERS
    return ODD_TEXT


QUESTION = st.fixed_dictionaries(
    {"kind": _usual("kind")},
    optional={key: st.one_of(_usual(key), ANY_VALUE) for key in QUESTION_KEYS if key != "kind"},
).flatmap(
    lambda table: st.dictionaries(ODD_TEXT, ANY_VALUE, max_size=2).map(
        lambda extra: {**extra, **table}
    )
)
WORDS = st.one_of(ODD_TEXT, st.text(min_size=1, max_size=30)).filter(lambda text: text.strip())
CHOICES = st.lists(WORDS, min_size=2, max_size=6, unique=True)
FINITE = st.one_of(st.integers(-(10**30), 10**30), st.floats(allow_nan=False, allow_infinity=False))
VALID = {
    "single": CHOICES.flatmap(
        lambda choices: st.fixed_dictionaries(
            {"choices": st.just(choices), "answer": st.sampled_from(choices)}
        )
    ),
    "multiple": CHOICES.flatmap(
        lambda choices: st.fixed_dictionaries(
            {
                "choices": st.just(choices),
                "answers": st.lists(st.sampled_from(choices), min_size=1, unique=True),
            }
        )
    ),
    "true_false": st.fixed_dictionaries({"answer": st.booleans()}),
    "short": st.fixed_dictionaries(
        {"answers": st.lists(st.one_of(WORDS, FINITE), min_size=1, max_size=4)},
        optional={"tolerance": FINITE.map(abs)},
    ),
    "free": st.fixed_dictionaries(
        {"reference": WORDS}, optional={"key_points": st.lists(WORDS, max_size=4)}
    ),
    "cloze": st.lists(st.tuples(ODD_TEXT, WORDS), min_size=1, max_size=4).map(
        lambda parts: {"text": "".join(f"{before}{{{{{blank}}}}}" for before, blank in parts)}
    ),
}
"""A question of each kind as a checker accepts it, but for odd contents."""
ACCEPTABLE = st.sampled_from(sorted(VALID)).flatmap(
    lambda kind: st.tuples(
        VALID[kind],
        st.fixed_dictionaries(
            {"prompt": WORDS},
            optional={
                "explanation": ODD_TEXT,
                "hint": ODD_TEXT,
                "id": st.from_regex(r"[A-Za-z0-9_.-]{1,40}", fullmatch=True) | ODD_TEXT,
            },
        ),
    ).map(lambda parts: {"kind": kind, **parts[1], **parts[0]})
)
QUIZ = st.tuples(
    st.lists(ACCEPTABLE | ACCEPTABLE | QUESTION, max_size=4),
    st.none() | st.none() | st.none() | ODD_TEXT | ANY_VALUE,  # the file's own `topic`
).map(lambda parts: {"question": parts[0]} | ({} if parts[1] is None else {"topic": parts[1]}))
COURSE = st.fixed_dictionaries(
    {},
    optional={
        "id": st.one_of(ODD_TEXT, ANY_VALUE),
        "title": st.one_of(ODD_TEXT, ANY_VALUE),
        "tab": st.one_of(ODD_TEXT, ANY_VALUE),
        "other": ANY_VALUE,
    },
)
CONFIG_KEYS = {
    "grading": ["llm", "model", "host", "timeout", "first_token_timeout", "x"],
    "review": ["desired_retention", "new_per_day"],
    "display": ["ascii"],
}
CONFIG = st.fixed_dictionaries(
    {},
    optional={
        **{
            table: st.fixed_dictionaries(
                {}, optional={key: st.one_of(SCALARS, ANY_VALUE) for key in keys}
            )
            | ANY_VALUE
            for table, keys in CONFIG_KEYS.items()
        },
        "model": ODD_TEXT,
        "other": ANY_VALUE,
    },
)


def _inline(text: str) -> str:
    return " ".join(text.split())  # one line: a heading, a cell, a link


BLOCKS = st.one_of(
    st.builds(lambda n, t: f"{'#' * n} {_inline(t)}", st.integers(1, 7), ODD_TEXT),
    st.builds(lambda t: f"{_inline(t) or 'x'}\n{'=' * 3}", ODD_TEXT),  # setext
    ODD_TEXT,
    st.builds(lambda n, t: ">" * n + " " + _inline(t), st.integers(1, 150), ODD_TEXT),
    st.builds(
        lambda n, t: "\n".join(f"{'  ' * i}- {_inline(t)}" for i in range(n)),
        st.integers(1, 60),
        ODD_TEXT,
    ),
    st.builds(
        lambda fence, info, body: f"{fence}{_inline(info)}\n{body}\n{fence}",
        st.sampled_from(["```", "~~~", "````"]),
        ODD_TEXT,
        ODD_TEXT,
    ),
    st.builds(
        lambda a, b: f"| {_inline(a)} | b |\n| --- | --- |\n| {_inline(b)} | |", ODD_TEXT, ODD_TEXT
    ),
    st.builds(
        lambda k, t: f"> [!{k}]- {_inline(t)}\n> body",
        st.from_regex(r"[A-Za-z][\w-]{0,8}", fullmatch=True),
        ODD_TEXT,
    ),
    st.builds(lambda t: f"$$\n{t}\n$$", ODD_TEXT),
    st.builds(lambda t: f"![[{_inline(t)}]]", ODD_TEXT),
    st.builds(
        lambda a, b: f"[[{_inline(a)}#{_inline(b)}|{_inline(b)}]] and [x]({_inline(a)})",
        ODD_TEXT,
        ODD_TEXT,
    ),
    st.builds(lambda t: f"**{_inline(t)}** is a term. {{{{c1::{_inline(t)}}}}}", ODD_TEXT),
    st.builds(lambda t: f"<div>\n{t}\n</div>", ODD_TEXT),
    st.builds(lambda t: f"{_inline(t)}::{_inline(t)}", ODD_TEXT),
)


@st.composite
def markdown(draw: st.DrawFn) -> str:
    """A note of well-formed but odd blocks, perhaps under odd front matter."""
    blocks = draw(st.lists(BLOCKS, max_size=8))
    if draw(st.booleans()):
        blocks.insert(0, f"---\ntitle: {_inline(draw(ODD_TEXT))}\ntags: [{draw(ODD_TEXT)!r}]\n---")
    return "\n\n".join(blocks) + "\n"


@contextlib.contextmanager
def folder() -> Iterator[Path]:
    with tempfile.TemporaryDirectory() as name:
        yield Path(name)


def assert_checks(notes: Path) -> None:
    """Loading and ``tutor check`` give the project's own answers: every problem names
    a file of the course and a line within it (or none), lessons and questions are made."""
    try:
        course = load_course(notes)
    except CourseError as error:  # no course at all: said in one line naming the folder
        assert str(error).startswith(f"{notes}: ")
        with contextlib.redirect_stderr(io.StringIO()) as err:
            assert main(["check", str(notes)]) not in (0, None)
        assert err.getvalue().count("\n") == 1, err.getvalue()
        return
    lines = {
        path: path.read_bytes().count(b"\n") + 1 for path in notes.rglob("*") if path.is_file()
    }
    for problem in course.problems:
        assert problem.path in lines and problem.message, problem
        assert problem.line is None or 1 <= problem.line <= lines[problem.path], problem
    for topic in course.walk():
        lesson_parser().parse(topic.lesson())
        for question in topic.questions:
            assert question.prompt.strip() or question.kind == "cloze"
            if question.origin == AUTHORED and not isinstance(question, Recall):
                assert_graded(question)
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        status = main(["check", str(notes)])
    assert status in (0, 1)
    assert out.getvalue().count("\n") == len(course.problems) + 1  # one line each, a summary


def right_answer(question: Question) -> Answer:
    """The answer the question's own key gives."""
    match question:
        case SingleChoice() | TrueFalse():
            return question.answer
        case MultipleChoice():
            return question.answers
        case ShortAnswer():
            return str(question.answers[0])
        case FreeText():
            return question.reference
        case Cloze():
            return tuple(accepted[0] for accepted in question.blanks)
    raise AssertionError(question)


def assert_graded(question: Question) -> None:
    """A question that passed the checker grades its own key as right, and odd answers
    without a traceback."""
    right = right_answer(question)
    verdict = grade(question, right)
    if not isinstance(question, FreeText):  # prose is judged, keys are matched
        assert verdict.outcome is Outcome.CORRECT, (question, verdict)
    odd: Answer = "" if isinstance(right, str) else right
    for answer in ("", " ", "\x1b[c", "é" * 300, "1e999", "nan"):
        if isinstance(right, str):
            odd = answer
        elif isinstance(right, tuple):
            odd = tuple(answer for _ in right)
        assert 0 <= grade(question, odd).score <= 1


def toml(data: dict[str, Any]) -> str:
    return tomli_w.dumps(data)


@FUZZ
@given(quiz=QUIZ, note=markdown())
def test_a_valid_but_odd_quiz_file_is_checked_not_crashed_on(
    quiz: dict[str, Any], note: str
) -> None:
    with folder() as notes:
        (notes / "n.md").write_text(note, encoding="utf-8")
        (notes / "n.quiz.toml").write_text(toml(quiz), encoding="utf-8")
        assert_checks(notes)


@FUZZ
@given(course=COURSE, note=markdown())
def test_a_valid_but_odd_course_file_is_checked_not_crashed_on(
    course: dict[str, Any], note: str
) -> None:
    with folder() as notes:
        (notes / "course.toml").write_text(toml(course), encoding="utf-8")
        (notes / "a.md").write_text(note, encoding="utf-8")
        assert_checks(notes)


@FUZZ
@given(notes_=st.lists(markdown(), min_size=1, max_size=3))
def test_valid_but_odd_markdown_loads_and_is_checked(notes_: list[str]) -> None:
    with folder() as notes:
        for number, note in enumerate(notes_):
            (notes / f"{number}.md").write_text(note, encoding="utf-8")
        assert_checks(notes)


@FUZZ
@given(config=CONFIG)
def test_a_valid_but_odd_config_gives_settings_and_located_problems(
    config: dict[str, Any],
) -> None:
    with folder() as home:
        path = home / "config.toml"
        path.write_text(toml(config), encoding="utf-8")
        loaded = load_config(path)
        lines = path.read_text(encoding="utf-8").count("\n") + 1
        for problem in loaded.problems:
            assert problem.startswith(f"{path}:"), problem
            line = problem.removeprefix(f"{path}:").split(":")[0]
            assert line.isdigit() and 1 <= int(line) <= lines, problem
        assert 0.7 <= loaded.review.desired_retention <= 0.99
        assert 0 < loaded.llm.timeout <= 3600
