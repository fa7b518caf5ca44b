"""Random input never gives a traceback: notes, quiz files, the progress file and
``tutor grade`` lines, as Hypothesis makes them from the pieces real files are made of.

Every rejection names its file (and a line within it, when it names one); a
progress file that cannot be read is moved aside byte for byte.
"""

from __future__ import annotations

import io
import json
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tutor.course import load_course
from tutor.grade_command import grade_lines
from tutor.study.progress import ProgressStore

FUZZ = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])

MARKDOWN = [
    "# ", "## ", "###### ", "\n", "\n\n", "text ", "**bold** ", "==mark== ", "- ", "1. ",
    "> ", "> [!note] ", "```", "~~~", "    ", "[[link]] ", "![[img.png]] ", "%% ", "^id ",
    "$x^2$ ", "::", ":::", "?\n", "{{c1::a}} ", "<div>", "---\n", "===\n", "\t", "\x1b[31m",
    "\u202e", "é", "🙂", "|", "\\", "`", "\r\n",
]  # fmt: skip
TOML = [
    "[[question]]\n", "[question]\n", 'kind = "single"\n', 'kind = "cloze"\n', 'kind = "x"\n',
    'prompt = "p"\n', 'choices = ["a", "b"]\n', 'answer = "a"\n', "answer = true\n",
    "answers = [1, nan, inf]\n", 'text = "{{a}} {{}}"\n', 'topic = "Nowhere"\n', 'id = "x"\n',
    "tolerance = -1\n", "a = [[[[[[\n", '"""\n', "= 1\n", "\x00", "key_points = []\n", "\n",
]  # fmt: skip
PROGRESS = [
    "schema = 2\n", "[courses.c]\n", "[courses.c.questions]\n", "[courses.c.topics]\n",
    'q = { attempts = 1, last_score = 1.0, best_score = 1.0, last_verdict = "correct", ',
    'last_answered = 2026-11-26T10:00:00Z, last_answer = "x" }\n', "log = [{ t = ",
    "2026-11-26T10:00:00Z, rating = 3, score = 1.0 }]", "card = { due = ", "}\n", "{", "]",
    'last_course = "/n"\n', "\ufeff", "\xff", "# c\n", "x = 1\n", "\n",
]  # fmt: skip
JSON_LINES = [
    '{"question": "Q?", "reference": "R.", "answer": "A."}', '{"kind": "short", ',
    '"answers": [1, "x"], ', '"answer": 5}', "[", "]", "{", "}", '"', "nan", "1e999",
    "9" * 50, "\n", "\x00", "é", "null", "true", ", ",
]  # fmt: skip


def pieces(alphabet: list[str], most: int = 30) -> st.SearchStrategy[str]:
    return st.lists(st.sampled_from(alphabet), max_size=most).map("".join)


@FUZZ
@given(note=pieces(MARKDOWN, 60), quiz=pieces(TOML))
def test_any_note_and_quiz_file_load_and_extract_without_a_traceback(note: str, quiz: str) -> None:
    with tempfile.TemporaryDirectory() as folder:
        notes = Path(folder)
        (notes / "n.md").write_text(note, encoding="utf-8", errors="surrogatepass")
        (notes / "n.quiz.toml").write_text(quiz, encoding="utf-8")
        course = load_course(notes)
        lines = quiz.count("\n") + 1
        for problem in course.problems:
            assert problem.path.parent == notes and problem.message
            assert problem.line is None or 1 <= problem.line <= max(lines, note.count("\n") + 1)
        for topic in course.walk():
            assert isinstance(topic.lesson(), str)
            for question in topic.questions:
                assert question.prompt.strip() or question.kind == "cloze"


@FUZZ
@given(text=pieces(PROGRESS, 40))
def test_any_progress_file_opens_and_an_unreadable_one_is_kept_byte_for_byte(text: str) -> None:
    data = text.encode("utf-8", errors="surrogatepass")
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "progress.toml"
        path.write_bytes(data)
        store = ProgressStore.open(path)
        aside = sorted(Path(folder).glob("progress.corrupt-*.toml"))
        if aside:
            assert aside[0].read_bytes() == data and store.notice
        else:
            assert path.read_bytes() == data  # read as it is, nothing written yet


@FUZZ
@given(lines=st.lists(pieces(JSON_LINES, 12), max_size=6))
def test_any_grade_input_gives_one_result_or_error_per_line(lines: list[str]) -> None:
    out = io.StringIO()
    grade_lines(lines, out)
    results = [json.loads(line) for line in out.getvalue().splitlines()]
    expected = [number for number, line in enumerate(lines, 1) if line.strip()]
    assert [result["line"] for result in results] == expected
    assert all(("error" in result) != ("verdict" in result) for result in results)
