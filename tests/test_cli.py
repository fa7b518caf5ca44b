"""The ``tutor`` command: check's output and exit status, and what start-up imports."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import WriteFile, heavy_imports
from tutor.cli import main

REPO = Path(__file__).resolve().parent.parent


def run_tutor(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    """Run ``python -m tutor`` from this checkout as a user would, from another folder."""
    return subprocess.run(
        [sys.executable, "-m", "tutor", *args],
        cwd=cwd,
        env={"PYTHONPATH": str(REPO), "PATH": "/usr/bin:/bin", "HOME": str(cwd)},
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_check_bundled_course_is_clean(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("Machine Learning Concepts: 22 topics, 46 questions (")
    assert out.rstrip().endswith("0 warnings, 0 errors")


def test_check_reports_problems_and_fails(
    notes: Path, write: WriteFile, capsys: pytest.CaptureFixture[str]
) -> None:
    write("a.md", "# A\n")
    quiz = write(
        "a.quiz.toml",
        '[[question]]\nkind = "single"\nprompt = "p"\nchoices = ["x", "y"]\nanswer = "z"\n',
    )
    assert main(["check", str(notes)]) == 1
    lines = capsys.readouterr().out.splitlines()
    assert lines[0] == (
        f"{quiz}:5: answer 'z' is not among the choices; the choices are ['x', 'y']"
    )
    assert lines[-1] == "Notes: 1 topic, 0 questions, 0 warnings, 1 error"


def test_warnings_alone_pass(
    notes: Path, write: WriteFile, capsys: pytest.CaptureFixture[str]
) -> None:
    write("a.md", "# A\n")
    write("a.quiz.toml", '[[question]]\nkind = "true_false"\nprompt = "p"\nanswer = true\n')
    assert main(["check", str(notes)]) == 0
    out = capsys.readouterr().out
    assert "warning: no `explanation`" in out
    assert out.rstrip().endswith("1 true/false), 1 warning, 0 errors")


@pytest.mark.parametrize("command", [["check"], []])
def test_unusable_path_is_one_line_without_traceback(tmp_path: Path, command: list[str]) -> None:
    result = run_tutor(*command, str(tmp_path / "missing"), cwd=tmp_path)
    assert result.returncode == 2
    assert result.stdout == ""
    assert result.stderr == f"tutor: {tmp_path / 'missing'}: no such file or folder\n"


def test_check_from_another_folder_finds_the_bundled_course(tmp_path: Path) -> None:
    result = run_tutor("check", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "0 errors" in result.stdout


@pytest.mark.parametrize(
    "args", [["--help"], ["--version"], ["check", "--help"], ["check"], ["grade", "--help"]]
)
def test_start_up_imports_nothing_heavy(tmp_path: Path, args: list[str]) -> None:
    code = f"from tutor.cli import main\ntry:\n    main({args!r})\nexcept SystemExit:\n    pass"
    assert heavy_imports(code, cwd=tmp_path) == []


@pytest.mark.parametrize("args", [["--help"], ["--version"], ["check", "--help"]])
def test_help_imports_none_of_tutors_layers(tmp_path: Path, args: list[str]) -> None:
    """``tutor --help`` pays for argparse only: the course layer alone costs more."""
    probe = (
        f"import sys\nfrom tutor.cli import main\ntry:\n    main({args!r})\n"
        "except SystemExit:\n    pass\n"
        "print(sorted(m for m in sys.modules if m.startswith('tutor')))"
    )
    result = subprocess.run(
        [sys.executable, "-c", probe],
        cwd=tmp_path,
        env={"PYTHONPATH": str(REPO), "PATH": "/usr/bin:/bin"},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    loaded = result.stdout.strip().splitlines()[-1]
    assert loaded == "['tutor', 'tutor.cli', 'tutor.clock', 'tutor.untrusted']"


def test_version(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["--version"])
    assert exit_info.value.code == 0
    assert capsys.readouterr().out.startswith("tutor 0.")
