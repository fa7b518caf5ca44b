"""Pick the model that grades free-text answers, from those the Ollama server has."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Label, OptionList
from textual.widgets.option_list import Option

from tutor.llm.server import same_model
from tutor.untrusted import one_line


class ModelPicker(ModalScreen[str | None]):
    """The installed models; Enter picks one, Esc keeps the current model."""

    BINDINGS = [Binding("escape", "dismiss(None)", "Cancel", id="models.cancel")]

    def __init__(self, models: list[str], current: str) -> None:
        super().__init__()
        self.models = models
        self.in_use = next((i for i, name in enumerate(models) if same_model(name, current)), None)

    def compose(self) -> ComposeResult:
        with Vertical(id="models"):
            yield Label(Text("Grade free-text answers with", style="bold"))
            yield OptionList(
                *(
                    Option(
                        Text(one_line(f"{name}  (in use)" if i == self.in_use else name)), id=name
                    )
                    for i, name in enumerate(self.models)
                )
            )
            yield Label(Text("Enter picks (saved to the config file); Esc cancels.", style="dim"))

    def on_mount(self) -> None:
        options = self.query_one(OptionList)
        options.highlighted = self.in_use or 0
        options.focus()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(event.option.id)
