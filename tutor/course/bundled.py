"""Where the course that ships with tutor lives."""

from __future__ import annotations

from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent.parent


def bundled_course_path() -> Path:
    """The bundled ``content/`` folder.

    A wheel carries it inside the package (``tutor/_content``); a source
    checkout or editable install has it at the repository root.
    """
    installed = _PACKAGE / "_content"
    return installed if installed.is_dir() else _PACKAGE.parent / "content"
