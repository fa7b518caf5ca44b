"""The study screen: topic tree, lesson and quiz side by side, and the flow between them."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import TYPE_CHECKING

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Container, Horizontal
from textual.message import Message
from textual.screen import Screen
from textual.timer import Timer
from textual.widgets import Header, ProgressBar, Static, Tree
from textual.worker import Worker, get_current_worker

from tutor.course import FreeText, Question, Recall, Topic
from tutor.generation import TopicResult, generate_alone, has_text
from tutor.grading import OFFLINE, Outcome, Verdict
from tutor.grading.llm_grader import grade_free_text_with_llm
from tutor.llm import GraderStatus, preload
from tutor.study.attempt import Attempt
from tutor.study.progress import CourseProgress, ProgressError
from tutor.study.resume import (
    OpenSession,
    default_session_path,
    keep_open_session,
    load_open_session,
)
from tutor.study.rollups import Rollups
from tutor.study.session import QuizSession, ReviewSession
from tutor.study.topic_status import TopicStatus
from tutor.ui.footer import KeyFooter
from tutor.ui.help import QUIT_HELP
from tutor.ui.lesson import LessonPane
from tutor.ui.lesson_markdown import FOLD_KEY
from tutor.ui.link_picker import LinkPicker
from tutor.ui.quiz_pane import AnswerGiven, QuizPane
from tutor.ui.topic_tree import TopicTree, tree_width
from tutor.untrusted import one_line
from tutor.wording import count

if TYPE_CHECKING:
    from tutor.ui.app import TutorApp


class ModelFeedback(Message):
    """More of a model's feedback has streamed in."""

    def __init__(self, text: str) -> None:
        super().__init__()
        self.text = text


class ModelVerdict(Message):
    """A model's verdict on a graded answer (or the offline one, with the reason it decided)."""

    def __init__(self, attempt: Attempt, verdict: Verdict) -> None:
        super().__init__()
        self.attempt = attempt
        self.verdict = verdict


REVEAL_KEY = "ctrl+l"
"""Shows the covered lesson; a control key, so that it never types into an answer."""

# Above this many topics, questions are first made in the background: notes
# without quiz files have their questions extracted (or read from the notes
# cache) before the first count.
LARGE_COURSE = 2000
COUNT_AT_LATEST = 2.0
"""Seconds after the app starts by which a large course's count starts, lesson shown or not."""

HINT_HELP = "show the question's hint"  # the help row names both keys: h, Ctrl+T

OVERRULE_HELP = 'after the feedback: overrule the grader ("I was right" / "I was wrong")'

READ_AFTER_SECONDS = 5.0
"""How long a topic's lesson stays on screen before the topic counts as read."""

READY_AFTER_SECONDS = 0.3
"""How long a lesson stays on screen before the lessons next to it are made ready: a
learner still stepping through the tree is not slowed by lessons they pass."""

SAVE_RETRY_SECONDS = 30.0
"""How often a save that failed (a full disk, a folder made read-only) is tried again."""


