"""One interviewer in the add/edit form: name, email, title, greeting, topics, remove.

The greeting input proposes the name's first part as its placeholder; left
empty, emails greet the full name (always right, whatever the name's order).
Topics (what was discussed with this person) are separated by semicolons.
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.message import Message
from textual.widgets import Button, Input

from followup_tui.checks.names import proposed_greet
from followup_tui.core.model import Interviewer
from followup_tui.core.text import printable

TOPIC_SEPARATOR = ";"


class InterviewerRow(Horizontal):
    """Five inputs for one person; posts Removed when its button is pressed."""

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
        greet = printable(person.greet) if person else ""
        hint = f"Greet as ({proposed_greet(person.name)})" if person else "Greet as"
        yield Input(greet, placeholder=hint, classes="greet")
        topics = f"{TOPIC_SEPARATOR} ".join(person.topics) if person else ""
        yield Input(printable(topics), placeholder="Topics with them (a; b)", classes="topics")
        yield Button("✕", classes="remove", tooltip="Remove this interviewer")

    def on_input_changed(self, event: Input.Changed) -> None:
        """Propose a greeting name from the name as it is typed."""
        if event.input.has_class("name"):
            name = event.value.strip()
            greet = self.query_one(".greet", Input)
            greet.placeholder = f"Greet as ({proposed_greet(name)})" if name else "Greet as"

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
        greet = self.query_one(".greet", Input).value.strip()
        raw = self.query_one(".topics", Input).value.split(TOPIC_SEPARATOR)
        topics = [topic.strip() for topic in raw if topic.strip()]
        return Interviewer(
            name=name, email=email, title=title, extra=extra, greet=greet, topics=topics
        )
