"""Sections become "Explain: <heading>" free-text questions.

The reference answer is the paragraph the section opens with, in the
author's words (cut at a sentence end when long), and the key points are
the terms the section marks in bold or highlight, which the offline grader
then looks for in the answer. An opening too short to explain anything, or
one that defines a term (that is asked by :mod:`.definitions`), asks
nothing.
"""

from __future__ import annotations

from tutor.course.extract.build import Origin
from tutor.course.extract.definitions import lead_term
from tutor.course.extract.language import Language
from tutor.course.extract.material import NoteText, Section
from tutor.course.extract.terms import TRAILING, is_term, words
from tutor.course.questions import FreeText, Question

MIN_WORDS = 12
MAX_REFERENCE = 600
MAX_KEY_POINTS = 6
ID_KEY = "explain"


def explain_questions(note: NoteText) -> list[Question]:
    """One "Explain" question per section that opens with a paragraph worth explaining."""
    questions: list[Question] = []
    for section in note.sections:
        opening = section.opening
        if not opening or lead_term(opening[0]) is not None:
            continue  # a section opening with a definition explains that term, not itself
        reference = _reference([sentence.text for sentence in opening])
        if len(words(reference)) < MIN_WORDS:
            continue
        fields = Origin(note.note.id, section.topic).fields(ID_KEY, section.label, reference)
        questions.append(
            FreeText(
                **fields,
                prompt=note.language.explain.format(title=section.label),
                reference=reference,
                key_points=_key_points(section, note.language),
            )
        )
    return questions


def _reference(sentences: list[str]) -> str:
    """The paragraph's sentences up to :data:`MAX_REFERENCE` characters (the first in any case)."""
    kept = sentences[:1]
    for sentence in sentences[1:]:
        if len(" ".join([*kept, sentence])) > MAX_REFERENCE:
            break
        kept.append(sentence)
    return " ".join(kept)


def _key_points(section: Section, language: Language) -> tuple[str, ...]:
    """The section's marked terms, each once, not the heading itself."""
    found: dict[str, str] = {}
    title = section.title.casefold()
    for segment in section.segments():
        for span in segment.marks:
            term = segment.marked(span).strip(TRAILING)
            if is_term(term, language) and term.casefold() != title:
                found.setdefault(term.casefold(), term)
    return tuple(found.values())[:MAX_KEY_POINTS]
