"""The learner's side of tutor: progress kept in a TOML file (no Textual here)."""

from tutor.study.progress import (
    CourseProgress,
    ProgressError,
    ProgressStore,
    QuestionRecord,
    TopicRecord,
    default_progress_path,
)
from tutor.study.records import VERDICTS

__all__ = [
    "VERDICTS",
    "CourseProgress",
    "ProgressError",
    "ProgressStore",
    "QuestionRecord",
    "TopicRecord",
    "default_progress_path",
]
