"""The tutor app and the one factory that builds it, for the CLI and the tests alike."""

from __future__ import annotations

import asyncio
import contextlib
import gc
import os
import signal
import time
from collections.abc import Iterable, Sequence
from dataclasses import replace

from textual import events, work
from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.filter import LineFilter, Monochrome, NoColor
from textual.message import Message
from textual.notifications import SeverityLevel
from textual.screen import Screen

from tutor.clock import SYSTEM_CLOCK, Clock
from tutor.config import Config, ConfigError, save_model
from tutor.course import Course, NoteCache
from tutor.llm import GraderStatus, LLMSettings, LLMUnavailable, check_status, list_models
from tutor.study.progress import CourseProgress, ProgressStore
from tutor.ui.commands import LessonSearch, TopicCommands
from tutor.ui.glyphs import ASCII_TERMS, AsciiOnly
from tutor.ui.hangup import HANGUP_CHECK_SECONDS, input_hung_up, silence_output
from tutor.ui.help import QUIT_HELP, HelpScreen, binding_rows
from tutor.ui.lesson_markdown import warm_up
from tutor.ui.model_picker import ModelPicker
from tutor.ui.stats_screen import StatsScreen
from tutor.ui.study_screen import StudyScreen
from tutor.untrusted import one_line, visible
from tutor.wording import count


class GraderStatusChanged(Message):
    """What grades free text now: found out in the background, after the first screen."""

    def __init__(self, status: GraderStatus) -> None:
        super().__init__()
        self.status = status


NO_COLOR = NoColor()
ASCII_ONLY = AsciiOnly()
IDLE_SECONDS = 0.5
"""How long without a key or a click before the learner counts as reading (see
:meth:`TutorApp.collect_while_idle`), and how often that is looked at."""


