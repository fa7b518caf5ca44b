"""The study screen: topic tree, lesson and quiz side by side, and the flow between them."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Container, Horizontal
from textual.screen import Screen
from textual.widgets import Footer, Header, Tree

from tutor.course import Topic
from tutor.grading import Answer, grade
from tutor.study.mastery import course_status, topic_statuses
from tutor.study.progress import ProgressError
from tutor.study.session import QuizSession
from tutor.ui.lesson import LessonPane
from tutor.ui.quiz_pane import AnswerGiven, QuizPane
from tutor.ui.topic_tree import TopicTree

if TYPE_CHECKING:
    from tutor.ui.app import TutorApp


def answer_as_text(answer: Answer) -> str:
    """How an answer is written to the progress file and shown again later."""
    match answer:
        case bool():
            return "true" if answer else "false"
        case str():
            return answer
        case frozenset():
            return " | ".join(sorted(answer))
        case _:
            return " | ".join(answer)


class StudyScreen(Screen[None]):
    """Pick a topic, read it, take its quiz; progress is saved after every answer."""

    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (110, "-wide")]
    BINDINGS = [
        Binding("s", "quiz(False)", "Quiz", tooltip="quiz on the selected topic", id="study.quiz"),
        Binding(
            "b",
            "quiz(True)",
            "Quiz branch",
            tooltip="quiz on the topic and all below it",
            id="study.quiz-branch",
        ),
        Binding(
            "n", "next", "Next", tooltip="next question; after a quiz, next topic", id="study.next"
        ),
        Binding(
            "ctrl+n",
            "next",
            "Skip",
            tooltip="skip the question, even while typing",
            id="study.skip",
        ),
        Binding("h", "hint", "Hint", tooltip="show the question's hint", id="study.hint"),
        Binding(
            "escape",
            "leave_quiz",
            "Stop quiz",
            tooltip="stop the quiz, back to the tree",
            id="study.leave",
        ),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.topic: Topic | None = None
        self.session: QuizSession | None = None

    @property
    def tutor(self) -> TutorApp:
        return self.app  # type: ignore[return-value]

    def compose(self) -> ComposeResult:
        yield Header()
        with Horizontal(id="panes"):
            yield TopicTree(self.tutor.course, id="topics")
            with Container(id="study"):
                yield LessonPane(id="lesson")
                yield QuizPane(blink=self.tutor.blink, id="quiz")
        yield Footer()

    @property
    def topic_tree(self) -> TopicTree:
        return self.query_one(TopicTree)

    @property
    def quiz(self) -> QuizPane:
        return self.query_one(QuizPane)

    def on_mount(self) -> None:
        self.refresh_progress()
        tree = self.topic_tree
        tree.focus()
        last = self.tutor.progress.last_topic
        if last and last in tree.nodes_by_id:
            tree.go_to(last)
        else:
            tree.cursor_line = 0

    # -- progress -----------------------------------------------------------

    def refresh_progress(self) -> None:
        """Marks in the tree and the course's figures in the header."""
        course = self.tutor.course
        statuses = topic_statuses(course, self.tutor.progress)
        self.topic_tree.show_statuses(statuses)
        overall = course_status(course, statuses)
        self.sub_title = f"{overall.answered}/{overall.total} answered · {overall.score:.0%}"
        self.statuses = statuses

    def save(self) -> None:
        try:
            self.tutor.store.save()
        except ProgressError as error:
            self.notify(str(error), title="Progress not saved", severity="error", timeout=10)

    # -- topics -------------------------------------------------------------

    async def on_tree_node_highlighted(self, event: Tree.NodeHighlighted[Topic]) -> None:
        if event.node.data is not None and event.node.data is not self.topic:
            await self.show_topic(event.node.data)

    def on_tree_node_selected(self, event: Tree.NodeSelected[Topic]) -> None:
        if event.node.data is not None:
            self.open_topic(event.node.data)

    def open_topic(self, topic: Topic) -> None:
        """The learner opened a topic: it counts as read and is where tutor reopens."""
        store, course_id = self.tutor.store, self.tutor.course.id
        store.mark_read(course_id, topic.id)
        store.set_last_topic(course_id, topic.id)
        self.save()
        self.refresh_progress()

    async def go_to_topic(self, topic_id: str) -> None:
        """Jump to a topic (from the palette or `n`), opening it."""
        topic = self.tutor.course.topic(topic_id)
        if topic is None:
            return
        await self.stop_quiz()
        self.topic_tree.go_to(topic_id)
        self.topic_tree.focus()
        await self.show_topic(topic)
        self.open_topic(topic)

    async def show_topic(self, topic: Topic) -> None:
        """Make ``topic`` the current one: its lesson, and its quiz intro unless a quiz runs."""
        self.topic = topic
        self.query_one(LessonPane).show(topic)
        if self.session is None:
            await self.quiz.show_intro(topic, self.statuses[topic.id])

    # -- the quiz -----------------------------------------------------------

    async def action_quiz(self, branch: bool) -> None:
        if self.topic is None:
            return
        session = QuizSession.for_topic(self.topic, branch)
        if not session.questions:
            where = "below this topic" if branch else "on this topic; press b for its branch"
            self.notify(f"No questions {where}.", timeout=4)
            return
        self.session = session
        self.set_class(True, "-quizzing")
        self.tutor.store.set_last_topic(self.tutor.course.id, self.topic.id)
        await self.quiz.show_question(session, self.topic.title)
        self.refresh_bindings()

    def on_answer_given(self, event: AnswerGiven) -> None:
        session = self.session
        if session is None or session.current is not event.question or session.answered:
            return
        verdict = grade(event.question, event.answer)
        session.record(verdict.score)
        self.tutor.store.record_answer(
            self.tutor.course.id,
            event.question.id,
            score=verdict.score,
            verdict=verdict.outcome.value,
            answer=answer_as_text(event.answer),
        )
        self.save()
        self.quiz.show_verdict(verdict)
        self.refresh_progress()
        self.refresh_bindings()

    async def action_next(self) -> None:
        """Next question; after the last one, the summary; after that, the next topic."""
        session = self.session
        if session is not None and not session.finished:
            if session.advance() is None:
                await self.quiz.show_summary(session)
            else:
                assert self.topic is not None
                await self.quiz.show_question(session, self.topic.title)
            self.refresh_bindings()
            return
        following = self._next_topic(with_questions=session is not None)
        if following is not None:
            await self.go_to_topic(following.id)

    def _next_topic(self, with_questions: bool) -> Topic | None:
        topics = list(self.tutor.course.walk())
        start = topics.index(self.topic) + 1 if self.topic in topics else 0
        for topic in topics[start:]:
            if topic.questions or not with_questions:
                return topic
        return None

    def action_hint(self) -> None:
        if not self.quiz.show_hint():
            self.notify("This question has no hint.", timeout=3)

    async def action_leave_quiz(self) -> None:
        await self.stop_quiz()
        self.topic_tree.focus()

    async def stop_quiz(self) -> None:
        if self.session is None:
            return
        self.session = None
        self.set_class(False, "-quizzing")
        if self.topic is not None:
            await self.quiz.show_intro(self.topic, self.statuses[self.topic.id])
        self.refresh_bindings()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Keys appear in the footer only when they do something now."""
        asking = self.session is not None and not self.session.finished
        if action == "hint":
            session = self.session
            question = session.current if session else None
            return bool(asking and session and question and question.hint and not session.answered)
        if action == "leave_quiz":
            return self.session is not None
        return True
