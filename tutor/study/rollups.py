"""The tree's figures for every topic, kept current one topic at a time.

Counting a whole course (every question's record, every card's due time)
takes a fifth of a second in a vault of 5,000 notes: too slow to repeat
after each answer. An answer, a rating or a topic read changes one topic's
own figures, and so only the roll-ups of that topic and its ancestors;
:meth:`Rollups.update` recounts just those. Time changes due counts too: a
card comes due without anyone touching it, so each topic's next due time is
kept in a heap and a topic is recounted when the clock passes it.

A save that merged another session's answers replaces the progress object
(see :meth:`tutor.study.progress.ProgressStore.course`); then everything is
counted again, as nothing else says what changed.
"""

from __future__ import annotations

import heapq
from collections.abc import Iterable
from datetime import datetime

from tutor.course import Course, Topic
from tutor.study.due import own_due
from tutor.study.records import CourseProgress
from tutor.study.topic_status import EMPTY, TopicStatus, own_status


class Rollups:
    """Each topic's status and cards due, a parent's counting everything below it."""

    def __init__(self, course: Course, progress: CourseProgress, now: datetime) -> None:
        self.course = course
        self.parents: dict[str, Topic] = {
            child.id: topic for topic in course.walk() for child in topic.children
        }
        self.statuses: dict[str, TopicStatus] = {}
        self.due: dict[str, int] = {}
        self._count_all(progress, now)

    def _count_all(self, progress: CourseProgress, now: datetime) -> None:
        self.progress = progress
        self._own: dict[str, tuple[TopicStatus, int]] = {}
        self._alike: dict[tuple[TopicStatus, int], tuple[TopicStatus, int]] = {}
        self._coming: list[tuple[datetime, str]] = []  # (next due time, topic id), a heap
        for topic in self.course.walk():
            self._count_own(topic, now)
        for topic in reversed(list(self.course.walk())):  # children before their parents
            self._roll_up(topic)

    @property
    def overall(self) -> TopicStatus:
        """The whole course's status, from its top-level topics' roll-ups."""
        total = EMPTY
        for topic in self.course.topics:
            total = total + self.statuses[topic.id]
        return total

    @property
    def due_now(self) -> int:
        """Cards due in the whole course."""
        return sum(self.due[topic.id] for topic in self.course.topics)

    def update(
        self, progress: CourseProgress, now: datetime, touched: Iterable[str] = ()
    ) -> set[str]:
        """Bring the figures up to ``now`` after changes to the topics ``touched`` (ids);
        return the ids of the topics whose figures may have changed.
        """
        if progress is not self.progress:  # another session's answers came in
            self._count_all(progress, now)
            return set(self.statuses)
        dirty = {topic_id for topic_id in touched if self.course.topic(topic_id) is not None}
        while self._coming and self._coming[0][0] <= now:
            dirty.add(heapq.heappop(self._coming)[1])
        changed: dict[str, Topic] = {}
        for topic_id in dirty:
            topic = self.course.topic(topic_id)
            assert topic is not None
            self._count_own(topic, now)
            while topic is not None and topic.id not in changed:
                changed[topic.id] = topic
                topic = self.parents.get(topic.id)
        for topic in sorted(changed.values(), key=lambda topic: -len(topic.path)):
            self._roll_up(topic)
        return set(changed)

    def _count_own(self, topic: Topic, now: datetime) -> None:
        """The topic's own figures, and a reminder to recount it when its next card comes due."""
        due, coming = own_due(topic, self.progress, now)
        own = own_status(topic, self.progress), due
        # most topics' are alike (nothing answered, nothing due): one tuple for them all
        self._own[topic.id] = self._alike.setdefault(own, own) if not own[0].answered else own
        if coming is not None:
            heapq.heappush(self._coming, (coming, topic.id))

    def _roll_up(self, topic: Topic) -> None:
        """The topic's own figures plus its children's roll-ups (counted already)."""
        status, due = self._own[topic.id]
        for child in topic.children:
            status = status + self.statuses[child.id]
            due += self.due[child.id]
        self.statuses[topic.id], self.due[topic.id] = status, due
