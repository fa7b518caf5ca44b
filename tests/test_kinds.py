"""Every kind of question is in every table that handles kinds, and a new kind needs only those.

A kind is a module in ``tutor/course/kinds`` plus a grader (``tutor.grading.GRADERS``)
and an answer widget (``tutor.ui.answers.WIDGETS``); these tests name the table a
new kind is missing from, and show that nothing else has to change for one.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any, ClassVar

import pytest

from tests.conftest import WriteFile
from tutor.course import ALL_KINDS, KINDS, Question, Recall, ShortAnswer, load_course
from tutor.course.kinds.base import STRING, ReplyFields
from tutor.course.quiz import COMMON_KEYS
from tutor.course.quiztable import QuestionError, QuizTable
from tutor.generation.prompt import questions_schema, system_prompt
from tutor.grading import GRADERS, Grader, grade
from tutor.grading.short import grade_short
from tutor.ui.answers import WIDGETS, ShortAnswerInput


def test_every_kind_a_program_grades_has_a_grader() -> None:
    graded = {kind for kind in ALL_KINDS.values() if not issubclass(kind, Recall)}
    assert set(GRADERS) == graded, "add the kind's grader to tutor.grading.GRADERS"


def test_every_kind_has_an_answer_widget() -> None:
    assert set(WIDGETS) == set(ALL_KINDS.values()), "add it to tutor.ui.answers.WIDGETS"


@pytest.mark.parametrize("kind", KINDS.values(), ids=lambda kind: kind.kind)
def test_every_quiz_kind_says_how_it_is_written(kind: type[Question]) -> None:
    assert kind.keys, "the quiz-file keys the kind reads"
    assert set(kind.reply_fields) <= {*COMMON_KEYS, *kind.keys}, "a reply is written as it is"
    assert kind.reply_rule.startswith(f"{kind.kind}: ")


@dataclass(frozen=True, slots=True, kw_only=True)
class Spelling(Question):
    """A kind made for this test: a word to spell, written in a quiz file as ``word``."""

    kind: ClassVar[str] = "spelling"
    label: ClassVar[str] = "spelling"
    keys: ClassVar[tuple[str, ...]] = ("word",)
    reply_fields: ClassVar[ReplyFields] = {"prompt": STRING, "word": STRING}
    reply_rule: ClassVar[str] = "spelling: prompt; word (a word of the notes, spelled right)"

    word: str

    @classmethod
    def read(cls, table: QuizTable, common: dict[str, Any]) -> Spelling:
        word = table.text("word")
        if " " in word:
            raise QuestionError("`word` is one word", "word")
        return cls(**common, word=word)

    def answer_text(self) -> str:
        return self.word


@pytest.fixture
def spelling(monkeypatch: pytest.MonkeyPatch) -> None:
    """The test kind, entered in the tables a new kind is entered in (and only those)."""
    monkeypatch.setitem(KINDS, Spelling.kind, Spelling)
    monkeypatch.setitem(ALL_KINDS, Spelling.kind, Spelling)
    monkeypatch.setitem(
        GRADERS,
        Spelling,
        Grader(
            lambda question, answer: grade_short(
                ShortAnswer(id=question.id, topic_id="", prompt="", answers=(question.word,)),
                answer,
            ),
            lambda answer: isinstance(answer, str),
            "the typed word (str)",
        ),
    )
    monkeypatch.setitem(WIDGETS, Spelling, lambda _question, blink: ShortAnswerInput(blink))


@pytest.mark.usefixtures("spelling")
def test_a_new_kind_is_read_checked_graded_and_asked_for(notes: Path, write: WriteFile) -> None:
    write("words.md", "# Words\n\nA *necessary* word.\n")
    write(
        "words.quiz.toml",
        '[[question]]\nkind = "spelling"\nprompt = "Spell it."\nword = "necessary"\n'
        'explanation = "Double s."\n\n'
        '[[question]]\nkind = "spelling"\nprompt = "Spell these."\nword = "two words"\n'
        'explanation = "No."\n',
    )
    course = load_course(notes)
    [question] = course.questions
    assert isinstance(question, Spelling) and question.word == "necessary"
    assert [str(problem) for problem in course.problems] == [
        f"{notes / 'words.quiz.toml'}:10: `word` is one word"
    ]
    assert grade(question, "necessary").score == 1.0
    assert "spelling: prompt; word" in system_prompt(["spelling"])
    assert questions_schema(["spelling"], 2)["properties"]["questions"]["items"]["required"] == [
        "kind",
        "prompt",
        "word",
    ]
