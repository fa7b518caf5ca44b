"""Cloze questions: the author's marked terms as blanks, and the X of an opening "X is …".

A sentence (or list item) with bold or highlighted terms becomes its own
text with up to three of them blanked, where the sentence answers what the
blank asks: it names the term ("… also called **epochs**") or defines it
("**Word embeddings** are a way to …", "**Ordinal**, which involves …").
A term the sentence only uses is not blanked, even on the topic's own
subject: in "f-strings will in the **future** work like …" or "If your
project uses **Poetry** …" the bold word is emphasis or an example, and the
blank could be many words. The first sentence of a section that says what something is
("Backpropagation is the fundamental learning algorithm …") becomes that
sentence with its subject blanked.

A blank is a key term (see :func:`terms.is_term`), never what the heading
path shows already, nor a button's label ("select **Add view**"), nor the
label a list item opens with ("**Predict**. Use new inputs …"; the term a
definition opens with is left to :mod:`tutor.course.extract.definitions`).
The rest of the sentence must not give it away and enough words must remain
around it to answer from. A sentence that leads into something else (ending
in a colon), quotes someone or tells what the lesson will do ("In this
lesson, we will …") is not asked, nor anything under a heading of merits or
advice ("When to use it", "Benefits", see :func:`terms.advises`), whose
bold words are selling points.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from tutor.course.extract.build import Origin
from tutor.course.extract.definitions import lead_term
from tutor.course.extract.language import Language
from tutor.course.extract.material import NoteText, Section, Segment
from tutor.course.extract.terms import (
    TRAILING,
    advises,
    alternatives,
    in_headings,
    is_term,
    mentions,
    tracks_changes,
    words,
)
from tutor.course.kinds import Cloze, Question

MAX_BLANKS = 3
MAX_TEXT = 400
MIN_CONTEXT_WORDS = 4
_LEAD_IN = re.compile(r":\s*(?:\([^()]*\))?\s*$")  # "…, like this:", "… epochs: (code block 8)"
_QUOTED = re.compile(r"[\"“«„]")
MAX_LABEL_SPACES = 3
"""A marked term followed by a full stop or colon within its first words labels what follows."""
ID_KEY = "cloze"


def cloze_questions(note: NoteText) -> list[Question]:
    """A cloze for each section's opening definition and each sentence with marked terms."""
    questions: list[Question] = []
    for section in note.sections:
        if advises(section.title, note.language) or tracks_changes(section.topic.path):
            continue
        origin = Origin(note.note.id, section.topic)
        texts = [_opening(section, note.language)]
        texts += [_marked(segment, section, note.language) for segment in section.segments()]
        for text in texts:
            if text is not None:
                questions.append(
                    Cloze(**origin.fields(ID_KEY, text), prompt=note.language.fill, text=text)
                )
    return questions


def _marked(segment: Segment, section: Section, language: Language) -> str | None:
    """The segment with its marked terms as blanks, or None if none can be one."""
    text = segment.text
    if not segment.marks or len(text) > MAX_TEXT or "{{" in text or "}}" in text:
        return None
    if leads_in(text) or on_agenda(text, language):
        return None
    lead = lead_term(segment)
    spans = []
    for start, end in segment.marks:
        if lead is not None and (start, end) == lead[0]:
            continue
        while end > start and text[end - 1] in TRAILING:
            end -= 1
        first = text[start:end].split(" ", 1)
        if len(first) == 2 and first[0].casefold() in language.articles:
            start += len(first[0]) + 1  # "a {{simulator}}": the article is no part of the term
        term = text[start:end]
        if (
            is_term(term, language)
            and not in_headings(term, section.topic.path)
            and not _labels_item(text, end)
            and not _follows(text[:start], language.actions)
            and _answered(text, (start, end), language)
        ):
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


def leads_in(text: str) -> bool:
    """Whether a sentence leads into something else (a colon ends it) or quotes someone.

    Either way it is not the notes' own statement of an idea: what follows
    the colon is missing, and a quotation is an example.
    """
    return bool(_LEAD_IN.search(text)) or bool(_QUOTED.match(text))


