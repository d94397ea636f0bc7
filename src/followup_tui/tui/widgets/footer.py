"""Textual's footer, rebuilt only when the keys it shows have changed."""

from __future__ import annotations

from textual.screen import Screen
from textual.widgets import Footer as TextualFooter


class Footer(TextualFooter):
    """The stock footer, with its rebuilds coalesced.

    Textual's footer (8.2.8) removes and mounts every key widget again each
    time the screen's bindings are updated, once per update even when several
    arrive in one burst, and even when the keys shown are the same. Mounting a
    dozen keys and styling them is the largest single cost of the list's
    first paint after Textual's import (5 rebuilds before it). Here a burst
    becomes one rebuild, and a rebuild that would show the same keys is skipped.
    """

    _rebuild_pending = False
    _shown: tuple[object, ...] | None = None

    def bindings_changed(self, screen: Screen[object]) -> None:
        """Schedule one rebuild for a burst of binding updates."""
        self._bindings_ready = True
        if not screen.app.app_focus:
            return
        if self.is_attached and screen is self.screen and not self._rebuild_pending:
            self._rebuild_pending = True
            self.call_after_refresh(self._rebuild)

    async def _rebuild(self) -> None:
        self._rebuild_pending = False
        if not self.is_attached:
            return
        shown = self._keys_shown()
        if shown == self._shown:
            return
        self._shown = shown
        await self.recompose()

    def _keys_shown(self) -> tuple[object, ...]:
        """What the footer would draw: every shown binding, its key display and state."""
        app = self.app
        return (
            self.compact,
            self.show_command_palette,
            tuple(
                (
                    binding.key,
                    app.get_key_display(binding),
                    binding.description,
                    binding.action,
                    enabled,
                    tooltip,
                    binding.group,
                )
                for key, (_, binding, enabled, tooltip) in self.screen.active_bindings.items()
                if binding.show or key == app.COMMAND_PALETTE_BINDING
            ),
        )
