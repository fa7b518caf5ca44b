"""Definitions become "which term is this?" questions.

A definition is a bold (or highlighted) term opening a sentence or list item
and followed by a colon or a dash (``**Term**: text``, ``**Term:** text``,
``**Term** — text``), or a list item ``Term: text``. The question quotes the
text and asks for the term. Where the note defines at least two other terms,
it is a single choice among them, nearest first (the same list, then the
same section, then the note), each a term of about the answer's length, so
no choice stands out by its shape, and none that the note defines by the
answer (a variant or another name of it may fit too). With fewer, it is not
asked: typing back
a label the note only describes ("**Future-proof**: Recommended pattern
going forward") is a guess, not recall.

Only what reads as a definition is asked: the term is a short noun phrase
(see :func:`terms.is_term`) that the heading path does not show and that the
note defines only once (a label that opens many items names no idea) with a
text no other term has (or both would be right), not in a
list item with a link (a list of resources is no glossary), nor in a numbered
list (its items are steps or ranked points: "1. **Propose**: A model first
suggests …"), nor under a heading that argues or advises ("Benefits",
"Best practices", see :func:`terms.advises`), where bold leads are selling
points, or that gives examples (:func:`terms.gives_examples`), where they
are the example's cases, nor under a heading that is only a version or a date (release notes,
see :func:`terms.tracks_changes`), nor in a list that a sentence introduces as what something
gives ("The timeout parameter ensures that:", "… it adds:", see
:func:`terms.offers`), and the text is
prose of a few words that can stand alone (not a run of short parts between
commas, "music, try the products, feel, see", not a fragment opening with a
preposition, a conjunction or "e.g.", not a recommendation such as "Ideal for
…", not an instruction, not a question, not a
statement about something else: "It has sensible defaults"), not code, not a
web address, nor the words an abbreviation stands for. A text that is a
value more than prose (``"agents.store.v1"``: fewer than two words besides
quotes and identifiers) is not asked either, but its term stays a choice for
the others.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from tutor.course.extract.build import Origin, shuffled
from tutor.course.extract.language import ABBREVIATIONS, Language
from tutor.course.extract.material import NoteText, Section, Segment
from tutor.course.extract.terms import (
    advises,
    alike,
    alternatives,
    gives_examples,
    in_headings,
    is_term,
    mentions,
    offers,
    shows_words_of,
    tracks_changes,
    words,
)
from tutor.course.kinds import Question, SingleChoice

_SEPARATOR = re.compile(r"\s*:\s*|\s+[-–—]\s+")
_PLAIN = re.compile(r"([^:]{1,60}?)\s*:\s+(\S.*)")
# Calls, identifiers, subscripts and command-line flags: a command, not a definition.
_CODE = re.compile(r"\w\(|_\w|\w\.\w+\(|[{}=<>]|\[[\"']|(?:^|\s)--?[A-Za-z]")
_ADDRESS = re.compile(r"://|\bwww\.", re.IGNORECASE)
_QUOTED_TEXT = re.compile(r"\"[^\"]*\"|“[^”]*”|‘[^’]*’|«[^»]*»|(?<!\w)'[^']*'(?!\w)")
_PROSE_WORD = re.compile(r"[^\W\d_]+(?:['’-][^\W\d_]+)*")
MIN_PROSE_WORDS = 2
"""A definition says at least this many words of its own, besides quotes and code."""
MAX_TEXT = 300
MIN_TEXT_WORDS = 3
MAX_LENGTH_GAP = 2
"""A distractor has at most this many words more or fewer than the answer."""
MAX_DISTRACTORS = 3
MIN_DISTRACTORS = 2
MAX_SUBJECT_WORDS = 6
"""A verb this far into a definition's text makes it a statement about something else."""
MIN_PARTS, MAX_PART_WORDS = 3, 3
"""A text of this many parts between commas, each this short, enumerates: it defines nothing."""
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
    leads: Counter[str] = Counter()  # how often each lead-in opens a sentence or item
    group = 0
    for section in note.sections:
        group += 1
        candidates = [
            (sentence, False, group, True)
            for paragraph in section.paragraphs
            for sentence in paragraph
        ]
        for listed in section.lists:
            group += 1
            askable = not listed.ordered and not offers(listed.lead, note.language)
            candidates += [(item, True, group, askable) for item in listed.items]
        asks = not (
            advises(section.title, note.language)
            or gives_examples(section.title, note.language)
            or tracks_changes(section.topic.path)
        )
        for segment, plain, in_group, askable in candidates:
            split = _lead_and_text(segment, plain, note.language)
            if split is None:
                continue
            leads[split[0].strip().casefold()] += 1
            defined = _defined(*split, note.language)
            if asks and askable and defined and not in_headings(defined[0], section.topic.path):
                found.append(Definition(*defined, segment, section, in_group))
    # A lead-in that opens many items ("**NEW**:" in a changelog, "Aliases:", "create a
    # new branch:" in three recipes) labels them: it names no one idea to ask about. A
    # text that defines two terms ("--disable-timestamp" and "--no-disable-timestamp":
    # "Disable timestamp on file headers") has two right answers.
    texts = Counter(d.text.casefold() for d in found)
    return [d for d in found if leads[d.term.casefold()] == 1 and texts[d.text.casefold()] == 1]


