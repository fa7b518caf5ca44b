"""Cloze questions: each blank is matched like a short text answer.

The score is the share of blanks filled right, so one slip in a two-blank
sentence is partly right rather than wrong.
"""

from __future__ import annotations

from tutor.course import Cloze
from tutor.course.kinds import CLOZE_BLANK
from tutor.grading.short import match_text
from tutor.grading.verdict import RULES, Verdict, opening


def filled(question: Cloze) -> str:
    """The cloze text with the first alternative of each blank filled in."""
    answers = iter(question.blanks)
    return CLOZE_BLANK.sub(lambda _match: next(answers)[0], question.text)


def grade_cloze(question: Cloze, answer: tuple[str, ...]) -> Verdict:
    """Grade every blank; report which were right and any typo that was forgiven."""
    blanks = question.blanks
    if len(answer) != len(blanks):
        raise ValueError(
            f"cloze {question.id!r} has {len(blanks)} blanks, got {len(answer)} answers"
        )
    expected = filled(question)
    if not any(given.strip() for given in answer):
        return Verdict.unanswered(RULES, expected, blanks=(False,) * len(blanks))
    matches = [match_text(given, accepted) for given, accepted in zip(answer, blanks, strict=True)]
    right = tuple(match is not None for match in matches)
    typos = [
        f"{given.strip()!r} was taken as {match.accepted!r}"
        for given, match in zip(answer, matches, strict=True)
        if match is not None and match.typo
    ]
    count = sum(right)
    score = count / len(blanks)
    if count == len(blanks):
        feedback = "Right."
    elif len(blanks) == 1:
        feedback = "Not right."
    else:
        feedback = f"{opening(score)}: you filled {count} of the {len(blanks)} blanks right."
    if typos:
        feedback += f" Close: {'; '.join(typos)}."
    return Verdict.scored(score, feedback, RULES, expected=expected, blanks=right)
