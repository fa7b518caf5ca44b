"""Flash cards the author already wrote in the notes, read the way the Obsidian
spaced-repetition plugin reads them.

- ``Front::Back`` on one line is a card; ``Front:::Back`` is studied both ways
  (a second card asks the back and shows the front).
- A multi-line card is its front's lines, a line holding only ``?`` (``??``
  for both ways), then its back's lines, up to a blank line.
- A line with Anki cloze deletions, ``{{c1::answer}}`` or
  ``{{c1::answer::hint}}``, is a cloze with those blanks.
- In a note tagged ``#flashcards`` (or a deck below it, ``#flashcards/bio``),
  the plugin's mark for a note of cards, a line with ``==highlights==`` is a
  cloze with those blanks. Elsewhere a highlight only stresses a word, and
  extraction may or may not blank it.

They are the author's own questions, so they come before anything tutor
extracts: a section holding cards gets no recall card, and a note tagged
``#flashcards`` gets nothing extracted besides them. Lines in fenced code
are never cards (``std::vector`` is C++, not a card), nor are lines whose
front or back is empty, nor a ``::`` inside inline code, nor an Anki cloze line
that could not be answered (an empty blank, or ``{{…}}`` besides its blanks).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import NamedTuple

from tutor.course.extract.build import Origin
from tutor.course.kinds import (
    AUTHORED,
    CLOZE_BLANK,
    DEFAULT_CLOZE_PROMPT,
    Cloze,
    NoteCard,
    split_blank,
)
from tutor.course.model import Topic
from tutor.course.quiztable import MAX_BLANKS
from tutor.untrusted import text_lines

_ANKI_BLANK = re.compile(r"\{\{c\d+::(.*?)(?:::(.*?))?\}\}")
_HIGHLIGHT = re.compile(r"==(?=\S)(.+?)(?<=\S)==")
_DECK_TAG = re.compile(r"(?<![\w#/&])#flashcards(?:/[\w/-]+)?(?![\w/-])", re.IGNORECASE)
_CODE_SPAN = re.compile(r"(`+).+?\1")
_INLINE = re.compile(r"^\s*(?:[-*+]\s+)?(?P<front>.*?\S)\s*(?P<mark>:{2,3})\s*(?P<back>\S.*?)\s*$")
_FENCE = re.compile(r"^\s*(```|~~~)")
_SEPARATOR = {"?": False, "??": True}  # a multi-line card's separator: both ways?


def note_cards(note: Topic, deck: bool) -> list[NoteCard | Cloze]:
    """Every card written in ``note``'s sections, in note order, each once; with ``deck``
    (see :func:`is_deck`) its highlighted lines too."""
    cards: dict[str, NoteCard | Cloze] = {}
    for topic in _own_sections(note):
        origin = Origin(note.id, topic)
        for card in _cards_in(topic.body, deck):
            if card.cloze is not None:
                text, hint, made_from = card.cloze
                fields = origin.fields(made_from, card.front, origin=AUTHORED)
                cards.setdefault(
                    fields["id"], Cloze(**fields, prompt=DEFAULT_CLOZE_PROMPT, text=text, hint=hint)
                )
                continue
            pairs = ((card.front, card.back), (card.back, card.front))
            for asked, shown in pairs[: 2 if card.both_ways else 1]:
                fields = origin.fields("card", asked, shown, origin=AUTHORED)
                cards.setdefault(fields["id"], NoteCard(**fields, prompt=asked, back=shown))
    return list(cards.values())


class _Written(NamedTuple):
    """A card as the note writes it: a front and a back, or a cloze line made into
    tutor's cloze text, its hint and the rule that read it (part of its id)."""

    front: str
    back: str = ""
    both_ways: bool = False
    cloze: tuple[str, str, str] | None = None


