"""The footer of keys, laid out again only when the keys it shows change."""

from __future__ import annotations

from collections.abc import Hashable

from textual.widgets import Footer


class KeyFooter(Footer):
    """Textual's footer, without the work when nothing it shows has changed.

    Textual's footer removes and mounts every key each time the screen says its
    bindings may have changed, and tutor says so on every move in the tree (a
    lesson's links and folds decide some keys). That cost a few dozen widgets
    per keypress, mounted and styled, for a footer that mostly looks the same;
    here the keys are compared first and laid out only if they differ.
    """

    def __init__(self) -> None:
        super().__init__()
        self._shown: Hashable | None = None

    def _keys(self) -> Hashable:
        """What :meth:`compose` would draw: each key shown, its label and whether it works."""
        if not self._bindings_ready:
            return None
        display = self.app.get_key_display
        keys = tuple(
            (key, display(binding), binding.description, binding.action, binding.group, *state)
            for key, (_, binding, *state) in self.screen.active_bindings.items()
            if binding.show or key == self.app.COMMAND_PALETTE_BINDING
        )
        return keys, self.show_command_palette, self.combine_groups

    async def recompose(self) -> None:
        """Lay the keys out again, if they are not the ones on show."""
        keys = self._keys()
        if keys is not None and keys == self._shown:
            return
        self._shown = keys
        await super().recompose()
