"""The quiz pane: what the selected topic asks, one question at a time, and the feedback."""

from __future__ import annotations

from datetime import datetime

from rich.console import RenderableType
from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Container, VerticalScroll
from textual.message import Message
from textual.widgets import Static

from tutor.clock import Clock
from tutor.course import EXTRACTED, NoteCard, Question, Recall, Topic
from tutor.grading import Answer, Outcome, Verdict
from tutor.study.session import when
from tutor.study.topic_status import TopicStatus
from tutor.ui.answers import AnswerWidget, SubmitAnswer, answer_widget, quiz_text
from tutor.untrusted import one_line, visible
from tutor.wording import count

RATINGS = {1: "Again", 2: "Hard", 3: "Good", 4: "Easy"}
OUTCOME_MARKS = {Outcome.CORRECT: "✓", Outcome.PARTIAL: "◐", Outcome.WRONG: "✗"}
OUTCOME_STYLES = {
    Outcome.CORRECT: "bold green",
    Outcome.PARTIAL: "bold yellow",
    Outcome.WRONG: "bold red",
}


class AnswerGiven(Message):
    """The learner submitted an answer to ``question`` after ``seconds``; the screen grades it."""

    def __init__(self, question: Question, answer: Answer, seconds: float) -> None:
        super().__init__()
        self.question = question
        self.answer = answer
        self.seconds = seconds


def intro_text(topic: Topic, own: int, status: TopicStatus | None) -> Text:
    """What the pane says before a quiz starts: how many questions, how far along
    (``status`` None: the course's questions are still being counted)."""
    text = Text()
    text.append(one_line(topic.title), style="bold")
    text.append("\n\n")
    if status is None and topic.children:
        below = "the questions of the topics below are being counted."
        if own:
            text.append(f"{count(own, 'question')} on this topic; {below}")
        else:
            text.append(below.capitalize())
        return text
    status = status or TopicStatus(False, 0, own, 0.0)
    below = status.total - own
    if own:
        text.append(f"{count(own, 'question')} on this topic. Press ")
        text.append("s", style="bold reverse")
        text.append(" to start the quiz.")
        if below:
            text.append("\nPress ")
            text.append("b", style="bold reverse")
            text.append(f" for the whole branch ({status.total} questions).")
    elif below:  # s quizzes the branch (see StudyScreen.action_quiz)
        text.append(f"{count(below, 'question')} in the topics below. Press ")
        text.append("s", style="bold reverse")
        text.append(" to start the quiz.")
    else:
        text.append("No questions on this topic yet.")
    if status.answered:
        text.append(f"\n\nAnswered so far: {status.summary}.", style="dim")
    return text


def grader_line(verdict: Verdict) -> str:
    """Who decided, and why the offline grader did when a model was meant to."""
    match verdict.grader:
        case "you":
            line = "rated by you"
        case "offline":
            line = "graded offline"
        case "rules":
            line = "graded by rules"
        case model:
            line = f"graded by {model} via Ollama"
    return one_line(f"{line} — {verdict.reason}" if verdict.reason else line)


def verdict_text(verdict: Verdict, question: Question) -> Text:
    """Feedback after an answer: the outcome, the right answer, why, and who graded it."""
    text = Text()
    label = verdict.outcome.label.capitalize()
    if isinstance(question, Recall):
        label = "Not recalled" if verdict.outcome is Outcome.WRONG else "Recalled"
    if verdict.unsure:
        text.append("? Unsure: check against the answer", style="bold yellow")
    else:
        mark, style = OUTCOME_MARKS[verdict.outcome], OUTCOME_STYLES[verdict.outcome]
        text.append(f"{mark} {label}", style=style)
    if verdict.outcome is Outcome.PARTIAL and not verdict.unsure:
        text.append(f" ({verdict.score:.0%})")
    text.append(f"   {grader_line(verdict)}", style="dim")
    if verdict.feedback:
        text.append(f"\n\n{visible(verdict.feedback)}")
    if verdict.found or verdict.missed:
        text.append("\n\nKey points:", style="bold")
        for point in verdict.found:
            text.append("\n  ✓ ", style="green")
            text.append(one_line(point))
        for point in verdict.missed:
            text.append("\n  ✗ ", style="red")
            text.append(one_line(point))
    if verdict.expected and (verdict.outcome is not Outcome.CORRECT or verdict.grader == "you"):
        text.append("\n\nAnswer: ", style="bold")
        text.append(quiz_text(verdict.expected))
    if question.explanation:
        text.append("\n\nWhy: ", style="bold")
        text.append(quiz_text(question.explanation))
    if verdict.unsure:
        text.append("\n\nRight after all? Press ")
        text.append("o", style="bold reverse")
        text.append(" and it counts as correct.")
    text.append("\n\nPress ")
    text.append("n", style="bold reverse")
    text.append(" for the next question.")
    return text


def summary_text(title: str, figures: str, after: str) -> Text:
    """The end of a quiz or review: what was done, and what the keys do next."""
    text = Text()
    text.append(f"{one_line(title)}\n\n", style="bold")
    text.append(f"{figures}\n\n")
    text.append("Press ")
    text.append("n", style="bold reverse")
    text.append(f" {after}.")
    return text


