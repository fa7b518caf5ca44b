"""The store reads any progress file tomllib reads exactly as tomllib does, whatever its layout.

tutor's fast reader (:mod:`tutor.study.tomlread`, :mod:`tutor.study.recordlines`)
is bespoke: these properties guard it against tomllib. Hypothesis writes
records in the layouts a learner's tools give them: tutor's own one line per
record, a formatter's ``{t = ...}``, extra spaces and tabs, dotted keys,
records as ``[tables]`` with ``[[array tables]]`` for their logs, multi-line
arrays, comments, unicode keys; and a course's tombstones of answers taken back
(``[courses.X.undone]``, a list of times per question). Each file, read by the store, gives exactly
the records tomllib's reading of it gives; a file tomllib cannot read is kept
aside byte for byte, with a notice naming the file and tomllib's line.
"""

from __future__ import annotations

import tempfile
import tomllib
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tutor.study import ProgressStore
from tutor.study.cards import CardState, History, Review
from tutor.study.records import QuestionRecord, TopicRecord
from tutor.study.tomlwrite import dotted, header, inline, key
from tutor.tomltext import toml_error

PROPERTY = settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.too_slow])

START = datetime(2024, 1, 1, tzinfo=UTC)
moments = st.builds(
    lambda seconds, micro: START + timedelta(seconds=seconds, microseconds=micro),
    st.integers(0, 10**8),
    st.sampled_from([0, 0, 0, 500_000, 123_456]),
)
scores = st.one_of(st.sampled_from([0.0, 0.5, 1.0, 0.25]), st.floats(0, 1))
positives = st.floats(0.01, 1e4, allow_nan=False)
texts = st.text(max_size=20)
ids = st.one_of(
    st.from_regex(r"[a-z0-9-]{1,12}", fullmatch=True),
    st.text(min_size=1, max_size=10),  # unicode, dots, spaces, quotes: written quoted
)


@st.composite
def cards(draw: st.DrawFn) -> CardState:
    state = draw(st.sampled_from([1, 2, 3]))
    step = draw(st.integers(0, 3)) if state != 2 else draw(st.sampled_from([None, None, 0]))
    if state == 3 and step is None:
        step = 0
    return CardState(draw(moments), state, step, draw(positives), draw(positives), draw(moments))


@st.composite
def logs(draw: st.DrawFn) -> tuple[Review, ...]:
    times = sorted(draw(st.lists(moments, max_size=4, unique=True)))
    reviews = [
        Review(
            t,
            draw(st.integers(1, 4)),
            round(draw(scores), 2),
            draw(st.one_of(st.none(), st.integers(0, 500))),
            draw(st.booleans()),
            draw(st.booleans()),
        )
        for t in times
    ]
    if reviews and draw(st.booleans()):
        reviews[-1] = reviews[-1]._replace(before=draw(cards()))
    return tuple(reviews)


@st.composite
def questions(draw: st.DrawFn) -> QuestionRecord:
    log = draw(logs())
    return QuestionRecord(
        draw(st.integers(1, 50)),
        draw(scores),
        draw(scores),
        draw(st.sampled_from(["correct", "partial", "wrong"])),
        draw(moments),
        draw(texts),
        draw(cards()) if log or draw(st.booleans()) else None,
        History(log),
    )


topics = st.builds(TopicRecord, moments)
tombstones = st.lists(moments, min_size=1, max_size=3)
Course = tuple[dict[str, Any], dict[str, Any], dict[str, list[datetime]]]
courses = st.dictionaries(
    ids,
    st.tuples(
        st.dictionaries(ids, topics, max_size=3),
        st.dictionaries(ids, questions(), max_size=4),
        st.dictionaries(ids, tombstones, max_size=2),
    ),
    max_size=3,
)

# How a value is written inline: tutor's own spacing, a formatter's, or a sloppy hand's.
INLINE_STYLES = [("{ ", " }", " = ", ", "), ("{", "}", " = ", ", "), ("{  ", "}", "=", " ,\t")]


def styled(value: Any, style: int, multiline_arrays: bool) -> str:
    """``value`` as inline TOML in ``INLINE_STYLES[style]``."""
    if isinstance(value, dict):
        if not value:
            return "{}"
        start, end, equals, comma = INLINE_STYLES[style]
        items = (f"{key(k)}{equals}{styled(v, style, False)}" for k, v in value.items())
        return start + comma.join(items) + end
    if isinstance(value, list):
        items = [styled(item, style, False) for item in value]
        if multiline_arrays and items:
            return "[\n  " + ",\n  # a comment inside\n  ".join(items) + ",\n]"
        return "[" + ", ".join(items) + "]"
    return inline(value)


