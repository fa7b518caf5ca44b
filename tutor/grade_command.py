"""``tutor grade [FILE]``: grade answers in bulk, one JSON object per line in and out.

Each input line describes a question and a learner's answer; it is turned
into the same question objects a course holds and graded by the same graders
the app uses, with the same config file and flags (``--model``,
``--no-llm``), so a script sees exactly the verdicts a learner would. A line
that cannot be graded gets an error object and the rest still run.

With LLM grading on, the server is asked once, before the first line, whether
it runs and has the model; if not, every free-text line is graded offline
with that reason at once, instead of each one waiting on the same fault.
"""

from __future__ import annotations

import argparse
import codecs
import json
import math
import re
import sys
from collections.abc import Callable, Iterable, Sequence
from typing import Any, TextIO

from tutor.course import FreeText, Question, ShortAnswer
from tutor.course.quiz import derived_id
from tutor.grading import grade, grade_with
from tutor.grading.llm_grader.offline import graded_offline
from tutor.grading.verdict import Verdict
from tutor.llm import LLMSettings, check_status
from tutor.untrusted import json_text, say, text_lines

EXIT_OK, EXIT_BAD_LINES, EXIT_UNREADABLE = 0, 1, 2
KINDS = ("free", "short")
_TOPIC = "tutor-grade"
_UNDECODABLE = re.compile("[\udc80-\udcff]")  # bytes that were not UTF-8, escaped by _read

Grader = Callable[[Question, str], Verdict]

_EPILOG = """\
input, one JSON object per line (blank lines are skipped):
  question     the prompt (required)
  reference    the model answer; for "short", an accepted answer (text or number)
  answer       the learner's answer (required; "" is graded as nothing answered)
  key_points   optional, "free" only: ideas a good answer must contain
  kind         "free" (default) or "short"
  answers      optional, "short" only: more accepted answers (text or numbers)
  tolerance    optional, "short" only: how far a number may be off (default 0)

output, one JSON object per input line: line, score (0-1), verdict (correct,
partial or wrong), grader (the model's name, "offline" or "rules"), confidence
(0-1: how likely a teacher agrees with the verdict; 1 for rules, estimated by
the offline grader, null for a model's verdict), reason (only when the offline
grader decided although LLM grading is on: why), feedback, found, missed,
expected; or line and error for a line that could not be graded.

free text is graded by the Ollama model set in tutor's config file when LLM
grading is on (the default), and offline otherwise or when the model cannot
answer in time.

exit status: 0 every line graded, 1 some lines had errors, 2 FILE unreadable.

example:
  echo '{"question": "Why does ice float?", "reference": "Ice is less dense than water.",
  "answer": "it is less dense"}' > answers.jsonl
  tutor grade answers.jsonl
"""


class BadLine(Exception):
    """An input line that cannot be graded; the message says why in one sentence."""


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="tutor grade",
        description="Grade learners' answers in bulk with tutor's graders: reads JSON Lines"
        " from FILE (or standard input) and writes one JSON verdict per line.",
        epilog=_EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument(
        "file", nargs="?", metavar="FILE", help="a .jsonl file (default or '-': standard input)"
    )
    parser.add_argument(
        "--model", metavar="NAME", help="grade free text with this Ollama model (this run only)"
    )
    parser.add_argument(
        "--no-llm", action="store_true", help="grade free text offline, without asking Ollama"
    )
    return parser


def _number(value: object) -> float | None:
    """A JSON number as a float (None for anything else, booleans and NaN included)."""
    if isinstance(value, int) and not isinstance(value, bool) and abs(value) <= sys.float_info.max:
        return float(value)
    if isinstance(value, float) and math.isfinite(value):
        return value
    return None


def _json_type(value: object) -> str:
    names = {dict: "an object", list: "an array", str: "a string", bool: "true or false"}
    if value is None:
        return "null"
    return names.get(type(value), "a number")


def _text(record: dict[str, Any], key: str) -> str:
    if key not in record:
        raise BadLine(f'missing field "{key}".')
    value = record[key]
    if not isinstance(value, str):
        raise BadLine(f'field "{key}" must be a string.')
    if not value.strip():
        raise BadLine(f'field "{key}" is empty.')
    return value.strip()


def _accepted(value: object, key: str) -> str | float:
    """One accepted short answer: non-empty text or a number."""
    number = _number(value)
    if number is not None:
        return number
    if isinstance(value, str) and value.strip():
        return value.strip()
    raise BadLine(f'field "{key}" must hold non-empty strings or numbers.')


def _only_for(record: dict[str, Any], kind: str, keys: Iterable[str]) -> None:
    for key in keys:
        if key in record:
            other = "short" if kind == "free" else "free"
            raise BadLine(f'field "{key}" only applies to "{other}" questions.')


