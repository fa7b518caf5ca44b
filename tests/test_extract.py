"""Questions extracted from notes without quizzes: what is asked, what never is, ids that last."""

from __future__ import annotations

import random
import re
import sys
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import WriteFile
from tutor.course import (
    AUTHORED,
    EXTRACTED,
    Cloze,
    Course,
    FreeText,
    MultipleChoice,
    Question,
    Recall,
    ShortAnswer,
    SingleChoice,
    Topic,
    bundled_course_path,
    load_course,
)
from tutor.course.extract import note as note_module
from tutor.course.extract.blocks import _Doubtful, parse_blocks, scan_blocks
from tutor.course.extract.inline import _parse, _scan, _unmark
from tutor.course.extract.language import LANGUAGES
from tutor.course.extract.terms import mentions
from tutor.course.model import LESSON_CHARS
from tutor.course.notes import replace_wikilinks
from tutor.course.quiz import check_table

BENCHMARKS = Path(__file__).resolve().parent.parent / "benchmarks"

OBSIDIAN = """\
---
title: Photosynthesis
tags: [biology, plants]
aliases: [photosynthesis]
---

#biology #plants

# Photosynthesis

Photosynthesis is the process by which green plants turn light energy into chemical energy \
stored in glucose. It takes place mainly in the leaves, inside the **chloroplasts**. ^intro1

> [!note] Remember
> **Chlorophyll**: The green pigment that absorbs red and blue light.

## Light-dependent reactions

The light-dependent reactions happen in membranes called **thylakoids** and need ==water== to \
release oxygen. They produce ATP and NADPH for the next stage.

- **Photosystem II**: Splits water molecules and releases oxygen.
- **Photosystem I**: Re-energises electrons to make NADPH.
- **ATP synthase**: Uses the proton gradient to make ATP.

## Calvin cycle

The Calvin cycle is the set of reactions that fix carbon dioxide into sugar in the stroma.

Inputs of the cycle:
- Carbon dioxide
- ATP
- NADPH

```python
# Glucose: not a heading, not a question
def calvin(co2): return "**sugar**"
```

| Resource | Link |
| --- | --- |
| Khan Academy | [[Khan Photosynthesis]] |
| **Wikipedia** | https://en.wikipedia.org/wiki/Calvin_cycle |

## Factors

Three factors limit the rate of photosynthesis:

1. Light intensity
2. Carbon dioxide concentration
3. Temperature

## See also

- [[Cellular respiration]]
- [[Chloroplast]]
- [Plant biology](https://example.com/plants)

## Tasks

- [ ] Review the **Calvin cycle**
- [x] Draw a chloroplast

%%
{"type": "excalidraw", "elements": [{"text": "**Stroma**: fluid"}]}
%%
"""

GERMAN = """\
# Die Zelle

Die Zelle ist die kleinste lebende Einheit aller Organismen. Sie besteht aus dem **Zellkern**, \
dem Zytoplasma und der **Zellmembran**.

## Organellen

- **Mitochondrien**: Die Kraftwerke der Zelle, in denen die Zellatmung stattfindet.
- **Ribosomen**: Orte der Proteinbiosynthese im Zytoplasma.
- **Golgi-Apparat**: Verpackt und versendet Proteine.

## Funktionen

Die Zellmembran ist eine dünne Schicht, die die Zelle von ihrer Umgebung trennt und den \
Stoffaustausch regelt. Sie ist **die** Grenze.
"""

DRAWING = """\
---
excalidraw-plugin: parsed
---
==⚠  Switch to EXCALIDRAW VIEW in the MORE OPTIONS menu of this document. ⚠==

# Text Elements
**Mitosis**: cell division into two daughter cells ^abc12345

%%
# Drawing
```json
{"type": "excalidraw"}
```
%%
"""


def extracted(course: Course) -> dict[str, list[Question]]:
    return {topic.id: topic.questions for topic in course.walk()}


def of_kind(questions: list[Question], kind: type[Question]) -> list[Any]:
    return [question for question in questions if isinstance(question, kind)]


