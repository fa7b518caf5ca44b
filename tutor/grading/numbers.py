"""Reading the number a learner typed, and writing numbers back for display.

Accepted: plain and signed decimals (``-2``, ``.5``, ``0.50``), scientific
notation (``1e-3``), thousands separators (``1,000``), a decimal comma where
it cannot be a thousands separator (``0,5``), fractions (``1/2``), the number
words zero to twenty, and one trailing unit word or ``%`` (``5 pixels``).
Anything else (``about 5``, ``not 5``, ``5 or 6``) is not a number, so a
hedge or a list never slips through as the right value. Nor is a fraction
beyond a float's range, or one with more digits than Python turns into a
whole number (``sys.get_int_max_str_digits``, 4,300 by default): such an
answer is compared as text, so pasting one can never stop grading.
"""

from __future__ import annotations

import math
import re
import sys
from fractions import Fraction

from tutor.grading.folding import fold, words

_NUMBER_WORDS = {
    word: float(value)
    for value, word in enumerate(
        words(
            "zero one two three four five six seven eight nine ten"
            " eleven twelve thirteen fourteen fifteen sixteen seventeen eighteen nineteen twenty"
        )
    )
}
_DECIMAL = r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:e[+-]?\d+)?"
_THOUSANDS = r"[+-]?\d{1,3}(?:,\d{3})+(?:\.\d+)?"
_DECIMAL_COMMA = r"[+-]?\d+,\d+"
_FRACTION = r"[+-]?\d+\s*/\s*\d+"
_UNIT = r"(?:\s*%|\s+[^\W\d_]+\.?)?"
_NUMBER = re.compile(
    rf"(?P<fraction>{_FRACTION})|(?P<thousands>{_THOUSANDS})"
    rf"|(?P<comma>{_DECIMAL_COMMA})|(?P<decimal>{_DECIMAL})"
)
_DIGITS = re.compile(r"\d+")
_WITH_UNIT = re.compile(rf"(?P<number>[^\s%]+(?:\s*/\s*\d+)?){_UNIT}")

# Relative and absolute slack for float noise (0.1 + 0.2 against 0.3).
_EPSILON = 1e-9


def parse_number(text: str) -> float | None:
    """The number ``text`` states, or None when it does not state exactly one number."""
    folded = fold(text).strip().rstrip(".").strip()
    if folded in _NUMBER_WORDS:
        return _NUMBER_WORDS[folded]
    with_unit = _WITH_UNIT.fullmatch(folded)
    if with_unit is None:
        return None
    found = _NUMBER.fullmatch(with_unit.group("number").replace(" ", ""))
    if found is None:
        return None
    value = found.group(0)
    if found.lastgroup == "fraction":
        return _fraction(value)
    if found.lastgroup == "thousands":
        value = value.replace(",", "")
    elif found.lastgroup == "comma":
        value = value.replace(",", ".")
    number = float(value)
    return number if math.isfinite(number) else None


def _too_many_digits(text: str) -> bool:
    """Whether ``text`` holds a run of more digits than Python reads as a whole number."""
    limit = sys.get_int_max_str_digits()
    return bool(limit) and any(len(run) > limit for run in _DIGITS.findall(text))


def _fraction(text: str) -> float | None:
    """The value of ``numerator/denominator``; None for a zero denominator, a value beyond a
    float, or parts too long to read (:func:`_too_many_digits`)."""
    if _too_many_digits(text):
        return None
    numerator, denominator = (int(part) for part in text.split("/"))
    if not denominator:
        return None
    try:
        return float(Fraction(numerator, denominator))
    except OverflowError:
        return None


def close_enough(given: float, expected: float, tolerance: float) -> bool:
    """Whether ``given`` is within ``tolerance`` of ``expected``, forgiving float noise."""
    difference = abs(given - expected)
    return difference <= tolerance or math.isclose(
        difference, tolerance, rel_tol=_EPSILON, abs_tol=_EPSILON * max(1.0, abs(expected))
    )


def format_number(value: float) -> str:
    """A number as an author would write it: ``0`` not ``0.0``, ``0.5``, ``1e-06``."""
    if value.is_integer() and abs(value) < 1e15:
        return str(int(value))
    return repr(value)