def question_from(record: dict[str, Any]) -> Question:
    """The question a line describes; raises :class:`BadLine` when it cannot."""
    kind = record.get("kind", "free")
    if kind not in KINDS:
        raise BadLine(f'unknown kind {json.dumps(kind)}: use "free" or "short".')
    prompt = _text(record, "question")
    common: dict[str, Any] = {"id": derived_id(prompt), "topic_id": _TOPIC, "prompt": prompt}
    if kind == "free":
        _only_for(record, kind, ("answers", "tolerance"))
        points = record.get("key_points", [])
        if not isinstance(points, list) or not all(
            isinstance(point, str) and point.strip() for point in points
        ):
            raise BadLine('field "key_points" must be a list of non-empty strings.')
        return FreeText(
            **common,
            reference=_text(record, "reference"),
            key_points=tuple(point.strip() for point in points),
        )
    _only_for(record, kind, ("key_points",))
    if "reference" not in record:
        raise BadLine('missing field "reference".')
    more = record.get("answers", [])
    if not isinstance(more, list):
        raise BadLine('field "answers" must be a list of strings or numbers.')
    tolerance = _number(record.get("tolerance", 0))
    if tolerance is None or tolerance < 0:
        raise BadLine('field "tolerance" must be a number of at least 0.')
    accepted = (
        _accepted(record["reference"], "reference"),
        *(_accepted(a, "answers") for a in more),
    )
    return ShortAnswer(**common, answers=accepted, tolerance=tolerance)


def grade_line(text: str, grader: Grader = grade) -> dict[str, Any]:
    """The verdict for one input line, as a JSON-ready object; raises :class:`BadLine`."""
    undecodable = _UNDECODABLE.search(text)
    if undecodable is not None:
        raise BadLine(
            f"not UTF-8 text (byte 0x{ord(undecodable.group()) - 0xDC00:02x} at column"
            f" {undecodable.start() + 1}); re-save the file as UTF-8."
        )
    try:
        record = json.loads(text)
    except json.JSONDecodeError as error:
        # Some of json's messages end where the position goes: "Invalid control character at".
        reason = error.msg.removesuffix(" at")
        raise BadLine(f"not valid JSON: {reason} at column {error.colno}.") from None
    except ValueError:  # Python's limit on the digits of a whole number
        raise BadLine("a number too long to read.") from None
    except RecursionError:
        raise BadLine("arrays or objects nested too deeply.") from None
    if not isinstance(record, dict):
        raise BadLine(f"expected a JSON object, got {_json_type(record)}.")
    question = question_from(record)
    answer = record.get("answer")
    if answer is None:
        raise BadLine('missing field "answer".')
    if not isinstance(answer, str):
        raise BadLine('field "answer" must be a string.')
    verdict = grader(question, answer)
    return {
        "score": round(verdict.score, 3),
        "verdict": verdict.outcome.value,
        "grader": verdict.grader,
        "confidence": None if verdict.confidence is None else round(verdict.confidence, 3),
        **({"reason": verdict.reason} if verdict.reason else {}),
        "feedback": verdict.feedback,
        "found": list(verdict.found),
        "missed": list(verdict.missed),
        "expected": verdict.expected,
    }


def grade_lines(lines: Iterable[str], out: TextIO, grader: Grader = grade) -> bool:
    """Grade every non-blank line, writing one JSON object each; True if all were graded."""
    clean = True
    for number, text in enumerate(lines, 1):
        if not text.strip():
            continue
        try:
            result = {"line": number, **grade_line(text, grader)}
        except BadLine as problem:
            result = {"line": number, "error": str(problem)}
            clean = False
        out.write(json_text(json.dumps(result, ensure_ascii=False)) + "\n")
    return clean


def grader_for(settings: LLMSettings) -> Grader:
    """How this run grades: asks the server once, and grades offline at once if it cannot help."""
    if not settings.enabled:
        return grade
    status = check_status(settings)
    if status.ready:
        return lambda question, answer: grade_with(question, answer, settings)

    def offline(question: Question, answer: str) -> Verdict:
        if isinstance(question, FreeText):
            return graded_offline(question, answer, status.reason)
        return grade(question, answer)

    return offline


def _read(path: str | None) -> list[str]:
    """All lines of FILE, or of standard input for None or '-'. Bytes that are not
    UTF-8 are kept as surrogate escapes, so that only their line is refused.
    """
    if path is None or path == "-":
        data = sys.stdin.buffer.read()
    else:
        with open(path, "rb") as source:
            data = source.read()
    return text_lines(data.removeprefix(codecs.BOM_UTF8).decode("utf-8", "surrogateescape"))


def run(argv: Sequence[str]) -> int:
    """Run ``tutor grade`` with ``argv`` (the arguments after ``grade``); return the exit status."""
    from tutor.config import load_config  # the config layer sits above grading

    args = _parser().parse_args(argv)
    config = load_config(model=args.model, no_llm=args.no_llm)
    for problem in config.problems:
        say(f"tutor: {problem}", sys.stderr)
    try:
        lines = _read(args.file)
    except OSError as error:
        reason = error.strerror or str(error)
        say(f"tutor: {args.file or '<stdin>'}: {reason}", sys.stderr)
        return EXIT_UNREADABLE
    clean = grade_lines(lines, sys.stdout, grader_for(config.llm))
    sys.stdout.flush()
    return EXIT_OK if clean else EXIT_BAD_LINES


if __name__ == "__main__":
    raise SystemExit(run(sys.argv[1:]))
