"""The layers below the UI never import Textual, so they stay fast and usable anywhere."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
NON_UI_PACKAGES = ["tutor.course", "tutor.grading", "tutor.study"]


@pytest.mark.parametrize("package", NON_UI_PACKAGES)
def test_package_does_not_import_textual(package: str) -> None:
    code = f"import sys, {package}; print('textual' in sys.modules)"
    result = subprocess.run(
        [sys.executable, "-c", code],
        env={"PYTHONPATH": str(REPO), "PATH": "/usr/bin:/bin"},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.stdout.strip() == "False", result.stderr
