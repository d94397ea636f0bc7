"""One small dialog: pick one of a few choices, add an optional note, Enter to save.

Used for a reply's outcome and for the reason a thank-you is skipped. It
returns ``(choice id, note)``, or None on Escape. All text is plain, never markup.
"""

from __future__ import annotations

from textual import events
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option

Picked = tuple[str, str]


class PickModal(ModalScreen[Picked | None]):
    """A title, a list of choices (1-9 pick at once), a note, and Enter."""

    DEFAULT_CSS = """
    PickModal { align: center middle; }
    PickModal > Vertical {
        width: 64; max-width: 95%; height: auto; max-height: 95%; padding: 0 1;
        border: thick $primary; background: $surface;
    }
    PickModal #pick-title { text-style: bold; margin-bottom: 1; }
    PickModal OptionList { height: auto; max-height: 9; border: none; padding: 0; }
    PickModal #pick-note { margin-top: 1; }
    PickModal #pick-hint { color: $text-muted; }
    """
    BINDINGS = [
        Binding("escape", "cancel", "Cancel", id="pick.cancel"),
        Binding("j", "move(1)", "Down", show=False, id="pick.down"),
        Binding("k", "move(-1)", "Up", show=False, id="pick.up"),
    ]

    def __init__(
        self, title: str, choices: list[tuple[str, str]], *, note: str = "", placeholder: str = ""
    ) -> None:
        super().__init__()
        self.title_text = title
        self.choices = choices
        self.note = note
        self.placeholder = placeholder or "Note (optional)"

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(Content(self.title_text), id="pick-title")
            yield OptionList(
                *(
                    Option(Content(f"{number}  {label}"), id=choice)
                    for number, (choice, label) in enumerate(self.choices, 1)
                ),
                id="pick-choices",
            )
            yield Input(self.note, placeholder=self.placeholder, id="pick-note")
            yield Static(
                Content("1-9 or ↑↓ choose · tab note · enter save · esc cancel"), id="pick-hint"
            )

    def on_mount(self) -> None:
        options = self.query_one(OptionList)
        options.highlighted = 0
        options.focus()

    def on_key(self, event: events.Key) -> None:
        key = event.character or ""
        if self.focused is self.query_one(OptionList) and key.isdigit():
            number = int(key)
            if 1 <= number <= len(self.choices):
                event.stop()
                self.query_one(OptionList).highlighted = number - 1

    def action_move(self, step: int) -> None:
        """j/k in the choices (in the note they are letters)."""
        options = self.query_one(OptionList)
        if self.focused is options:
            options.action_cursor_down() if step > 0 else options.action_cursor_up()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "move":
            return self.focused is self.query_one(OptionList)
        return True

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self._save()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self._save()

    def _save(self) -> None:
        options = self.query_one(OptionList)
        index = options.highlighted if options.highlighted is not None else 0
        note = self.query_one("#pick-note", Input).value.strip()
        self.dismiss((self.choices[index][0], note))

    def action_cancel(self) -> None:
        """Close without saving anything."""
        self.dismiss(None)
