"""Short answers: a word, a phrase or a number, matched the way docs/authoring.md promises.

Text answers match regardless of case, spacing ("multihead" is "multi-head"),
punctuation, Unicode dashes and quotes, and a leading "the", "a" or "an". A
small typo is forgiven in answers of five letters or more: one edit per five
letters of the accepted answer, at most two, where an edit is a letter added,
dropped, changed or two neighbours swapped. The budget is checked word by word
as well, so a short word never absorbs a slip ("min pooling" is not "max
pooling"), and words holding digits must match exactly ("ResNet-50" is not
"ResNet-56"). Words longer than 64 letters must match exactly
(:data:`tutor.grading.distance.LONGEST_FUZZY`), and an answer far longer
than every accepted one (:data:`FAR_LONGER`) is not read at all, so a pasted
page or one 100,000-letter word is graded at once.

Number answers (floats in ``ShortAnswer.answers``) match any number the
learner typed within the question's ``tolerance``; see
:mod:`tutor.grading.numbers` for what counts as a number.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from tutor.course import ShortAnswer
from tutor.grading.distance import distance, typo_allowance
from tutor.grading.folding import fold
from tutor.grading.numbers import close_enough, format_number, parse_number
from tutor.grading.verdict import RULES, Verdict

_NOT_WORD = re.compile(r"[\W_]+")
_ARTICLE = re.compile(r"^(?:the|an|a)\s+")

FAR_LONGER = 1000
"""Characters by which an answer may outrun twice the longest accepted one and still be
read: a phrase typed with odd spacing or punctuation fits, a pasted page is simply not
the answer (and reading it, Unicode folding included, would take longer than grading
should)."""


def _too_long(given: str, accepted: tuple[str | float, ...]) -> bool:
    """Whether ``given`` is too long to be any of ``accepted`` (see :data:`FAR_LONGER`)."""
    longest = max((len(str(answer)) for answer in accepted), default=0)
    return len(given) > 2 * longest + FAR_LONGER


def normalise(text: str) -> str:
    """The words of ``text`` that matter for matching, separated by single spaces."""
    folded = fold(text).replace("'", "")
    plain = " ".join(_NOT_WORD.sub(" ", folded).split())
    return _ARTICLE.sub("", plain) or plain


def _letters(text: str) -> int:
    return sum(char.isalpha() for char in text)


@dataclass(frozen=True, slots=True)
class TextMatch:
    """Which accepted answer the learner's text matched, and whether a typo was forgiven."""

    accepted: str
    typo: bool


def _close(given: str, accepted: str) -> bool:
    """Within the typo budget overall and word by word (words with digits exactly)."""
    given_words, accepted_words = given.split(), accepted.split()
    if len(given_words) != len(accepted_words):
        return False
    spent = 0
    for said, meant in zip(given_words, accepted_words, strict=True):
        if any(char.isdigit() for char in meant + said):
            if said != meant:
                return False
            continue
        allowed = typo_allowance(_letters(meant))
        edits = distance(said, meant, allowed)
        if edits > allowed:
            return False
        spent += edits
    return spent <= typo_allowance(_letters(accepted))


def match_text(given: str, accepted: tuple[str, ...]) -> TextMatch | None:
    """The accepted answer ``given`` matches, exactly first, then with a forgiven typo.

    An answer of signs alone ("→", "::", "%"), which holds no word to compare, is
    matched as written but for case and spacing: else no answer could be right."""
    if _too_long(given, accepted):
        return None
    said = normalise(given)
    forms = [(answer, normalise(answer)) for answer in accepted]
    for answer, form in forms:
        if form and said and (said == form or said.replace(" ", "") == form.replace(" ", "")):
            return TextMatch(answer, typo=False)
        if not form and _signs(answer) and _signs(given) == _signs(answer):
            return TextMatch(answer, typo=False)
    for answer, form in forms:
        if form and said and _close(said, form):
            return TextMatch(answer, typo=True)
    return None


def _signs(text: str) -> str:
    """``text`` folded, without spaces: how an answer of signs alone is compared."""
    return "".join(fold(text).split())


def expected_text(question: ShortAnswer) -> str:
    """The accepted answers as the learner should see them after answering."""
    shown = []
    for answer in question.answers:
        if isinstance(answer, str):
            shown.append(answer)
        elif question.tolerance:
            shown.append(f"{format_number(answer)} (± {format_number(question.tolerance)})")
        else:
            shown.append(format_number(answer))
    return " / ".join(shown)


def grade_short(question: ShortAnswer, answer: str) -> Verdict:
    """Grade a short answer: right (perhaps with a typo forgiven) or wrong, nothing between."""
    expected = expected_text(question)
    if not answer.strip():
        return Verdict.unanswered(RULES, expected)
    if _too_long(answer, question.answers):
        feedback = "Not right: far longer than any accepted answer."
        return Verdict.scored(0.0, feedback, RULES, expected=expected)
    texts = tuple(accepted for accepted in question.answers if isinstance(accepted, str))
    numbers = [accepted for accepted in question.answers if not isinstance(accepted, str)]
    matched = match_text(answer, texts) if texts else None
    if matched and not matched.typo:
        return Verdict.scored(1.0, "Right.", RULES, expected=expected)
    value = parse_number(answer) if numbers else None
    if value is not None:
        for number in numbers:
            if close_enough(value, number, 0.0):
                return Verdict.scored(1.0, "Right.", RULES, expected=expected)
            if close_enough(value, number, question.tolerance):
                feedback = (
                    f"Right: {format_number(value)} is within {format_number(question.tolerance)}"
                    f" of {format_number(number)}."
                )
                return Verdict.scored(1.0, feedback, RULES, expected=expected)
    if matched:
        feedback = f"Close: {answer.strip()!r} was taken as {matched.accepted!r}."
        return Verdict.scored(1.0, feedback, RULES, expected=expected)
    if numbers and value is None and not texts:
        return Verdict.scored(0.0, "Not right: the answer is a number.", RULES, expected=expected)
    return Verdict.scored(0.0, "Not an accepted answer.", RULES, expected=expected)