class QuizPane(VerticalScroll, can_focus=True):
    """Shows a topic's quiz; reports answers as :class:`AnswerGiven`."""

    def __init__(self, clock: Clock, *, blink: bool = True, id: str | None = None) -> None:
        super().__init__(id=id)
        self.clock = clock
        self.blink = blink
        self.question: Question | None = None
        self.answer_widget: AnswerWidget | None = None
        self.shown_at = clock.monotonic()  # when the current question appeared

    def compose(self) -> ComposeResult:
        yield Static(id="quiz-header")
        yield Static(id="quiz-prompt")
        yield Container(id="answer-slot")
        yield Static(id="quiz-hint")
        yield Static(id="quiz-feedback")
        yield Static(id="quiz-rating")
        yield Static(id="quiz-llm")

    def _set(
        self,
        header: RenderableType = "",
        prompt: RenderableType = "",
        hint: RenderableType = "",
        feedback: RenderableType = "",
    ) -> None:
        self.query_one("#quiz-header", Static).update(header)
        self.query_one("#quiz-prompt", Static).update(prompt)
        self.query_one("#quiz-hint", Static).update(hint)
        self.query_one("#quiz-feedback", Static).update(feedback)
        self.query_one("#quiz-rating", Static).update("")
        self.query_one("#quiz-llm", Static).update("")

    async def _clear_answer(self) -> None:
        self.question = None
        self.answer_widget = None
        await self.query_one("#answer-slot").remove_children()

    async def show_intro(self, topic: Topic, status: TopicStatus | None) -> None:
        await self._clear_answer()
        self._set(prompt=intro_text(topic, len(topic.questions), status))
        self.scroll_home(animate=False)

    async def show_question(self, question: Question, position: str, topic_title: str) -> None:
        """Ask ``question``; ``position`` says where the learner is, e.g. "Question 2 of 6"."""
        await self._clear_answer()
        self.question = question
        header = Text()
        header.append(position, style="bold")
        header.append(f" · {question.label} · {one_line(topic_title)}", style="dim")
        if question.origin == EXTRACTED:
            header.append(" · made from the notes", style="italic")
        elif question.in_notes and not isinstance(question, NoteCard):  # labelled so already
            header.append(" · card from the notes", style="italic")
        elif question.generated:
            header.append(f" · written by {one_line(question.origin)}", style="italic")
        self._set(header=header, prompt=Text(quiz_text(question.prompt)))
        self.answer_widget = answer_widget(question, self.blink)
        await self.query_one("#answer-slot").mount(self.answer_widget)
        self.answer_widget.focus_answer()
        self.shown_at = self.clock.monotonic()
        self.scroll_home(animate=False)

    def show_hint(self) -> bool:
        """Show the current question's hint; False if it has none."""
        if self.question is None or not self.question.hint:
            return False
        self.query_one("#quiz-hint", Static).update(
            Text.assemble(("Hint: ", "bold"), quiz_text(self.question.hint))
        )
        return True

    def show_recall_check(self) -> None:
        """A recall card's section is revealed: the learner compares and rates."""
        assert self.answer_widget is not None
        self.answer_widget.make_read_only()
        text = Text()
        if isinstance(self.question, NoteCard):  # the author's card: its back is the answer
            text.append("Answer: ", style="bold")
            text.append(quiz_text(self.question.back))
            text.append("\n\nHow well did you recall it? Press ")
        else:
            text.append("The section is in the lesson pane", style="bold")
            text.append(
                ": compare it with what you recalled.\n\nHow well did you recall it? Press "
            )
        for rating, name in RATINGS.items():
            text.append(str(rating), style="bold reverse")
            text.append(f" {name}" + (", " if rating < 3 else " or " if rating == 3 else "."))
        self.query_one("#quiz-feedback", Static).update(text)
        self.focus()
        self.scroll_to_feedback()

    def show_verdict(self, verdict: Verdict) -> None:
        """The verdict on the current answer (a model's may later replace the first)."""
        assert self.question is not None and self.answer_widget is not None
        self.answer_widget.make_read_only()
        self.query_one("#quiz-feedback", Static).update(verdict_text(verdict, self.question))
        self.query_one("#quiz-llm", Static).update("")
        self.focus()
        self.scroll_to_feedback()

    def scroll_to_feedback(self) -> None:
        """Bring the feedback's first line to the top of the pane, once it is laid out:
        in a short terminal the end of a long feedback would scroll the verdict and the
        right answer out of view.
        """
        feedback = self.query_one("#quiz-feedback", Static)
        self.call_after_refresh(self.scroll_to_widget, feedback, animate=False, top=True)

    def show_rating(self, rating: int, due: datetime | None, by_learner: bool) -> None:
        """The card's rating and when it comes back; 1-4 change the rating."""
        text = Text()
        text.append(
            f"{'Rated' if by_learner else 'Rating'}: {RATINGS[rating]} ({rating})", style="bold"
        )
        if due is not None:
            text.append(f", back {when(due, self.clock.now())}")
        if not by_learner:
            text.append("  ·  press 1 Again, 2 Hard, 3 Good or 4 Easy to change it", style="dim")
        self.query_one("#quiz-rating", Static).update(text)

    def show_llm_progress(self, model: str, feedback: str) -> None:
        """A model's feedback as it streams in, under the offline verdict it may replace."""
        text = Text()
        text.append(f"⋯ {one_line(model)} is grading", style="bold")
        text.append(" — Esc keeps the verdict above", style="dim")
        if feedback:
            text.append("\n\n")
            text.append(visible(feedback))  # a model's output is never markup nor control
        self.query_one("#quiz-llm", Static).update(text)
        self.call_after_refresh(self.scroll_end, animate=False)

    async def show_summary(self, title: str, figures: str, after: str) -> None:
        await self._clear_answer()
        self._set(prompt=summary_text(title, figures, after))
        self.focus()

    def on_submit_answer(self, event: SubmitAnswer) -> None:
        event.stop()
        if self.question is None or self.answer_widget is None:
            return
        answer = self.answer_widget.answer()
        if answer is None:
            self.notify("Answer first, or press Ctrl+N to skip this question.", timeout=3)
            return
        self.post_message(
            AnswerGiven(self.question, answer, self.clock.monotonic() - self.shown_at)
        )