def _lead_and_text(segment: Segment, plain: bool, language: Language) -> tuple[str, str] | None:
    """The lead-in a sentence or item opens with and the text after it, or None.

    ``plain`` also accepts an unmarked ``Term: text`` (list items only).
    """
    if segment.linked:
        return None
    lead = lead_term(segment)
    if lead is not None:
        span, start = lead
        end = _next_lead(segment, language)
        return segment.marked(span).removesuffix(":"), segment.text[start:end]
    if plain and not _opens_marked(segment) and (match := _PLAIN.fullmatch(segment.text)):
        return match.group(1), match.group(2)
    return None


def _defined(term: str, text: str, language: Language) -> tuple[str, str] | None:
    """The (term, text) if a lead-in and its text read as a term and its definition."""
    term, text = term.strip(), _defining_text(text, language)
    if not text or not is_term(term, language) or _expands(term, text):
        return None
    if mentions(text, term) or shows_words_of(term, text):
        return None  # "Initial state": "Initial board state" asks nothing
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


def _next_lead(segment: Segment, language: Language) -> int | None:
    """Where a second definition begins in ``segment``, if one does: notes that write one
    definition a line with no full stop ("**Transition** - A ↔ G …" and "**Transversion**
    - A ↔ T …" on the next line) read as one sentence, and the first text would run
    into the second term. A marked term after a word that needs one ("as with
    **cross-entropy** - the loss …") or after a comma or semicolon is inside the
    sentence, not a new one."""
    for span in segment.marks[1:]:
        if _text_after(segment, span) is None:
            continue
        before = segment.text[: span[0]].rstrip()
        found = words(before)
        if found and before.endswith(found[-1]) and not language.is_stop_word(found[-1]):
            return span[0]
    return None


def _text_after(segment: Segment, span: tuple[int, int]) -> int | None:
    """Where the text after the marked term at ``span`` begins, if a colon (in the mark or
    after it) or a dash follows the term."""
    if segment.marked(span).endswith(":"):
        return span[1]
    separator = _SEPARATOR.match(segment.text, span[1])
    return separator.end() if separator else None


def _opens_marked(segment: Segment) -> bool:
    return bool(segment.marks) and segment.marks[0][0] == 0


def lead_term(segment: Segment) -> tuple[tuple[int, int], int] | None:
    """The marked term a sentence or item opens with, if a colon or dash follows it.

    Returns the term's span and where the text after the colon or dash begins.
    """
    if not _opens_marked(segment):
        return None
    span = segment.marks[0]
    start = _text_after(segment, span)
    return None if start is None else (span, start)


def _defining_text(text: str, language: Language) -> str:
    """The text as a prompt can quote it, or empty if it says too little.

    A text ending in a colon leads into a list: it counts if it is whole
    without the list ("Reduce spatial dimensions:"), not if it breaks off
    ("Organized collections of neurons including:", "Tools such as") or counts
    what the list holds ("Involves three primitives:"): the list is the answer.
    """
    leads_in = text.rstrip().endswith(":")
    text = text.strip().removesuffix(":").rstrip()
    found = words(text)
    if not found or language.is_stop_word(found[-1]):
        return ""
    if leads_in and any(w.casefold() in language.counts or w.isdigit() for w in found):
        return ""
    if len(text) > MAX_TEXT or len(found) < MIN_TEXT_WORDS or _CODE.search(text):
        return ""
    if _ADDRESS.search(text) or text.endswith("?") or _opens_fragment(text, found, language):
        return ""
    if _states_a_fact(found, language) or not language.opens_definition(found[0]):
        return ""  # a statement, or an instruction: "Use concrete data, not assumptions"
    if found[0].casefold() in language.evaluative:
        return ""  # a recommendation: "Ideal for persistent caching"
    if _enumerates(text):
        return ""  # examples or traits, not what the term is: "music, try the products, feel"
    return text


