"""The lock that writing one course's questions holds, in the app and in ``tutor generate``.

Writing a topic's questions reads the note's generated quiz file, asks the
model and writes the file back whole. Two writers on one course (two
``tutor generate`` runs, or one and the app's "Generate questions") would
each write back the file as they read it, undoing the other's topics. So
each holds the course's lock while it writes, and a second one is told at
once that another is at work, rather than waiting on a model for minutes.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from pathlib import Path
from typing import Any

from tutor.course import Course, Topic
from tutor.course.naming import slugify
from tutor.generation.topic import TopicResult, generate_topic
from tutor.llm import LLMSettings
from tutor.study.lock import exclusive_lock
from tutor.study.progress import default_progress_path


class GenerationBusy(Exception):
    """Another tutor is writing this course's questions, or its lock cannot be made; the
    message says which, in one line."""


def generation_lock(course: Course) -> Path:
    """The course's lock file. It lives in the user data folder: the notes folder may not
    be writable."""
    return default_progress_path().parent / f"generate-{slugify(course.id)}.lock"


@contextmanager
def writing_questions(course: Course) -> Iterator[None]:
    """Hold ``course``'s lock for the ``with`` block; raises :class:`GenerationBusy` if
    another tutor holds it or it cannot be made."""
    lock = generation_lock(course)
    with ExitStack() as held:
        try:
            lock.parent.mkdir(parents=True, exist_ok=True)
            held.enter_context(exclusive_lock(lock, timeout=0))
        except TimeoutError:
            raise GenerationBusy(
                f"another tutor is writing questions for {course.title} (it holds {lock});"
                " let it finish, then try again"
            ) from None
        except OSError as error:  # the data folder cannot be written
            raise GenerationBusy(f"cannot lock {lock}: {error.strerror or error}") from None
        yield


def generate_alone(
    course: Course, topic: Topic, settings: LLMSettings, **options: Any
) -> TopicResult:
    """:func:`generate_topic` under ``course``'s lock, for one topic asked for in the app:
    while another tutor writes the course's questions, nothing is written and the result
    says why."""
    try:
        with writing_questions(course):
            return generate_topic(course, topic, settings, **options)
    except GenerationBusy as busy:
        return TopicResult(topic, reason=str(busy))
