"""Fill in the blanks: a sentence with ``{{answer}}`` or ``{{answer|variant}}`` blanks."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any, ClassVar

from tutor.course.kinds.base import STRING, Question, ReplyFields
from tutor.course.quiztable import MAX_BLANKS, QuestionError, QuizTable

CLOZE_BLANK = re.compile(r"\{\{(.*?)\}\}", re.DOTALL)
"""A blank: ``{{answer}}`` or ``{{answer|other accepted answer}}``."""

DEFAULT_CLOZE_PROMPT = "Fill in the blanks."


def split_blank(inner: str) -> tuple[str, ...]:
    """The alternatives of one cloze blank, without empty ones."""
    return tuple(part.strip() for part in inner.split("|") if part.strip())


@dataclass(frozen=True, slots=True, kw_only=True)
class Cloze(Question):
    kind: ClassVar[str] = "cloze"
    label: ClassVar[str] = "cloze"
    keys: ClassVar[tuple[str, ...]] = ("text",)
    default_prompt: ClassVar[str | None] = DEFAULT_CLOZE_PROMPT
    id_key: ClassVar[str] = "text"
    reply_fields: ClassVar[ReplyFields] = {"text": STRING, "explanation": STRING}
    reply_rule: ClassVar[str] = (
        "cloze: text (a sentence of the notes with 1 to 3 key terms marked {{like"
        " this}}); explanation"
    )

    text: str

    @property
    def blanks(self) -> tuple[tuple[str, ...], ...]:
        """The accepted answers of each blank, in order."""
        return tuple(split_blank(match.group(1)) for match in CLOZE_BLANK.finditer(self.text))

    def masked(self, mark: str = "_____") -> str:
        """The text with each blank shown as a numbered gap."""
        counter = iter(range(1, 1000))
        return CLOZE_BLANK.sub(lambda _match: f"{mark}({next(counter)})", self.text)

    @classmethod
    def read(cls, table: QuizTable, common: dict[str, Any]) -> Cloze:
        text = table.text("text")
        outside = CLOZE_BLANK.sub("", text)
        if "{{" in outside or "}}" in outside:
            raise QuestionError("cloze `text` has an unclosed {{ or a stray }}", "text")
        blanks = CLOZE_BLANK.findall(text)
        if not blanks:
            raise QuestionError("cloze `text` has no blank: mark one as {{answer}}", "text")
        if any(not split_blank(blank) for blank in blanks):
            raise QuestionError("cloze `text` has an empty blank {{}}", "text")
        if len(blanks) > MAX_BLANKS:
            raise QuestionError(
                f"cloze `text` has {len(blanks)} blanks; at most {MAX_BLANKS} fit on screen:"
                " split it into several questions",
                "text",
            )
        return cls(**common, text=text)

    def answer_text(self) -> str:
        return CLOZE_BLANK.sub(lambda blank: split_blank(blank.group(1))[0], self.text)

    def shown(self) -> str:
        return f"{self.prompt} {CLOZE_BLANK.sub(' ', self.text)}"

    def right_answers(self) -> tuple[str, ...]:
        return tuple(answer for blank in self.blanks for answer in blank)
