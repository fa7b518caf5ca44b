"""Cloze questions: the author's marked terms as blanks, and the X of an opening "X is …".

A sentence (or list item) with bold or highlighted terms becomes its own
text with up to three of them blanked; the term a definition opens with is
left to :mod:`tutor.course.extract.definitions`. The first sentence of a
section that says what something is ("Backpropagation is the fundamental
learning algorithm …") becomes that sentence with its subject blanked,
accepting the heading's other name too ("CNNs" or "Convolutional Neural
Networks"). A blank must be a term (see :func:`terms.is_term`), the rest of
the sentence must not give it away, and enough words must remain around it
to answer from.
"""

from __future__ import annotations

from tutor.course.extract.build import Origin
from tutor.course.extract.definitions import lead_term
from tutor.course.extract.language import Language
from tutor.course.extract.material import NoteText, Section, Segment
from tutor.course.extract.terms import TRAILING, alternatives, is_term, mentions, words
from tutor.course.questions import Cloze, Question

MAX_BLANKS = 3
MAX_TEXT = 400
MIN_CONTEXT_WORDS = 4
ID_KEY = "cloze"


def cloze_questions(note: NoteText) -> list[Question]:
    """A cloze for each section's opening definition and each sentence with marked terms."""
    questions: list[Question] = []
    for section in note.sections:
        origin = Origin(note.note.id, section.topic)
        texts = [_opening(section, note.language)]
        texts += [_marked(segment, note.language) for segment in section.segments()]
        for text in texts:
            if text is not None:
                questions.append(
                    Cloze(**origin.fields(ID_KEY, text), prompt=note.language.fill, text=text)
                )
    return questions


def _marked(segment: Segment, language: Language) -> str | None:
    """The segment with its marked terms as blanks, or None if none can be one."""
    text = segment.text
    if len(text) > MAX_TEXT or "{{" in text or "}}" in text:
        return None
    lead = lead_term(segment)
    spans = []
    for start, end in segment.marks:
        if lead is not None and (start, end) == lead[0]:
            continue
        while end > start and text[end - 1] in TRAILING:
            end -= 1
        if is_term(text[start:end], language):
            spans.append((start, end))
    spans = spans[:MAX_BLANKS]
    if not spans:
        return None
    around = text
    for start, end in reversed(spans):
        around = around[:start] + " " + around[end:]
    if len(words(around)) < MIN_CONTEXT_WORDS:
        return None
    if any(mentions(around, text[start:end]) for start, end in spans):
        return None
    pieces, last = [], 0
    for start, end in spans:
        pieces += [text[last:start], "{{", "|".join(alternatives(text[start:end])), "}}"]
        last = end
    return "".join([*pieces, text[last:]])


def _opening(section: Section, language: Language) -> str | None:
    """The section's first sentence with the X of "X is …" blanked, or None."""
    if not section.opening:
        return None
    sentence = section.opening[0]
    if sentence.marks or len(sentence.text) > MAX_TEXT or "{{" in sentence.text:
        return None
    parts = sentence.text.split(" ")
    verb = next(
        (index for index, part in enumerate(parts[:8]) if part.casefold() in language.copulas),
        None,
    )
    if not verb:  # no copula, or no subject before it
        return None
    subject, rest = parts[:verb], " ".join(parts[verb + 1 :])
    article = subject[0] if len(subject) > 1 and subject[0].casefold() in language.articles else ""
    subject_text = " ".join(subject[1:] if article else subject)
    if (
        language.is_stop_word(subject_text.split(" ")[0])
        or any(mark in subject_text for mark in ",:;")
        or not is_term(subject_text, language)
        or len(words(rest)) < MIN_CONTEXT_WORDS
        or mentions(rest, subject_text)
    ):
        return None
    answers = alternatives(subject_text)
    heading = alternatives(section.title)
    if subject_text.casefold() in {form.casefold() for form in heading}:
        answers = tuple(dict.fromkeys((subject_text, *heading)))
    blank = "{{" + "|".join(answers) + "}}"
    return " ".join(part for part in (article, blank, parts[verb], rest) if part)