def as_table(question: Question) -> dict[str, Any]:
    """The quiz-file table that describes ``question``."""
    table: dict[str, Any] = {"id": question.id, "kind": question.kind, "prompt": question.prompt}
    match question:
        case SingleChoice():
            table |= {"choices": list(question.choices), "answer": question.answer}
        case MultipleChoice():
            answers = [choice for choice in question.choices if choice in question.answers]
            table |= {"choices": list(question.choices), "answers": answers}
        case ShortAnswer():
            table |= {"answers": list(question.answers)}
        case FreeText():
            table |= {"reference": question.reference, "key_points": list(question.key_points)}
        case Cloze():
            table |= {"text": question.text}
    if question.explanation:
        table["explanation"] = question.explanation
    return table


def assert_sound(question: Question) -> None:
    """The quality every extracted question must have."""
    assert question.origin == EXTRACTED and question.generated
    assert question.id.startswith("x-")
    if isinstance(question, Recall):  # no quiz-file kind: its prompt is where the topic sits
        assert question.prompt.strip() and "\n" not in question.prompt
        return
    checked = check_table(as_table(question), question.topic_id, Path("check.quiz.toml"))
    assert replace(checked, origin=EXTRACTED) == question  # what tutor check accepts, unchanged
    match question:
        case SingleChoice() | MultipleChoice():
            folded = [choice.casefold() for choice in question.choices]
            assert len(set(folded)) == len(folded) and all(choice.strip() for choice in folded)
            right = [question.answer] if isinstance(question, SingleChoice) else question.answers
            assert not any(mentions(question.prompt, answer) for answer in right), question
        case ShortAnswer():
            assert not any(mentions(question.prompt, str(answer)) for answer in question.answers)
        case Cloze():
            outside = re.sub(r"\{\{.*?\}\}", " ", question.text)
            for blank in question.blanks:
                assert not any(mentions(outside, answer) for answer in blank), question.text
                assert not all(
                    word.casefold() in language.stop_words
                    for language in LANGUAGES
                    for word in blank[0].split()
                )


# --- what is asked ---------------------------------------------------------------------------


def test_an_obsidian_note_yields_questions_of_every_kind(notes: Path, write: WriteFile) -> None:
    write("photosynthesis.md", OBSIDIAN)
    by_topic = extracted(load_course(notes))
    top = by_topic["notes/photosynthesis"]
    light = by_topic["notes/photosynthesis/light-dependent-reactions"]
    calvin = by_topic["notes/photosynthesis/calvin-cycle"]
    factors = by_topic["notes/photosynthesis/factors"]

    # a definition in a callout: the term is asked among the note's other defined terms
    (chlorophyll,) = [q for q in of_kind(top, SingleChoice) if q.answer == "Chlorophyll"]
    assert chlorophyll.prompt == (
        "Which term is defined as “The green pigment that absorbs red and blue light.”?"
    )
    assert set(chlorophyll.choices) == {
        "Chlorophyll",
        "Photosystem I",
        "Photosystem II",
        "ATP synthase",
    }
    # definitions in a list: distractors are the sibling items first
    photosystem = next(q for q in of_kind(light, SingleChoice) if q.answer == "Photosystem II")
    assert {"Photosystem I", "ATP synthase"} <= set(photosystem.choices)
    # a bold or highlighted term that the sentence names becomes a cloze blank; one it
    # only uses ("need ==water==") does not
    assert [q.text for q in of_kind(light, Cloze)] == [
        "The light-dependent reactions happen in membranes called {{thylakoids}} and need"
        " water to release oxygen."
    ]
    # never what the heading shows ("{{Calvin cycle}} is …" under "Calvin cycle"), nor a
    # marked term in a sentence that says nothing of the topic ("inside the chloroplasts")
    assert not of_kind(top, Cloze) and not of_kind(calvin, Cloze)
    # a list under a heading: its items among other lists' items, none a variant of a right one
    (inputs,) = of_kind(calvin, MultipleChoice)
    assert inputs.prompt == "Which of these are listed under “Calvin cycle”?"
    assert inputs.answers == {"Carbon dioxide", "ATP", "NADPH"}
    assert set(inputs.choices) - inputs.answers <= {"Light intensity", "Temperature"}
    assert "Carbon dioxide concentration" not in inputs.choices
    (limits,) = of_kind(factors, MultipleChoice)
    assert limits.answers <= {"Light intensity", "Carbon dioxide concentration", "Temperature"}
    # no "Explain: <heading>" graded against whatever paragraph comes first
    assert not of_kind(light, FreeText)


