"""Command palette entries for the list screen, built from its bindings.

Only actions that apply now (the screen's ``check_action``) are offered, so
the palette and the footer always agree.
"""

from __future__ import annotations

from functools import partial
from typing import Protocol

from textual.binding import Binding
from textual.command import DiscoveryHit, Hit, Hits, Provider


class HasCommands(Protocol):
    """A screen that lists its palette commands as (binding, key display)."""

    def palette_bindings(self) -> list[tuple[Binding, str]]: ...

    async def run_action(self, action: str) -> bool: ...


class ListCommands(Provider):
    """Every list action that applies to the current selection."""

    def _entries(self) -> list[tuple[Binding, str]]:
        screen = self.screen
        if not hasattr(screen, "palette_bindings"):
            return []
        owner: HasCommands = screen  # type: ignore[assignment]
        return owner.palette_bindings()

    async def discover(self) -> Hits:
        """Show every applicable action when the palette opens."""
        for binding, key in self._entries():
            yield DiscoveryHit(
                binding.description,
                partial(self.screen.run_action, binding.action),
                help=f"key: {key}",
            )

    async def search(self, query: str) -> Hits:
        """Fuzzy-match the actions' descriptions."""
        matcher = self.matcher(query)
        for binding, key in self._entries():
            score = matcher.match(binding.description)
            if score > 0:
                yield Hit(
                    score,
                    matcher.highlight(binding.description),
                    partial(self.screen.run_action, binding.action),
                    help=f"key: {key}",
                )
