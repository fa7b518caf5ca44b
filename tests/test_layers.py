"""The layers below the UI import neither Textual nor the Ollama client: they stay fast anywhere."""

from __future__ import annotations

import pytest

from tests.conftest import heavy_imports


@pytest.mark.parametrize(
    "package", ["tutor.course", "tutor.grading", "tutor.study", "tutor.config"]
)
def test_package_imports_nothing_heavy(package: str) -> None:
    assert heavy_imports(f"import {package}") == []
