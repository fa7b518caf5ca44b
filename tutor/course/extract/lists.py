"""Lists become "which of these are listed under …?" questions.

A list of at least three short items (mostly not definitions: those are
asked one by one) is about its section, or about the term that leads into it
(``**Pooling Layers**: … :``). The question shows up to four of its items
among two or three items of other such lists in the same note, taken from
lists about something else (not another "Applications" list, whose items
could well belong here too) and never a variant of a right item, and asks
for every item of this one.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from itertools import islice

from tutor.course.extract.build import Origin, shuffled
from tutor.course.extract.definitions import Definition
from tutor.course.extract.material import ListText, NoteText, Segment
from tutor.course.extract.terms import mentions, words
from tutor.course.naming import normalise_title
from tutor.course.questions import MultipleChoice, Question

MIN_ITEMS = 3
MAX_RIGHT = 4
MAX_WRONG = 3
MAX_CHOICE_WORDS = 10
MAX_CHOICE_CHARS = 80
ID_KEY = "list"


def list_questions(note: NoteText, definitions: list[Definition]) -> list[Question]:
    """One multiple-choice question per list with enough short items, if distractors exist."""
    defined = {definition.segment for definition in definitions}
    lists = [
        (section, listed, items)
        for section in note.sections
        for listed in section.lists
        if len(items := _choices(listed, defined)) >= MIN_ITEMS
        and 2 * len(items) >= len(listed.items)
    ]
    questions: list[Question] = []
    for section, listed, items in lists:
        own = {item.casefold() for item in items}
        subject = normalise_title(listed.owner_title)
        pool = {
            item.casefold(): item
            for _, other, other_items in lists
            if normalise_title(other.owner_title) != subject
            for item in other_items
            if item.casefold() not in own
        }
        fields = Origin(note.note.id, section.topic).fields(ID_KEY, listed.owner, *items)
        prompt = note.language.listed.format(owner=listed.owner)
        right = _unmentioned(prompt, shuffled(fields["id"], items), MAX_RIGHT)
        wrong = _unmentioned(
            prompt, _unlike(shuffled(fields["id"], pool.values()), items), MAX_WRONG
        )
        if len(right) < 2 or len(wrong) < 2:
            continue
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


def _unmentioned(prompt: str, items: Iterable[str], most: int) -> list[str]:
    """The first ``most`` items that the prompt does not mention."""
    return list(islice((item for item in items if not mentions(prompt, item)), most))


def _unlike(candidates: list[str], items: list[str]) -> Iterator[str]:
    """Distractors that are no variant of a right item ("Carbon dioxide concentration")."""
    for candidate in candidates:
        if not any(mentions(candidate, item) or mentions(item, candidate) for item in items):
            yield candidate


def _choices(listed: ListText, defined: set[Segment]) -> list[str]:
    """The list's items that can be choices: short, distinct, not definitions."""
    found: dict[str, str] = {}
    for item in listed.items:
        if item in defined or len(item.text) > MAX_CHOICE_CHARS:
            continue
        if 0 < len(words(item.text)) <= MAX_CHOICE_WORDS:
            found.setdefault(item.text.casefold(), item.text)
    return list(found.values())