def _labels_item(text: str, end: int) -> bool:
    """Whether a term ending at ``end`` is the label a list item or sentence opens with."""
    return text[end : end + 1] in {".", ":"} and text[:end].count(" ") <= MAX_LABEL_SPACES


def _follows(before: str, phrases: Iterable[str]) -> bool:
    """Whether ``before`` ends with one of ``phrases`` (an article may come between)."""
    found = [word.casefold() for word in before.split()[-4:]]
    for phrase in phrases:
        wanted = phrase.split()
        for tail in (found, found[:-1]):
            if tail[-len(wanted) :] == wanted:
                return True
    return False


def _answered(text: str, span: tuple[int, int], language: Language) -> bool:
    """Whether the sentence answers the blank at ``span``: it names or defines it.

    It names it after "called", "known as" …; it defines it when the blank is
    the subject of "X is a …" or a clause follows it (", which …", "where
    …").
    """
    start, end = span
    before, after = text[:start].split(), text[end:].split()
    if _follows(text[:start], language.naming):
        return not _refers_back(text, language)
    if _opens_clause(text[end:], language):
        return True
    subject = not before or (len(before) == 1 and before[0].casefold() in language.articles)
    return bool(subject and after and after[0].casefold() in language.copulas) and _defines(
        after[1:3], language
    )


def _refers_back(text: str, language: Language) -> bool:
    """Whether the sentence opens with a word that points at the one before: in "This is
    why it is called a **lazy learner**" (or "That's why …", the word before its
    apostrophe) what is so called is said before, out of view."""
    found = words(text)
    return bool(found) and re.split(r"['’]", found[0])[0].casefold() in language.anaphors


def _defines(predicate: list[str], language: Language) -> bool:
    """Whether the words after "X is" say what X is: "a chain of …", not "costly", "a major
    …", "a new …" (news, not a definition) or "a game-changer"."""
    if not predicate or predicate[0].casefold() not in language.articles | {"one"}:
        return False
    return len(predicate) < 2 or predicate[1].casefold() not in language.evaluative


def on_agenda(text: str, language: Language) -> bool:
    """Whether a sentence speaks of the course's plan ("In this lesson, we will use …").

    What a lesson will do is no idea to learn: its terms are asked where the
    notes say what they are.
    """
    folded = " " + " ".join(text.casefold().replace("’", "'").split()) + " "
    return any(f" {phrase} " in folded for phrase in language.agenda)


def _opens_clause(after: str, language: Language) -> bool:
    """Whether ``after`` opens a clause that says what the term before it is: ", which …".

    The comma matters: a clause set off by one says what the term is
    ("**Ordinal**, which involves ordered categories"), one without picks
    out a kind of thing ("**Microservices** that need shared caching", a use
    case) or goes on from a verb ("**validating** that it was created").
    """
    stripped = after.lstrip()
    if not stripped.startswith(","):
        return False
    folded = stripped.lstrip(" ,").casefold()
    return any(folded.startswith(relative + " ") for relative in language.relatives)


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
    if not verb or verb + 1 >= len(parts):  # no copula, no subject before it, nothing after
        return None
    if not _defines(parts[verb + 1 : verb + 3], language):
        return None
    subject, rest = parts[:verb], " ".join(parts[verb + 1 :])
    article = subject[0] if len(subject) > 1 and subject[0].casefold() in language.articles else ""
    subject_text = " ".join(subject[1:] if article else subject)
    if (
        language.is_stop_word(subject_text.split(" ")[0])
        or any(mark in subject_text for mark in ",:;")
        or not is_term(subject_text, language)
        or any(word.casefold() in language.evaluative for word in words(subject_text))
        or in_headings(subject_text, section.topic.path)
        or len(words(rest)) < MIN_CONTEXT_WORDS
        or mentions(rest, subject_text)
        or leads_in(sentence.text)
        or on_agenda(sentence.text, language)
    ):
        return None
    blank = "{{" + "|".join(alternatives(subject_text)) + "}}"
    return " ".join(part for part in (article, blank, parts[verb], rest) if part)