RECALLED = """\
# Optics

## Refraction

Light bends when it passes from one medium into another, because its speed
changes with the medium; the angle follows Snell's law.

## Lenses

Too short to recall.
"""


def test_a_section_nothing_asks_about_becomes_a_recall_card(notes: Path, write: WriteFile) -> None:
    write("optics.md", RECALLED)
    by_topic = extracted(load_course(notes))
    (card,) = by_topic["notes/optics/refraction"]
    assert isinstance(card, Recall) and card.prompt == "Optics › Refraction"
    assert by_topic["notes/optics/lenses"] == []  # too little text to recall
    write("optics.md", RECALLED.replace("Snell's law", "the law of refraction"))
    (edited,) = extracted(load_course(notes))["notes/optics/refraction"]
    assert edited.id == card.id  # the card is the heading's: its history survives edits


def test_nothing_comes_from_the_notes_furniture(notes: Path, write: WriteFile) -> None:
    write("photosynthesis.md", OBSIDIAN)
    write("drawing.excalidraw.md", DRAWING)
    course = load_course(notes)
    by_topic = extracted(course)
    for topic in ("see-also", "tasks"):  # only links, only tasks
        assert by_topic[f"notes/photosynthesis/{topic}"] == []
    assert all(not questions for topic, questions in by_topic.items() if "drawing" in topic)
    everything = " ".join(str(as_table(q)) for q in course.questions)
    for furniture in ("biology", "aliases", "calvin(co2)", "Glucose:", "return", "Khan",
                      "Wikipedia", "[!note]", "Remember", "intro1", "Stroma", "excalidraw",
                      "Review the", "Mitosis"):  # fmt: skip
        assert furniture not in everything


def test_every_extracted_question_passes_the_quiz_checker(notes: Path, write: WriteFile) -> None:
    write("photosynthesis.md", OBSIDIAN)
    write("zelle.md", GERMAN)
    write("ml.md", (bundled_course_path() / "ml-concepts.md").read_text(encoding="utf-8"))
    sys.path.insert(0, str(BENCHMARKS))
    try:
        from vault import note_text
    finally:
        sys.path.remove(str(BENCHMARKS))
    rng = random.Random(3)
    for number in range(40):
        write(f"vault/{number}.md", note_text(rng, number))
    course = load_course(notes)
    questions = course.questions
    assert len(questions) > 250
    assert len({question.id for question in questions}) == len(questions)
    for question in questions:
        assert_sound(question)


def test_most_topics_with_material_get_questions(notes: Path, write: WriteFile) -> None:
    write("ml.md", (bundled_course_path() / "ml-concepts.md").read_text(encoding="utf-8"))
    topics = [topic for topic in load_course(notes).walk() if topic.body.strip()]
    with_material = [t for t in topics if re.search(r"\*\*|^[-*] |^\d\. |\bis\b", t.body, re.M)]
    asked = [topic for topic in with_material if topic.questions]
    assert len(asked) >= 0.9 * len(with_material)


def test_a_german_note_is_asked_in_german(notes: Path, write: WriteFile) -> None:
    write("zelle.md", GERMAN)
    by_topic = extracted(load_course(notes))
    functions = by_topic["notes/die-zelle/funktionen"]
    assert [(q.prompt, q.text) for q in of_kind(functions, Cloze)] == [
        (
            "Fülle die Lücken aus.",
            "Die {{Zellmembran}} ist eine dünne Schicht, die die Zelle von ihrer Umgebung"
            " trennt und den Stoffaustausch regelt.",  # the article kept out of the blank
        )
    ]
    (mitochondria, *_) = of_kind(by_topic["notes/die-zelle/organellen"], SingleChoice)
    assert mitochondria.prompt == (
        "Welcher Begriff wird so beschrieben: „Die Kraftwerke der Zelle, in denen die Zellatmung"
        " stattfindet.“?"
    )
    assert not any("{{die}}" in q.text for q in of_kind(functions, Cloze))  # a stop word