def is_deck(note: Topic) -> bool:
    """Whether ``note`` is tagged ``#flashcards`` (or a deck below it), in its front matter
    or in its text outside code: the Obsidian spaced-repetition plugin's mark for a note
    of cards."""
    if any(_DECK_TAG.fullmatch(f"#{tag}") for tag in note.tags):
        return True
    sections = [topic for topic in _own_sections(note) if _DECK_TAG.search(topic.body)]
    return any(  # the tag is somewhere: is it outside code?
        _DECK_TAG.search(_CODE_SPAN.sub("", line))
        for topic in sections
        for block in _paragraphs(topic.body)
        for line in block
    )


def _own_sections(note: Topic) -> Iterator[Topic]:
    """The note and its sections, not the notes embedded or nested in it."""
    return (topic for topic in note.walk() if topic.source == note.source)


def _paragraphs(body: str) -> Iterator[list[str]]:
    """A section's paragraphs as their lines, fenced code left out."""
    fenced = False
    block: list[str] = []
    for line in [*text_lines(body), ""]:
        if _FENCE.match(line):
            fenced = not fenced
            block = []
        elif fenced:
            continue
        elif line.strip():
            block.append(line)
        else:
            if block:
                yield block
            block = []


def _cards_in(body: str, highlights: bool) -> Iterator[_Written]:
    """Each card in a section's own text: a cloze line is Anki's, or with ``highlights``
    one with ``==highlights==``."""
    for block in _paragraphs(body):
        yield from _block_cards(block, highlights)


def _block_cards(block: list[str], highlights: bool) -> Iterator[_Written]:
    """The cards of one paragraph: a multi-line card, or one-line cards."""
    marks = [index for index, line in enumerate(block) if line.strip() in _SEPARATOR]
    if len(marks) == 1 and 0 < marks[0] < len(block) - 1:
        index = marks[0]
        front = " ".join(line.strip() for line in block[:index])
        back = "\n".join(line.strip() for line in block[index + 1 :])
        yield _Written(front, back, _SEPARATOR[block[index].strip()])
        return
    for line in block:
        if "`" in line:
            continue  # code in the line: `a::b` is not a card
        if "{{c" in line and _ANKI_BLANK.search(line):
            if (anki := _anki_cloze(line)) is not None:
                yield _Written(line.strip(), cloze=(*anki, "anki cloze"))
            continue  # a line with Anki blanks is never a Front::Back card
        found = _INLINE.match(line) if "::" in line else None  # a long line is searched once
        if found and "::" not in found["front"] and "::" not in found["back"]:
            yield _Written(found["front"], found["back"], found["mark"] == ":::")
        elif highlights and "==" in line and (text := _highlight_cloze(line)) is not None:
            yield _Written(line.strip(), cloze=(text, "", "highlight cloze"))


def _highlight_cloze(line: str) -> str | None:
    """A line with ``==highlights==`` as tutor's cloze text, each highlight a blank, if
    every blank can be answered: at most :data:`MAX_BLANKS`, no other ``{{…}}``."""
    blanks = _HIGHLIGHT.findall(line)
    if not 0 < len(blanks) <= MAX_BLANKS or "{{" in line or "}}" in line:
        return None
    if any("|" in blank or not split_blank(blank) for blank in blanks):
        return None  # "|" would read as alternatives of one blank
    return _HIGHLIGHT.sub(lambda blank: "{{" + blank[1] + "}}", line.strip())


def _anki_cloze(line: str) -> tuple[str, str] | None:
    """An Anki cloze line as tutor's cloze text (its blanks as ``{{…}}``) and hint, if
    the line is one whose every blank can be answered: none empty, at most
    :data:`MAX_BLANKS`, and no other ``{{…}}`` in it to read as a blank."""
    blanks = _ANKI_BLANK.findall(line)
    if not 0 < len(blanks) <= MAX_BLANKS:
        return None
    text = _ANKI_BLANK.sub(lambda blank: "{{" + blank[1] + "}}", line.strip())
    found = [split_blank(inner) for inner in CLOZE_BLANK.findall(text)]
    if len(found) != len(blanks) or not all(found):
        return None
    return text, "; ".join(hint for _, hint in blanks if hint)
