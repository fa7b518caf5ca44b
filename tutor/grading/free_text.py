"""The offline free-text grader: coverage of the reference, weighed by a model without key points.

No language model runs here. First the grader reads an answer the way a
hurried teacher with a marking scheme would (:mod:`tutor.grading.coverage`
says how a point is found):

1. Key points weigh most: each earns credit by how much of it one clause (or
   two neighbouring sentences) of the answer says, from nothing below 30 % of
   its weight to full credit from 55 %.
2. Coverage of the whole reference answer's units counts for the rest, and
3. pairs of neighbouring units shared with the reference reward its phrasing.

The blend is stretched onto 0..1, so a complete answer in other words reaches
1 and a vague one falls to 0. Every key point the answer contradicts takes its
share off the score; an answer that only repeats the prompt scores 0. Those
constants were chosen on ``benchmarks/data/free_text_eval.jsonl`` (answers a
teacher graded, to questions with key points) and checked on a held-out set;
run ``python benchmarks/grading_eval.py`` after changing any of them.

With key points, this coverage score is the grade. Without, the reference
answer's clauses stand in for key points, and coverage alone proved wrong
both ways on real students' answers: terse right answers fell short of it
and keyword lists passed. So there the coverage score is one of the
features (:mod:`tutor.grading.features`) a model (:mod:`tutor.grading.model`)
weighs into the chance that a teacher calls the answer correct, and its
cut-offs decide correct, wrong, or unsure ("partly right"); measured by
``python benchmarks/asag_eval.py``.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from tutor.course import FreeText
from tutor.grading.coverage import Match, Reading, cover, cover_whole, phrasing, read
from tutor.grading.features import Features, clipped, measure
from tutor.grading.model import Model, shipped
from tutor.grading.reference import analyse_reference, as_graded
from tutor.grading.verdict import CORRECT_AT, OFFLINE, PARTIAL_AT, Outcome, Verdict

CREDIT_FROM, CREDIT_FULL = 0.3, 0.55
"""Point coverage below which a point earns nothing, and from which it earns full credit."""

FOUND_AT = 0.5
"""Point coverage from which a key point is reported as found."""

KEY_POINTS_WEIGHT, REFERENCE_WEIGHT, PHRASING_WEIGHT = 0.6, 0.3, 0.1
"""How the three measures are blended."""

SCORE_FROM, SCORE_FULL = 0.05, 0.7
"""Blended values mapped to a score of 0 and of 1."""


MISSHAPEN_AT_MOST = (PARTIAL_AT + CORRECT_AT) / 2
"""Highest score of an answer that lists the reference's words, negates it or says nothing
of it."""

MOSTLY_ELSEWHERE = 0.5
"""Share of an answer's words that say nothing of the reference (see :func:`_elsewhere`)
beyond which the answer is mostly about something else: padding around a fragment of the
answer is not an answer, so it is at most unsure. A clause or run of words says
something of the reference when it holds one of its words, in any form, or two of them;
one synonym in passing does not (:func:`_speaks_of_reference`). On real students'
answers this holds back 5 of 9,889, and 3 of them were wrong."""

ELSEWHERE_RUN = 8
"""Content words in a run that must say something of the reference not to count as padding."""


def _ramp(value: float, start: float, full: float) -> float:
    return min(1.0, max(0.0, (value - start) / (full - start)))


@dataclass(frozen=True, slots=True)
class Assessment:
    """What the grader found, before it is worded as a verdict.

    ``found`` and ``missed`` are the points' texts (key points, or reference
    clauses when the author gave none); ``contradicted`` holds words of the
    reference the answer seems to say the opposite of; ``echo`` is set when the
    answer says nothing the prompt did not, ``empty`` when the reference has no
    content words to say; ``elsewhere`` is the share of the answer's words that say
    nothing of the reference (padding, orders, another subject: see :func:`_elsewhere`).
    """

    score: float
    found: tuple[str, ...]
    missed: tuple[str, ...]
    contradicted: tuple[str, ...]
    echo: bool
    empty: bool
    elsewhere: float
    features: Features


def assess(question: FreeText, answer: str) -> Assessment:
    """Score ``answer`` against the question's reference (see the module docstring)."""
    question = as_graded(question)
    reference = analyse_reference(question.prompt, question.reference, question.key_points)
    text = clipped(answer)
    reading = read(text, reference)
    matches: list[Match] = [cover(point, reading, reference) for point in reference.points]
    count = len(matches) or 1  # a reference of stop words only has no points: nothing to earn
    key = sum(_ramp(match.coverage, CREDIT_FROM, CREDIT_FULL) for match in matches) / count
    blended = (
        KEY_POINTS_WEIGHT * key
        + REFERENCE_WEIGHT * cover_whole(reading, reference)
        + PHRASING_WEIGHT * phrasing(reading, reference)
    )
    said = reading.whole.said.keys()
    echo = bool(said) and not (said - reference.prompt)
    errors = sum(1 for match in matches if match.contradicted) / count
    score = 0.0 if echo else _ramp(blended, SCORE_FROM, SCORE_FULL) * (1.0 - errors)
    pairs = list(zip(reference.points, matches, strict=True))
    contradicted = {name for match in matches for name in match.contradicted}
    return Assessment(
        score=score,
        found=tuple(point.text for point, match in pairs if match.coverage >= FOUND_AT),
        missed=tuple(point.text for point, match in pairs if match.coverage < FOUND_AT),
        contradicted=tuple(sorted({reference.surface[name] for name in contradicted})),
        echo=echo,
        empty=not reference.whole.total,
        elsewhere=_elsewhere(reading),
        features=measure(text, reading, reference, question.reference, score),
    )


