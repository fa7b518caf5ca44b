"""The tutor app and the one factory that builds it, for the CLI and the tests alike."""

from __future__ import annotations

from collections.abc import Iterable

from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.screen import Screen

from tutor.course import Course
from tutor.study.progress import CourseProgress, ProgressStore
from tutor.ui.commands import TopicCommands
from tutor.ui.help import HelpScreen, binding_rows
from tutor.ui.study_screen import StudyScreen


class TutorApp(App[None]):
    """Study a course: the topic tree, the lesson and its quiz, with progress kept."""

    CSS_PATH = "tutor.tcss"
    COMMANDS = App.COMMANDS | {TopicCommands}
    BINDINGS = [
        Binding(
            "question_mark", "help", "Help", key_display="?", tooltip="this help", id="app.help"
        ),
        Binding("q", "quit", "Quit", tooltip="quit (progress is already saved)", id="app.quit"),
        Binding(
            "ctrl+q",
            "quit",
            "Quit",
            show=False,
            priority=True,
            tooltip="quit (progress is already saved)",
            id="app.quit-ctrl",
        ),
    ]

    def __init__(self, course: Course, store: ProgressStore, *, blink: bool = True) -> None:
        super().__init__()
        self.course = course
        self.store = store
        self.blink = blink  # tests and screenshots turn cursor blinking off
        self.title = course.title

    @property
    def progress(self) -> CourseProgress:
        return self.store.course(self.course.id)

    def get_default_screen(self) -> Screen[None]:
        return StudyScreen()

    def on_mount(self) -> None:
        problems = len(self.course.problems)
        if problems:
            self.notify(
                f"{problems} problem{'s' * (problems != 1)} in the course files;"
                " run `tutor check` on the course for details.",
                severity="warning",
                timeout=8,
            )
        if self.store.notice:
            self.notify(self.store.notice, title="Progress", severity="warning", timeout=15)
        screen = self.screen
        if isinstance(screen, StudyScreen):
            screen.save()  # remembers this course as the one to reopen

    def action_help(self) -> None:
        if isinstance(self.screen, HelpScreen):
            return
        bindings = [*StudyScreen.BINDINGS, *self.BINDINGS]
        self.push_screen(HelpScreen(binding_rows([b for b in bindings if isinstance(b, Binding)])))

    async def go_to_topic(self, topic_id: str) -> None:
        screen = self.screen
        if isinstance(screen, StudyScreen):
            await screen.go_to_topic(topic_id)

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


def create_app(course: Course, store: ProgressStore, *, blink: bool = True) -> TutorApp:
    """Build the app users run; the tests drive the same one."""
    store.open_course(course.id, str(course.root.resolve()))
    return TutorApp(course, store, blink=blink)
