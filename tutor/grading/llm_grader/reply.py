"""The model's finished reply, checked before anything in it is believed.

A reply is trusted only if it is one JSON object with every field of the
schema, each of the right type, the score within 0..1 and the verdict one of
"correct", "partial", "wrong"; otherwise :class:`Fallback` says what was
wrong and the offline grader decides. Beyond that:

* The score decides. A verdict that disagrees with it ("correct" at 0.3) is
  not an error, but the outcome is derived from the score with the same
  thresholds as every other grader, so "correct" means one thing everywhere.
* Key points are matched to the author's list ignoring case, spacing and
  Unicode look-alikes. Items that match no key point are dropped, not held
  against the reply: the schema already limits the model to the list, and
  a paraphrased item is no reason to throw away a sound grade. ``found``
  keeps the author's order and wording; every key point not found (listed
  as missed, listed in neither list, or listed in both) counts as missed.
* The feedback is shown as plain text: escapes and control characters are
  removed (:mod:`tutor.llm.plain`), and feedback left empty makes
  the reply untrusted, as the learner would be given a grade without a word.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass

from tutor.grading.folding import fold
from tutor.grading.llm_grader.prompt import FIELDS
from tutor.grading.verdict import Outcome
from tutor.llm.failure import Fallback
from tutor.llm.plain import plain_text

_VERDICTS = tuple(outcome.value for outcome in Outcome)


@dataclass(frozen=True, slots=True)
class Grade:
    """A reply that passed every check, in the author's terms."""

    score: float
    feedback: str
    found: tuple[str, ...]
    missed: tuple[str, ...]


def parse_reply(content: str, key_points: tuple[str, ...], model: str) -> Grade:
    """Check the model's reply (see the module docstring); raises :class:`Fallback` if untrusted."""
    if not content.strip():
        raise Fallback(f"empty reply from {model}")
    try:
        reply = json.loads(content, strict=False)  # raw newlines in strings are forgiven
    except ValueError:
        reply = None
    if not isinstance(reply, dict):
        raise Fallback(f"{model}'s reply was not valid JSON")
    try:
        return _checked(reply, key_points)
    except _Misfit as misfit:
        raise Fallback(f"{model}'s reply did not fit the verdict schema ({misfit})") from None


class _Misfit(Exception):
    """What a JSON reply gets wrong about the schema, in a few words."""


def _checked(reply: dict[str, object], key_points: tuple[str, ...]) -> Grade:
    missing = [field for field in FIELDS if field not in reply]
    if missing:
        raise _Misfit(f"missing {', '.join(missing)}")
    feedback, score, verdict = reply["feedback"], reply["score"], reply["verdict"]
    if not isinstance(feedback, str):
        raise _Misfit("feedback is not text")
    if not isinstance(score, int | float) or isinstance(score, bool) or not math.isfinite(score):
        raise _Misfit(f"score {json.dumps(score)} is not a number")
    if not 0 <= score <= 1:
        raise _Misfit(f"score {score:g} out of range")
    if verdict not in _VERDICTS:
        raise _Misfit(f"verdict {json.dumps(verdict)} is not one of {', '.join(_VERDICTS)}")
    text = plain_text(feedback).strip()
    if not text:
        raise _Misfit("empty feedback")
    found = _points(reply, "found", key_points)
    missed = _points(reply, "missed", key_points)
    return Grade(
        score=float(score),
        feedback=text,
        found=tuple(point for point in key_points if point in found and point not in missed),
        missed=tuple(point for point in key_points if point not in found or point in missed),
    )


def _points(reply: dict[str, object], field: str, key_points: tuple[str, ...]) -> set[str]:
    """The author's key points that the reply's list ``field`` names; other items are dropped."""
    items = reply[field]
    if not isinstance(items, list) or not all(isinstance(item, str) for item in items):
        raise _Misfit(f"{field} is not a list of key points")
    by_form = {_form(point): point for point in key_points}
    return {by_form[_form(item)] for item in items if _form(item) in by_form}


def _form(text: str) -> str:
    return " ".join(fold(text).split())