def _elsewhere(reading: Reading) -> float:
    """The share of the answer's words that lie in a clause, or a run of
    :data:`ELSEWHERE_RUN` words, that says nothing of the reference: padding is
    found whether it comes in sentences of its own or unpunctuated around a fragment."""
    whole = reading.whole
    if not whole.length:
        return 0.0
    runs: dict[int, list[tuple[str, int]]] = {}
    for name, places in whole.said.items():
        for position, _ in places:
            runs.setdefault(position // ELSEWHERE_RUN, []).append((name, position))
    said = {run for run, found in runs.items() if _speaks_of_reference(found, whole.loose)}
    off = {position for position in range(whole.length) if position // ELSEWHERE_RUN not in said}
    start = 0
    for clause in reading.clauses:
        found = [(name, position) for name, places in clause.said.items() for position, _ in places]
        if not _speaks_of_reference(found, clause.loose):
            off.update(range(start, start + clause.length))
        start += clause.length
    return len(off) / whole.length


def _speaks_of_reference(found: list[tuple[str, int]], loose: set[int]) -> bool:
    """Whether the units ``found`` (each with its word's position) say something of the
    reference: one of its own words, or two of its units. One synonym in passing does
    not: padding that talks of an "examiner" is not about the reference's "judges"."""
    return any(position not in loose for _, position in found) or len(dict(found)) > 1


def _listed(items: tuple[str, ...]) -> str:
    return "; ".join(items)


def feedback(result: Assessment, key_points: bool, outcome: Outcome) -> str:
    """One or two sentences to the learner: what was covered, what was missing, what is off."""
    if result.echo and outcome is not Outcome.CORRECT:
        return "Your answer repeats the question; explain it in your own words."
    if key_points:
        if not result.missed:
            sentences = ["You covered every key point."]
        elif result.found:
            lacking = "To be complete, add" if outcome is Outcome.CORRECT else "Missing"
            sentences = [
                f"You covered: {_listed(result.found)}.",
                f"{lacking}: {_listed(result.missed)}.",
            ]
        else:
            sentences = [f"Missing: {_listed(result.missed)}."]
    else:
        share = "most" if result.score >= 0.75 else "some" if result.score >= 0.3 else "little"
        sentences = [f"Your answer covers {share} of the reference answer."]
        if outcome is Outcome.PARTIAL:
            sentences.append("From the words alone the grader cannot tell if it is right.")
    if result.features.lists_keywords:
        sentences.append("A list of words is not an explanation: say how they relate.")
    if result.elsewhere > MOSTLY_ELSEWHERE:
        sentences.append("Most of your answer is about something else.")
    if result.contradicted:
        words = ", ".join(repr(word) for word in result.contradicted)
        sentences.append(
            f"Check what you said about {words}: it seems to contradict the reference."
        )
    elif result.features.negates_reference:
        sentences.append("Your answer seems to say the reference the other way round.")
    return " ".join(sentences)


def _capped(score: float, features: Features) -> float:
    """The score, held below correct for an answer that lists or negates the reference or
    says nothing of it."""
    if features.lists_keywords or features.negates_reference or features.says_nothing:
        return min(score, MISSHAPEN_AT_MOST)
    return score


def band_score(model: Model, features: Features) -> float:
    """The model's probability stretched so that the score's outcome is the model's band.

    Below ``wrong_below`` maps onto [0, PARTIAL_AT), the unsure band onto
    [PARTIAL_AT, CORRECT_AT) and from ``correct_from`` onto [CORRECT_AT, 1], so
    the app's one set of thresholds (:mod:`tutor.grading.verdict`) reads the
    model's bands. An answer that lists the reference's words or says it
    negated is never called correct, however much of it it names, and nor is
    one that says nothing of it, however long (the model knows only real
    students' answers, none of them pages of padding); each is at most unsure.
    """
    chance = model.probability(features)
    low, high = model.wrong_below, model.correct_from
    if chance < low:
        score = PARTIAL_AT * chance / low
    elif chance < high:
        score = PARTIAL_AT + (CORRECT_AT - PARTIAL_AT) * (chance - low) / (high - low)
    else:
        score = CORRECT_AT + (1.0 - CORRECT_AT) * (chance - high) / (1.0 - high)
    return _capped(score, features)


def confidence(outcome: Outcome, chance: float) -> float:
    """How likely a teacher agrees with the outcome, given the model's ``chance`` of correct.

    Correct: the chance itself; wrong: its complement. Partial means the
    grader could not decide, so it gets the chance of the less likely side,
    at most one half: a partial verdict is never one to trust.
    """
    if outcome is Outcome.CORRECT:
        return chance
    if outcome is Outcome.WRONG:
        return 1.0 - chance
    return min(chance, 1.0 - chance)


@dataclass(frozen=True, slots=True)
class OfflineGrade:
    """The offline verdict, and whether the grader found almost nothing of the reference
    in the answer, or in most of it: no key point, and the answer wrong or saying
    nothing of the reference; or most of its words about something else
    (:data:`MOSTLY_ELSEWHERE`). A model's better grade for such an answer (padding,
    orders to the grader, another subject around a fragment) is not to be believed."""

    verdict: Verdict
    almost_nothing: bool


def grade_offline(question: FreeText, answer: str) -> OfflineGrade:
    """Grade an explanation offline; ``found``/``missed`` name the author's key points.

    With key points, the author's marking scheme, coverage of them decides
    the score (tuned on ``benchmarks/data``; it finds contradicted points
    itself); without, the model does (measured on real students' answers),
    and an answer that negates the reference is at most unsure. Either way a
    list of keywords, an answer that says nothing of the reference, or one
    mostly about something else, is at most unsure, and nothing can be earned
    on a reference with nothing to say. Coverage scores an answer that only
    repeats the prompt 0; the model weighs that as one feature among others,
    because students' correct answers often restate the question ("the bulb
    lights").
    """
    if not answer.strip():
        verdict = Verdict.unanswered(OFFLINE, question.reference, missed=question.key_points)
        return OfflineGrade(verdict, almost_nothing=True)
    result = assess(question, answer)
    has_key_points = bool(question.key_points)
    model = shipped()
    if result.empty:
        score = 0.0
    elif has_key_points:
        score = result.score
        if result.features.lists_keywords or result.features.says_nothing:
            score = min(score, MISSHAPEN_AT_MOST)
    else:
        score = band_score(model, result.features)
    if result.elsewhere > MOSTLY_ELSEWHERE:
        score = min(score, MISSHAPEN_AT_MOST)
    verdict = Verdict.scored(
        score,
        feedback(result, has_key_points, Outcome.for_score(score)),
        OFFLINE,
        expected=question.reference,
        found=result.found if has_key_points else (),
        missed=result.missed if has_key_points else (),
    )
    chance = model.probability(result.features)
    verdict = replace(verdict, confidence=confidence(verdict.outcome, chance))
    nothing = not verdict.found and (
        verdict.outcome is Outcome.WRONG or result.features.says_nothing
    )
    return OfflineGrade(verdict, nothing or result.elsewhere > MOSTLY_ELSEWHERE)


def grade_free_text(question: FreeText, answer: str) -> Verdict:
    """The offline verdict on an explanation (see :func:`grade_offline`)."""
    return grade_offline(question, answer).verdict
