"""Cards the author wrote in the notes (``Q::A``, ``Q:::A``, ``?`` and ``??`` cards) are
studied before anything tutor extracts, and rated by the learner like recall cards."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import Input

from tests.conftest import WriteFile
from tests.test_study_screen import WIDE, feedback, new_app, screen_of
from tutor.cli import summary
from tutor.course import AUTHORED, Cloze, NoteCard, Recall, load_course

CELLS = """\
# Cells

The cell is the unit of life, and every organism is made of one or more of them.

Mitochondria::the powerhouse of the cell
- Ribosome:::makes proteins
In C++ `std::vector` is a container, not a card.

```cpp
std::vector<int> cells::all();
```

What does the nucleus hold?
?
The DNA of the cell,
in chromosomes.

Which way does osmosis move water?
??
From low to high solute concentration.

The {{c1::nucleus}} holds the {{c2::DNA::a molecule}}.

## Membrane

The membrane lets some molecules through and keeps others out, like a gate with a guard.
"""


def cards_of(notes: Path, write: WriteFile) -> list[NoteCard]:
    write("cells.md", CELLS)
    course = load_course(notes)
    top = course.topics[0]
    return [question for question in top.questions if isinstance(question, NoteCard)]


def test_every_card_shape_is_read_and_code_is_not(notes: Path, write: WriteFile) -> None:
    cards = [(card.prompt, card.back) for card in cards_of(notes, write)]
    assert cards == [
        ("Mitochondria", "the powerhouse of the cell"),
        ("Ribosome", "makes proteins"),
        ("makes proteins", "Ribosome"),  # ::: is studied both ways
        ("What does the nucleus hold?", "The DNA of the cell,\nin chromosomes."),
        ("Which way does osmosis move water?", "From low to high solute concentration."),
        ("From low to high solute concentration.", "Which way does osmosis move water?"),
    ]


def test_an_anki_cloze_line_is_a_cloze(notes: Path, write: WriteFile) -> None:
    write("cells.md", CELLS)
    (cloze,) = [q for q in load_course(notes).topics[0].questions if isinstance(q, Cloze)]
    assert (cloze.text, cloze.blanks, cloze.hint) == (
        "The {{nucleus}} holds the {{DNA}}.",
        (("nucleus",), ("DNA",)),
        "a molecule",
    )
    assert cloze.origin == AUTHORED


def test_an_anki_cloze_with_an_empty_blank_is_no_card(notes: Path, write: WriteFile) -> None:
    write(
        "c.md",
        "# C\n\nThe {{c1::}} holds the {{c2::DNA}}.\n\nAlso {{c1:: | }} here.\n\n"
        "Set {{x}} before {{c1::y}}.\n\n**{{}}** is a term. {{c1::{{}}}}\n",
    )
    questions = load_course(notes).topics[0].questions
    assert not any(isinstance(q, Cloze | NoteCard) for q in questions), questions


def test_cards_are_the_authors_come_first_and_stand_in_for_a_recall_card(
    notes: Path, write: WriteFile
) -> None:
    cards = cards_of(notes, write)
    assert {card.origin for card in cards} == {AUTHORED} and not cards[0].generated
    course = load_course(notes)
    cells, membrane = course.topics[0], course.topics[0].children[0]
    assert isinstance(cells.questions[0], NoteCard)
    assert not any(type(question) is Recall for question in cells.questions)
    assert [type(question) for question in membrane.questions] == [Recall]
    assert "6 card" in summary(course) and "1 cloze" in summary(course)


def test_card_ids_survive_edits_elsewhere_in_the_note(notes: Path, write: WriteFile) -> None:
    before = {card.id for card in cards_of(notes, write)}
    write("cells.md", CELLS.replace("unit of life", "smallest unit of life"))
    after = {card.id for card in load_course(notes).topics[0].questions}
    assert before <= after


async def test_a_card_is_recalled_its_back_shown_and_rated(notes: Path, write: WriteFile) -> None:
    write("cells.md", CELLS)
    app = new_app(load_course(notes))
    async with app.run_test(size=WIDE) as pilot:
        await pilot.press("s")
        await pilot.pause()
        assert screen_of(app).session.current.prompt == "Mitochondria"
        app.query_one("#answer-slot Input", Input).value = "energy"
        await pilot.press("enter")
        await pilot.pause()
        assert feedback(app).startswith("Answer: the powerhouse of the cell")
        await pilot.press("3")
        await pilot.pause()
        assert feedback(app).startswith("✓ Recalled")
        card = screen_of(app).session.current
        record = app.store.course(app.course.id).questions[card.id]
        assert (record.last_answer, record.log[-1].rating) == ("energy", 3)
        await pilot.press("u")  # taken back: the card is asked again, as new
        await pilot.pause()
        assert screen_of(app).asking and screen_of(app).session.current is card
        assert app.query_one("#answer-slot Input", Input).value == ""
        assert card.id not in app.store.course(app.course.id).questions


DECK = """\
# Organelles

#flashcards/biology

The ==mitochondrion== makes ==ATP== for the cell.

A ==highlight== in `code ==x==` is no card, nor one in a fence:

```text
The ==ribosome== makes proteins.
```

## Membrane

The **membrane** is a barrier, which keeps the cell whole.
"""


def test_a_highlight_is_a_cloze_in_a_note_of_cards(notes: Path, write: WriteFile) -> None:
    write("organelles.md", DECK)
    organelles, membrane = load_course(notes).topics[0], load_course(notes).topics[0].children[0]
    (cloze,) = organelles.questions
    assert isinstance(cloze, Cloze) and cloze.origin == AUTHORED and cloze.in_notes
    assert (cloze.text, cloze.blanks) == (
        "The {{mitochondrion}} makes {{ATP}} for the cell.",
        (("mitochondrion",), ("ATP",)),
    )
    assert membrane.questions == []  # a note of cards asks its cards, nothing extracted


def test_front_matter_tags_a_note_of_cards(notes: Path, write: WriteFile) -> None:
    write("organelles.md", "---\ntags:\n  - flashcards/biology\n---\n" + DECK.replace("#fl", "fl"))
    (cloze,) = load_course(notes).topics[0].questions
    assert cloze.text == "The {{mitochondrion}} makes {{ATP}} for the cell."


def test_a_highlight_elsewhere_is_no_card(notes: Path, write: WriteFile) -> None:
    for text in (
        DECK.replace("#flashcards/biology", "#flashcardsbiology"),
        DECK.replace("#flashcards/biology", "`#flashcards`"),
        DECK.replace("#flashcards/biology", "[link](page#flashcards)"),
    ):
        write("organelles.md", text)
        organelles = load_course(notes).topics[0]
        assert not any(q.origin == AUTHORED for q in organelles.questions), text


async def test_a_cloze_from_the_notes_is_shown_as_the_authors(
    notes: Path, write: WriteFile
) -> None:
    write("organelles.md", DECK)
    app = new_app(load_course(notes))
    async with app.run_test(size=WIDE) as pilot:
        await pilot.press("s")
        await pilot.pause()
        header = str(app.query_one("#quiz-header").content)
        assert "cloze" in header and "card from the notes" in header
