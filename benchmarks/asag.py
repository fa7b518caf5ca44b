"""Teacher-graded science answers (SemEval-2013 Task 7) as samples for the offline grader.

The CSV (columns dataset, split, qid, aid, question, reference, all_references,
answer, label_3way, label_2way) is described in ``../shared/data/asag/README.md``;
a small grouped slice of it is checked in as ``tests/data/asag_slice.csv``
(CC BY-SA, Dzikovska et al. 2013). Each question becomes the
:class:`~tutor.course.FreeText` a course would hold: the prompt and the first
reference answer, no key points.

Besides the real answers, every reference yields fakes a teacher would call
wrong, to check that the grader is not fooled by the right words in a wrong
shape: its content words shuffled into a comma list, the reference negated,
and its first and last content words swapped ("the salt was evaporated,
leaving the water").
"""

from __future__ import annotations

import csv
import random
import re
from dataclasses import dataclass
from pathlib import Path

from tutor.course import FreeText
from tutor.grading.folding import WORD
from tutor.grading.lexicon import STOP_WORDS

REPO = Path(__file__).resolve().parent.parent
DEFAULT_CSV = REPO.parent / "shared" / "data" / "asag" / "semeval2013-dev.csv"
DATASETS = ("sciEntsBank", "beetle")

REAL, KEYWORDS, NEGATED, SWAPPED = "real", "keywords", "negated", "swapped"
"""Kinds of sample: a student's answer and the three fakes."""

GUARDED = (KEYWORDS, NEGATED)
"""The fakes the grader promises never to call correct (at most 10 %); swapped roles are
only reported, because telling them apart needs more than words."""

_AUXILIARY = re.compile(
    r"\b(?:is|are|was|were|can|will|would|should|could|does|do|did|has|have|had|must|may|might)\b",
    re.IGNORECASE,
)
_NOT = re.compile(r"\s+not\b|n't\b", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class Sample:
    """One answer to grade: which data set and question, and whether a teacher called it correct."""

    dataset: str
    qid: str
    question: FreeText
    answer: str
    correct: bool
    kind: str = REAL


def keyword_list(reference: str, seed: str) -> str:
    """The reference's content words, each once, shuffled into a comma-separated list."""
    seen: dict[str, None] = {}
    for word in WORD.findall(reference):
        if word.casefold() not in STOP_WORDS and len(word) > 1:
            seen.setdefault(word.casefold(), None)
    listed = list(seen)
    random.Random(seed).shuffle(listed)
    return ", ".join(listed)


def negated(reference: str) -> str:
    """The reference saying the opposite: its first "not" dropped, or one put after a verb."""
    if _NOT.search(reference):
        return _NOT.sub("", reference, count=1)
    match = _AUXILIARY.search(reference)
    if match:
        return f"{reference[: match.end()]} not{reference[match.end() :]}"
    return f"It is not true that {reference[:1].lower()}{reference[1:]}"


def swapped(reference: str) -> str:
    """The reference with its first and last content words (if different) trading places."""
    found = [
        match
        for match in WORD.finditer(reference)
        if match.group().casefold() not in STOP_WORDS and len(match.group()) > 1
    ]
    first, last = (found[0], found[-1]) if found else (None, None)
    if first is None or last is None or first.group().casefold() == last.group().casefold():
        return reference
    return (
        reference[: first.start()]
        + last.group()
        + reference[first.end() : last.start()]
        + first.group()
        + reference[last.end() :]
    )


def load(path: Path) -> list[Sample]:
    """The real answers in ``path``, in file order."""
    with path.open(encoding="utf-8", newline="") as source:
        rows = list(csv.DictReader(source))
    questions: dict[str, FreeText] = {}
    samples = []
    for row in rows:
        question = questions.setdefault(
            row["qid"],
            FreeText(
                id=row["qid"],
                topic_id=row["dataset"],
                prompt=row["question"],
                reference=row["reference"],
            ),
        )
        samples.append(
            Sample(
                row["dataset"], row["qid"], question, row["answer"], row["label_2way"] == "correct"
            )
        )
    return samples


def fakes(samples: list[Sample]) -> list[Sample]:
    """For each question: the keyword-list, negated and swapped fakes, all incorrect."""
    made = []
    for first in {sample.qid: sample for sample in samples}.values():
        reference = first.question.reference
        for kind, answer in (
            (KEYWORDS, keyword_list(reference, first.qid)),
            (NEGATED, negated(reference)),
            (SWAPPED, swapped(reference)),
        ):
            made.append(Sample(first.dataset, first.qid, first.question, answer, False, kind))
    return made