@pytest.mark.parametrize(
    "body",
    [
        "**ReLU**: ReLU returns max(0, x) for every input.",  # the answer is in the prompt
        "**Note**: remember to revise this before the exam.",  # a label, not a term
        "**🏠 Local AI Note:** This content is perfect for testing.",
        "**Layers**: Organized collections of neurons including:",  # breaks off into a list
        "It is **the** best thing that the network has ever learned.",  # a stop word
        "The **gradient** of the loss tells where the gradient points.",  # blank given away
        '{"type": "excalidraw", "elements": [{"text": "**Stroma**: the fluid"}]}',
        "$$\n**E** = mc^2 is the **famous** formula from physics\n$$",
        "#biology #plants #**cells**",
    ],
)
def test_doubtful_material_is_not_asked(notes: Path, write: WriteFile, body: str) -> None:
    write("n.md", f"# Short\n\n{body}\n")
    assert load_course(notes).questions == []


def test_single_choice_never_repeats_an_option(notes: Path, write: WriteFile) -> None:
    write(
        "n.md",
        "# Terms\n\n- **Tensor**: An array with any number of axes.\n"
        "- **tensor**: A multilinear map between vector spaces.\n"
        "- **Matrix**: A two-dimensional array of numbers.\n"
        "- **Vector**: A one-dimensional array of numbers.\n",
    )
    for question in load_course(notes).questions:
        assert_sound(question)


# --- which questions a topic gets, and their ids -------------------------------------------------


def test_authored_questions_come_first_and_extracted_fill_the_gaps(
    notes: Path, write: WriteFile
) -> None:
    write("photosynthesis.md", OBSIDIAN)
    write(
        "photosynthesis.quiz.toml",
        '[[question]]\nkind = "true_false"\ntopic = "Calvin cycle"\nprompt = "Sugar?"\n'
        'answer = true\nexplanation = "Yes."\n',
    )
    course = load_course(notes)
    calvin = course.topic("notes/photosynthesis/calvin-cycle")
    factors = course.topic("notes/photosynthesis/factors")
    assert calvin is not None and factors is not None
    assert [q.origin for q in calvin.questions] == [AUTHORED]
    assert factors.questions and all(q.origin == EXTRACTED for q in factors.questions)
    assert not course.errors


def test_added_questions_replace_the_extracted_ones(notes: Path, write: WriteFile) -> None:
    write("photosynthesis.md", OBSIDIAN)
    course = load_course(notes)
    factors = course.topic("notes/photosynthesis/factors")
    assert factors is not None and factors.questions
    mine = SingleChoice(
        id="mine", topic_id=factors.id, prompt="Pick", choices=("a", "b"), answer="a", origin="m"
    )
    course.add_questions([mine])
    assert factors.questions == [mine]


def test_ids_survive_unrelated_edits(notes: Path, write: WriteFile) -> None:
    path = write("photosynthesis.md", OBSIDIAN)
    before = {q.id: as_table(q) for q in load_course(notes).questions}
    edited = OBSIDIAN.replace(
        "## Factors", "## Other\n\nSomething **new** entirely here, said.\n\n## Factors"
    )
    edited = edited.replace("Uses the proton gradient", "Uses the proton-motive gradient")
    path.write_text(edited, encoding="utf-8")
    after = {q.id: as_table(q) for q in load_course(notes).questions}
    gone = {table["prompt"] for question_id, table in before.items() if question_id not in after}
    assert gone == {"Which term is defined as “Uses the proton gradient to make ATP.”?"}


