"""Text from notes, quizzes, file names and models is shown, never obeyed: the sanitiser,
``tutor check``'s warnings, and the output of every command run on a hostile course."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from tests import injection
from tests.conftest import REPO
from tests.ollama_server import FakeOllama
from tutor.cli import main
from tutor.untrusted import json_text, one_line, text_lines, unsafe_characters, visible

FORBIDDEN = (
    *("\x1b", "\x9b", "\x9d", "\x9c", "\x07"),
    *("\u202e", "\u2066", "\u200e", "\u200f", "\u061c", "\u2028", "\u2029"),
)
"""What a command's output must never hold: ESC, C1 CSI/OSC/ST, BEL, bidi controls and
marks, line and paragraph separators."""


@pytest.fixture
def course(tmp_path: Path) -> Path:
    return injection.write_course(tmp_path / "course", tmp_path / "shots")


def assert_inert(output: str) -> None:
    found = [f"U+{ord(char):04X}" for char in FORBIDDEN if char in output]
    assert found == [], output


# --- the sanitiser -------------------------------------------------------------------------


def test_controls_are_shown_as_pictures_newline_and_tab_kept() -> None:
    assert visible("a\x1b]0;t\x07b\tc\nd\x7f") == "a␛]0;t␇b\tc\nd␡"
    assert visible("\x9b6n \u202eevil\u2069") == "<U+009B>6n <U+202E>evil<U+2069>"
    assert visible("plain [b]text[/b] é ✓") == "plain [b]text[/b] é ✓"


def test_bidi_marks_and_separators_are_shown_too() -> None:
    assert visible(injection.MARKS) == (
        "<U+200F>right<U+200E> <U+061C>alm <U+2028>line<U+2029>para"
    )
    assert one_line(injection.MARKS) == visible(injection.MARKS)
    assert visible("Ligne ‎française, עברית ok") == "Ligne ‎française, עברית ok".replace(
        "\u200e", "<U+200E>"
    )


def test_lines_end_only_at_line_endings() -> None:
    assert text_lines("a\u2028b\u2029c\x0cd\x85e\r\nf\rg\nh") == [
        "a\u2028b\u2029c\x0cd\x85e",
        "f",
        "g",
        "h",
    ]


def test_one_line_shows_newlines_and_tabs_too() -> None:
    assert one_line("name\nforged:\tline\r") == "name␊forged:␉line␍"


def test_json_keeps_the_data_and_hides_the_controls() -> None:
    data = {"title": f"a\x1b[31m \x9b6n \u202eb\x7f é {injection.MARKS}"}
    encoded = json_text(json.dumps(data, ensure_ascii=False))
    assert_inert(encoded)
    assert "é" in encoded
    assert json.loads(encoded) == data


def test_unsafe_characters_are_found_by_line_crlf_is_a_line_ending() -> None:
    text = "ok\r\nline \x1b[c\r\nthird \u202e and \x9b\n"
    assert list(unsafe_characters(text)) == [(2, "\x1b"), (3, "\u202e"), (3, "\x9b")]


# --- tutor check ---------------------------------------------------------------------------


def test_check_warns_where_controls_are(course: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", str(course)]) == 0
    out = capsys.readouterr().out
    assert_inert(out)
    lines = out.splitlines()
    lesson, quiz = course / "lesson.md", course / "lesson.quiz.toml"
    expected = [
        f"{course / 'course.toml'}: warning: control character U+001B (shown as ␛)",
        f"{lesson}:1: warning: control character U+001B (shown as ␛)",
        f"{lesson}:3: warning: control character U+001B (shown as ␛)",
        f"{lesson}:5: warning: bidirectional control U+202E",
        f"{quiz}:1: warning: control character U+001B (shown as ␛) and 3 more in `prompt`",
        f"{quiz}:1: warning: control character U+001B (shown as ␛) and 12 more in `choices`",
        f"{course}/name␛]0;tutor-file-title␇␊forged: line.md: warning: control character",
    ]
    for start in expected:
        assert any(line.startswith(start) for line in lines), (start, out)
    assert not any(line.startswith("forged:") for line in lines)  # one line per problem
    assert lines[-1].startswith("Course [/b] ␛]0;tutor-course-title␇ <U+009D>0;tutor-c1-title")


def test_check_warns_of_bidi_marks_and_separators_at_their_lines(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    note = tmp_path / "a.md"
    note.write_text("# A\n\nRead \u200eleft.\n\nSplit\u2028here.\n", encoding="utf-8")
    quiz = tmp_path / "a.quiz.toml"
    quiz.write_text(
        '[[question]]\nkind = "true_false"\nprompt = "One\u2029two"\nanswer = true\n'
        'explanation = "x \u2028 y"\n\n'
        '[[question]]\nkind = "true_false"\nprompt = "Third \u200f mark"\nanswer = 3\n',
        encoding="utf-8",
    )
    assert main(["check", str(tmp_path)]) == 1
    out = capsys.readouterr().out
    assert_inert(out)
    lines = out.splitlines()
    for expected in (
        f"{note}:3: warning: bidirectional control U+200E: ",
        f"{note}:5: warning: control character U+2028 (shown as <U+2028>): ",
        f"{quiz}:1: warning: control character U+2029 (shown as <U+2029>) in `prompt`",
        f"{quiz}:1: warning: control character U+2028 (shown as <U+2028>) in `explanation`",
        f"{quiz}:10: `answer` must be true or false",  # separators end no line
    ):
        assert any(line.startswith(expected) for line in lines), (expected, out)


def test_a_grade_line_holding_a_separator_is_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    answers = tmp_path / "answers.jsonl"
    line = {"kind": "short", "question": "Which?", "reference": "a\u2028b", "answer": "a\u2028b"}
    answers.write_text(json.dumps(line, ensure_ascii=False) + "\n", encoding="utf-8")
    assert "\u2028" in answers.read_text(encoding="utf-8")  # raw, as JSON allows
    main(["grade", "--no-llm", str(answers)])
    out = capsys.readouterr().out
    assert_inert(out)
    (result,) = [json.loads(shown) for shown in out.splitlines()]
    assert result["expected"] == "a\u2028b" and "error" not in result


def test_a_carriage_return_in_a_quiz_value_is_named(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "a.md").write_text("# A\n\nText.\n")
    (tmp_path / "a.quiz.toml").write_text(
        '[[question]]\nkind = "true_false"\nprompt = "Fake\\rline"\nanswer = true\n'
        'explanation = "x"\n'
    )
    assert main(["check", str(tmp_path)]) == 0
    assert "control character U+000D (shown as ␍) in `prompt`" in capsys.readouterr().out


def test_a_clean_course_has_no_such_warning(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "a.md").write_text("# Café ✓ [b]\n\nTabs\tare fine.\r\nSo is CRLF.\r\n")
    assert main(["check", str(tmp_path)]) == 0
    assert capsys.readouterr().out.endswith(", 0 warnings, 0 errors\n")


# --- every command's output ----------------------------------------------------------------


def test_stats_shows_titles_as_written(course: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["stats", str(course)]) == 0
    out = capsys.readouterr().out
    assert_inert(out)
    assert "Course [/b] ␛]0;tutor-course-title␇" in out
    assert "Injected [/b] [i] ␛]0;" in out


def test_stats_json_keeps_titles_exact(course: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["stats", "--json", str(course)]) == 0
    out = capsys.readouterr().out
    assert_inert(out)
    title = json.loads(out)["course"]["title"]
    assert title == f"Course [/b] {injection.OSC0_COURSE} {injection.C1_OSC}"


def test_grade_output_holds_no_control(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    hostile = f"{injection.OSC52} {injection.C1_CSI} {injection.BIDI} [/b]"
    lines = [
        {"question": injection.PROMPT, "reference": hostile, "answer": "no idea"},
        {"kind": "short", "question": "Which?", "reference": hostile, "answer": "x"},
        {"kind": hostile, "question": "Which?", "answer": "x"},
    ]
    answers = tmp_path / "answers.jsonl"
    answers.write_text("\n".join(json.dumps(line) for line in lines), encoding="utf-8")
    main(["grade", "--no-llm", str(answers)])
    out = capsys.readouterr().out
    assert_inert(out)
    results = [json.loads(line) for line in out.splitlines()]
    assert results[1]["expected"] == hostile  # the data stays exact for scripts
    assert "[/b]" in results[2]["error"]


def test_generate_reports_hold_no_control(
    course: Path,
    ollama_server: FakeOllama,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.setenv("OLLAMA_HOST", ollama_server.url)
    (course / "lesson.quiz.toml").unlink()  # hand-written questions keep a topic from the model
    (course / "lesson.md").write_text(
        f"# {injection.HEADING}\n\n" + "Enough words to ask about, and then some more. " * 8
    )
    essay = {"kind": f"essay {injection.OSC52}", "prompt": injection.PROMPT, "explanation": "x"}
    ollama_server.content = json.dumps({"questions": [essay]})
    main(["generate", str(course)])
    captured = capsys.readouterr()
    assert_inert(captured.out + captured.err)
    assert "Injected [/b] [i] ␛]0;tutor-heading-title␇" in captured.err
    assert "dropped: kind 'essay" in captured.err


# --- pipes ---------------------------------------------------------------------------------


@pytest.mark.parametrize("command", ["check", "stats"])
def test_a_closed_pipe_ends_quietly(command: str, course: Path, tmp_path: Path) -> None:
    process = subprocess.Popen(
        [sys.executable, "-m", "tutor", command, str(course)],
        cwd=tmp_path,
        env={
            "PYTHONPATH": str(REPO),
            "PATH": "/usr/bin:/bin",
            "HOME": str(tmp_path),
            "XDG_DATA_HOME": str(tmp_path / "data"),
            "XDG_CONFIG_HOME": str(tmp_path / "config"),
        },
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    assert process.stdout is not None and process.stderr is not None
    process.stdout.close()  # the reader is gone before the first line, as with `| head -0`
    error = process.stderr.read().decode()
    assert process.wait(timeout=60) in (0, 141)
    assert "Traceback" not in error and "BrokenPipeError" not in error, error
