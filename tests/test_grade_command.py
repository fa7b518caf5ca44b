"""``tutor grade``: JSON Lines in, one verdict (or one error) per line out, and its exit status."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from tests.ollama_server import FakeOllama
from tutor.grade_command import run

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
    assert 0.0 <= good["confidence"] <= 1.0
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
    assert (typo["score"], typo["grader"], typo["confidence"]) == (1.0, "rules", 1.0)
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


@pytest.mark.parametrize("make", ["missing", "folder"])
def test_unreadable_file_exits_2_with_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], make: str
) -> None:
    path = tmp_path / "answers.jsonl"
    if make == "folder":
        path.mkdir()
    assert run([str(path)]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err.startswith(f"tutor: {path}: ")
    assert captured.err.count("\n") == 1
    assert "Traceback" not in captured.err


def test_a_bad_line_is_one_error_and_the_batch_goes_on(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    good = json.dumps({**GAN, "answer": "The generator creates fake samples."})
    path = tmp_path / "answers.jsonl"
    path.write_bytes(
        b"\xef\xbb\xbf"  # a byte order mark, as some editors write
        + good.encode()
        + b'\n{"question": "caf\xe9"}\n'  # Latin-1, not UTF-8
        + b'{"answer": '
        + b"[" * 100_000
        + b"]" * 100_000
        + b"}\n"
        + b'{"answer": '
        + b"9" * 5000
        + b"}\n"
        + good.encode()
        + b"\n"
    )
    assert run([str(path)]) == 1
    first, latin1, nested, digits, last = outputs(capsys)
    assert first["verdict"] == last["verdict"] == "partial"
    assert latin1 == {
        "line": 2,
        "error": "not UTF-8 text (byte 0xe9 at column 18); re-save the file as UTF-8.",
    }
    assert nested == {"line": 3, "error": "arrays or objects nested too deeply."}
    assert digits == {"line": 4, "error": "a number too long to read."}


def test_an_answer_with_more_digits_than_python_reads_is_graded_and_the_batch_goes_on(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    huge = "9" * (sys.get_int_max_str_digits() + 1)
    half = {"kind": "short", "question": "What is sigmoid(0)?", "reference": 0.5}
    path = jsonl(
        tmp_path / "answers.jsonl",
        {**half, "answer": f"1/{huge}"},
        {**half, "answer": f"{huge}/3"},
        {**half, "answer": "1" * 400 + "/1"},
        {**half, "answer": "1/2"},
    )
    assert run([str(path)]) == 0
    *long_ones, last = outputs(capsys)
    assert [line["verdict"] for line in long_ones] == ["wrong"] * 3
    assert long_ones[0]["feedback"] == long_ones[1]["feedback"] != long_ones[2]["feedback"]
    assert last["verdict"] == "correct"


def test_a_json_error_names_its_column_once(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = jsonl(tmp_path / "answers.jsonl", '{"question": "\x1b]0;title\x07"}', '{"answer": "open')
    assert run([str(path)]) == 1
    assert [line["error"] for line in outputs(capsys)] == [
        "not valid JSON: Invalid control character at column 15.",
        "not valid JSON: Unterminated string starting at column 12.",
    ]


def test_help_names_the_command(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as stop:
        run(["--help"])
    assert stop.value.code == 0
    help_text = capsys.readouterr().out
    assert help_text.startswith("usage: tutor grade [-h] [--model NAME] [--no-llm] [FILE]")
    assert "example:" in help_text


def test_module_reads_standard_input(tmp_path: Path) -> None:
    lines = json.dumps({**GAN, "answer": "The generator creates fake samples."}) + "\n\nnope\n"
    result = subprocess.run(
        [sys.executable, "-m", "tutor.grade_command"],
        input=lines,
        cwd=tmp_path,
        env={
            "PYTHONPATH": str(REPO),
            "PATH": "/usr/bin:/bin",
            "XDG_CONFIG_HOME": str(tmp_path),
            "OLLAMA_HOST": os.environ["OLLAMA_HOST"],  # nothing listens there (conftest)
        },
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 1, result.stderr
    graded, error = (json.loads(line) for line in result.stdout.splitlines())
    assert (graded["line"], graded["verdict"]) == (1, "partial")
    assert error == {"line": 3, "error": "not valid JSON: Expecting value at column 1."}
    assert result.stderr == ""


# --- with LLM grading on (the default) --------------------------------------------------

SHORT = {"kind": "short", "question": "Which rule?", "reference": "chain rule", "answer": "chain"}


def answers(tmp_path: Path) -> Path:
    """Two free-text answers and a short one."""
    return jsonl(
        tmp_path / "in.jsonl",
        {**GAN, "answer": "The generator makes fake samples."},
        SHORT,
        {**GAN, "answer": "The discriminator judges real versus fake."},
    )


def test_without_ollama_free_text_is_graded_offline_with_the_reason(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    file = answers(tmp_path)
    assert run(["--no-llm", str(file)]) == 0
    before = outputs(capsys)
    assert all("reason" not in result for result in before)
    assert run([str(file)]) == 0
    results = outputs(capsys)
    reason = f"Ollama not running at {os.environ['OLLAMA_HOST']}"
    assert [result.pop("reason", None) for result in results] == [reason, None, reason]
    assert results == before  # otherwise exactly as without the LLM


def test_with_ollama_free_text_is_graded_by_the_model(
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    ollama_server: FakeOllama,
) -> None:
    monkeypatch.setenv("OLLAMA_HOST", ollama_server.url)
    assert run([str(answers(tmp_path))]) == 0
    first, short, second = outputs(capsys)
    assert (first["grader"], first["score"], first["verdict"]) == ("llama3.2", 0.6, "partial")
    assert first["confidence"] is None
    assert first["found"] == ["generator creates fake samples"]
    assert "reason" not in first
    assert (short["grader"], second["grader"]) == ("rules", "llama3.2")
    assert [chat["model"] for chat in ollama_server.chats()] == ["llama3.2", "llama3.2"]
    assert [r.path for r in ollama_server.requests].count("/api/tags") == 1


def test_model_and_no_llm_flags_override_the_config(
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    ollama_server: FakeOllama,
) -> None:
    monkeypatch.setenv("OLLAMA_HOST", ollama_server.url)
    file = jsonl(tmp_path / "in.jsonl", {**GAN, "answer": "The generator makes fake samples."})
    assert run(["--model", "mistral:7b", str(file)]) == 0
    assert outputs(capsys)[0]["grader"] == "mistral:7b"
    assert [chat["model"] for chat in ollama_server.chats()] == ["mistral:7b"]
    ollama_server.requests.clear()
    assert run(["--no-llm", str(file)]) == 0
    (result,) = outputs(capsys)
    assert result["grader"] == "offline" and "reason" not in result
    assert ollama_server.requests == []


def test_a_missing_model_is_found_out_once_not_per_line(
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    ollama_server: FakeOllama,
) -> None:
    monkeypatch.setenv("OLLAMA_HOST", ollama_server.url)
    ollama_server.models = ["mistral:7b"]
    assert run([str(answers(tmp_path))]) == 0
    reasons = [result.get("reason") for result in outputs(capsys)]
    missing = "model llama3.2 not installed: ollama pull llama3.2"
    assert reasons == [missing, None, missing]
    assert [(r.method, r.path) for r in ollama_server.requests] == [("GET", "/api/tags")]


def test_model_faults_fall_back_line_by_line(
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    ollama_server: FakeOllama,
) -> None:
    monkeypatch.setenv("OLLAMA_HOST", ollama_server.url)
    ollama_server.behaviour = "score_out_of_range"
    assert run([str(answers(tmp_path))]) == 0
    first, _, second = outputs(capsys)
    schema = "llama3.2's reply did not fit the verdict schema (score 1.7 out of range)"
    assert (first["grader"], first["reason"]) == ("offline", schema)
    assert second["reason"] == schema


def test_config_problems_are_reported_and_grading_goes_on(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    config = Path(os.environ["XDG_CONFIG_HOME"]) / "tutor" / "config.toml"
    config.parent.mkdir(parents=True)
    config.write_text('[grading]\nllm = "yes"\n', encoding="utf-8")
    file = jsonl(tmp_path / "in.jsonl", {**GAN, "answer": "The generator makes fake samples."})
    assert run([str(file)]) == 0
    captured = capsys.readouterr()
    (problem,) = captured.err.splitlines()
    assert problem.startswith(f"tutor: {config}:2: ")
    assert json.loads(captured.out)["grader"] == "offline"
