"""``tutor grade``: JSON Lines in, one verdict (or one error) per line out, and its exit status."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from tutor.grading.batch import run

REPO = Path(__file__).resolve().parent.parent

GAN = {
    "question": "Describe how a GAN is trained.",
    "reference": "The generator creates fake samples and the discriminator tries to tell them"
    " from real data; both improve by competing.",
    "key_points": ["generator creates fake samples", "discriminator judges real versus fake"],
}


def jsonl(path: Path, *lines: dict[str, Any] | str) -> Path:
    """Write lines (objects as JSON, strings as they are) to ``path``."""
    path.write_text(
        "".join((line if isinstance(line, str) else json.dumps(line)) + "\n" for line in lines),
        encoding="utf-8",
    )
    return path


def outputs(capsys: pytest.CaptureFixture[str]) -> list[dict[str, Any]]:
    return [json.loads(line) for line in capsys.readouterr().out.splitlines()]


def test_free_text_answers_are_graded(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    file = jsonl(
        tmp_path / "in.jsonl",
        {
            **GAN,
            "answer": "The generator makes fake samples; the discriminator judges if data"
            " is real or fake.",
        },
        {**GAN, "answer": "The generator makes fake samples."},
    )
    assert run([str(file)]) == 0
    good, half = outputs(capsys)
    assert good["line"] == 1
    assert (good["verdict"], good["grader"]) == ("correct", "offline")
    assert good["found"] == GAN["key_points"]
    assert good["missed"] == []
    assert half["verdict"] == "partial"
    assert half["found"] == ["generator creates fake samples"]
    assert half["missed"] == ["discriminator judges real versus fake"]
    assert half["feedback"].startswith("You covered: generator creates fake samples.")
    assert 0 < half["score"] < good["score"] <= 1
    assert half["score"] == round(half["score"], 3)


def test_short_answers_take_text_and_numbers(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    file = jsonl(
        tmp_path / "in.jsonl",
        {
            "kind": "short",
            "question": "Which rule?",
            "reference": "chain rule",
            "answers": ["the chain rule of calculus"],
            "answer": "Chian rule",
        },
        {
            "kind": "short",
            "question": "sigmoid(0)?",
            "reference": 0.5,
            "tolerance": 0.01,
            "answer": "1/2",
        },
        {"kind": "short", "question": "sigmoid(0)?", "reference": 0.5, "answer": "0.6"},
    )
    assert run([str(file)]) == 0
    typo, number, wrong = outputs(capsys)
    assert (typo["score"], typo["grader"]) == (1.0, "rules")
    assert typo["feedback"] == "Close: 'Chian rule' was taken as 'chain rule'."
    assert number["verdict"] == "correct"
    assert (wrong["score"], wrong["verdict"], wrong["expected"]) == (0.0, "wrong", "0.5")


def test_bad_lines_get_an_error_and_the_rest_still_run(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    file = jsonl(
        tmp_path / "in.jsonl",
        "{not json",
        "[1, 2]",
        "",
        {"question": "q", "answer": "a"},
        {**GAN, "answer": 3},
        {**GAN, "question": "  ", "answer": "a"},
        {**GAN, "kind": "essay", "answer": "a"},
        {**GAN, "key_points": "generator", "answer": "a"},
        {"kind": "short", "question": "q", "reference": "r", "tolerance": -1, "answer": "r"},
        {"kind": "short", "question": "q", "reference": "r", "answers": [True], "answer": "r"},
        {**GAN, "tolerance": 0.1, "answer": "a"},
        {**GAN, "answer": "The generator creates fake samples."},
    )
    assert run([str(file)]) == 1
    results = outputs(capsys)
    errors = {result["line"]: result["error"] for result in results if "error" in result}
    assert errors == {
        1: "not valid JSON: Expecting property name enclosed in double quotes at column 2.",
        2: "expected a JSON object, got an array.",
        4: 'missing field "reference".',
        5: 'field "answer" must be a string.',
        6: 'field "question" is empty.',
        7: 'unknown kind "essay": use "free" or "short".',
        8: 'field "key_points" must be a list of non-empty strings.',
        9: 'field "tolerance" must be a number of at least 0.',
        10: 'field "answers" must hold non-empty strings or numbers.',
        11: 'field "tolerance" only applies to "short" questions.',
    }
    assert [result["line"] for result in results] == [1, 2, 4, 5, 6, 7, 8, 9, 10, 11, 12]
    assert results[-1]["verdict"] == "partial"


def test_an_empty_answer_is_graded_as_nothing_answered(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run([str(jsonl(tmp_path / "in.jsonl", {**GAN, "answer": ""}))]) == 0
    (result,) = outputs(capsys)
    assert (result["score"], result["verdict"]) == (0.0, "wrong")
    assert result["feedback"] == "Nothing was answered."
    assert result["missed"] == GAN["key_points"]


@pytest.mark.parametrize("make", ["missing", "folder", "not utf-8"])
def test_unreadable_file_exits_2_with_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], make: str
) -> None:
    path = tmp_path / "answers.jsonl"
    if make == "folder":
        path.mkdir()
    elif make == "not utf-8":
        path.write_bytes(b'{"question": "\xff"}\n')
    assert run([str(path)]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err.startswith(f"tutor: {path}: ")
    assert captured.err.count("\n") == 1
    assert "Traceback" not in captured.err


def test_help_names_the_command(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as stop:
        run(["--help"])
    assert stop.value.code == 0
    help_text = capsys.readouterr().out
    assert help_text.startswith("usage: tutor grade [-h] [FILE]")
    assert "example:" in help_text


def test_module_reads_standard_input(tmp_path: Path) -> None:
    lines = json.dumps({**GAN, "answer": "The generator creates fake samples."}) + "\n\nnope\n"
    result = subprocess.run(
        [sys.executable, "-m", "tutor.grading.batch"],
        input=lines,
        cwd=tmp_path,
        env={"PYTHONPATH": str(REPO), "PATH": "/usr/bin:/bin"},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 1, result.stderr
    graded, error = (json.loads(line) for line in result.stdout.splitlines())
    assert (graded["line"], graded["verdict"]) == (1, "partial")
    assert error == {"line": 3, "error": "not valid JSON: Expecting value at column 1."}
    assert result.stderr == ""
