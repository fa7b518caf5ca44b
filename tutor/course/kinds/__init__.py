"""The kinds of question a course holds, one module each, and the registry of them.

Adding a kind is a module here (its dataclass: the keys it reads from a quiz
file, how a model is asked for one, what it holds as its answer), an entry
in :data:`KINDS` or :data:`ALL_KINDS`, a grader in ``tutor.grading`` and an
answer widget in ``tutor.ui.answers``: the grader and the widget stay in their
layers, so that neither this course layer nor the graders import Textual.
``tests/test_kinds.py`` fails, naming the table, while any of them is missing.
"""

from tutor.course.kinds.base import AUTHORED, EXTRACTED, Question
from tutor.course.kinds.choice import MultipleChoice, SingleChoice, TrueFalse
from tutor.course.kinds.cloze import CLOZE_BLANK, DEFAULT_CLOZE_PROMPT, Cloze, split_blank
from tutor.course.kinds.free_text import MAX_REFERENCE_LETTERS, FreeText
from tutor.course.kinds.recall import NoteCard, Recall
from tutor.course.kinds.short import ShortAnswer

KINDS: dict[str, type[Question]] = {
    cls.kind: cls for cls in (SingleChoice, MultipleChoice, TrueFalse, ShortAnswer, FreeText, Cloze)
}
"""The kinds a quiz file (or a model) writes, by the name its ``kind`` key takes."""

ALL_KINDS: dict[str, type[Question]] = {**KINDS, Recall.kind: Recall, NoteCard.kind: NoteCard}
"""Every kind a course holds: those of quiz files, recall cards made from the notes, and
the cards the notes hold."""

__all__ = [
    "ALL_KINDS",
    "AUTHORED",
    "CLOZE_BLANK",
    "DEFAULT_CLOZE_PROMPT",
    "EXTRACTED",
    "KINDS",
    "MAX_REFERENCE_LETTERS",
    "Cloze",
    "FreeText",
    "MultipleChoice",
    "NoteCard",
    "Question",
    "Recall",
    "ShortAnswer",
    "SingleChoice",
    "TrueFalse",
    "split_blank",
]