class TutorApp(App[None]):
    """Study a course: the topic tree, the lesson and its quiz, with progress kept."""

    CSS_PATH = "tutor.tcss"
    COMMANDS = App.COMMANDS | {TopicCommands, LessonSearch}
    BINDINGS = [
        Binding(
            "t",
            "stats",
            "Stats",
            tooltip="statistics: mastery, accuracy, due forecast",
            id="app.stats",
        ),
        Binding(
            "question_mark", "help", "Help", key_display="?", tooltip="this help", id="app.help"
        ),
        Binding("q", "quit", "Quit", tooltip=QUIT_HELP, id="app.quit"),
        Binding(
            "ctrl+q",
            "quit",
            "Quit",
            show=False,
            priority=True,
            tooltip=QUIT_HELP,
            id="app.quit-ctrl",
        ),
    ]

    def __init__(
        self,
        course: Course,
        store: ProgressStore,
        config: Config,
        *,
        clock: Clock = SYSTEM_CLOCK,
        blink: bool = True,
        notes_cache: NoteCache | None = None,
    ) -> None:
        super().__init__()
        self.course = course
        self.notes_cache = notes_cache  # saved once the first count has extracted the questions
        self.store = store
        self.config = config
        self.clock = clock  # every "now" on screen comes from here (tests fix it)
        self.llm: LLMSettings = config.llm
        # None until the background check has run; known at once when LLM grading is off
        self.grader_status: GraderStatus | None = (
            None if self.llm.enabled else check_status(self.llm)
        )
        self.blink = blink  # tests and screenshots turn cursor blinking off
        ascii_only = config.display.ascii
        if ascii_only is None:
            ascii_only = os.environ.get("TERM", "") in ASCII_TERMS
        self.ascii_only = ascii_only  # symbols drawn in ASCII, for fonts that lack them
        self.title = one_line(course.title)
        self.input_at = time.monotonic()  # the last key or click: see collect_while_idle

    def notify(
        self,
        message: str,
        *,
        title: str = "",
        severity: SeverityLevel = "information",
        timeout: float | None = None,
        markup: bool = False,
    ) -> None:
        """Every notification, the widgets' too: its text names topics, files, models and
        errors, so it is shown as written, never parsed as markup or obeyed as a control.
        (``markup`` is taken, as Textual's signature has it, and ignored.)"""
        super().notify(
            visible(message),
            title=one_line(title),
            severity=severity,
            timeout=timeout,
            markup=False,
        )

    def get_line_filters(self) -> Sequence[LineFilter]:
        """Under ``NO_COLOR`` no colour at all: Textual's own answer to it turns colours to
        greys (dark grey on black, for a title), so every colour is dropped for the
        terminal's own instead. What colour marked is marked by reverse video
        (``:nocolor`` rules in tutor.tcss) or by a glyph. In ASCII mode, the glyphs
        are drawn in ASCII (:mod:`tutor.ui.glyphs`)."""
        filters = [
            NO_COLOR if isinstance(line_filter, Monochrome) else line_filter
            for line_filter in super().get_line_filters()
        ]
        return [*filters, ASCII_ONLY] if self.ascii_only else filters

    @property
    def progress(self) -> CourseProgress:
        return self.store.course(self.course.id)

    def get_default_screen(self) -> Screen[None]:
        return StudyScreen()

    def on_mount(self) -> None:
        problems = len(self.course.problems)
        if problems:
            self.notify(
                f"{count(problems, 'problem')} in the course files;"
                " run `tutor check` on the course for details.",
                severity="warning",
                timeout=8,
            )
        if self.store.notice:
            self.notify(self.store.notice, title="Progress", severity="warning", timeout=15)
        for problem in self.config.problems:
            self.notify(problem, title="Config", severity="warning", timeout=15)
        screen = self.screen
        if isinstance(screen, StudyScreen):
            screen.save()  # remembers this course as the one to reopen
        self.call_after_refresh(warm_up)
        if self.grader_status is None:
            self.call_after_refresh(self.detect_grader)
        if not self.is_headless:
            self.watch_terminal()
            self.call_after_refresh(self.freeze_first_screen)
            self.set_interval(IDLE_SECONDS, self.collect_while_idle)

    def freeze_first_screen(self) -> None:
        """Take what the first frame made out of the cycle collector's walks, as
        :func:`tutor.cli.run_study` does with the course: Textual's styles and the
        modules it imported on mount, the tree, the first lesson. A full collection
        walked them all, 15 ms in the middle of a keypress's frame every few keys.
        They live as long as the app, but for the first lesson's widgets (a few
        hundred kilobytes, kept once the learner has left it); what is garbage by
        then is collected first, not kept."""
        gc.collect()
        gc.freeze()

    async def on_event(self, event: events.Event) -> None:
        if isinstance(event, events.InputEvent):
            self.input_at = time.monotonic()
        await super().on_event(event)

    def collect_while_idle(self) -> None:
        """Run the cycle collector's full collection while the learner reads, if any young
        collection has run since the last: Textual's caches of what it drew fill up
        to hundreds of thousands of objects, and a full collection that fell on a
        keypress held its frame back by 15-60 ms. One that runs here leaves the
        next keypresses only the young collections, which take a millisecond. It
        runs more often than Python's own would (5-17 ms each, with less to walk),
        but never during a key: waiting until one was half due let Python's own
        fall on keys again (the worst `j` in a chapter: 128 ms, against 80)."""
        idle = time.monotonic() - self.input_at >= IDLE_SECONDS
        if idle and gc.get_count()[2]:
            gc.collect()

    def watch_terminal(self) -> None:
        """Quit as the learner would (every answer saved, see :func:`tutor.cli.keep_unsaved`)
        once the terminal is gone: at SIGHUP, or when its input hangs up without one
        (see :mod:`tutor.ui.hangup`), instead of living on with no one to study."""
        hangup = getattr(signal, "SIGHUP", None)  # POSIX only
        if hangup is not None:
            with contextlib.suppress(NotImplementedError, RuntimeError, ValueError):
                asyncio.get_running_loop().add_signal_handler(hangup, self.terminal_gone)
        self.set_interval(HANGUP_CHECK_SECONDS, self.check_terminal)

    def check_terminal(self) -> None:
        if input_hung_up():
            self.terminal_gone()

    def terminal_gone(self) -> None:
        """Quit with no terminal to write to: what is left to write goes nowhere."""
        silence_output()
        self.exit()

    @work(thread=True, exclusive=True, group="grader-status", exit_on_error=False)
    def detect_grader(self) -> None:
        """Ask Ollama (if LLM grading is on) what it can do, without holding up the screen."""
        self.post_message(GraderStatusChanged(check_status(self.llm)))

    def on_grader_status_changed(self, event: GraderStatusChanged) -> None:
        self.grader_status = event.status
        screen = self.screen
        if isinstance(screen, StudyScreen):
            screen.show_grader(event.status)

    def action_choose_model(self) -> None:
        self.fetch_models()

    @work(thread=True, exclusive=True, group="models", exit_on_error=False)
    def fetch_models(self) -> None:
        try:
            models = list_models(self.llm)
        except LLMUnavailable as unavailable:
            self.call_from_thread(
                self.notify, f"No models to choose from: {unavailable}", severity="warning"
            )
            return
        if not models:
            self.call_from_thread(
                self.notify,
                f"Ollama has no models installed: ollama pull {self.llm.model}",
                severity="warning",
            )
            return
        self.call_from_thread(self.push_screen, ModelPicker(models, self.llm.model), self.use_model)

    def use_model(self, model: str | None) -> None:
        """Grade with ``model`` from now on, and remember it in the config file."""
        if model is None or (model == self.llm.model and self.llm.enabled):
            return
        self.llm = replace(self.llm, model=model, enabled=True)
        try:
            saved = save_model(model, self.config.path)
            self.notify(f"Free text is now graded by {model} (saved in {saved}).")
        except ConfigError as error:
            self.notify(f"Using {model} for this session; {error}", severity="warning")
        self.detect_grader()

    def action_stats(self) -> None:
        if not isinstance(self.screen, StatsScreen):
            self.push_screen(StatsScreen())

    def action_help(self) -> None:
        if isinstance(self.screen, HelpScreen):
            return
        bindings = [*StudyScreen.BINDINGS, *self.BINDINGS]
        self.push_screen(HelpScreen(binding_rows([b for b in bindings if isinstance(b, Binding)])))

    async def go_to_topic(self, topic_id: str) -> None:
        screen = self.screen
        if isinstance(screen, StudyScreen):
            await screen.go_to_topic(topic_id)

    async def go_to_found(self, topic_id: str, words: list[str]) -> None:
        """Open a topic the search found, its words marked in the lesson, which takes the
        keyboard so that ``n`` and ``N`` go from one to the next."""
        screen = self.screen
        if isinstance(screen, StudyScreen):
            await screen.go_to_topic(topic_id)
            if await screen.lesson.find(words):
                screen.lesson.focus()

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        yield from super().get_system_commands(screen)
        yield SystemCommand("Help", "Every key tutor answers to", self.action_help)
        if isinstance(screen, StudyScreen):
            yield SystemCommand(
                "Quiz this topic",
                "Start the quiz on the selected topic",
                lambda: self.run_action("screen.quiz(False)"),
            )
            yield SystemCommand(
                "Quiz this branch",
                "Start a quiz on the selected topic and everything below it",
                lambda: self.run_action("screen.quiz(True)"),
            )
        yield SystemCommand(
            "Statistics", "Mastery, accuracy and the due forecast", self.action_stats
        )
        if isinstance(screen, StudyScreen):
            yield SystemCommand(
                "Generate questions for this topic",
                "Have the local model write questions on the selected topic, saved beside the note",
                lambda: self.run_action("screen.generate"),
            )
            yield SystemCommand(
                "Review due cards",
                "Review the cards due in the whole course",
                lambda: self.run_action("screen.review(False)"),
            )
            yield SystemCommand(
                "Review this branch",
                "Review the cards due in the selected topic and below it",
                lambda: self.run_action("screen.review(True)"),
            )
        yield SystemCommand(
            "Choose grading model",
            "List the models Ollama has installed and grade free text with one",
            self.action_choose_model,
        )
        yield SystemCommand(
            "Check for Ollama again",
            "See whether a local model can grade free-text answers now",
            self.detect_grader,
        )


def create_app(
    course: Course,
    store: ProgressStore,
    config: Config,
    *,
    blink: bool = True,
    notes_cache: NoteCache | None = None,
) -> TutorApp:
    """Build the app users run; the tests drive the same one. The app tells time by
    the store's clock, so what is recorded and what is shown agree. ``notes_cache``
    is the one ``course`` was loaded with, to be saved with the questions counted.
    """
    store.open_course(course.id, str(course.root.resolve()))
    return TutorApp(course, store, config, clock=store.clock, blink=blink, notes_cache=notes_cache)
