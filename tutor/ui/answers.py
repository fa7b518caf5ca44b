"""Widgets the learner answers with, one fitting each question kind.

Each widget reports "the learner wants to submit" as a :class:`SubmitAnswer`
message and hands over its answer through :meth:`AnswerWidget.answer`; the
quiz pane decides what happens next.
"""

from __future__ import annotations

from abc import abstractmethod
from collections.abc import Callable
from typing import Any

from rich.table import Table
from rich.text import Text
from textual import events
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.widget import Widget
from textual.widgets import Input, Label, OptionList, Static, TextArea

from tutor.course import (
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
from tutor.course.formulas import formulas_plain
from tutor.course.model import start_of
from tutor.grading import Answer
from tutor.untrusted import visible

CUT_NOTICE = " … (cut here: the rest is in the file it comes from)"


def quiz_text(text: str) -> str:
    """A question's text (a prompt, a choice, a reference) as the quiz pane shows it: math
    as Unicode, control characters made visible, and no more of it than a lesson shows
    (:func:`~tutor.course.model.start_of`), since a chapter pasted into a quiz file as a
    reference would take seconds to lay out after every answer."""
    shown = start_of(text)
    notice = CUT_NOTICE if len(shown) < len(text) else ""
    return visible(formulas_plain(shown)) + notice


class SubmitAnswer(Message):
    """The learner asked to submit the current answer."""


class AnswerWidget(Widget):
    """Base of the answer widgets: holds the answer and can be locked after grading."""

    @abstractmethod
    def answer(self) -> Answer | None:
        """The learner's answer in the form the grader takes, or None if nothing is given."""

    def make_read_only(self) -> None:
        """After grading the answer can be read but not changed."""
        for widget in self.query("Input, TextArea, OptionList"):
            widget.disabled = True

    def focus_answer(self) -> None:
        """Put the keyboard where the learner types or picks."""
        self.query("Input, TextArea, OptionList").first().focus()


class ChoiceList(OptionList):
    """Numbered choices: a digit or Space picks, Enter submits."""

    BINDINGS = [
        Binding("enter", "submit", "Submit", id="answer.submit"),
        Binding("space", "pick_highlighted", "Pick", id="answer.pick"),
        *(
            Binding(str(digit), f"pick({digit - 1})", f"Pick {digit}", show=False)
            for digit in range(1, 10)
        ),
        # true/false: the letters, which otherwise belong to the screen (t opens Stats)
        Binding("t", "pick_letter(0)", "True", show=False),
        Binding("f", "pick_letter(1)", "False", show=False),
    ]

    def __init__(self, choices: tuple[str, ...], multiple: bool, letters: bool = False) -> None:
        self.choices = choices
        self.multiple = multiple
        self.letters = letters  # t and f pick True and False
        self.picked: set[int] = set()
        super().__init__(*(self._prompt(index) for index in range(len(choices))))

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """t and f pick only in a true/false question; elsewhere they go to the screen."""
        return self.letters if action == "pick_letter" else True

    def action_pick_letter(self, index: int) -> None:
        self.action_pick(index)

    def _prompt(self, index: int) -> Table:
        """``(•) 2. text``, long texts wrapping under themselves rather than under the box."""
        on = index in self.picked
        box = ("[x]" if on else "[ ]") if self.multiple else ("(•)" if on else "( )")
        row = Table.grid(padding=(0, 1))
        row.add_column(no_wrap=True)
        row.add_column(ratio=1)
        row.add_row(  # the choice as a Text: a str cell would be parsed as markup
            Text.assemble((box, "bold" if on else ""), f" {index + 1}."),
            Text(quiz_text(self.choices[index])),
        )
        return row

    def action_pick(self, index: int) -> None:
        if index >= len(self.choices):
            return
        if self.multiple:
            self.picked ^= {index}
        else:
            self.picked = {index}
        self.highlighted = index
        for position in range(len(self.choices)):
            self.replace_option_prompt_at_index(position, self._prompt(position))

    def action_pick_highlighted(self) -> None:
        if self.highlighted is not None:
            self.action_pick(self.highlighted)

    def action_submit(self) -> None:
        if not self.picked and not self.multiple:
            self.action_pick_highlighted()
        self.post_message(SubmitAnswer())

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        """A click picks (or ticks) the choice; submitting stays a separate step."""
        event.stop()
        self.action_pick(event.option_index)


class ChoiceAnswer(AnswerWidget):
    """Single choice, multiple choice and true/false."""

    def __init__(self, question: SingleChoice | MultipleChoice | TrueFalse) -> None:
        super().__init__()
        self.question = question
        true_false = isinstance(question, TrueFalse)
        choices = ("True", "False") if true_false else question.choices
        self.list = ChoiceList(
            choices, multiple=isinstance(question, MultipleChoice), letters=true_false
        )

    def compose(self) -> ComposeResult:
        yield self.list
        if self.list.letters:
            how = "t or 1 picks True, f or 2 False"
        elif self.list.multiple:
            how = "Space or a digit ticks"
        else:
            how = "A digit or Space picks"
        yield Label(f"{how}; Enter submits.", classes="how-to")

    def answer(self) -> Answer | None:
        picked = [self.list.choices[index] for index in sorted(self.list.picked)]
        if not picked:
            return None
        match self.question:
            case TrueFalse():
                return picked == ["True"]
            case MultipleChoice():
                return frozenset(picked)
            case _:
                return picked[0]


class ShortAnswerInput(AnswerWidget):
    """A one-line answer; Enter submits."""

    def __init__(self, blink: bool) -> None:
        super().__init__()
        self.input = Input(placeholder="Type your answer, then Enter")
        self.input.cursor_blink = blink

    def compose(self) -> ComposeResult:
        yield self.input

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.post_message(SubmitAnswer())

    def answer(self) -> Answer | None:
        return self.input.value if self.input.value.strip() else None


class FreeTextAnswer(AnswerWidget):
    """A few sentences in the learner's words; Enter adds a line, Ctrl+S submits."""

    BINDINGS = [Binding("ctrl+s", "submit", "Submit", id="answer.submit-text")]

    def __init__(self, blink: bool) -> None:
        super().__init__()
        self.text_area = TextArea(soft_wrap=True, show_line_numbers=False, tab_behavior="focus")
        self.text_area.cursor_blink = blink

    def compose(self) -> ComposeResult:
        yield self.text_area
        yield Label("Explain in your own words; Ctrl+S submits.", classes="how-to")

    def action_submit(self) -> None:
        self.post_message(SubmitAnswer())

    def answer(self) -> Answer | None:
        return self.text_area.text if self.text_area.text.strip() else None


class BlankInput(Input):
    """One blank of a cloze. Its keys go through the cloze, which knows the blank they
    are meant for: Enter moves on at once, in the order the keys came, and letters
    typed after it go to the next blank even if they were sent here before the move
    (a burst over a slow SSH link: "penalty⏎weights" arriving at once)."""

    def __init__(self, cloze: ClozeAnswer, number: int) -> None:
        super().__init__(placeholder=f"blank ({number})", id=f"blank-{number}")
        self.cloze = cloze

    def _on_focus(self, event: events.Focus) -> None:
        """Keys are for a blank the learner moves to (a click, Tab) from now on; Input's own
        handler, called after this one, draws the cursor."""
        self.cloze.typing_into = self

    async def _on_key(self, event: events.Key) -> None:
        """Enter and the keys meant for another blank; any other key goes on to Input's own
        handler, which Textual calls after this one unless this one prevents it."""
        target = self.cloze.typing_into
        if event.key == "enter":
            event.stop()
            event.prevent_default()
            self.cloze.enter()
        elif event.is_printable and target is not self:
            event.stop()
            event.prevent_default()
            assert event.character is not None
            target.insert_text_at_cursor(event.character)


class ClozeAnswer(AnswerWidget):
    """One input per blank. Enter moves on to the next blank still empty and submits
    once every blank is filled; pressed again on an empty blank, it submits as it is
    (the learner does not know that one), so a stray Enter never gives an answer away.
    """

    def __init__(self, question: Cloze, blink: bool) -> None:
        super().__init__()
        self.question = question
        self.inputs = [BlankInput(self, number) for number in range(1, len(question.blanks) + 1)]
        for blank in self.inputs:
            blank.cursor_blink = blink
        self.typing_into = self.inputs[0]  # the blank keys are for, ahead of the focus
        self.passed_empty: set[BlankInput] = set()  # blanks Enter was pressed on while empty

    def compose(self) -> ComposeResult:
        yield Static(Text(quiz_text(self.question.masked())), classes="cloze-text")
        with Vertical(classes="blanks"):
            for number, blank in enumerate(self.inputs, 1):
                with Horizontal(classes="blank"):
                    yield Label(f"({number})")
                    yield blank
        yield Label(
            "Enter: next blank; submits when all are filled (Enter twice on an empty one"
            " to leave it).",
            classes="how-to",
        )

    def enter(self) -> None:
        """Enter on the blank being typed into: the next empty one, or submit."""
        here = self.typing_into
        empty = [blank for blank in self.inputs if not blank.value.strip()]
        if not empty or (here in empty and here in self.passed_empty):
            self.post_message(SubmitAnswer())
            return
        if here in empty:
            self.passed_empty.add(here)
        position = self.inputs.index(here)
        after = [blank for blank in empty if self.inputs.index(blank) > position]
        self.typing_into = (after or empty)[0]
        self.typing_into.focus()

    def answer(self) -> Answer | None:
        values = tuple(blank.value for blank in self.inputs)
        return values if any(value.strip() for value in values) else None


class RecallNotes(AnswerWidget):
    """Notes to oneself while recalling a topic (optional); Enter reveals the section."""

    def __init__(self, blink: bool, shows: str = "the section") -> None:
        super().__init__()
        self.shows = shows  # what Enter reveals
        self.input = Input(placeholder="Notes to yourself (optional), then Enter")
        self.input.cursor_blink = blink

    def compose(self) -> ComposeResult:
        yield Label(f"Recall it, then press Enter to see {self.shows}.", classes="how-to")
        yield self.input

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.post_message(SubmitAnswer())

    def answer(self) -> Answer | None:
        return self.input.value  # nothing typed is a fine answer: recalling is in the head


WIDGETS: dict[type[Question], Callable[[Any, bool], AnswerWidget]] = {
    SingleChoice: lambda question, _blink: ChoiceAnswer(question),
    MultipleChoice: lambda question, _blink: ChoiceAnswer(question),
    TrueFalse: lambda question, _blink: ChoiceAnswer(question),
    ShortAnswer: lambda _question, blink: ShortAnswerInput(blink),
    FreeText: lambda _question, blink: FreeTextAnswer(blink),
    Cloze: ClozeAnswer,
    Recall: lambda _question, blink: RecallNotes(blink),
    NoteCard: lambda _question, blink: RecallNotes(blink, shows="the answer"),
}
"""The widget each kind of question is answered in, made from the question and whether
the cursor blinks."""


def answer_widget(question: Question, blink: bool = True) -> AnswerWidget:
    """The widget that fits the question's kind."""
    make = WIDGETS.get(type(question))
    if make is None:
        raise TypeError(f"no answer widget for {type(question).__name__}")
    return make(question, blink)
