"""Lists become "which of these are listed under …?" questions.

A list of at least three items that are terms (see :func:`terms.is_term`:
no steps, sentences, file or column names; mostly not definitions, which
are asked one by one) is about its section, or about the term that leads
into it (``**Pooling Layers**: … :``). The question shows up to four of its
items among two or three terms of other such lists in the same note, so
every choice is of one kind. Those come from lists about something else:
not another "Applications" list, not a neighbouring list of the same
section, whose items could well belong here too, and never an item that the
section mentions or a variant of a right item, nor one of a section below
this one, whose lists are under its heading too. Where the right items all
open in lower case (or all in capitals), so do the wrong ones: "Pat
Sapinsley" among "rocky surface" and "first 4 planets" is ruled out by its
look. It asks for every item of
this one, once: of the lists a section holds under one owner only the first
is asked, as the question would read the same. A list that holds lists in
its items, or is held in one, is an outline: its items head sub-points of
mixed kinds, and a nested list is about its item, not the heading; it is
neither asked nor a source of wrong choices. Of 25 list questions a blind
rater read in study notes, this leaves 6: of the 19 it takes away (some by
leaving a list no wrong choices), 5 were rated good, 9 weak and 5 bad. A
list whose items mostly hold a number (a worked
example's sizes, a product's models) is not asked. It is asked only about
a term: not under a heading that is a
claim or a question ("Type inference is more trustworthy", "What stays
familiar"), a version or a date, nor one of merits or advice ("Benefits",
"Best practices"), whose items are selling points.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from itertools import islice

from tutor.course.extract.build import Origin, shuffled
from tutor.course.extract.cloze import on_agenda
from tutor.course.extract.definitions import Definition
from tutor.course.extract.language import Language
from tutor.course.extract.material import ListText, NoteText, Segment
from tutor.course.extract.terms import (
    advises,
    alike,
    in_headings,
    is_term,
    mentions,
    tracks_changes,
)
from tutor.course.kinds import MultipleChoice, Question
from tutor.course.model import Topic
from tutor.course.naming import normalise_title

MIN_ITEMS = 3
MAX_RIGHT = 4
MAX_WRONG = 3
MIN_TERM_SHARE = 2 / 3
"""At least this share of a list's items must be terms for it to be asked."""
ID_KEY = "list"


def list_questions(note: NoteText, definitions: list[Definition]) -> list[Question]:
    """One multiple-choice question per list with enough short items, if distractors exist."""
    defined = {definition.segment for definition in definitions}
    lists = [
        (section, listed, items)
        for section in note.sections
        for listed in section.lists
        if not listed.outline
        and len(items := _choices(listed, defined, note.language)) >= MIN_ITEMS
        and len(items) >= MIN_TERM_SHARE * len(listed.items)
        and not _specifications(items)
        and not any(in_headings(item, section.topic.path) for item in items)
        and not on_agenda(listed.owner_title, note.language)
        and not advises(section.title, note.language)
        and not tracks_changes(section.topic.path)
        and is_term(listed.owner_title, note.language)
    ]
    questions: list[Question] = []
    asked: set[tuple[str, str]] = set()  # (topic id, owner): "listed under" it once
    for section, listed, items in lists:
        own = {item.casefold() for item in items}
        subject = normalise_title(listed.owner_title)
        said = " ".join(segment.text for segment in section.segments())
        pool = {
            item.casefold(): item
            for other_section, other, other_items in lists
            if normalise_title(other.owner_title) != subject
            and not _within(other_section.topic, section.topic)
            for item in other_items
            if item.casefold() not in own and not mentions(said, item)
        }
        fields = Origin(note.note.id, section.topic).fields(ID_KEY, listed.owner, *items)
        prompt = note.language.listed.format(owner=listed.owner)
        right = _unmentioned(prompt, shuffled(fields["id"], items), MAX_RIGHT)
        wrong = _unmentioned(
            prompt,
            _unlike(_same_case(shuffled(fields["id"], pool.values()), items), items),
            MAX_WRONG,
        )
        if len(right) < 2 or len(wrong) < 2 or (section.topic.id, listed.owner) in asked:
            continue
        asked.add((section.topic.id, listed.owner))
        questions.append(
            MultipleChoice(
                **fields,
                prompt=prompt,
                explanation=f"{listed.owner}: {'; '.join(items)}",
                choices=tuple(shuffled(fields["id"], right + wrong)),
                answers=frozenset(right),
            )
        )
    return questions


def _within(inner: Topic, outer: Topic) -> bool:
    """Whether ``inner`` is ``outer`` or one of its sections (a topic's id is its parent's,
    a slash and its own slug): what a list there holds is listed under ``outer``'s
    heading too."""
    return inner.id == outer.id or inner.id.startswith(outer.id + "/")


def _unmentioned(prompt: str, items: Iterable[str], most: int) -> list[str]:
    """The first ``most`` items that the prompt does not mention."""
    return list(islice((item for item in items if not mentions(prompt, item)), most))


def _unlike(candidates: list[str], items: list[str]) -> Iterator[str]:
    """Distractors that are no variant of a right item ("Carbon dioxide concentration")."""
    for candidate in candidates:
        if not any(alike(candidate, item) for item in items):
            yield candidate


def _same_case(candidates: list[str], items: list[str]) -> list[str]:
    """Distractors that open in the case the right items all open in, if they agree: among
    "rocky surface" and "first 4 planets", a capitalised "Pat Sapinsley" is told apart by
    its look, not its meaning."""
    cases = {_opens_upper(item) for item in items}
    if len(cases) > 1:
        return candidates
    return [candidate for candidate in candidates if _opens_upper(candidate) in cases]


def _opens_upper(text: str) -> bool:
    """Whether the first letter of ``text`` is a capital."""
    return next(char for char in text if char.isalpha()).isupper()


def _specifications(items: list[str]) -> bool:
    """Whether most items hold a number: a worked example's sizes ("2 inputs", "25 hidden
    neurons") or models ("RTX 3060"), facts of one case rather than ideas to recall."""
    return 2 * sum(any(char.isdigit() for char in item) for item in items) > len(items)


def _choices(listed: ListText, defined: set[Segment], language: Language) -> list[str]:
    """The list's items that can be choices: terms, distinct, not definitions."""
    found: dict[str, str] = {}
    for item in listed.items:
        if item not in defined and "," not in item.text and is_term(item.text, language):
            found.setdefault(item.text.casefold(), item.text)
    return list(found.values())
