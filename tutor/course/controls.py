"""Warnings about control characters and bidirectional overrides in a course's files.

tutor shows such characters as visible stand-ins (:mod:`tutor.untrusted`), so
they do no harm on screen; but an author rarely means them, and a
bidirectional override can hide what a line really says. ``tutor check``
points at each one so that it can be removed.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import fields
from pathlib import Path

from tutor.course.kinds import Question
from tutor.course.problems import Problem, warning
from tutor.untrusted import is_bidi, one_line, picture, unsafe_characters, visible


def _message(found: list[str], where: str) -> str:
    """What is wrong with one line (or field): the first character found, and how many more."""
    char = found[0]
    more = f" and {len(found) - 1} more" if len(found) > 1 else ""
    if is_bidi(char):
        what = f"bidirectional control U+{ord(char):04X}{more}{where}"
        why = "the text may read differently from what it holds"
    else:
        what = f"control character U+{ord(char):04X} (shown as {picture(char)}){more}{where}"
        why = "tutor shows it, it does not obey it"
    return f"{what}: {why}; remove {'them' if more else 'it'}"


def text_warnings(path: Path, text: str) -> list[Problem]:
    """One warning per line of a note that holds unsafe characters."""
    by_line: dict[int, list[str]] = {}
    for line, char in unsafe_characters(text):
        by_line.setdefault(line, []).append(char)
    return [warning(path, line, _message(found, "")) for line, found in by_line.items()]


def _strings(value: object) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, tuple | frozenset):
        for item in value:
            yield from _strings(item)


def question_warnings(path: Path, question: Question) -> list[Problem]:
    """One warning per field of a quiz question (prompt, choices, …) holding unsafe characters.

    A quiz file is TOML, where an ESC is written ``\\u001b``: the file's raw
    text may look clean, so the values read from it are what is searched.
    """
    problems = []
    for field in fields(question):
        found = [
            char
            for text in _strings(getattr(question, field.name))
            for char in text
            if visible(char) != char  # a carriage return too: a value has no line endings
        ]
        if found:
            problems.append(warning(path, question.line, _message(found, f" in `{field.name}`")))
    return problems


def title_warnings(path: Path, title: str) -> list[Problem]:
    """A warning if a course title holds unsafe characters."""
    found = [char for char in title if visible(char) != char]
    return [warning(path, None, _message(found, " in `title`"))] if found else []


def name_warnings(root: Path, paths: Iterable[Path]) -> list[Problem]:
    """One warning per file or folder under ``root`` whose name holds a control character
    (a newline included: it would break every line of output that names the file)."""
    problems = []
    seen: set[Path] = set()
    for path in paths:
        if one_line(str(path)) == str(path):
            continue  # the usual case, settled without taking the path apart
        parts = path.relative_to(root).parts if path.is_relative_to(root) else (path.name,)
        for depth in range(1, len(parts) + 1):
            named = root.joinpath(*parts[:depth])
            name = parts[depth - 1]
            if named in seen or one_line(name) == name:
                continue
            seen.add(named)
            found = [char for char in name if one_line(char) != char]
            problems.append(warning(named, None, _message(found, " in the name")))
    return problems
