"""Where the quiz files ``tutor generate`` writes live, so that the loader finds them again.

A generated file sits beside its note (``ml.generated.quiz.toml`` beside
``ml.md``) like any quiz file, named apart from the hand-written
``ml.quiz.toml`` so that neither can overwrite the other. When the notes
folder cannot be written (a shared or read-only course), it goes to the user
data folder instead, under ``generated/<course id>/`` at the note's place in
the course folder, and the loader reads it from there.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import platformdirs

from tutor.course.sources import QUIZ_SUFFIX

GENERATED_SUFFIX = ".generated" + QUIZ_SUFFIX


@dataclass(frozen=True, slots=True)
class QuizFile:
    """A quiz file and the note it belongs to, named without its suffix.

    ``note_stem`` is the note's path minus ``.md``: a quiz file beside a
    note with that stem looks up topics in that note first. For a file in
    the user data folder it is the note's path in the course folder.
    """

    path: Path
    note_stem: Path


def is_generated(quiz: Path) -> bool:
    return quiz.name.endswith(GENERATED_SUFFIX)


def beside_note(quiz: Path) -> QuizFile:
    """A quiz file in the notes folder, paired with the note of the same stem."""
    suffix = GENERATED_SUFFIX if is_generated(quiz) else QUIZ_SUFFIX
    return QuizFile(quiz, quiz.with_name(quiz.name.removesuffix(suffix)))


def generated_beside(note: Path) -> Path:
    """The generated quiz file's place beside ``note``."""
    return note.with_name(note.stem + GENERATED_SUFFIX)


def stored_folder(course_id: str) -> Path:
    """Where generated quiz files of a course whose notes folder is read-only are kept."""
    return Path(platformdirs.user_data_dir("tutor")) / "generated" / course_id


def generated_stored(note: Path, folder: Path, course_id: str) -> Path:
    """The generated quiz file's place in the user data folder, for ``note`` in ``folder``."""
    relative = note.relative_to(folder)
    return stored_folder(course_id) / relative.with_name(relative.stem + GENERATED_SUFFIX)


def stored_quizzes(folder: Path, course_id: str) -> list[QuizFile]:
    """The generated quiz files kept in the user data folder for a course in ``folder``."""
    stored = stored_folder(course_id)
    if not stored.is_dir():
        return []
    return [
        QuizFile(
            quiz, folder / quiz.relative_to(stored).with_name(quiz.name[: -len(GENERATED_SUFFIX)])
        )
        for quiz in sorted(stored.rglob("*" + GENERATED_SUFFIX))
        if quiz.is_file()
    ]