class StudyScreen(Screen[None]):
    """Pick a topic, read it, take its quiz; progress is saved after every answer."""

    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (110, "-wide")]
    BINDINGS = [
        # Help and Quit first: the footer is cut at the right in a narrow terminal.
        Binding(
            "question_mark",
            "app.help",
            "Help",
            key_display="?",
            tooltip="this help",
            id="study.help",
        ),
        Binding("q", "app.quit", "Quit", tooltip=QUIT_HELP, id="study.quit"),
        Binding(
            "slash",
            "app.command_palette",
            "Search",
            key_display="/",
            show=False,
            tooltip="search: topics by title, and the words of every lesson and question",
            id="study.search",
        ),
        Binding(
            "s",
            "quiz(False)",
            "Quiz",
            tooltip="quiz on the selected topic (on its branch, if its questions are all below it)",
            id="study.quiz",
        ),
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
        Binding("h", "hint", "Hint", tooltip=HINT_HELP, id="study.hint"),
        Binding("ctrl+t", "hint_while_typing", "Hint", tooltip=HINT_HELP, id="study.hint-typing"),
        Binding(
            REVEAL_KEY,
            "show_lesson",
            "Lesson",
            tooltip="show the lesson while a question is open (the answer counts as helped)",
            id="study.lesson",
        ),
        Binding(
            "g",
            "regrade",
            "Regrade",
            tooltip="grade the free-text answer again with the local model",
            id="study.regrade",
        ),
        Binding(
            "o",
            "overrule(True)",
            "I was right",
            tooltip=OVERRULE_HELP,
            id="study.overrule-right",
        ),
        Binding(
            "o",
            "overrule(False)",
            "I was wrong",
            tooltip=OVERRULE_HELP,
            id="study.overrule-wrong",
        ),
        Binding(
            "u",
            "undo",
            "Undo",
            tooltip="after the feedback: take back the answer and its rating",
            id="study.undo",
        ),
        Binding("r", "review(False)", "Review", tooltip="review the cards due", id="study.review"),
        Binding(
            "l",
            "links",
            "Links",
            tooltip="the lesson's links to other notes, to follow one",
            id="study.links",
        ),
        Binding(
            "backspace",
            "back",
            "Back",
            key_display="⌫",
            tooltip="back to the topic a link was followed from",
            id="study.back",
        ),
        Binding(
            FOLD_KEY,
            "fold(False)",
            "Unfold",
            tooltip="open the lesson's folded callouts, or fold them",
            id="study.unfold",
        ),
        Binding(
            FOLD_KEY,
            "fold(True)",
            "Fold",
            tooltip="open the lesson's folded callouts, or fold them",
            id="study.fold",
        ),
        Binding(
            "R",
            "review(True)",
            "Review branch",
            show=False,  # in the help; the footer keeps room for the keys of the moment
            tooltip="review the cards due in the selected topic and below it",
            id="study.review-branch",
        ),
        *(
            Binding(
                str(rating),
                f"rate({rating})",
                "Rate",
                show=rating == 1,
                key_display="1-4",
                tooltip="after the feedback: rate the answer Again, Hard, Good or Easy",
                id=f"study.rate-{rating}",
            )
            for rating in range(1, 5)
        ),
        Binding(
            "escape",
            "leave_quiz",
            "Stop quiz",
            tooltip="stop the quiz, back to the tree",
            id="study.leave",
        ),
        *(
            Binding(
                key,
                f"widen_tree({steps})",
                "Tree width",
                key_display=display,
                show=False,
                tooltip="narrow or widen the topic tree",
                id=f"study.tree-{name}",
            )
            for key, steps, display, name in (
                ("left_square_bracket", -1, "[", "narrower"),
                ("right_square_bracket", 1, "]", "wider"),
            )
        ),
        Binding(
            "backslash",
            "toggle_tree",
            "Tree",
            key_display="\\",
            tooltip="hide or show the topic tree",
            id="study.tree",
        ),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.topic: Topic | None = None
        self.session: QuizSession | ReviewSession | None = None
        self.attempt: Attempt | None = None  # the last answer, for rating and regrading
        self.recalled: AnswerGiven | None = None  # a recall card revealed, not yet rated
        self.helped = False  # the open question's hint or lesson has been shown
        self.leaving = False  # Esc was pressed once over a typed answer
        self.rollups: Rollups | None = None  # None until the first count (see on_mount)
        self.pending: set[str] = set()  # topics changed before it
        self.to_count: ProgressBar | None = None  # a large course's count, not started yet
        self.free_text = False  # whether the course asks free-text questions (see on_mount)
        self.llm_worker: Worker[None] | None = None
        self.save_retry: Timer | None = None  # while progress cannot be saved
        self.followed_from: list[str] = []  # topics left by following a link, latest last
        self.reading: Timer | None = None  # counts the seconds the lesson is on screen
        self.making_ready: Timer | None = None  # the next lessons are made ready when it ends
        self.ready_after = READY_AFTER_SECONDS
        self.read_after = READ_AFTER_SECONDS
        self.tree_steps = 0  # how much wider (or narrower) the learner made the tree
        self.tree_width = 0  # the width fit_tree gave it

    @property
    def tutor(self) -> TutorApp:
        return self.app  # type: ignore[return-value]

    def compose(self) -> ComposeResult:
        yield Header(icon="≡")  # a click opens the command palette, like a menu
        with Horizontal(id="panes"):
            yield TopicTree(self.tutor.course, follow=self.follow_tree, id="topics")
            with Container(id="study"):
                yield LessonPane(self.tutor.course, id="lesson")
                yield QuizPane(self.tutor.clock, blink=self.tutor.blink, id="quiz")
        with Horizontal(id="status-line"):
            yield Static(id="grader-status")
        yield KeyFooter()

    @property
    def topic_tree(self) -> TopicTree:
        return self.query_one(TopicTree)

    @property
    def quiz(self) -> QuizPane:
        return self.query_one(QuizPane)

    @property
    def lesson(self) -> LessonPane:
        return self.query_one(LessonPane)

    @property
    def asking(self) -> bool:
        """Whether a question is open: shown, and neither answered nor revealed."""
        session = self.session
        return (
            session is not None
            and not session.finished
            and not session.answered
            and self.recalled is None
        )

    def on_mount(self) -> None:
        topics = self.tutor.course.size
        if topics <= LARGE_COURSE:
            self.counted()
        else:  # the tree first, the marks once the questions are made
            bar = ProgressBar(total=topics, show_eta=False, id="counting")
            label = Static(Text("Counting questions"), id="counting-label")
            self.query_one("#status-line").mount(label, bar)
            self.to_count = bar
            self.set_timer(COUNT_AT_LATEST, self.start_counting)
        status = self.tutor.grader_status
        if status is not None:
            self.show_grader(status)
        else:
            self.query_one("#grader-status", Static).update(
                Text("Free text: checking for a local model…")
            )
        # quiz files' or a model's: the notes' own are never free text
        self.free_text = FreeText.kind in self.tutor.course.kinds_in_quizzes
        self.fit_status_line()
        tree = self.topic_tree
        tree.focus()
        last = self.tutor.progress.last_topic
        if last and self.tutor.course.topic(last) is not None:
            tree.go_to(last)
        else:
            tree.cursor_line = 0

    # -- the tree pane --------------------------------------------------------

    def on_resize(self) -> None:
        self.fit_tree()

    def fit_tree(self) -> None:
        """Size the tree to its titles, within limits and the learner's adjustment."""
        tree = self.topic_tree
        width = tree_width(tree.needed_width(), self.size.width, self.tree_steps)
        if width != self.tree_width:  # a style set, even to the same value, lays out again
            self.tree_width = tree.styles.width = width

    def action_widen_tree(self, steps: int) -> None:
        """A few columns wider or narrower; a press past a limit is not counted, so
        that the next press the other way moves the tree at once."""
        tree = self.topic_tree
        tree.display = True
        needed, screen = tree.needed_width(), self.size.width
        if tree_width(needed, screen, self.tree_steps + steps) != tree_width(
            needed, screen, self.tree_steps
        ):
            self.tree_steps += steps
        self.fit_tree()

    def action_toggle_tree(self) -> None:
        """Hide the tree to give the lesson and quiz the room, or bring it back."""
        tree = self.topic_tree
        tree.display = not tree.display
        if tree.display:
            self.fit_tree()
        elif tree.has_focus:
            self.lesson.focus()

    # -- progress -----------------------------------------------------------

    @property
    def counting(self) -> bool:
        """Whether the first count is still to come (a large course's questions being made)."""
        return self.rollups is None

    def refresh_progress(self, *touched: str) -> None:
        """Marks in the tree and the course's figures in the header, brought up to date
        after changes to the topics ``touched`` (ids): those and their ancestors are
        recounted, not the whole course (see :mod:`tutor.study.rollups`). Before the
        first count (a large course's questions still being made) they wait for it."""
        rollups = self.rollups
        if rollups is None:
            self.pending.update(touched)
            return
        changed = rollups.update(self.tutor.progress, self.tutor.clock.now(), touched)
        self.show_progress(rollups, changed)

    def start_counting(self) -> None:
        """Make and count a large course's questions, once its first lesson is on screen
        (or after :data:`COUNT_AT_LATEST` seconds): the worker holds Python's lock half
        the time, and started with the app it made the first screen wait twice as long."""
        bar, self.to_count = self.to_count, None
        if bar is not None:
            self.make_questions(bar)

    @work(thread=True, exclusive=True, group="progress", exit_on_error=False)
    def make_questions(self, bar: ProgressBar) -> None:
        """Make every topic's questions (extracting them from the notes, or reading them
        from the notes cache), moving the progress bar, then count and keep them."""
        worker = get_current_worker()
        topics = list(self.tutor.course.walk())
        step = max(1, len(topics) // 100)
        for done, topic in enumerate(topics, 1):
            if worker.is_cancelled:
                return
            topic.questions  # noqa: B018 -- made on first read, for the whole note
            if done % step == 0:
                self.app.call_from_thread(bar.update, progress=done)
        self.app.call_from_thread(self.questions_made)

    def questions_made(self) -> None:
        """The first count of a large course, now that its questions are made."""
        for widget_id in ("#counting-label", "#counting"):
            self.query_one(widget_id).remove()
        self.counted()
        self.fit_status_line()
        if self.session is None and self.topic is not None:  # it said the count was to come
            self.call_later(self.quiz.show_intro, self.topic, self.status_of(self.topic))

    def fit_status_line(self) -> None:
        """The line under the panes says who grades free text only where the course has
        free-text questions (:attr:`free_text`), and shows while a large course's
        questions are counted; else it is gone, a line more for the lesson."""
        self.query_one("#grader-status").display = self.free_text
        self.query_one("#status-line").display = self.free_text or self.counting

    def counted(self) -> None:
        """The first count of every topic's figures; then what changed before it, and
        the notes cache kept with the questions made by now."""
        rollups = Rollups(self.tutor.course, self.tutor.progress, self.tutor.clock.now())
        self.rollups = rollups
        self.show_progress(rollups, None)
        touched, self.pending = self.pending, set()
        self.refresh_progress(*touched)
        self.keep_notes()
        self.call_later(self.resume_session)

    def keep_notes(self) -> None:
        """Save the notes cache in the background, with every question made by now, for
        the next start to read instead of the notes."""
        cache = self.tutor.notes_cache
        if cache is not None:
            self.run_worker(cache.save, thread=True, group="notes-cache", exit_on_error=False)

    def show_progress(self, rollups: Rollups, changed: set[str] | None) -> None:
        """The ``changed`` topics' marks (None: all) and the course's figures."""
        self.topic_tree.show_progress(rollups.statuses, rollups.due, changed)
        self.fit_tree()  # the figures lengthen the titles
        overall = rollups.overall
        new = overall.total - overall.answered
        self.sub_title = (
            f"{overall.answered}/{overall.total} answered · {overall.score:.0%}"
            f" · {rollups.due_now} due · {new} new"
        )

    def status_of(self, topic: Topic) -> TopicStatus | None:
        """The topic's status; None while a large course is still being counted."""
        if self.rollups is None:
            return None
        status = self.rollups.statuses.get(topic.id)
        return status or TopicStatus(False, 0, len(topic.questions), 0.0)

    def save(self) -> None:
        """Save now. If that fails, say so at once and try again every
        :data:`SAVE_RETRY_SECONDS`: the changes stay in memory meanwhile, and
        quitting saves them or writes them to another file (see :func:`tutor.cli.keep_unsaved`).
        """
        try:
            self.tutor.store.save()
        except ProgressError as error:
            if self.save_retry is None:
                self.notify(
                    f"{error} Your answers are kept: tutor tries again every"
                    f" {SAVE_RETRY_SECONDS:.0f} s, and at quit.",
                    title="Progress not saved",
                    severity="error",
                    timeout=30,
                )
                self.save_retry = self.set_interval(SAVE_RETRY_SECONDS, self.save)
            return
        if self.save_retry is not None:
            self.save_retry.stop()
            self.save_retry = None
            self.notify("Progress saved.", title="Progress")

    # -- topics -------------------------------------------------------------

    async def on_tree_node_highlighted(self, event: Tree.NodeHighlighted[Topic]) -> None:
        if event.node is self.topic_tree.cursor_node and event.node.data is not None:
            await self.follow_tree(event.node.data)  # not a step since left

    async def follow_tree(self, topic: Topic) -> None:
        """The tree's cursor came to ``topic``: show it, unless it is on show, and draw
        nothing before it is (after a step up or down, the cursor and the lesson come
        in one frame; other moves reach here once the cursor has been drawn)."""
        if topic is not self.topic:
            with self.app.batch_update():
                await self.show_topic(topic)

    def on_tree_node_selected(self, event: Tree.NodeSelected[Topic]) -> None:
        if event.node.data is not None:
            self.open_topic(event.node.data)

    def open_topic(self, topic: Topic) -> None:
        """The learner opened a topic: it counts as read at once."""
        self.tutor.store.mark_read(self.tutor.course.id, topic.id)
        self.save()
        self.refresh_progress(topic.id)

    async def go_to_topic(self, topic_id: str) -> None:
        """Jump to a topic (from the palette or `n`), opening it."""
        topic = await self.move_to_topic(topic_id)
        if topic is not None:
            self.open_topic(topic)

    async def move_to_topic(self, topic_id: str) -> Topic | None:
        """Stop any quiz and make the topic the current one, selected in the tree, without
        counting it as read (None if the course has no such topic)."""
        topic = self.tutor.course.topic(topic_id)
        if topic is None:
            return None
        await self.stop_quiz()
        self.topic_tree.go_to(topic_id)
        self.topic_tree.focus()
        await self.show_topic(topic)
        return topic

    def action_links(self) -> None:
        """List the lesson's links to other topics, to follow one."""
        if self.lesson.links:
            self.app.push_screen(LinkPicker(self.lesson.links), self.follow_link)

    async def follow_link(self, topic_id: str | None) -> None:
        """Go where a link leads; Backspace comes back."""
        if topic_id is None or self.tutor.course.topic(topic_id) is None:
            return
        if self.topic is not None:
            self.followed_from.append(self.topic.id)
        await self.go_to_topic(topic_id)
        self.refresh_bindings()

    async def on_lesson_pane_link_followed(self, event: LessonPane.LinkFollowed) -> None:
        await self.follow_link(event.target.id)

    async def action_back(self) -> None:
        """Back to the topic the last link was followed from."""
        if self.followed_from:
            await self.go_to_topic(self.followed_from.pop())
            self.refresh_bindings()

    async def action_fold(self, folded: bool) -> None:
        await self.lesson.fold(folded)
        self.refresh_bindings()

    async def show_topic(self, topic: Topic) -> None:
        """Make ``topic`` the current one: its lesson, and its quiz intro unless a quiz runs.
        It is where tutor reopens (saved with the next change, or at quit), and once
        its lesson has been on screen for :attr:`read_after` seconds it counts as read.
        """
        self.topic = topic
        self.tutor.store.set_last_topic(self.tutor.course.id, topic.id)
        if self.asking:
            await self.lesson.cover(topic, self.reveal_key)
        else:
            await self.lesson.show(topic)
        if self.session is None:
            await self.quiz.show_intro(topic, self.status_of(topic))
        self.refresh_bindings()  # the lesson's links and folds
        self.start_reading(topic)
        self.make_ready_soon()
        if self.to_count is not None:
            self.call_after_refresh(self.start_counting)

    def on_tree_node_expanded(self) -> None:
        self.make_ready_soon()  # a step down now leads into the branch

    def on_tree_node_collapsed(self) -> None:
        self.make_ready_soon()  # a step down now leads past the branch

    def make_ready_soon(self) -> None:
        """Make the neighbouring lessons ready once the learner has stayed a moment."""
        if self.making_ready is not None:
            self.making_ready.stop()
        self.making_ready = self.set_timer(self.ready_after, self.make_neighbours_ready)

    async def make_neighbours_ready(self) -> None:
        """Make ready the lessons a step down and up the tree lead to, while the learner
        reads this one."""
        self.making_ready = None
        if not self.asking:
            await self.lesson.make_ready(self.topic_tree.neighbours())

    def start_reading(self, topic: Topic) -> None:
        """Count ``topic`` as read if its lesson stays on screen :attr:`read_after` seconds."""
        if self.reading is not None:
            self.reading.stop()
        self.reading = None
        if self.session is None and not self.has_been_read(topic):
            self.reading = self.set_timer(self.read_after, lambda: self.mark_read(topic))

    def has_been_read(self, topic: Topic) -> bool:
        record = self.tutor.progress.topics.get(topic.id)
        return record is not None and record.read is not None

    def mark_read(self, topic: Topic) -> None:
        """The learner read ``topic``'s lesson (long enough, or to its end)."""
        if self.reading is not None:
            self.reading.stop()
            self.reading = None
        if self.session is not None or self.topic is not topic or self.lesson.covered:
            return  # a quiz's lesson is read for its answers, not as the topic
        if self.has_been_read(topic):
            return
        self.tutor.store.mark_read(self.tutor.course.id, topic.id)
        self.save()
        self.refresh_progress()

    def on_lesson_pane_read_to_end(self, event: LessonPane.ReadToEnd) -> None:
        if self.topic is not None and event.topic is self.topic:
            self.mark_read(self.topic)

    # -- the quiz -----------------------------------------------------------

    async def action_review(self, branch: bool) -> None:
        """A review of the cards due, in the course or the selected branch."""
        scope = self.topic if branch else None
        await self.stop_quiz()
        title = scope.title if scope else self.tutor.course.title
        session = ReviewSession(title, self.tutor.course, *self.review_terms, branch=scope)
        if session.finished:
            self.notify("Nothing is due for review now.", timeout=4)
            return
        await self.start_session(session)

    @property
    def review_terms(self) -> tuple[Callable[[], CourseProgress], Callable[[], datetime], int]:
        """What a review asks as it goes: the progress and the time now, and how many new
        cards a day it may bring in."""
        return (
            lambda: self.tutor.progress,
            self.tutor.clock.now,
            self.tutor.config.review.new_per_day,
        )

    @property
    def after_session(self) -> str:
        """What ``n`` does once a session is over."""
        if isinstance(self.session, ReviewSession):
            return "for the next topic, or r to look for more cards due"
        return "for the next topic, or s to take this quiz again"

    async def action_quiz(self, branch: bool) -> None:
        """A quiz on the topic's own questions, or with ``branch`` on all below it too (as
        ``s`` does on a topic whose questions are all below it, such as a chapter's)."""
        if self.topic is None:
            return
        session = QuizSession.for_topic(self.topic, branch or not self.topic.questions)
        if not session.questions:
            self.notify("No questions on this topic or below it.", timeout=4)
            return
        await self.start_session(session)

    async def start_session(self, session: QuizSession | ReviewSession) -> None:
        self.session = session
        self.set_class(True, "-quizzing")
        status = self.tutor.grader_status
        if status and status.ready and any(isinstance(q, FreeText) for q in session.questions):
            self.preload_model()
        await self.show_current_question()
        self.keep_session()
        self.refresh_bindings()

    def keep_session(self) -> None:
        """Remember where the quiz or review stands (or that none is open), for the
        next start to resume it."""
        session = self.session
        kept = OpenSession.of(session) if session is not None and not session.finished else None
        keep_open_session(default_session_path(), self.tutor.course.id, kept)

    async def resume_session(self) -> None:
        """Pick up the quiz or review that was open when tutor last quit on this course."""
        kept = load_open_session(default_session_path(), self.tutor.course.id)
        if kept is None or self.session is not None:
            return
        session = kept.restore(self.tutor.course, *self.review_terms)
        if session is None:
            self.keep_session()  # nothing of it is left to do
            return
        if isinstance(session, QuizSession):
            await self.move_to_topic(session.covers[0])
        what = "review" if isinstance(session, ReviewSession) else "quiz"
        await self.start_session(session)
        self.notify(
            f"Your {what} goes on where you left it: {session.position.lower()}. Esc stops it.",
            timeout=5,
        )

    async def show_current_question(self) -> None:
        session = self.session
        assert session is not None and session.current is not None
        question = session.current
        topic = self.tutor.course.topic(question.topic_id)
        self.helped = self.leaving = False
        self.recalled = None
        if topic is not None:  # the question's own lesson, its text covered
            await self.lesson.cover(topic, self.reveal_key)
        await self.quiz.show_question(question, session.position, topic.title if topic else "")

    @property
    def reveal_key(self) -> str:
        """The key that shows a covered lesson, as the footer writes it."""
        return self.app.get_key_display(Binding(REVEAL_KEY, "show_lesson"))

    async def show_answered_lesson(self, question: Question) -> None:
        """The lesson of the question's topic again, the passage it came from marked."""
        topic = self.tutor.course.topic(question.topic_id)
        if topic is not None:
            await self.lesson.show(topic, marking=question)

    async def on_answer_given(self, event: AnswerGiven) -> None:
        session = self.session
        if session is None or session.current is not event.question or not self.asking:
            return
        if isinstance(event.question, Recall):
            self.recalled = event  # rated by the learner once the section is seen
            await self.show_answered_lesson(event.question)
            self.quiz.show_recall_check()
            self.refresh_bindings()
            return
        self.attempt = Attempt.submit(
            self.tutor.store,
            self.tutor.course.id,
            session,
            event.answer,
            event.seconds,
            model=self.tutor.grader_status,
            # why no model graded is news only to a learner who set one up (as the status line)
            llm_enabled=self.tutor.llm.enabled and self.tutor.config.asked_for_model,
            save=self.save,
            helped=self.helped,
        )
        await self.show_answered_lesson(event.question)
        self.show_graded()
        if self.attempt.asks_model:
            self.ask_model(self.attempt)
        self.refresh_progress(event.question.topic_id)
        self.refresh_bindings()

    @property
    def shown_attempt(self) -> Attempt | None:
        """The attempt whose feedback is on screen, if any (rating and regrading act on it)."""
        attempt = self.attempt
        return attempt if attempt is not None and self.quiz.question is attempt.question else None

    def show_graded(self) -> None:
        """The verdict and the rating it gave the card, with when it comes back; the
        session's scores, changed by it, kept for the next start."""
        assert self.attempt is not None
        graded = self.attempt.graded
        self.quiz.show_verdict(graded.verdict)
        self.quiz.show_rating(graded.rating, graded.due, by_learner=graded.rated_by_learner)
        self.keep_session()

    def action_rate(self, rating: int) -> None:
        """The learner's own rating replaces the one the grade suggested; on a revealed
        recall card it is the grade."""
        recalled, session = self.recalled, self.session
        if recalled is not None and session is not None:
            assert isinstance(recalled.answer, str)
            self.recalled = None
            self.attempt = Attempt.recalled(
                self.tutor.store,
                self.tutor.course.id,
                session,
                recalled.answer,
                recalled.seconds,
                rating,
                save=self.save,
            )
        elif self.shown_attempt is not None:
            self.shown_attempt.rate(rating)
        else:
            return
        self.show_graded()
        self.refresh_progress(self.attempt.question.topic_id)
        self.refresh_bindings()

    async def action_show_lesson(self) -> None:
        """Uncover the lesson while a question is open: the answer counts as helped."""
        question = self.session.current if self.session else None
        topic = self.tutor.course.topic(question.topic_id) if question else None
        if not self.asking or topic is None:
            return
        self.helped = True
        await self.lesson.show(topic)
        self.notify("The lesson is shown: a right answer now suggests Hard.", timeout=3)
        self.refresh_bindings()

    def ask_model(self, attempt: Attempt) -> None:
        self.quiz.show_llm_progress(self.tutor.llm.model, "")
        self.llm_worker = self.grade_with_model(attempt)
        self.refresh_bindings()

    @work(thread=True, exclusive=True, group="llm-grading", exit_on_error=False)
    def grade_with_model(self, attempt: Attempt) -> None:
        """Stream a model's verdict; the offline one stays on screen until it is in."""
        graded = attempt.graded
        assert isinstance(graded.question, FreeText) and isinstance(graded.answer, str)
        worker = get_current_worker()
        verdict = grade_free_text_with_llm(
            graded.question,
            graded.answer,
            self.tutor.llm,
            on_feedback=lambda text: self.post_message(ModelFeedback(text)),
            cancelled=lambda: worker.is_cancelled,
        )
        if not worker.is_cancelled:
            self.post_message(ModelVerdict(attempt, verdict))

    def on_model_feedback(self, event: ModelFeedback) -> None:
        if self.llm_worker is not None:
            self.quiz.show_llm_progress(self.tutor.llm.model, event.text)

    def on_model_verdict(self, event: ModelVerdict) -> None:
        self.llm_worker = None
        if event.attempt is not self.shown_attempt:
            return  # the learner has moved on; the recorded verdict stands
        event.attempt.take_model_verdict(event.verdict)
        self.show_graded()
        self.refresh_progress(event.attempt.question.topic_id)
        self.refresh_bindings()

    def cancel_model(self) -> bool:
        """Stop waiting for a model; the offline verdict stands. False if none was asked."""
        if self.llm_worker is None:
            return False
        self.llm_worker.cancel()
        self.llm_worker = None
        attempt = self.shown_attempt
        if attempt is not None:
            attempt.stop_model()
            self.show_graded()
        self.refresh_bindings()
        return True

    def action_overrule(self, right: bool) -> None:
        """The learner overrules the grader ("I was right" / "I was wrong"); a model
        still grading is stopped, as its verdict would no longer count.
        """
        attempt = self.shown_attempt
        if attempt is None or attempt.graded.can_overrule_to is None:
            return
        self.cancel_model()
        attempt.overrule()
        self.show_graded()
        self.refresh_progress(attempt.question.topic_id)
        self.refresh_bindings()

    @property
    def undoable(self) -> Attempt | None:
        """The answer ``u`` would take back: the one whose feedback is on screen, its
        question still the session's current one."""
        attempt, session = self.shown_attempt, self.session
        if attempt is None or session is None or session.current is not attempt.question:
            return None
        return attempt

    async def action_undo(self) -> None:
        """Take back the answer whose feedback is on screen, the way Anki's undo does; a
        model still grading it is stopped first, and the question is asked again."""
        attempt = self.undoable
        if attempt is None:
            return
        self.cancel_model()
        attempt.undo()
        self.attempt = None
        await self.show_current_question()
        self.keep_session()
        self.refresh_progress(attempt.question.topic_id)
        self.refresh_bindings()

    def action_regrade(self) -> None:
        status = self.tutor.grader_status
        attempt = self.shown_attempt
        if attempt is None:
            return
        if status is None or not status.ready:
            self.notify(f"No model to regrade with: {status.message if status else 'checking'}.")
            return
        self.ask_model(attempt)

    def show_grader(self, status: GraderStatus) -> None:
        """Who grades free text. Why no model does is told only to a learner who set one
        up: to anyone else "Ollama not running" would read as an error."""
        message = status.message
        if not status.ready and status.reason and not self.tutor.config.asked_for_model:
            message = "graded offline, on this machine"
        self.query_one("#grader-status", Static).update(Text(one_line(f"Free text: {message}")))
        self.refresh_bindings()

    def action_generate(self) -> None:
        """Have the local model write questions for the selected topic."""
        topic = self.topic
        if topic is None or not has_text(topic):
            self.notify("This topic has too little text of its own to ask about.", timeout=4)
            return
        status = self.tutor.grader_status
        if status is None or not status.ready:
            reason = status.reason if status else "still looking for Ollama"
            self.notify(f"No model to write questions: {reason}.", severity="warning")
            return
        self.notify(f"{self.tutor.llm.model} is writing questions on {topic.title}…", timeout=4)
        self.generate(topic)

    @work(thread=True, exclusive=True, group="generate", exit_on_error=False)
    def generate(self, topic: Topic) -> None:
        """Runs in a thread; the questions join the topic on the app's thread."""
        worker = get_current_worker()

        def progress(done: int) -> None:
            self.app.call_from_thread(self.notify, f"{count(done, 'question')} written…", timeout=2)

        result = generate_alone(
            self.tutor.course,
            topic,
            self.tutor.llm,
            on_progress=progress,
            cancelled=lambda: worker.is_cancelled,
        )
        if not worker.is_cancelled:
            self.app.call_from_thread(self.generated, result)

    def generated(self, result: TopicResult) -> None:
        if not result.written:
            self.notify(f"No questions written: {result.reason}.", severity="warning")
            return
        result.attach()
        if any(isinstance(question, FreeText) for question in result.questions):
            self.free_text = True
            self.fit_status_line()
        dropped = f" ({len(result.dropped)} dropped as invalid)" if result.dropped else ""
        self.notify(
            f"{len(result.questions)} new questions on {result.topic.title}{dropped},"
            f" saved in {result.path}. Press s for the quiz."
        )
        self.refresh_progress(result.topic.id)
        if self.session is None and self.topic is result.topic:
            self.call_later(self.quiz.show_intro, result.topic, self.status_of(result.topic))

    @work(thread=True, exclusive=True, group="llm-preload", exit_on_error=False)
    def preload_model(self) -> None:
        """Have Ollama load the model now, so the first grade does not wait for it."""
        preload(self.tutor.llm)

    async def action_next(self) -> None:
        """Next question; after the last one, the summary; after that, the next topic."""
        session = self.session
        self.cancel_model()
        if session is not None and not session.finished:
            if session.advance() is None:
                await self.quiz.show_summary(*session.summary(), after=self.after_session)
            else:
                assert self.topic is not None
                await self.show_current_question()
            self.keep_session()
            self.refresh_bindings()
            return
        covered = session.covers if isinstance(session, QuizSession) else ()
        following = self._next_topic(with_questions=session is not None, covered=covered)
        if following is not None:
            await self.go_to_topic(following.id)

    def _next_topic(self, with_questions: bool, covered: tuple[str, ...] = ()) -> Topic | None:
        """The topic after the current one in reading order, past those the quiz just
        ``covered`` (a branch quiz asked about all of them)."""
        topics = list(self.tutor.course.walk())
        start = topics.index(self.topic) + 1 if self.topic in topics else 0
        for topic in topics[start:]:
            if topic.id not in covered and (topic.questions or not with_questions):
                return topic
        return None

    @property
    def typing(self) -> bool:
        """Whether the keyboard is in a text box, where a letter key types itself: commands
        there are the Ctrl forms (the footer shows those)."""
        focused = self.focused
        return focused is not None and focused.check_consume_key("h", "h")

    def action_hint_while_typing(self) -> None:
        self.action_hint()

    def action_hint(self) -> None:
        if self.quiz.show_hint():
            self.helped = True
        else:
            self.notify("This question has no hint.", timeout=3)

    async def action_leave_quiz(self) -> None:
        """Esc stops waiting for a model, else stops the quiz; with an answer typed and
        not submitted, the first Esc only says what a second one would throw away.
        """
        if self.cancel_model():
            return
        widget = self.quiz.answer_widget
        drafted = self.asking and widget is not None and widget.answer() is not None
        if drafted and not self.leaving:
            self.leaving = True
            self.notify(
                "Esc again stops the quiz and drops the answer you typed; Enter submits it.",
                timeout=4,
            )
            return
        await self.stop_quiz()
        self.topic_tree.focus()

    async def stop_quiz(self) -> None:
        if self.session is None:
            return
        self.cancel_model()
        self.session = None
        self.keep_session()
        self.recalled = None
        self.set_class(False, "-quizzing")
        if self.topic is not None:
            await self.lesson.show(self.topic)
            await self.quiz.show_intro(self.topic, self.status_of(self.topic))
            self.start_reading(self.topic)
        self.refresh_bindings()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Keys appear in the footer only when they do something now."""
        if action in ("quiz", "review"):  # one session at a time: Esc stops this one first
            return self.session is None or self.session.finished
        if action in ("hint", "hint_while_typing"):
            question = self.session.current if self.asking and self.session else None
            return bool(question and question.hint) and self.typing == (action != "hint")
        if action == "toggle_tree":  # a text box types a backslash: Textual does not see it
            return not self.typing
        if action == "leave_quiz":
            return self.session is not None or self.llm_worker is not None
        if action == "rate":
            return self.shown_attempt is not None or self.recalled is not None
        if action == "undo":  # in a text box, u types itself
            return self.undoable is not None and not self.typing
        if action == "show_lesson":
            return self.asking and self.lesson.covered
        if action == "links":
            return bool(self.lesson.links)
        if action == "back":
            return bool(self.followed_from)
        if action == "fold":
            return self.lesson.unfolded if parameters[0] else self.lesson.folded
        if action == "overrule":
            attempt = self.shown_attempt
            target = attempt.graded.can_overrule_to if attempt is not None else None
            return target is (Outcome.CORRECT if parameters[0] else Outcome.WRONG)
        if action == "regrade":
            status = self.tutor.grader_status
            attempt = self.shown_attempt
            return bool(
                attempt is not None
                and self.llm_worker is None
                and isinstance(attempt.question, FreeText)
                and attempt.graded.verdict.grader == OFFLINE
                and status is not None
                and status.ready
            )
        return True
