"""tutor's settings: ``config.toml`` in the user config folder, command-line flags over it.

Every key is optional and has a default; a bad file never stops tutor. Each
problem becomes a ``file:line: message`` string and the bad key keeps its
default, so a typo in one key costs only that key. The file is only written
when the learner picks a model in the app, and then only the ``model`` value
changes (through tomlkit): comments and every other line stay as written.
"""

from __future__ import annotations

import difflib
import re
import tomllib
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import platformdirs

from tutor.files import write_atomically
from tutor.llm import LLMSettings
from tutor.study.schedule import DEFAULT_RETENTION
from tutor.tomltext import TomlError, read_toml
from tutor.untrusted import text_lines

_KEY_PART = r"""\s*(?:[A-Za-z0-9_-]+|"(?:[^"\\]|\\.)*"|'[^']*')\s*"""
_DOTTED_KEY = rf"{_KEY_PART}(?:\.{_KEY_PART})*"
_HEADER = re.compile(rf"\s*\[\[?({_DOTTED_KEY})\]\]?\s*(#.*)?")
_KEY = re.compile(rf"({_DOTTED_KEY})=")

TEMPLATE = """\
# tutor settings. Every key is optional; see the README for what each does.

[grading]
# llm = true                 # grade free-text answers with a local model through Ollama
# model = "llama3.2"
# host = ""                  # empty: the Ollama client's default (OLLAMA_HOST)
# timeout = 45               # seconds for the whole reply
# first_token_timeout = 20   # seconds to wait for the reply to start

[review]
# desired_retention = 0.9    # share of cards you should still recall when they come due
# new_per_day = 20           # new cards a review session brings in each day

[display]
# ascii = false              # only ASCII on screen (the default: only when TERM=linux)
"""


class ConfigError(Exception):
    """The config file could not be changed; the message names the file."""


def default_config_path() -> Path:
    """``config.toml`` in the user config folder (``$XDG_CONFIG_HOME/tutor`` on Linux)."""
    return Path(platformdirs.user_config_dir("tutor")) / "config.toml"


def _boolean(value: object) -> bool:
    if isinstance(value, bool):
        return value
    raise ValueError


def _model(value: object) -> str:
    if isinstance(value, str) and value.strip():
        return value.strip()
    raise ValueError


def _host(value: object) -> str | None:
    if isinstance(value, str):
        return value.strip() or None  # empty: the client's own default
    raise ValueError


def _seconds(value: object) -> float:
    if isinstance(value, int | float) and not isinstance(value, bool) and 0 < value <= 3600:
        return float(value)
    raise ValueError


def _retention(value: object) -> float:
    if isinstance(value, int | float) and not isinstance(value, bool) and 0.7 <= value <= 0.99:
        return float(value)
    raise ValueError


def _cards_per_day(value: object) -> int:
    if isinstance(value, int) and not isinstance(value, bool) and 0 <= value <= 1000:
        return value
    raise ValueError


@dataclass(frozen=True, slots=True)
class ReviewSettings:
    """How review sessions schedule cards."""

    desired_retention: float = DEFAULT_RETENTION  # FSRS schedules for this recall rate
    new_per_day: int = 20  # never-answered questions a review session brings in per day


@dataclass(frozen=True, slots=True)
class DisplaySettings:
    """How the screen is drawn."""

    ascii: bool | None = None  # only ASCII characters; None: decided by the terminal (TERM)


@dataclass(frozen=True, slots=True)
class _Key:
    read: Callable[[object], Any]  # the value to use; raises ValueError for a bad one
    wants: str  # what a good value is, for the message
    field: str  # the field of the table's settings it sets


GRADING_KEYS: dict[str, _Key] = {
    "llm": _Key(_boolean, "true or false", "enabled"),
    "model": _Key(_model, 'a model name such as "llama3.2"', "model"),
    "host": _Key(_host, 'a URL such as "http://127.0.0.1:11434" (or "" for the default)', "host"),
    "timeout": _Key(_seconds, "a number of seconds between 0 and 3600", "timeout"),
    "first_token_timeout": _Key(
        _seconds, "a number of seconds between 0 and 3600", "first_token_timeout"
    ),
}
REVIEW_KEYS: dict[str, _Key] = {
    "desired_retention": _Key(_retention, "a number from 0.7 to 0.99", "desired_retention"),
    "new_per_day": _Key(_cards_per_day, "a whole number from 0 to 1000", "new_per_day"),
}
DISPLAY_KEYS: dict[str, _Key] = {"ascii": _Key(_boolean, "true or false", "ascii")}
TABLES = {"grading": GRADING_KEYS, "review": REVIEW_KEYS, "display": DISPLAY_KEYS}
# The settings each table fills in, and the Config field that holds them.
_SETTINGS: dict[str, tuple[type[Any], str]] = {
    "grading": (LLMSettings, "llm"),
    "review": (ReviewSettings, "review"),
    "display": (DisplaySettings, "display"),
}


@dataclass(frozen=True, slots=True)
class Config:
    """The settings in force, and what was wrong with the file they came from."""

    path: Path
    llm: LLMSettings = field(default_factory=LLMSettings)
    problems: list[str] = field(default_factory=list)
    review: ReviewSettings = field(default_factory=ReviewSettings)
    asked_for_model: bool = False  # a [grading] table or --model: the learner set up a model
    display: DisplaySettings = field(default_factory=DisplaySettings)


