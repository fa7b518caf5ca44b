"""Flash cards the author already wrote in the notes, read the way the Obsidian
spaced-repetition plugin reads them.

- ``Front::Back`` on one line is a card; ``Front:::Back`` is studied both ways
  (a second card asks the back and shows the front).
- A multi-line card is its front's lines, a line holding only ``?`` (``??``
  for both ways), then its back's lines, up to a blank line.
- A line with Anki cloze deletions, ``{{c1::answer}}`` or
  ``{{c1::answer::hint}}``, is a cloze with those blanks.

They are the author's own questions, so they come before anything tutor
extracts: a section holding cards gets no recall card. Lines in fenced code
are never cards (``std::vector`` is C++, not a card), nor are lines whose
front or back is empty, nor a ``::`` inside inline code, nor an Anki cloze line
that could not be answered (an empty blank, or ``{{…}}`` besides its blanks).
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from tutor.course.extract.build import Origin
from tutor.course.model import Topic
from tutor.course.questions import AUTHORED, CLOZE_BLANK, Cloze, NoteCard, split_blank
from tutor.course.quiz import DEFAULT_CLOZE_PROMPT, MAX_BLANKS
from tutor.untrusted import text_lines

_ANKI_BLANK = re.compile(r"\{\{c\d+::(.*?)(?:::(.*?))?\}\}")
_INLINE = re.compile(r"^\s*(?:[-*+]\s+)?(?P<front>.*?\S)\s*(?P<mark>:{2,3})\s*(?P<back>\S.*?)\s*$")
_FENCE = re.compile(r"^\s*(```|~~~)")
_SEPARATOR = {"?": False, "??": True}  # a multi-line card's separator: both ways?


def note_cards(note: Topic) -> list[NoteCard | Cloze]:
    """Every card written in ``note``'s sections, in note order, each once."""
    cards: dict[str, NoteCard | Cloze] = {}
    for topic in note.walk():
        if topic.source != note.source:
            continue
        origin = Origin(note.id, topic)
        for front, back, both_ways in _cards_in(topic.body):
            cloze = _anki_cloze(front) if back is None else None
            if cloze is not None:
                fields = origin.fields("anki cloze", front, origin=AUTHORED)
                text, hint = cloze
                cards.setdefault(
                    fields["id"], Cloze(**fields, prompt=DEFAULT_CLOZE_PROMPT, text=text, hint=hint)
                )
                continue
            for asked, shown in ((front, back), (back, front))[: 2 if both_ways else 1]:
                fields = origin.fields("card", asked, shown, origin=AUTHORED)
                cards.setdefault(fields["id"], NoteCard(**fields, prompt=asked, back=shown))
    return list(cards.values())


def _cards_in(body: str) -> Iterator[tuple[str, str | None, bool]]:
    """(front, back, both ways) for each card in a section's own text; an Anki cloze
    line is (the line, None, False)."""
    fenced = False
    block: list[str] = []
    for line in [*text_lines(body), ""]:
        if _FENCE.match(line):
            fenced = not fenced
            block = []
            continue
        if fenced:
            continue
        if line.strip():
            block.append(line)
            continue
        yield from _block_cards(block)
        block = []


def _block_cards(block: list[str]) -> Iterator[tuple[str, str | None, bool]]:
    """The cards of one paragraph: a multi-line card, or one-line cards."""
    marks = [index for index, line in enumerate(block) if line.strip() in _SEPARATOR]
    if len(marks) == 1 and 0 < marks[0] < len(block) - 1:
        index = marks[0]
        front = " ".join(line.strip() for line in block[:index])
        back = "\n".join(line.strip() for line in block[index + 1 :])
        yield front, back, _SEPARATOR[block[index].strip()]
        return
    for line in block:
        if "`" in line:
            continue  # code in the line: `a::b` is not a card
        if "{{c" in line and _ANKI_BLANK.search(line):
            if _anki_cloze(line) is not None:
                yield line.strip(), None, False
            continue  # a line with Anki blanks is never a Front::Back card
        found = _INLINE.match(line) if "::" in line else None  # a long line is searched once
        if found and "::" not in found["front"] and "::" not in found["back"]:
            yield found["front"], found["back"], found["mark"] == ":::"


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
