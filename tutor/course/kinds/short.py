"""A word, a phrase or a number, typed."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, ClassVar

from tutor.course.kinds.base import STRING, STRINGS, Question, ReplyFields
from tutor.course.quiztable import MAX_NUMBER, QuestionError, QuizTable, is_answerable


@dataclass(frozen=True, slots=True, kw_only=True)
class ShortAnswer(Question):
    kind: ClassVar[str] = "short"
    label: ClassVar[str] = "short answer"
    keys: ClassVar[tuple[str, ...]] = ("answers", "tolerance")
    reply_fields: ClassVar[ReplyFields] = {
        "prompt": STRING,
        "answers": {**STRINGS, "minItems": 1},
        "explanation": STRING,
    }
    reply_rule: ClassVar[str] = (
        "short: prompt (asks for a word, a name or a number); answers (the answer and"
        " its accepted variants); explanation"
    )

    answers: tuple[str | float, ...]
    tolerance: float = 0.0

    @classmethod
    def read(cls, table: QuizTable, common: dict[str, Any]) -> ShortAnswer:
        table.require("answers", cls.kind, 'answers = ["<accepted answer>", ...]')
        answers = table.table["answers"]
        if not isinstance(answers, list) or not answers:
            raise QuestionError("`answers` must be a non-empty list", "answers")
        for answer in answers:
            if not (is_answerable(answer) or (isinstance(answer, str) and answer.strip())):
                raise QuestionError(
                    "each of `answers` must be a non-empty string or a finite number"
                    f" (at most {MAX_NUMBER:.0e} either way)",
                    "answers",
                )
        tolerance = table.table.get("tolerance", 0.0)
        if not is_answerable(tolerance) or tolerance < 0:
            raise QuestionError("`tolerance` must be a finite number >= 0", "tolerance")
        return cls(
            **common,
            answers=tuple(a.strip() if isinstance(a, str) else float(a) for a in answers),
            tolerance=float(tolerance),
        )

    def answer_text(self) -> str:
        return " ".join(self.right_answers())

    def right_answers(self) -> tuple[str, ...]:
        return tuple(str(answer) for answer in self.answers)
