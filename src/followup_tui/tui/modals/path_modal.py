"""Ask for a file path (used to export a draft as .eml)."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Label


class PathModal(ModalScreen[str | None]):
    """One Input prefilled with a suggested path; Enter returns it, Escape cancels."""

    CSS_PATH = "choice_modal.tcss"
    BINDINGS = [Binding("escape", "dismiss(None)", "Cancel", id="modal.cancel")]

    def __init__(self, title: str, suggested: str) -> None:
        super().__init__()
        self.title_text = title
        self.suggested = suggested

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog"):
            yield Label(self.title_text, id="title", markup=False)
            yield Input(self.suggested, id="path")
            yield Label("Enter to save, Escape to cancel", markup=False)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.dismiss(event.value.strip() or None)
