"""Shared fixtures: every test gets its own config, data and cache folders."""

from __future__ import annotations

import ast
import subprocess
import sys
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest

from tests.ollama_server import FakeOllama, RunningServer, closed_port_url
from tutor.clock import FixedClock
from tutor.config import Config, default_config_path
from tutor.llm import LLMSettings

WriteFile = Callable[[str, str | bytes], Path]


@pytest.fixture(autouse=True)
def isolated_user_dirs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Keep tests away from the real user's progress and config."""
    for variable in ("XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_CACHE_HOME", "XDG_STATE_HOME"):
        monkeypatch.setenv(variable, str(tmp_path / "user" / variable.lower()))


NOW = datetime(2026, 11, 26, 10, 0, tzinfo=UTC)
"""The instant every time-dependent test runs at, whatever the date it is run on."""


@pytest.fixture
def clock() -> FixedClock:
    """A clock standing at :data:`NOW` (tests move it with ``advance``)."""
    return FixedClock(NOW)


@pytest.fixture
def notes(tmp_path: Path) -> Path:
    """An empty notes folder."""
    folder = tmp_path / "notes"
    folder.mkdir()
    return folder


@pytest.fixture
def write(notes: Path) -> WriteFile:
    """Write a file (text or bytes) under the notes folder, creating sub-folders."""

    def write_file(relative: str, content: str | bytes) -> Path:
        path = notes / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")
        return path

    return write_file


def offline_config() -> Config:
    """Settings with LLM grading off: what the app shows then does not depend on timing."""
    return Config(path=default_config_path(), llm=LLMSettings(enabled=False))


@pytest.fixture(autouse=True)
def no_reading_by_the_clock(monkeypatch: pytest.MonkeyPatch) -> None:
    """A topic is not marked read by its lesson staying on screen for seconds: on a
    loaded machine a test can take that long, and its screen would then depend on it.
    Tests of that rule set ``StudyScreen.read_after`` themselves."""
    monkeypatch.setattr("tutor.ui.study_screen.READ_AFTER_SECONDS", 1e6)


@pytest.fixture(autouse=True)
def no_real_ollama(monkeypatch: pytest.MonkeyPatch) -> None:
    """Point the ollama client's default host at a port where nothing listens.

    Tests then behave the same on a machine that runs Ollama: without a test
    server, the default settings meet "Ollama not running", never a real model.
    """
    monkeypatch.setenv("OLLAMA_HOST", closed_port_url())


@pytest.fixture
def ollama_server() -> Iterator[FakeOllama]:
    """A stand-in Ollama server on 127.0.0.1 for one test (see tests/ollama_server.py)."""
    server = RunningServer()
    try:
        yield server.fake
    finally:
        server.close()


REPO = Path(__file__).resolve().parent.parent
HEAVY = ("textual", "ollama", "httpx", "pydantic")


def heavy_imports(code: str, cwd: Path | None = None) -> list[str]:
    """Which heavy packages a fresh interpreter has imported after running ``code``.

    Start-up speed depends on what is *not* imported, which only a new
    process can show.
    """
    probe = (
        f"{code}\nimport sys\n"
        f"print(sorted({{m.split('.')[0] for m in sys.modules}} & set({HEAVY!r})))"
    )
    result = subprocess.run(
        [sys.executable, "-c", probe],
        cwd=cwd,
        env={"PYTHONPATH": str(REPO), "PATH": "/usr/bin:/bin"},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    return ast.literal_eval(result.stdout.strip().splitlines()[-1])