def _enumerates(text: str) -> bool:
    """Whether the text is only a run of short parts between commas: at least
    :data:`MIN_PARTS`, none longer than :data:`MAX_PART_WORDS` words."""
    parts = [part for part in re.split(r"[,;]", text) if part.strip()]
    return len(parts) >= MIN_PARTS and all(len(words(part)) <= MAX_PART_WORDS for part in parts)


def _is_literal(text: str) -> bool:
    """Whether ``text`` is a value more than prose: fewer than two words of letters besides
    what it quotes and besides identifiers and names with dots or digits ("hkdf.v1")."""
    prose = _QUOTED_TEXT.sub(" ", text)
    found = (token.strip(".,;:!?()[]") for token in prose.split())
    return sum(bool(_PROSE_WORD.fullmatch(token)) for token in found) < MIN_PROSE_WORDS


def _opens_fragment(text: str, found: list[str], language: Language) -> bool:
    """Whether the text opens as a piece of a sentence: "for most uses", "e.g. pip"."""
    first = text.split(maxsplit=1)[0].rstrip(".,").casefold()
    opening = found[0].casefold()
    return opening in language.connectives or first in ABBREVIATIONS


def _states_a_fact(found: list[str], language: Language) -> bool:
    """Whether the text is a statement with its own subject, not what a term means:
    "It has sensible defaults", "Hatchling was designed …", "users might rely on
    them …". It opens with a pronoun, or a verb like "is" or "might" comes within
    its first words before any "that" or "which" (as the first word, "is a measure
    of …" goes on from the term)."""
    if found[0].casefold() in language.claims - {*language.copulas}:
        return True
    for word in found[1:MAX_SUBJECT_WORDS]:
        folded = word.casefold()
        if folded in language.relatives:
            return False
        if folded in language.claims:
            return True
    return False


def definition_questions(note: NoteText, definitions: list[Definition]) -> list[Question]:
    """A question per definition with at least two distractors: the note's other defined terms."""
    forms = [frozenset(form.casefold() for form in alternatives(d.term)) for d in definitions]
    questions: list[Question] = []
    for index, definition in enumerate(definitions):
        if _is_literal(definition.text):
            continue  # a value ("agents.session-store.hkdf.v1"), still a term among the choices
        origin = Origin(note.note.id, definition.section.topic)
        fields = origin.fields(ID_KEY, definition.term, definition.text)
        prompt = note.language.define.format(text=definition.text)
        explanation = f"{definition.term}: {definition.text}"
        distractors = _distractors(fields["id"], index, definitions, forms, prompt)
        if len(distractors) < MIN_DISTRACTORS:
            continue
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
    return questions


def _distractors(
    seed: str,
    index: int,
    definitions: list[Definition],
    forms: list[frozenset[str]],
    prompt: str,
) -> list[str]:
    """Up to three other terms, nearest first, none the same as the answer or in the prompt,
    nor a form of the answer or of another choice ("Foliated" beside "Foliation": one
    reads as right when the other is, and two alike tell which pair to guess from), nor
    one the note defines by the answer ("**GRU**: Simplified LSTM alternative …" for
    LSTM, "**Unmarshalling**: another name for deserialization"): a variant or another
    name of the answer may fit its definition too."""
    definition = definitions[index]
    length = len(words(definition.term))
    tiers: tuple[list[str], list[str], list[str]] = ([], [], [])
    for other, other_forms in zip(definitions, forms, strict=True):
        if other_forms & forms[index] or abs(len(words(other.term)) - length) > MAX_LENGTH_GAP:
            continue
        if mentions(other.text, definition.term):
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
            if term.casefold() in seen or mentions(prompt, term):
                continue
            if not any(alike(term, taken) for taken in [definition.term, *chosen]):
                chosen.append(term)
                seen.add(term.casefold())
    return chosen