def test_loading_extracts_nothing_until_a_topic_is_asked(
    notes: Path, write: WriteFile, monkeypatch: pytest.MonkeyPatch
) -> None:
    write("photosynthesis.md", OBSIDIAN)
    write("zelle.md", GERMAN)
    calls: list[Topic] = []
    real = note_module.extract_note

    def counted(note: Topic) -> dict[str, list[Question]]:
        calls.append(note)
        return real(note)

    monkeypatch.setattr(note_module, "extract_note", counted)
    course = load_course(notes)
    assert calls == []
    topic = course.topic("notes/photosynthesis/factors")
    assert topic is not None
    first = topic.questions
    assert topic.questions is first  # kept, not made again
    assert [note.id for note in calls] == ["notes/photosynthesis"]
    assert course.questions and [note.id for note in calls] == [
        "notes/photosynthesis",
        "notes/die-zelle",
    ]


# --- the line scans agree with markdown-it ------------------------------------------------------

BLOCK_LINES = [
    "Plain text with [[link|label]].", "**Term**: definition text.", "- item one",
    "- **Bold**: item", "* star item", "+ plus item", "1. first", "2) second", "3. third",
    "", "", "", "```", "```python", "~~~", "    indented", "  - nested", "> quote",
    "> [!note] Title", "> - quoted item", ">", "| a | b |", "|---|---|", "| 1 | 2 |", "a | b",
    "--- | ---", "---", "===", "***", "- - -", "<div>", "</div>", "#tag text", "-", "1.",
    "-\ttab item", "[ref]: http://x", "text ==high== light", "$$", "\tTabbed", "2024. A year",
    "- [ ] task", "> > nested quote", "Line with a hard break  ",
]  # fmt: skip


def test_blocks_agree_with_markdown_it() -> None:
    rng = random.Random(2025)
    settled = 0
    for _ in range(6000):
        lines = [rng.choice(BLOCK_LINES) for _ in range(rng.randint(1, 10))]
        try:
            scanned = scan_blocks(lines)
        except _Doubtful:
            continue
        settled += 1
        assert scanned == parse_blocks("\n".join(lines)), lines
    assert settled > 500  # the shortcut is taken for ordinary text


INLINE_PARTS = [
    "plain words", "more text", "Word", " ", " ", "word", "**", "*", "==", "_", "snake_case",
    "[[link]]", "`code`", "(", ")", ":", ".", ",", "é", "🏠", "\n", "  ", "a**b", "!", "?",
    '"', "=", "__", "&amp;", "\\*",
]  # fmt: skip


def test_inline_text_agrees_with_markdown_it() -> None:
    rng = random.Random(2025)
    settled = 0
    for _ in range(20000):
        raw = "".join(rng.choice(INLINE_PARTS) for _ in range(rng.randint(1, 12)))
        source = replace_wikilinks(raw)
        scanned = _scan(source)
        if scanned is None:
            continue
        settled += 1
        assert _unmark(scanned) == _unmark(_parse(source)), raw
    assert settled > 3000


def test_nothing_is_asked_from_text_past_what_the_lesson_shows(
    notes: Path, write: WriteFile
) -> None:
    asked = (
        "The light-dependent reactions happen in membranes called **thylakoid membranes**"
        " and need water to release oxygen."
    )
    filler = "Leaves face the sun in the morning.\n\n" * (LESSON_CHARS // 36)
    write("shown.md", f"# Light-dependent reactions\n\n{asked}\n\n{filler}")
    write("past.md", f"# Light-dependent reactions\n\n{filler}{asked}\n")
    clozes = {
        topic.source.stem: [q.text for q in of_kind(topic.questions, Cloze)]
        for topic in load_course(notes).walk()
        if topic.source is not None
    }
    assert any("{{thylakoid membranes}}" in text for text in clozes["shown"])
    assert clozes["past"] == []  # the lesson stops before it: it could not be read


def test_a_recall_card_shows_its_heading_whole_with_controls_as_the_tree_does(
    notes: Path, write: WriteFile
) -> None:
    heading = "## Refraction \x1b]0;title\x07 and \x1b[31mred"
    write("optics.md", RECALLED.replace("## Refraction", heading))
    (card,) = extracted(load_course(notes))["notes/optics/refraction-0-title-and-31mred"]
    assert card.prompt == "Optics › Refraction ␛]0;title␇ and ␛[31mred"
