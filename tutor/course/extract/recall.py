"""Recall cards: a topic with text that no extracted question asks about is studied whole.

The card's prompt is the topic's heading path, read as plain text, so it
shows where the topic sits and never what it says; its id comes from the topic's id alone, so the
card (and the learner's history with it) lives as long as the heading does,
whatever is written under it.
"""

from __future__ import annotations

from collections.abc import Iterable

from tutor.course.extract.build import Origin
from tutor.course.extract.material import NoteText, clean_title
from tutor.course.extract.terms import words
from tutor.course.kinds import Recall

MIN_WORDS = 12
"""Fewer words than this under a heading give nothing to recall."""

ID_KEY = "recall"
PATH_SEPARATOR = " › "


def recall_cards(note: NoteText, asked: Iterable[str]) -> list[Recall]:
    """One recall card per section with text enough, except the topics in ``asked``."""
    skipped = set(asked)
    cards = []
    for section in note.sections:
        topic = section.topic
        text = " ".join(segment.text for segment in section.segments())
        if topic.id in skipped or len(words(text)) < MIN_WORDS:
            continue
        fields = Origin(note.note.id, topic).fields(ID_KEY, topic.id)
        prompt = PATH_SEPARATOR.join(clean_title(title) or title for title in topic.path)
        cards.append(Recall(**fields, prompt=prompt))
    return cards
