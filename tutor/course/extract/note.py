"""Extracting a whole note's questions at once, the first time one of its topics is asked.

Distractors come from anywhere in the note, so a note is read whole; the
result is kept per topic. The loader gives every topic of a note the same
:class:`NoteQuestions`, which ``Topic.questions`` calls only for topics no
quiz file asks about, so a course opens without extracting anything.
"""

from __future__ import annotations

from collections.abc import Callable

from tutor.course.extract.cards import is_deck, note_cards
from tutor.course.extract.cloze import cloze_questions
from tutor.course.extract.definitions import definition_questions, find_definitions
from tutor.course.extract.lists import list_questions
from tutor.course.extract.material import read_note
from tutor.course.extract.recall import recall_cards
from tutor.course.kinds import Question
from tutor.course.model import Topic


def extract_note(note: Topic) -> dict[str, list[Question]]:
    """The questions made from ``note`` and its sections, by topic id, each id once.

    The author's own cards come first. A note tagged ``#flashcards`` is a deck of
    them, as the Obsidian spaced-repetition plugin reads it: its cards are all it
    asks, with nothing extracted that could repeat them in other words.
    """
    text = read_note(note)
    if text is None:
        return {}
    deck = is_deck(note)
    cards = note_cards(note, deck)
    if deck:
        return _by_topic(cards)
    definitions = find_definitions(text)
    by_topic = _by_topic(
        [
            *cards,
            *definition_questions(text, definitions),
            *list_questions(text, definitions),
            *cloze_questions(text),
        ]
    )
    for card in recall_cards(text, asked=by_topic):
        by_topic[card.topic_id] = [card]
    return by_topic


def _by_topic(questions: list[Question]) -> dict[str, list[Question]]:
    """``questions`` by topic id, in order, each id once."""
    by_topic: dict[str, list[Question]] = {}
    seen: set[str] = set()
    for question in questions:
        if question.id not in seen:
            seen.add(question.id)
            by_topic.setdefault(question.topic_id, []).append(question)
    return by_topic


class NoteQuestions:
    """A note's extracted questions, made on the first call and kept.

    ``stored`` gives them from :mod:`tutor.course.cache` instead, when the
    note has not changed since they were extracted; it too runs only on the
    first call. Two threads asking at once may both extract; they get equal
    questions, and the last result is kept.
    """

    __slots__ = ("_by_topic", "_note", "_stored")

    def __init__(
        self, note: Topic, stored: Callable[[], dict[str, list[Question]]] | None = None
    ) -> None:
        self._note = note
        self._stored = stored
        self._by_topic: dict[str, list[Question]] | None = None

    def __call__(self, topic: Topic) -> list[Question]:
        if self._by_topic is None:
            make = self._stored or (lambda: extract_note(self._note))
            self._by_topic = make()
            self._stored = None  # what it decoded from is not needed again
        return self._by_topic.get(topic.id, [])

    @property
    def made(self) -> dict[str, list[Question]] | None:
        """The questions by topic id, if they have been made yet."""
        return self._by_topic
