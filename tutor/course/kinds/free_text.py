"""An explanation in the learner's words, graded against a reference and its key points."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, ClassVar

from tutor.course.kinds.base import STRING, STRINGS, Question, ReplyFields
from tutor.course.quiztable import QuizTable

MAX_REFERENCE_LETTERS = 8000
"""Characters of a free-text question's prompt, of its reference answer and of its key
points together that the offline grader reads. A model answer is a paragraph or two;
past that, grading time grows with it (a 1.4 MB reference pasted by mistake took
minutes an answer)."""


@dataclass(frozen=True, slots=True, kw_only=True)
class FreeText(Question):
    kind: ClassVar[str] = "free"
    label: ClassVar[str] = "free text"
    keys: ClassVar[tuple[str, ...]] = ("reference", "key_points")
    reply_fields: ClassVar[ReplyFields] = {
        "prompt": STRING,
        "reference": STRING,
        "key_points": {**STRINGS, "maxItems": 4},
        "explanation": STRING,
    }
    reply_rule: ClassVar[str] = (
        "free: prompt (asks to explain or compare); reference (a model answer in 1 to 3"
        " sentences); key_points (2 to 4 ideas a good answer contains, each with its subject"
        " first); explanation"
    )

    reference: str
    key_points: tuple[str, ...] = ()

    @property
    def read_in_part(self) -> bool:
        """Whether the offline grader reads only part of it: a prompt, a reference or key
        points together longer than :data:`MAX_REFERENCE_LETTERS`."""
        lengths = (len(self.prompt), len(self.reference), sum(map(len, self.key_points)))
        return max(lengths) > MAX_REFERENCE_LETTERS

    @classmethod
    def read(cls, table: QuizTable, common: dict[str, Any]) -> FreeText:
        reference = table.text("reference")
        key_points = table.strings("key_points", required=False)
        return cls(**common, reference=reference, key_points=key_points)

    def warnings(self) -> list[tuple[str, str]]:
        found = []
        points = [point.casefold() for point in self.key_points]
        if len(set(points)) != len(points):
            found.append(("key_points", "`key_points` repeats an entry"))
        if self.read_in_part:
            found.append(
                (
                    "reference",
                    f"the prompt, the reference or the key points are longer than the"
                    f" {MAX_REFERENCE_LETTERS:,} characters the offline grader reads: shorten"
                    " them, or split the question",
                )
            )
        return found

    def answer_text(self) -> str:
        return self.reference
