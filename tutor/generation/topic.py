"""Generating one topic's questions: ask the model, check the reply, write the note's file.

This is the step ``tutor generate`` repeats for every topic and the app runs
for one, in a worker thread. It never raises for anything the server, the
model or the file system does: the result says what was written, what was
dropped and why, or why nothing was.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

from tutor.course import KINDS, Course, Question, Topic
from tutor.course.loader import TopicIndex
from tutor.course.quiz import ResolveError
from tutor.generation.prompt import chat_request, section_text
from tutor.generation.reply import Checked, Dropped, ItemCounter, Target, UnusableReply, check_reply
from tutor.generation.store import GeneratedFile, StoreError
from tutor.llm import LLMSettings
from tutor.llm.failure import Fallback
from tutor.llm.stream import not_cancelled, stream_reply

PER_TOPIC = 5
MIN_WORDS = 20
"""A section with fewer words than this has too little to ask about."""

TOO_LITTLE_TEXT = "too little text to ask about"


@dataclass(slots=True)
class TopicResult:
    """What generating one topic's questions came to.

    ``questions`` were written to ``path`` (and are not yet on the topic:
    call :meth:`attach` on the thread that owns the course). When nothing
    was written, ``reason`` says why in one line.
    """

    topic: Topic
    questions: list[Question] = field(default_factory=list)
    dropped: list[Dropped] = field(default_factory=list)
    path: Path | None = None
    reason: str = ""

    @property
    def written(self) -> bool:
        return bool(self.questions)

    def attach(self) -> None:
        """Put the new questions on the topic, in place of those the file held for it before."""
        kept = [q for q in self.topic.quiz_questions if self.path is None or q.source != self.path]
        self.topic.quiz_questions[:] = kept + self.questions


def has_text(topic: Topic) -> bool:
    """Whether a topic has enough text of its own to generate questions from."""
    return topic.source is not None and len(section_text(topic).split()) >= MIN_WORDS


def generate_topic(
    course: Course,
    topic: Topic,
    settings: LLMSettings,
    *,
    per_topic: int = PER_TOPIC,
    kinds: Sequence[str] = tuple(KINDS),
    on_progress: Callable[[int], object] | None = None,
    cancelled: Callable[[], bool] = not_cancelled,
    index: TopicIndex | None = None,
    written: Collection[str] = (),
) -> TopicResult:
    """Have ``settings.model`` write up to ``per_topic`` questions on ``topic`` and save them.

    The questions replace any the note's generated file held for the topic.
    ``on_progress`` is called (from this thread) with the number of
    questions the model has finished so far; ``cancelled`` is polled while
    waiting and stops the wait with the reason "cancelled". ``index`` saves
    rebuilding the course's topic index when many topics are generated;
    ``written`` holds the ids of questions saved since ``course`` was loaded
    (for other topics), which no new question may take.

    Of ``settings``, the host, model and timeouts are used, not
    ``enabled`` (that is about grading; asking to generate is asking for
    the model). A reply is longer than a grade and its prompt holds a
    whole section, so it may take ``timeout`` seconds per question, and
    ``timeout`` seconds (rather than ``first_token_timeout``) to begin.
    """
    if topic.source is None or not has_text(topic):
        return TopicResult(topic, reason=TOO_LITTLE_TEXT)
    index = index or TopicIndex(course)
    try:
        store = GeneratedFile.open(course, topic.source)
    except StoreError as error:
        return TopicResult(topic, reason=str(error))
    resolve = store.resolver(index)
    spec = index.spec(topic, store.quiz)
    if spec is None or resolve(spec) != topic.id:
        return TopicResult(topic, reason="no quiz file can name this heading alone: rename it")
    counter = ItemCounter()

    def progress(content: str) -> None:
        before = counter.count
        if counter.update(content) != before and on_progress is not None:
            on_progress(counter.count)

    request = chat_request(topic, settings.model, per_topic, kinds)
    patience = replace(
        settings,
        timeout=settings.timeout * per_topic,
        first_token_timeout=max(settings.first_token_timeout, settings.timeout),
    )
    try:
        content = stream_reply(patience, request, progress, cancelled)
        checked = check_reply(
            content,
            Target(topic.id, spec, store.path),
            settings.model,
            kinds,
            _taken(course, topic, store.path) | set(written),
        )
    except (Fallback, UnusableReply) as failure:
        return TopicResult(topic, reason=str(failure))
    return _save(topic, store, checked, resolve)


def _taken(course: Course, topic: Topic, replaced: Path) -> set[str]:
    """Ids of the course's questions, but those the new ones will replace."""
    return {
        question.id
        for other in course.walk()
        for question in other.quiz_questions
        if other is not topic or question.source != replaced
    }


def _save(
    topic: Topic,
    store: GeneratedFile,
    checked: Checked,
    resolve: Callable[[str], str | ResolveError],
) -> TopicResult:
    if not checked.questions:
        return TopicResult(topic, dropped=checked.dropped, reason="no usable question")
    store.put(topic.id, checked.tables, resolve)
    try:
        path = store.save()
    except OSError as error:
        reason = f"could not write {store.path}: {error.strerror or error}"
        return TopicResult(topic, dropped=checked.dropped, reason=reason)
    questions = [replace(question, source=path) for question in checked.questions]
    return TopicResult(topic, questions, checked.dropped, path)
