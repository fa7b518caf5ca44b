"""Questions answered by picking: single choice, multiple choice and true/false.

Multiple choice gives partial credit by this rule:

    score = right ticks / right choices - wrong ticks / wrong choices   (at least 0)

Every right choice ticked earns an equal share of the credit, and every wrong
choice ticked takes back an equal share of the wrong choices' weight. Ticking
every box, or none, therefore scores 0, and so does ticking at random on
average: the score measures what the learner knew, not how many boxes they
dared to tick. (When every choice is right there are no wrong ticks to count.)
"""

from __future__ import annotations

from collections.abc import Set

from tutor.course import MultipleChoice, SingleChoice, TrueFalse
from tutor.grading.verdict import RULES, Verdict, opening
from tutor.wording import count


def grade_single(question: SingleChoice, answer: str) -> Verdict:
    """Right only when the chosen text is the answer."""
    if not answer.strip():
        return Verdict.unanswered(RULES, question.answer)
    if answer == question.answer:
        return Verdict.scored(1.0, "Right.", RULES, expected=question.answer)
    return Verdict.scored(0.0, "Not this one.", RULES, expected=question.answer)


def grade_true_false(question: TrueFalse, answer: bool) -> Verdict:
    """Right only when the learner's true/false is the answer."""
    expected = "True" if question.answer else "False"
    if answer is question.answer:
        return Verdict.scored(1.0, "Right.", RULES, expected=expected)
    return Verdict.scored(
        0.0, f"No: the statement is {expected.lower()}.", RULES, expected=expected
    )


def _tally(question: MultipleChoice, ticked: Set[str]) -> tuple[int, int]:
    """How many right choices and how many wrong ones were ticked."""
    return len(ticked & question.answers), len(ticked - question.answers)


def multiple_score(question: MultipleChoice, ticked: Set[str]) -> float:
    """The partial-credit rule in this module's docstring."""
    right, wrong = _tally(question, ticked)
    distractors = len(question.choices) - len(question.answers)
    penalty = wrong / distractors if distractors else 0.0
    return max(0.0, right / len(question.answers) - penalty)


def grade_multiple(question: MultipleChoice, answer: Set[str]) -> Verdict:
    """Partial credit per choice: ticking a wrong one or missing a right one costs."""
    expected = "; ".join(choice for choice in question.choices if choice in question.answers)
    if not answer:
        return Verdict.unanswered(RULES, expected)
    score = multiple_score(question, answer)
    if score == 1.0:
        return Verdict.scored(1.0, "Right.", RULES, expected=expected)
    right, wrong = _tally(question, answer)
    ticks = f"you ticked {right} of the {count(len(question.answers), 'right choice')}"
    if wrong:
        ticks += f" and {count(wrong, 'wrong one')}"
    return Verdict.scored(
        score,
        f"{opening(score)}: {ticks}.\n{_tick_marks(question, answer)}",
        RULES,
        expected=expected,
    )


def _tick_marks(question: MultipleChoice, answer: Set[str]) -> str:
    """Each choice that mattered, marked: a right tick, a wrong tick, a right choice missed."""
    lines = []
    for choice in question.choices:
        ticked, right = choice in answer, choice in question.answers
        if ticked and right:
            lines.append(f"  ✓ {choice}")
        elif ticked:
            lines.append(f"  ✗ {choice} (not one of them)")
        elif right:
            lines.append(f"  ○ {choice} (one of them, not ticked)")
    return "\n".join(lines)
