"""A small modal that asks one question and returns the chosen button's id."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Label, Static


class ChoiceModal(ModalScreen[str]):
    """Title, a message, optional detail lines, and one button per choice.

    ``choices`` are (id, label) pairs; the first is the default. Escape returns
    ``cancel``. All text is shown as plain text, never markup. ``about`` names
    the question ("quit", "leave"), so the same question is never stacked twice.
    """

    CSS_PATH = "choice_modal.tcss"
    BINDINGS = [
        Binding("escape", "dismiss('cancel')", "Cancel", id="modal.cancel"),
        Binding("left", "app.focus_previous", "Previous choice", show=False),
        Binding("right", "app.focus_next", "Next choice", show=False),
    ]

    def __init__(
        self,
        title: str,
        message: str,
        choices: list[tuple[str, str]],
        *,
        details: list[str] | None = None,
        details_title: str = "",
        about: str = "",
    ) -> None:
        super().__init__()
        self.about = about
        self.title_text = title
        self.message = message
        self.choices = choices
        self.details = details or []
        self.details_title = details_title

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog"):
            yield Label(self.title_text, id="title", markup=False)
            yield Static(self.message, id="message", markup=False)
            if self.details:
                yield Label(self.details_title, id="details-title", markup=False)
                yield Static(
                    "\n".join(f"• {line}" for line in self.details), id="details", markup=False
                )
            with Horizontal(id="buttons"):
                for index, (choice_id, label) in enumerate(self.choices):
                    yield Button(
                        label, id=choice_id, variant="primary" if index == 0 else "default"
                    )

    def on_mount(self) -> None:
        self.query_one(f"#{self.choices[0][0]}", Button).focus()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.dismiss(event.button.id or "cancel")
