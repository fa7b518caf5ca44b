"""Definitions become "which term is this?" questions.

A definition is a bold (or highlighted) term opening a sentence or list item
and followed by a colon or a dash (``**Term**: text``, ``**Term:** text``,
``**Term** — text``), or a list item ``Term: text``. The question quotes the
text and asks for the term. Where the note defines at least two other terms,
it is a single choice among them, nearest first (the same list, then the
same section, then the note), each a term of about the answer's length, so
no choice stands out by its shape; otherwise the learner types the term.

Only what reads as a definition is asked: the term is a short noun phrase
(see :func:`terms.is_term`) that the heading path does not show and that the
note defines only once (a label that opens many items names no idea), not in a
list item with a link (a list of resources is no glossary), and the text is
prose of a few words that can stand alone (not a fragment opening with a
preposition, a conjunction or "e.g.", and not a question), not code, not a
web address, nor the words an abbreviation stands for.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from tutor.course.extract.build import Origin, shuffled
from tutor.course.extract.language import ABBREVIATIONS, Language
from tutor.course.extract.material import NoteText, Section, Segment
from tutor.course.extract.terms import alternatives, in_headings, is_term, mentions, words
from tutor.course.questions import Question, ShortAnswer, SingleChoice

_SEPARATOR = re.compile(r"\s*:\s*|\s+[-–—]\s+")
_PLAIN = re.compile(r"([^:]{1,60}?)\s*:\s+(\S.*)")
# Calls, identifiers, subscripts and command-line flags: a command, not a definition.
_CODE = re.compile(r"\w\(|_\w|\w\.\w+\(|[{}=<>]|\[[\"']|(?:^|\s)--?[A-Za-z]")
_ADDRESS = re.compile(r"://|\bwww\.", re.IGNORECASE)
MAX_TEXT = 300
MIN_TEXT_WORDS = 3
MAX_LENGTH_GAP = 2
"""A distractor has at most this many words more or fewer than the answer."""
MAX_DISTRACTORS = 3
ID_KEY = "definition"


@dataclass(frozen=True, slots=True)
class Definition:
    """A term, the text that defines it, and where it stands in the note."""

    term: str
    text: str
    segment: Segment  # the sentence or list item it is in
    section: Section
    group: int  # definitions in one list share a group; so do a section's paragraphs


def find_definitions(note: NoteText) -> list[Definition]:
    """Every definition in the note, in reading order."""
    found: list[Definition] = []
    group = 0
    for section in note.sections:
        group += 1
        path = section.topic.path
        for paragraph in section.paragraphs:
            for sentence in paragraph:
                split = definition_in(sentence, note.language, plain=False)
                if split and not in_headings(split[0], path):
                    found.append(Definition(*split, sentence, section, group))
        for listed in section.lists:
            group += 1
            for item in listed.items:
                split = definition_in(item, note.language, plain=True)
                if split and not in_headings(split[0], path):
                    found.append(Definition(*split, item, section, group))
    return _named_once(found)


def _named_once(found: list[Definition]) -> list[Definition]:
    """The definitions whose term the note defines only once.

    A lead-in that opens many items ("**NEW**:" in a changelog, "Aliases:",
    "create a new branch:" in each of three recipes) labels them; it does not
    name one idea, so asking which text it "defines" has no single answer.
    """
    texts: dict[str, set[str]] = {}
    for definition in found:
        texts.setdefault(definition.term.casefold(), set()).add(definition.text)
    return [d for d in found if len(texts[d.term.casefold()]) == 1]


def definition_in(segment: Segment, language: Language, plain: bool) -> tuple[str, str] | None:
    """The (term, text) a sentence or item defines, or None.

    ``plain`` also accepts an unmarked ``Term: text`` (list items only).
    """
    if segment.linked:
        return None
    lead = lead_term(segment)
    if lead is not None:
        span, start = lead
        term, text = segment.marked(span).removesuffix(":"), segment.text[start:]
    elif plain and not _opens_marked(segment) and (match := _PLAIN.fullmatch(segment.text)):
        term, text = match.groups()
    else:
        return None
    term, text = term.strip(), _defining_text(text, language)
    if not text or not is_term(term, language) or mentions(text, term) or _expands(term, text):
        return None
    return term, text


def _expands(term: str, text: str) -> bool:
    """Whether ``text`` only spells out the abbreviation ``term`` ("bmi": "body mass index").

    Asking which letters stand for a name tests spelling, not an idea.
    """
    letters = term.replace(" ", "").casefold()
    initials = "".join(word[0] for word in words(text)).casefold()
    if not letters.isalpha() or len(letters) > len(initials) or len(initials) > 2 * len(letters):
        return False
    found = iter(initials)
    return all(letter in found for letter in letters)


def _opens_marked(segment: Segment) -> bool:
    return bool(segment.marks) and segment.marks[0][0] == 0


def lead_term(segment: Segment) -> tuple[tuple[int, int], int] | None:
    """The marked term a sentence or item opens with, if a colon or dash follows it.

    Returns the term's span and where the text after the colon or dash begins.
    """
    if not _opens_marked(segment):
        return None
    span = segment.marks[0]
    if segment.marked(span).endswith(":"):
        return span, span[1]
    separator = _SEPARATOR.match(segment.text, span[1])
    return (span, separator.end()) if separator else None


def _defining_text(text: str, language: Language) -> str:
    """The text as a prompt can quote it, or empty if it says too little.

    A text ending in a colon leads into a list: it counts if it is whole
    without the list ("Reduce spatial dimensions:"), not if it breaks off
    ("Organized collections of neurons including:", "Tools such as").
    """
    text = text.strip().removesuffix(":").rstrip()
    found = words(text)
    if not found or language.is_stop_word(found[-1]):
        return ""
    if len(text) > MAX_TEXT or len(found) < MIN_TEXT_WORDS or _CODE.search(text):
        return ""
    if _ADDRESS.search(text) or text.endswith("?") or _opens_fragment(text, found, language):
        return ""
    return text


def _opens_fragment(text: str, found: list[str], language: Language) -> bool:
    """Whether the text opens as a piece of a sentence: "for most uses", "e.g. pip"."""
    first = text.split(maxsplit=1)[0].rstrip(".,").casefold()
    return found[0].casefold() in language.connectives or first in ABBREVIATIONS


def definition_questions(note: NoteText, definitions: list[Definition]) -> list[Question]:
    """One question per definition, its distractors the note's other defined terms."""
    forms = [frozenset(form.casefold() for form in alternatives(d.term)) for d in definitions]
    questions: list[Question] = []
    for index, definition in enumerate(definitions):
        origin = Origin(note.note.id, definition.section.topic)
        fields = origin.fields(ID_KEY, definition.term, definition.text)
        prompt = note.language.define.format(text=definition.text)
        explanation = f"{definition.term}: {definition.text}"
        distractors = _distractors(fields["id"], index, definitions, forms, prompt)
        if len(distractors) >= 2:
            choices = shuffled(fields["id"], [definition.term, *distractors])
            questions.append(
                SingleChoice(
                    **fields,
                    prompt=prompt,
                    explanation=explanation,
                    choices=tuple(choices),
                    answer=definition.term,
                )
            )
        else:
            questions.append(
                ShortAnswer(
                    **fields,
                    prompt=prompt,
                    explanation=explanation,
                    answers=alternatives(definition.term),
                )
            )
    return questions


def _distractors(
    seed: str,
    index: int,
    definitions: list[Definition],
    forms: list[frozenset[str]],
    prompt: str,
) -> list[str]:
    """Up to three other terms, nearest first, none the same as the answer or in the prompt."""
    definition = definitions[index]
    length = len(words(definition.term))
    tiers: tuple[list[str], list[str], list[str]] = ([], [], [])
    for other, other_forms in zip(definitions, forms, strict=True):
        if other_forms & forms[index] or abs(len(words(other.term)) - length) > MAX_LENGTH_GAP:
            continue
        if other.group == definition.group:
            tiers[0].append(other.term)
        elif other.section is definition.section:
            tiers[1].append(other.term)
        else:
            tiers[2].append(other.term)
    chosen: list[str] = []
    seen = set(forms[index])
    for tier in tiers:
        for term in shuffled(seed, tier):
            if len(chosen) == MAX_DISTRACTORS:
                return chosen
            if term.casefold() not in seen and not mentions(prompt, term):
                chosen.append(term)
                seen.add(term.casefold())
    return chosen
