"""Follow a link from the keyboard: the lesson's links to other topics, one to pick."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Label, OptionList
from textual.widgets.option_list import Option

from tutor.course import Topic
from tutor.course.links import Link
from tutor.untrusted import one_line


class LinkPicker(ModalScreen[str | None]):
    """Each link's words and the topic it leads to; Enter follows one, Esc stays."""

    BINDINGS = [Binding("escape", "dismiss(None)", "Cancel", id="links.cancel")]

    def __init__(self, links: list[tuple[Link, Topic]]) -> None:
        super().__init__()
        self.links = links

    def compose(self) -> ComposeResult:
        with Vertical(id="links"):
            yield Label(Text("Links in this lesson", style="bold"))
            yield OptionList(
                *(Option(_choice(link, target), id=target.id) for link, target in self.links)
            )
            yield Label(Text("Enter goes there (Backspace comes back); Esc stays.", style="dim"))

    def on_mount(self) -> None:
        self.query_one(OptionList).focus()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(event.option.id)


def _choice(link: Link, target: Topic) -> Text:
    """A link's words, and where it leads when they do not say so."""
    text = Text(one_line(link.label))
    place = " › ".join(target.path)
    if link.label != target.title:
        text.append(one_line(f"  → {place}"), style="dim")
    return text
