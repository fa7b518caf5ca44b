"""The layers stay layers: no import cycles, no imports against the grain, nothing heavy below.

Imports are read from the source (every ``import`` statement, those inside
functions included, except under ``if TYPE_CHECKING:``), so a lazy import
that closes a cycle is caught as surely as a top-level one.
"""

from __future__ import annotations

import ast
import importlib
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.conftest import REPO, heavy_imports

PACKAGE = REPO / "tutor"

LAYERS: tuple[tuple[str, ...], ...] = (
    ("tutor.__main__", "tutor.cli"),
    ("tutor.ui", "tutor.stats_command", "tutor.grade_command", "tutor.generation.command"),
    ("tutor.generation", "tutor.config", "tutor.stats_view", "tutor.last_course"),
    ("tutor.study",),
    ("tutor.grading",),
    ("tutor.course", "tutor.llm"),
    ("tutor.clock", "tutor.files", "tutor.tomltext", "tutor.untrusted", "tutor.wording", "tutor"),
)
"""From the top down: a module imports only from its own layer or the layers below.

The entry point parses arguments and starts one command; the commands and
the app sit on what they show: generation, config and statistics rendering,
then the study core, the graders, the course and the model client, and the
clock, the file helpers and the sanitiser of untrusted text under everything.
"""


def _module_name(path: Path) -> str:
    parts = path.relative_to(REPO).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


MODULES = {_module_name(path): path for path in PACKAGE.rglob("*.py")}


def _imports(path: Path) -> Iterator[str]:
    """The tutor modules ``path`` imports, at any depth, outside ``TYPE_CHECKING`` blocks."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    skipped = {
        id(node)
        for block in ast.walk(tree)
        if isinstance(block, ast.If) and "TYPE_CHECKING" in ast.unparse(block.test)
        for statement in block.body
        for node in ast.walk(statement)
    }
    for node in ast.walk(tree):
        if id(node) in skipped:
            continue
        if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("tutor"):
            for alias in node.names:
                name = f"{node.module}.{alias.name}"
                yield name if name in MODULES else node.module
        elif isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names if alias.name.startswith("tutor"))


GRAPH = {name: sorted(set(_imports(path))) for name, path in MODULES.items()}


def _layer(module: str) -> int:
    """The index in LAYERS of the most specific prefix naming ``module``."""
    best, depth = -1, -1
    for index, layer in enumerate(LAYERS):
        for prefix in layer:
            if (module == prefix or module.startswith(prefix + ".")) and len(prefix) > depth:
                best, depth = index, len(prefix)
    assert best >= 0, f"{module} is in no layer: add it to LAYERS in tests/test_layers.py"
    return best


def test_every_module_has_a_layer() -> None:
    for module in MODULES:
        _layer(module)


def test_no_import_goes_up_a_layer() -> None:
    wrong_way = [
        f"{module} imports {target}"
        for module, targets in GRAPH.items()
        for target in targets
        if _layer(target) < _layer(module)
    ]
    assert wrong_way == []


def test_no_import_cycles() -> None:
    cycles: list[list[str]] = []
    state: dict[str, str] = {}
    path: list[str] = []

    def visit(module: str) -> None:
        state[module] = "open"
        path.append(module)
        for target in GRAPH.get(module, []):
            if state.get(target) == "open":
                cycles.append([*path[path.index(target) :], target])
            elif target not in state:
                visit(target)
        path.pop()
        state[module] = "done"

    for module in sorted(GRAPH):
        if module not in state:
            visit(module)
    assert cycles == []


def test_the_contract_sees_a_lazy_import_that_closes_a_cycle(tmp_path: Path) -> None:
    source = tmp_path / "probe.py"
    source.write_text(
        "from typing import TYPE_CHECKING\n"
        "if TYPE_CHECKING:\n    from tutor.ui.app import TutorApp\n"
        "def run():\n    from tutor.cli import main\n",
        encoding="utf-8",
    )
    assert list(_imports(source)) == ["tutor.cli"]


@pytest.mark.parametrize(
    "package", ["tutor.course", "tutor.grading", "tutor.study", "tutor.config", "tutor.llm"]
)
def test_package_imports_nothing_heavy(package: str) -> None:
    assert heavy_imports(f"import {package}") == []


SCRIPTS = sorted((REPO / "benchmarks").glob("*.py")) + sorted((REPO / "screenshots").glob("*.py"))


@pytest.mark.parametrize("script", SCRIPTS, ids=lambda path: f"{path.parent.name}/{path.name}")
def test_scripts_outside_the_package_import_what_exists(script: Path) -> None:
    """Benchmarks and the screenshot maker are not run by the suite: a renamed module
    must still not break them unnoticed."""
    for node in ast.walk(ast.parse(script.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("tutor"):
            module = importlib.import_module(node.module)
            missing = [alias.name for alias in node.names if not hasattr(module, alias.name)]
            assert not missing, f"{script.name}: {node.module} has no {missing}"