def _key_lines(text: str) -> dict[tuple[str, str], int]:
    """Where each table and key is first written, by (table, key), ("", table) for a
    top-level key: tomllib gives no line numbers. Keys may be quoted or dotted, as
    TOML allows (``[grading]``, ``["grading"]``, ``grading.llm = true``)."""
    lines: dict[tuple[str, str], int] = {}
    table: list[str] = []
    for number, line in enumerate(text_lines(text), 1):
        header = _HEADER.fullmatch(line)
        found = header or _KEY.match(line)
        if found is None:
            continue
        path = _key_path(found.group(1))
        if header is not None:
            table = path
            if path:
                lines.setdefault((path[0], ""), number)
            if len(path) > 1:  # [grading.x]: a key of the table, written as a table
                lines.setdefault((path[0], path[1]), number)
            continue
        full = [*table, *path]
        if full:
            lines.setdefault(("", full[0]), number)
        if len(full) > 1:
            lines.setdefault((full[0], full[1]), number)
    return lines


def _key_path(dotted: str) -> list[str]:
    """The keys a (possibly dotted, possibly quoted) TOML key names, outermost first."""
    try:
        data: Any = tomllib.loads(f"{dotted} = 0")
    except tomllib.TOMLDecodeError:
        return []
    path = []
    while isinstance(data, dict) and data:
        key = next(iter(data))
        path.append(key)
        data = data[key]
    return path


def _where(path: Path, lines: dict[tuple[str, str], int], table: str, key: str = "") -> str:
    """``path`` and the line of ``key`` in ``table`` (else of the table), for a message."""
    line = lines.get((table, key)) or lines.get((table, "")) or lines.get(("", table))
    return f"{path}:{line}" if line else str(path)


def _read(path: Path) -> tuple[dict[str, Any], str, list[str]]:
    """The parsed file, its text, and problems that stop it from being read at all."""
    try:
        text = path.read_bytes().decode("utf-8")
    except FileNotFoundError:
        return {}, "", []
    except (OSError, UnicodeDecodeError) as error:
        reason = error.strerror if isinstance(error, OSError) else "not UTF-8 text"
        return {}, "", [f"{path}: cannot read the config ({reason}); using the defaults"]
    try:
        return read_toml(text), text, []
    except TomlError as error:
        return {}, text, [f"{error.at(path)}; using the defaults"]


def _unknown(name: str, known: list[str]) -> str:
    close = difflib.get_close_matches(name, known, n=1)
    return f"; did you mean `{close[0]}`?" if close else f" (known: {', '.join(known)})"


def _owner(key: str) -> str | None:
    """The table a key belongs in, if any."""
    return next((table for table, keys in TABLES.items() if key in keys), None)


def load_config(
    path: Path | None = None,
    *,
    model: str | None = None,
    no_llm: bool = False,
    ascii: bool = False,
) -> Config:
    """Read the config file; ``model``, ``no_llm`` and ``ascii`` (command-line flags)
    override it."""
    path = path or default_config_path()
    data, text, problems = _read(path)
    lines = _key_lines(text)
    settings = {table: make() for table, (make, _) in _SETTINGS.items()}
    for table, value in data.items():
        where = _where(path, lines, table)
        if table not in TABLES:
            owner = _owner(table)
            if owner:
                problems.append(f"{where}: `{table}` belongs under a [{owner}] line")
            else:
                problems.append(f"{where}: unknown table `{table}`{_unknown(table, list(TABLES))}")
            continue
        if not isinstance(value, dict):
            problems.append(f"{where}: `{table}` must be a table: write [{table}]")
            continue
        for key, raw in value.items():
            where = _where(path, lines, table, key)
            spec = TABLES[table].get(key)
            if spec is None:
                problems.append(
                    f"{where}: unknown key `{key}` in [{table}]{_unknown(key, list(TABLES[table]))}"
                )
                continue
            try:
                settings[table] = replace(settings[table], **{spec.field: spec.read(raw)})
            except ValueError:
                default = getattr(_SETTINGS[table][0](), spec.field)
                problems.append(f"{where}: `{key}` must be {spec.wants}; using {default!r}")
    llm = settings["grading"]
    if model:
        llm = replace(llm, model=model)
    if no_llm:
        llm = replace(llm, enabled=False)
    display = settings["display"]
    if ascii:
        display = replace(display, ascii=True)
    return Config(
        path=path,
        llm=llm,
        problems=problems,
        review=settings["review"],
        asked_for_model=bool(model) or isinstance(data.get("grading"), dict),
        display=display,
    )


def save_model(model: str, path: Path | None = None) -> Path:
    """Make ``model`` the one tutor grades with, changing only that value in the file.

    The edit goes through tomlkit, which keeps the learner's layout: comments,
    order, a ``[grading]`` table, a quoted ``["grading"]`` header, dotted
    ``grading.model = ...`` keys and ``grading = { ... }`` inline tables all stay
    as written, and the file stays valid TOML.
    """
    import tomlkit  # only when a model is picked: start-up never pays for it

    path = path or default_config_path()
    data, text, problems = _read(path)
    if problems:
        raise ConfigError(f"{problems[0].split('; using')[0]}: fix it before choosing a model here")
    if not isinstance(data.get("grading", {}), dict):
        raise ConfigError(f"{path}: `grading` is not a table; fix it before choosing a model here")
    document = tomlkit.parse(text or TEMPLATE)
    if "grading" not in document:
        document["grading"] = tomlkit.table()
    document["grading"]["model"] = model  # type: ignore[index]
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        write_atomically(path, tomlkit.dumps(document).encode("utf-8"))
    except OSError as error:
        raise ConfigError(f"could not save {path}: {error.strerror}") from error
    return path
