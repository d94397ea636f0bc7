"""Shown when a save is refused because the file changed on disk: one set of choices."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Button, Static

RELOAD, COPY = "reload", "copy"


class ConflictModal(ModalScreen[str | None]):
    """Explain the conflict; "reload" (theirs), "copy" (keep mine as a copy) or None (cancel).

    ``compare`` shows what differs between the file on disk and the unsaved
    version, as a unified diff of the two files, without leaving the dialog.
    Without ``mine`` (a delete was refused) only reloading is offered.
    """

    DEFAULT_CSS = """
    ConflictModal { align: center middle; }
    ConflictModal > Vertical {
        width: 90; max-width: 95%; height: auto; max-height: 90%; padding: 1 2;
        border: thick $error; background: $surface;
    }
    ConflictModal .title { text-style: bold; color: $error; }
    ConflictModal #message { margin: 1 0; }
    ConflictModal #diff { height: auto; max-height: 20; border: round $panel; display: none; }
    ConflictModal #diff.shown { display: block; }
    ConflictModal Horizontal { height: auto; align-horizontal: right; }
    ConflictModal Button { margin-left: 1; }
    """
    BINDINGS = [
        Binding("r", "choose('reload')", "Reload theirs", id="conflict.reload"),
        Binding("k", "choose('copy')", "Keep mine as a copy", id="conflict.copy"),
        Binding("c", "compare", "Compare", id="conflict.compare"),
        Binding("escape", "choose('')", "Cancel", id="conflict.cancel"),
    ]

    def __init__(self, message: str, diff: str = "", *, mine: bool = True) -> None:
        super().__init__()
        self.message = message
        self.diff = diff
        self.mine = mine

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static("Not saved: the file changed on disk", classes="title")
            yield Static(Content(self.message), id="message")
            if self.mine:
                yield Static(
                    "Reload shows their version (yours is dropped); keep mine saves yours "
                    "as a new interview beside theirs; compare shows what differs."
                )
            else:
                yield Static("Reload shows the version on disk; nothing was changed.")
            with VerticalScroll(id="diff"):
                yield Static(Content(self.diff or "(no difference in the files)"), id="diff-text")
            with Horizontal():
                yield Button("Reload theirs", variant="primary", id=RELOAD)
                if self.mine:
                    yield Button("Keep mine as a copy", id=COPY)
                    yield Button("Compare", id="compare")
                yield Button("Cancel", id="cancel")

    def on_mount(self) -> None:
        self.query_one(f"#{RELOAD}", Button).focus()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        if event.button.id == "compare":
            self.action_compare()
        else:
            self.action_choose(event.button.id or "")

    def action_compare(self) -> None:
        """Show (or hide) what differs between the file on disk and the unsaved version."""
        if self.mine:
            self.query_one("#diff").toggle_class("shown")

    def action_choose(self, choice: str) -> None:
        """Dismiss with the user's choice (None: cancel)."""
        if choice == COPY and not self.mine:
            return
        self.dismiss(choice if choice in (RELOAD, COPY) else None)
