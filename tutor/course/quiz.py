"""Read quiz files (TOML) into questions, reporting every authoring mistake.

The format is documented in ``docs/authoring.md``. ``tomllib`` gives no line
numbers for values, so the lines of ``[[question]]`` tables and of their keys
are found in the raw text: every problem is reported where the author can
fix it.
"""

from __future__ import annotations

import difflib
import hashlib
import math
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from tutor.course.problems import Problem, warning
from tutor.course.questions import (
    AUTHORED,
    CLOZE_BLANK,
    KINDS,
    MAX_REFERENCE_LETTERS,
    Cloze,
    FreeText,
    MultipleChoice,
    Question,
    ShortAnswer,
    SingleChoice,
    TrueFalse,
    split_blank,
)
from tutor.course.sources import UnreadableFile, read_text
from tutor.tomltext import TomlError, read_toml
from tutor.untrusted import text_lines

MAX_CHOICES = 9  # the learner picks a choice with a single digit key
MAX_QUIZ_BYTES = 4 * 1024 * 1024
MAX_BLANKS = 12  # each blank is an input line in the quiz pane
MAX_NUMBER = 1e15  # beyond this a float no longer holds every whole number
DEFAULT_CLOZE_PROMPT = "Fill in the blanks."

_QUESTION_HEADER = re.compile(r"\s*\[\[\s*question\s*\]\]\s*(#.*)?")
_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]*")

COMMON_KEYS = ("id", "kind", "topic", "prompt", "explanation", "hint", "generated_by")
KIND_KEYS: dict[str, tuple[str, ...]] = {
    "single": ("choices", "answer"),
    "multiple": ("choices", "answers"),
    "true_false": ("answer",),
    "short": ("answers", "tolerance"),
    "free": ("reference", "key_points"),
    "cloze": ("text",),
}
ALL_KEYS = sorted({*COMMON_KEYS, *(key for keys in KIND_KEYS.values() for key in keys)})
FILE_KEYS = ("topic", "question")

# Resolves a question's ``topic`` (or None for the file's default) to a topic
# id, or returns an error message.
TopicResolver = Callable[[str | None], "str | ResolveError"]


@dataclass(frozen=True, slots=True)
class ResolveError:
    message: str


class QuestionError(Exception):
    """A question that cannot be used; ``key`` says where to point the author."""

    def __init__(self, message: str, key: str | None = None) -> None:
        super().__init__(message)
        self.key = key


def derived_id(text: str) -> str:
    """A stable id from a prompt: the same words give the same id."""
    normal = " ".join(text.casefold().split())
    return "q-" + hashlib.sha1(normal.encode("utf-8")).hexdigest()[:10]


def _is_number(value: object) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def _is_answerable(value: object) -> bool:
    """A number a learner can type: finite, and no larger than MAX_NUMBER.
    NaN equals nothing and infinity cannot be typed, so either would make the
    question unanswerable.
    """
    if isinstance(value, int) and not isinstance(value, bool):
        return abs(value) <= MAX_NUMBER
    return isinstance(value, float) and math.isfinite(value) and abs(value) <= MAX_NUMBER


def _type_name(value: object) -> str:
    names = {str: "a string", bool: "a boolean", list: "a list", dict: "a table"}
    if _is_number(value):
        return "a number"
    return names.get(type(value), type(value).__name__)


@dataclass(slots=True)
class _Block:
    """One ``[[question]]`` table with the lines its keys stand on."""

    table: dict[str, Any]
    line: int | None
    key_lines: dict[str, int]

    def line_of(self, key: str | None) -> int | None:
        return self.key_lines.get(key, self.line) if key else self.line

    def text(self, key: str, required: bool = True) -> str:
        value = self.table.get(key)
        if value is None:
            if required:
                raise QuestionError(f"missing `{key}`", None)
            return ""
        if not isinstance(value, str):
            raise QuestionError(f"`{key}` must be a string, not {_type_name(value)}", key)
        if required and not value.strip():
            raise QuestionError(f"empty `{key}`", key)
        return value.strip()

    def strings(self, key: str, required: bool = True) -> tuple[str, ...]:
        value = self.table.get(key)
        if value is None:
            if required:
                raise QuestionError(f"missing `{key}` (a list of strings)")
            return ()
        if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
            raise QuestionError(f"`{key}` must be a list of strings", key)
        if any(not item.strip() for item in value):
            raise QuestionError(f"`{key}` has an empty entry", key)
        if required and not value:
            raise QuestionError(f"`{key}` is empty", key)
        return tuple(item.strip() for item in value)


def _blocks(text: str, questions: list[Any]) -> list[_Block]:
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
            blocks.append(_Block(table, start + 1, key_lines))
        else:  # inline tables: no header lines to point at
            blocks.append(_Block(table, None, {}))
    return blocks


def _choices(block: _Block) -> tuple[str, ...]:
    choices = block.strings("choices")
    if len(choices) < 2:
        raise QuestionError("`choices` needs at least 2 entries", "choices")
    if len(choices) > MAX_CHOICES:
        raise QuestionError(
            f"`choices` has {len(choices)} entries; at most {MAX_CHOICES}", "choices"
        )
    seen: set[str] = set()
    for choice in choices:
        if choice.casefold() in seen:
            raise QuestionError(f"duplicate choice {choice!r}", "choices")
        seen.add(choice.casefold())
    return choices


