"""The learner's side of tutor (no Textual here): progress kept in a TOML file, review
scheduling with FSRS (``schedule``, ``due``) and statistics (``stats``).
"""

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
