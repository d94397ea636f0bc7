"""Shown when a save is refused because the file changed on disk."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Button, Static


class ConflictModal(ModalScreen[bool]):
    """Explain the conflict; True means reload from disk, False keep looking."""

    DEFAULT_CSS = """
    ConflictModal { align: center middle; }
    ConflictModal > Vertical {
        width: 70; max-width: 95%; height: auto; padding: 1 2;
        border: thick $error; background: $surface;
    }
    ConflictModal .title { text-style: bold; color: $error; }
    ConflictModal #message { margin: 1 0; }
    ConflictModal Horizontal { height: auto; align-horizontal: right; }
    ConflictModal Button { margin-left: 1; }
    """
    BINDINGS = [
        Binding("r", "choose(True)", "Reload", id="conflict.reload"),
        Binding("escape", "choose(False)", "Cancel", id="conflict.cancel"),
    ]

    def __init__(self, message: str) -> None:
        super().__init__()
        self.message = message

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static("Not saved: the file changed on disk", classes="title")
            yield Static(Content(self.message), id="message")
            yield Static(
                "Reload shows the version on disk; your change was not written. "
                "Make it again after reloading."
            )
            with Horizontal():
                yield Button("Reload", variant="primary", id="reload")
                yield Button("Cancel", id="cancel")

    def on_mount(self) -> None:
        self.query_one("#reload", Button).focus()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        self.dismiss(event.button.id == "reload")

    def action_choose(self, reload: bool) -> None:
        """Dismiss with the user's choice."""
        self.dismiss(reload)