def _require_choice(answer: str, choices: tuple[str, ...], key: str) -> None:
    if answer in choices:
        return
    close = difflib.get_close_matches(answer, choices, n=1, cutoff=0.6)
    hint = f"; did you mean {close[0]!r}?" if close else f"; the choices are {list(choices)}"
    raise QuestionError(f"answer {answer!r} is not among the choices{hint}", key)


def _missing_answer(block: _Block, kind: str, wanted: str, example: str) -> None:
    if wanted in block.table:
        return
    other = "answers" if wanted == "answer" else "answer"
    extra = f" (found `{other}`; {kind} questions use `{wanted}`)" if other in block.table else ""
    raise QuestionError(f"missing `{wanted}`{extra}: write {example}", other if extra else None)


def _kind(block: _Block) -> str:
    kind = block.table.get("kind")
    if isinstance(kind, str) and kind in KINDS:
        return kind
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
    block = _Block(dict(table), None, {})
    return _build(block, _kind(block), topic_id, path)


def _build(block: _Block, kind: str, topic_id: str, path: Path) -> Question:
    table = block.table
    cloze_text = block.text("text") if kind == "cloze" else ""
    prompt = block.text("prompt", required=kind != "cloze") or DEFAULT_CLOZE_PROMPT
    question_id = table.get("id")
    if question_id is None:
        question_id = derived_id(
            cloze_text if kind == "cloze" and "prompt" not in table else prompt
        )
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
    match kind:
        case "single":
            choices = _choices(block)
            _missing_answer(block, kind, "answer", 'answer = "<the right choice>"')
            answer = block.text("answer")
            _require_choice(answer, choices, "answer")
            return SingleChoice(**common, choices=choices, answer=answer)
        case "multiple":
            choices = _choices(block)
            _missing_answer(block, kind, "answers", 'answers = ["<a right choice>", ...]')
            answers = block.strings("answers")
            for answer in answers:
                _require_choice(answer, choices, "answers")
            if len(set(answers)) != len(answers):
                raise QuestionError("`answers` lists a choice twice", "answers")
            return MultipleChoice(**common, choices=choices, answers=frozenset(answers))
        case "true_false":
            _missing_answer(block, kind, "answer", "answer = true or answer = false")
            answer = table["answer"]
            if not isinstance(answer, bool):
                raise QuestionError(
                    f"`answer` must be true or false (a TOML boolean, unquoted), not"
                    f" {_type_name(answer)}",
                    "answer",
                )
            return TrueFalse(**common, answer=answer)
        case "short":
            _missing_answer(block, kind, "answers", 'answers = ["<accepted answer>", ...]')
            answers = table["answers"]
            if not isinstance(answers, list) or not answers:
                raise QuestionError("`answers` must be a non-empty list", "answers")
            for answer in answers:
                if not (_is_answerable(answer) or (isinstance(answer, str) and answer.strip())):
                    raise QuestionError(
                        "each of `answers` must be a non-empty string or a finite number"
                        f" (at most {MAX_NUMBER:.0e} either way)",
                        "answers",
                    )
            tolerance = table.get("tolerance", 0.0)
            if not _is_answerable(tolerance) or tolerance < 0:
                raise QuestionError("`tolerance` must be a finite number >= 0", "tolerance")
            return ShortAnswer(
                **common,
                answers=tuple(a.strip() if isinstance(a, str) else float(a) for a in answers),
                tolerance=float(tolerance),
            )
        case "free":
            reference = block.text("reference")
            key_points = block.strings("key_points", required=False)
            return FreeText(**common, reference=reference, key_points=key_points)
        case _:  # cloze
            outside = CLOZE_BLANK.sub("", cloze_text)
            if "{{" in outside or "}}" in outside:
                raise QuestionError("cloze `text` has an unclosed {{ or a stray }}", "text")
            blanks = CLOZE_BLANK.findall(cloze_text)
            if not blanks:
                raise QuestionError("cloze `text` has no blank: mark one as {{answer}}", "text")
            if any(not split_blank(blank) for blank in blanks):
                raise QuestionError("cloze `text` has an empty blank {{}}", "text")
            if len(blanks) > MAX_BLANKS:
                raise QuestionError(
                    f"cloze `text` has {len(blanks)} blanks; at most {MAX_BLANKS} fit on screen:"
                    " split it into several questions",
                    "text",
                )
            return Cloze(**common, text=cloze_text)


def _lint(block: _Block, question: Question, path: Path) -> list[Problem]:
    """Warnings: keys that do nothing, missing explanations, a reference too long to read."""
    problems = []
    kind = question.kind
    allowed = {*COMMON_KEYS, *KIND_KEYS[kind]}
    for key in block.table:
        if key in allowed:
            continue
        if key in ALL_KEYS:
            message = f"`{key}` is not used by {kind} questions"
        else:
            close = difflib.get_close_matches(key, sorted(allowed), n=1)
            message = f"unknown key `{key}`" + (f"; did you mean `{close[0]}`?" if close else "")
        problems.append(warning(path, block.line_of(key), message))
    if kind == "free":
        points = [point.casefold() for point in block.strings("key_points", required=False)]
        if len(set(points)) != len(points):
            problems.append(
                warning(path, block.line_of("key_points"), "`key_points` repeats an entry")
            )
        if isinstance(question, FreeText) and question.read_in_part:
            problems.append(
                warning(
                    path,
                    block.line_of("reference"),
                    f"the prompt, the reference or the key points are longer than the"
                    f" {MAX_REFERENCE_LETTERS:,} characters the offline grader reads: shorten"
                    " them, or split the question",
                )
            )
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