@st.composite
def layouts(draw: st.DrawFn, document: dict[str, Any]) -> str:
    """The document in a layout Hypothesis picks, record by record."""
    out = ["schema = 2" + draw(st.sampled_from(["", "  # the version", "\t"]))]
    for course_id, course in document["courses"].items():
        for section in ("topics", "questions", "undone"):
            records = course[section]
            where = ("courses", course_id, section)
            out.append(header(where) + draw(st.sampled_from(["", " # records", "  "])))
            as_tables = []
            for record_id, record in records.items():
                kinds = ["inline", "inline", "dotted", "table"] if section != "undone" else []
                layout = draw(st.sampled_from(kinds or ["inline"]))
                if layout == "table":
                    as_tables.append((record_id, record))
                    continue
                if draw(st.booleans()):
                    out.append(draw(st.sampled_from(["# a note", "", "   ", "\t# indented"])))
                if layout == "inline":
                    style = draw(st.integers(0, len(INLINE_STYLES) - 1))
                    value = styled(record, style, draw(st.booleans()))
                    out.append(f"{key(record_id)} = {value}")
                else:
                    for name, value in record.items():
                        out.append(f"{dotted((record_id, name))} = {inline(value)}")
            for record_id, record in as_tables:
                out += _as_table((*where, record_id), record)
    return "\n".join(out) + draw(st.sampled_from(["\n", "", "\n\n# the end\n"]))


def _as_table(where: tuple[str, ...], record: dict[str, Any]) -> list[str]:
    """A record as ``[table]`` sections: its card a sub-table, its log array tables."""
    out = [header(where)]
    nested = []
    for name, value in record.items():
        if name in ("card", "log"):
            nested.append((name, value))
        else:
            out.append(f"{key(name)} = {inline(value)}")
    for name, value in nested:
        if name == "card":
            out += [header((*where, name)), *(f"{key(k)} = {inline(v)}" for k, v in value.items())]
            continue
        for review in value:
            out.append(f"[[{dotted((*where, name))}]]")
            out += [f"{key(k)} = {inline(v)}" for k, v in review.items()]
    return out


def document_of(data: dict[str, Course]) -> dict[str, Any]:
    return {
        "courses": {
            course_id: {
                "topics": {name: topic.to_toml() for name, topic in topic_records.items()},
                "questions": {name: record.to_toml() for name, record in records.items()},
                "undone": undone,
            }
            for course_id, (topic_records, records, undone) in data.items()
        }
    }


def as_read(record: QuestionRecord) -> tuple[Any, ...]:
    """A record with its log decoded, to compare all of it."""
    return (record, record.log.reviews, record.log.unread)


@PROPERTY
@given(data=courses, draw=st.data())
def test_any_progress_file_tomllib_reads_gives_tomllibs_records(
    data: dict[str, Course], draw: st.DataObject
) -> None:
    text = draw.draw(layouts(document_of(data)))
    expected = tomllib.loads(text)  # the layout is valid TOML, or the test is wrong
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "progress.toml"
        path.write_text(text, encoding="utf-8")
        store = ProgressStore.open(path)
        assert store.notice is None
        assert not list(Path(folder).glob("*corrupt*"))
        for course_id, course in expected.get("courses", {}).items():
            read = store.course(course_id)
            assert read.topics == {
                name: TopicRecord.from_toml(raw) for name, raw in course["topics"].items()
            }
            assert {name: as_read(record) for name, record in read.questions.items()} == {
                name: as_read(QuestionRecord.from_toml(raw))
                for name, raw in course["questions"].items()
            }
            assert read.undone == {
                name: tuple(sorted(set(times))) for name, times in course["undone"].items()
            }


BREAKERS = ["= 1", "[x", 'a = "unclosed', "a = 1\na = 2", "x = [1,", "\x01", "a = { b = 1"]


@PROPERTY
@given(data=courses, draw=st.data())
def test_a_file_tomllib_cannot_read_is_kept_aside_whole_and_its_line_named(
    data: dict[str, Course], draw: st.DataObject
) -> None:
    lines = draw.draw(layouts(document_of(data))).split("\n")
    at = draw.draw(st.integers(0, len(lines)))
    lines.insert(at, draw.draw(st.sampled_from(BREAKERS)))
    text = "\n".join(lines)
    try:
        tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        problem = toml_error(error, text)
    else:
        return  # the breaker landed inside a string, where it is text
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "progress.toml"
        path.write_bytes(text.encode("utf-8"))
        store = ProgressStore.open(path)
        (aside,) = Path(folder).glob("progress.corrupt-*.toml")
        assert aside.read_bytes() == text.encode("utf-8")
        assert store.notice is not None and str(path) in store.notice
        assert f"line {problem.line}" in store.notice
