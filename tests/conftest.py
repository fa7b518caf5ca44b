"""Shared fixtures: every test gets its own config, data and cache folders."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

WriteFile = Callable[[str, str | bytes], Path]


@pytest.fixture(autouse=True)
def isolated_user_dirs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Keep tests away from the real user's progress and config."""
    for variable in ("XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_CACHE_HOME", "XDG_STATE_HOME"):
        monkeypatch.setenv(variable, str(tmp_path / "user" / variable.lower()))


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
