"""Notes and quizzes as data: the course layer (no Textual here)."""

from tutor.course.bundled import bundled_course_path
from tutor.course.cache import NoteCache
from tutor.course.kinds import (
    ALL_KINDS,
    AUTHORED,
    EXTRACTED,
    KINDS,
    Cloze,
    FreeText,
    MultipleChoice,
    NoteCard,
    Question,
    Recall,
    ShortAnswer,
    SingleChoice,
    TrueFalse,
)
from tutor.course.loader import load_cached, load_course
from tutor.course.model import Course, Topic
from tutor.course.problems import CourseError, Problem, Severity

__all__ = [
    "ALL_KINDS",
    "AUTHORED",
    "EXTRACTED",
    "KINDS",
    "Cloze",
    "Course",
    "CourseError",
    "FreeText",
    "MultipleChoice",
    "NoteCache",
    "NoteCard",
    "Problem",
    "Question",
    "Recall",
    "Severity",
    "ShortAnswer",
    "SingleChoice",
    "Topic",
    "TrueFalse",
    "bundled_course_path",
    "load_cached",
    "load_course",
]
