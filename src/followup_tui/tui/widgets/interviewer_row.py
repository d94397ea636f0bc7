"""One interviewer in the add/edit form: name, email, title and a remove button."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.message import Message
from textual.widgets import Button, Input

from followup_tui.core.model import Interviewer
from followup_tui.core.text import printable


class InterviewerRow(Horizontal):
    """Three inputs for one person; posts Removed when its button is pressed."""

    DEFAULT_CSS = """
    InterviewerRow { height: auto; }
    InterviewerRow Input { width: 1fr; }
    InterviewerRow Button { min-width: 5; width: 5; }
    """

    class Removed(Message):
        """The user asked to remove this interviewer row."""

        def __init__(self, row: InterviewerRow) -> None:
            super().__init__()
            self.row = row

    def __init__(self, person: Interviewer | None = None) -> None:
        super().__init__(classes="interviewer-row")
        self.person = person

    def compose(self) -> ComposeResult:
        person = self.person
        yield Input(printable(person.name) if person else "", placeholder="Name", classes="name")
        yield Input(printable(person.email) if person else "", placeholder="Email", classes="email")
        yield Input(printable(person.title) if person else "", placeholder="Title", classes="title")
        yield Button("✕", classes="remove", tooltip="Remove this interviewer")

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.post_message(self.Removed(self))

    def values(self) -> tuple[str, str, str]:
        """(name, email, title) as typed, stripped."""
        return (
            self.query_one(".name", Input).value.strip(),
            self.query_one(".email", Input).value.strip(),
            self.query_one(".title", Input).value.strip(),
        )

    def to_interviewer(self) -> Interviewer:
        """An Interviewer from the inputs, keeping unknown keys of the original."""
        name, email, title = self.values()
        extra = dict(self.person.extra) if self.person else {}
        return Interviewer(name=name, email=email, title=title, extra=extra)
