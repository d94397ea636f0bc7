"""The Textual application: holds the store, config and clock; screens do the work."""

from __future__ import annotations

from datetime import datetime

from textual.app import App

from followup_tui import clock
from followup_tui.config import Config
from followup_tui.paths import Home
from followup_tui.store import Store
from followup_tui.tui.screens.list_screen import InterviewListScreen


class FollowupApp(App[None]):
    """followup-tui: what do I owe whom, and by when?"""

    TITLE = "followup"

    def __init__(
        self,
        home: Home,
        config: Config,
        *,
        theme: str | None = None,
        demo: bool = False,
    ) -> None:
        super().__init__()
        self.home = home
        self.config = config
        self.store = Store(home)
        self.demo = demo
        self._requested_theme = theme or config.theme

    def get_theme_variable_defaults(self) -> dict[str, str]:
        """Urgency and checklist colours, derived from the theme unless it sets them."""
        colors = self.current_theme.to_color_system().generate()
        return {
            "overdue": colors["error"],
            "due": colors["warning"],
            "reminder-due": colors["warning"],
            "upcoming": colors["primary"],
            "waiting": colors["foreground-muted"],
            "closed": colors["foreground-disabled"],
            "check-pass": colors["success"],
            "check-warn": colors["warning"],
            "check-fail": colors["error"],
            "check-manual": colors["accent"],
        }

    def now(self) -> datetime:
        """The current time (honours FOLLOWUP_TUI_NOW)."""
        return clock.now()

    def on_mount(self) -> None:
        if self._requested_theme in self.available_themes:
            self.theme = self._requested_theme
        elif self._requested_theme:
            self.notify(
                f"Unknown theme {self._requested_theme!r}; using {self.theme}.",
                severity="warning",
                markup=False,
            )
        if self.config.keys:
            self.set_keymap(self.config.keys)
        self.push_screen(InterviewListScreen())
