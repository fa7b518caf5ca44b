"""Read quiz files (TOML) into questions, reporting every authoring mistake.

The format is documented in ``docs/authoring.md``. ``tomllib`` gives no line
numbers for values, so the lines of ``[[question]]`` tables and of their keys
are found in the raw text: every problem is reported where the author can
fix it.
"""

from __future__ import annotations

import difflib
import hashlib
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from tutor.course.kinds import AUTHORED, KINDS, Question
from tutor.course.problems import Problem, warning
from tutor.course.quiztable import QuestionError, QuizTable
from tutor.course.sources import UnreadableFile, read_text
from tutor.tomltext import TomlError, read_toml
from tutor.untrusted import text_lines

MAX_QUIZ_BYTES = 4 * 1024 * 1024

_QUESTION_HEADER = re.compile(r"\s*\[\[\s*question\s*\]\]\s*(#.*)?")
_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]*")

COMMON_KEYS = ("id", "kind", "topic", "prompt", "explanation", "hint", "generated_by")
ALL_KEYS = sorted({*COMMON_KEYS, *(key for kind in KINDS.values() for key in kind.keys)})
FILE_KEYS = ("topic", "question")

# Resolves a question's ``topic`` (or None for the file's default) to a topic
# id, or returns an error message.
TopicResolver = Callable[[str | None], "str | ResolveError"]


@dataclass(frozen=True, slots=True)
class ResolveError:
    message: str


def derived_id(text: str) -> str:
    """A stable id from a prompt: the same words give the same id."""
    normal = " ".join(text.casefold().split())
    return "q-" + hashlib.sha1(normal.encode("utf-8")).hexdigest()[:10]


def _blocks(text: str, questions: list[Any]) -> list[QuizTable]:
    """Pair each question table with the line of its ``[[question]]`` header."""
    lines = text_lines(text)
    starts = [index for index, line in enumerate(lines) if _QUESTION_HEADER.fullmatch(line)]
    blocks = []
    for position, table in enumerate(questions):
        if position < len(starts) and len(starts) == len(questions):
            start = starts[position]
            end = starts[position + 1] if position + 1 < len(starts) else len(lines)
            key_lines = {}
            for index in range(start + 1, end):
                key = lines[index].split("=", 1)[0].strip().strip("\"'")
                if "=" in lines[index] and key in table and key not in key_lines:
                    key_lines[key] = index + 1
            blocks.append(QuizTable(table, start + 1, key_lines))
        else:  # inline tables: no header lines to point at
            blocks.append(QuizTable(table, None, {}))
    return blocks


def _kind(block: QuizTable) -> type[Question]:
    kind = block.table.get("kind")
    if isinstance(kind, str) and kind in KINDS:
        return KINDS[kind]
    known = ", ".join(KINDS)
    if kind is None:
        raise QuestionError(f"missing `kind` (one of {known})", "kind")
    raise QuestionError(f"unknown kind {kind!r}: use one of {known}", "kind")


def check_table(table: Mapping[str, Any], topic_id: str, path: Path) -> Question:
    """The question one ``[[question]]`` table describes, checked as ``tutor check`` checks it.

    For questions that do not come from a file yet (a model's, before they
    are written): they pass the very rules a quiz file's questions pass.
    Raises :class:`QuestionError` with the reason when the table is not a
    valid question; ``path`` is the file it is meant for.
    """
    block = QuizTable(dict(table), None, {})
    return _build(block, _kind(block), topic_id, path)


def _build(block: QuizTable, kind: type[Question], topic_id: str, path: Path) -> Question:
    """The fields every kind has, then the kind's own (:meth:`Question.read`)."""
    table = block.table
    prompt = block.text("prompt", required=kind.default_prompt is None) or kind.default_prompt or ""
    question_id = table.get("id")
    if question_id is None:
        question_id = derived_id(prompt if "prompt" in table else block.text(kind.id_key))
    elif not isinstance(question_id, str) or not _ID.fullmatch(question_id):
        raise QuestionError(
            "`id` must be a string of letters, digits, '-', '_' or '.' (starting with a letter"
            " or digit)",
            "id",
        )
    common: dict[str, Any] = {
        "id": question_id,
        "topic_id": topic_id,
        "prompt": prompt,
        "explanation": block.text("explanation", required=False),
        "hint": block.text("hint", required=False),
        "source": path,
        "line": block.line,
        "origin": block.text("generated_by", required=False) or AUTHORED,
    }
    return kind.read(block, common)


def _lint(block: QuizTable, question: Question, path: Path) -> list[Problem]:
    """Warnings: keys that do nothing, missing explanations, and the kind's own."""
    problems = []
    kind = question.kind
    allowed = {*COMMON_KEYS, *question.keys}
    for key in block.table:
        if key in allowed:
            continue
        if key in ALL_KEYS:
            message = f"`{key}` is not used by {kind} questions"
        else:
            close = difflib.get_close_matches(key, sorted(allowed), n=1)
            message = f"unknown key `{key}`" + (f"; did you mean `{close[0]}`?" if close else "")
        problems.append(warning(path, block.line_of(key), message))
    problems.extend(warning(path, block.line_of(key), text) for key, text in question.warnings())
    if not block.table.get("explanation"):
        problems.append(
            warning(path, block.line, "no `explanation`: learners see it after answering")
        )
    return problems


def load_quiz(path: Path, resolve: TopicResolver) -> tuple[list[Question], list[Problem]]:
    """Read one quiz file; return its valid questions and every problem found."""
    try:
        text = read_text(path, limit=MAX_QUIZ_BYTES)
    except UnreadableFile as unreadable:
        return [], [unreadable.problem]
    try:
        data = read_toml(text)
    except TomlError as error:
        return [], [Problem(path, error.line, error.message)]

    problems: list[Problem] = []
    for key in data:
        if key not in FILE_KEYS:
            close = difflib.get_close_matches(key, FILE_KEYS, n=1)
            hint = (
                f"; did you mean `{close[0]}`?"
                if close
                else "; questions go in [[question]] tables"
            )
            problems.append(warning(path, None, f"unknown top-level key `{key}`{hint}"))
    default_topic = data.get("topic")
    if default_topic is not None and not isinstance(default_topic, str):
        problems.append(Problem(path, None, "top-level `topic` must be a string"))
        default_topic = None
    raw = data.get("question", [])
    if isinstance(raw, dict):
        return [], [
            *problems,
            Problem(path, None, "write each question as [[question]] (double brackets)"),
        ]
    if not isinstance(raw, list) or not all(isinstance(item, dict) for item in raw):
        return [], [
            *problems,
            Problem(path, None, "`question` must be a list of [[question]] tables"),
        ]
    if not raw:
        problems.append(warning(path, None, "no questions: add [[question]] tables"))

    questions: list[Question] = []
    for block in _blocks(text, raw):
        try:
            kind = _kind(block)
        except QuestionError as error:
            problems.append(Problem(path, block.line_of(error.key), str(error)))
            continue
        topic = block.table.get("topic", default_topic)
        resolved = resolve(topic if isinstance(topic, str) else None)
        if "topic" in block.table and not isinstance(block.table["topic"], str):
            resolved = ResolveError("`topic` must be a string (a heading title or path)")
        if isinstance(resolved, ResolveError):
            problems.append(Problem(path, block.line_of("topic"), resolved.message))
            continue
        try:
            question = _build(block, kind, resolved, path)
        except QuestionError as error:
            problems.append(Problem(path, block.line_of(error.key), str(error)))
            continue
        questions.append(question)
        problems.extend(_lint(block, question, path))
    return questions, problems
