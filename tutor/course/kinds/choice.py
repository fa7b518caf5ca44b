"""Questions answered by picking: one right choice, every right choice, or true or false."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, ClassVar

from tutor.course.kinds.base import STRING, STRINGS, Question, ReplyFields
from tutor.course.quiztable import QuestionError, QuizTable, require_choice, type_name


@dataclass(frozen=True, slots=True, kw_only=True)
class SingleChoice(Question):
    kind: ClassVar[str] = "single"
    label: ClassVar[str] = "single choice"
    keys: ClassVar[tuple[str, ...]] = ("choices", "answer")
    reply_fields: ClassVar[ReplyFields] = {
        "prompt": STRING,
        "choices": {**STRINGS, "minItems": 3, "maxItems": 5},
        "answer": STRING,
        "explanation": STRING,
    }
    reply_rule: ClassVar[str] = (
        "single: prompt; choices (3 to 5 short, distinct options); answer (the right"
        " choice, copied exactly); explanation"
    )

    choices: tuple[str, ...]
    answer: str

    @classmethod
    def read(cls, table: QuizTable, common: dict[str, Any]) -> SingleChoice:
        choices = table.choices()
        table.require("answer", cls.kind, 'answer = "<the right choice>"')
        answer = table.text("answer")
        require_choice(answer, choices, "answer")
        return cls(**common, choices=choices, answer=answer)

    def answer_text(self) -> str:
        return self.answer

    def right_answers(self) -> tuple[str, ...]:
        return (self.answer,)


@dataclass(frozen=True, slots=True, kw_only=True)
class MultipleChoice(Question):
    kind: ClassVar[str] = "multiple"
    label: ClassVar[str] = "multiple choice"
    keys: ClassVar[tuple[str, ...]] = ("choices", "answers")
    reply_fields: ClassVar[ReplyFields] = {
        "prompt": STRING,
        "choices": {**STRINGS, "minItems": 4, "maxItems": 6},
        "answers": {**STRINGS, "minItems": 1},
        "explanation": STRING,
    }
    reply_rule: ClassVar[str] = (
        "multiple: prompt; choices (4 to 6 short, distinct options); answers (every"
        " right choice, copied exactly); explanation"
    )

    choices: tuple[str, ...]
    answers: frozenset[str]

    @classmethod
    def read(cls, table: QuizTable, common: dict[str, Any]) -> MultipleChoice:
        choices = table.choices()
        table.require("answers", cls.kind, 'answers = ["<a right choice>", ...]')
        answers = table.strings("answers")
        for answer in answers:
            require_choice(answer, choices, "answers")
        if len(set(answers)) != len(answers):
            raise QuestionError("`answers` lists a choice twice", "answers")
        return cls(**common, choices=choices, answers=frozenset(answers))

    def answer_text(self) -> str:
        return " ".join(sorted(self.answers))

    def right_answers(self) -> tuple[str, ...]:
        return tuple(sorted(self.answers))


@dataclass(frozen=True, slots=True, kw_only=True)
class TrueFalse(Question):
    kind: ClassVar[str] = "true_false"
    label: ClassVar[str] = "true/false"
    keys: ClassVar[tuple[str, ...]] = ("answer",)
    reply_fields: ClassVar[ReplyFields] = {
        "prompt": STRING,
        "answer": {"type": "boolean"},
        "explanation": STRING,
    }
    reply_rule: ClassVar[str] = (
        "true_false: prompt (a statement the notes make clearly true or false);"
        " answer (true or false); explanation"
    )

    answer: bool

    @classmethod
    def read(cls, table: QuizTable, common: dict[str, Any]) -> TrueFalse:
        table.require("answer", cls.kind, "answer = true or answer = false")
        answer = table.table["answer"]
        if not isinstance(answer, bool):
            raise QuestionError(
                f"`answer` must be true or false (a TOML boolean, unquoted), not"
                f" {type_name(answer)}",
                "answer",
            )
        return cls(**common, answer=answer)

    def answer_text(self) -> str:
        return self.prompt  # the statement itself is what the notes say (or deny)
