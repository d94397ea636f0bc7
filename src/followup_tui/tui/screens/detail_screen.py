"""Everything about one interview: people, topics, notes, history, next action."""

from __future__ import annotations

from datetime import datetime

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import Static

from followup_tui.core.humantime import exact, when_phrase
from followup_tui.core.model import Interview
from followup_tui.core.schedule import NextAction
from followup_tui.core.text import printable
from followup_tui.tui.widgets.footer import Footer
from followup_tui.tui.widgets.header import Header
from followup_tui.tui.widgets.interview_table import state_label

NOTES_SHOWN = 20_000  # characters of notes the detail view shows


def _p(value: str) -> str:
    return printable(value)


def describe(interview: Interview, action: NextAction, now: datetime) -> Text:
    """The detail text; user data is appended as plain text, never markup."""
    out = Text()

    def heading(label: str) -> None:
        out.append(f"\n{label}\n", style="bold underline")

    def line(label: str, value: str) -> None:
        out.append(f"{label}: ", style="bold")
        out.append(value)
        out.append("\n")

    out.append(_p(interview.company), style="bold")
    out.append(" · ")
    out.append(_p(interview.position))
    out.append("\n")
    heading("Next action")
    line("State", state_label(action.state))
    line("Do", _p(action.summary))  # names an interviewer
    line("When", when_phrase(interview, action, now))
    if action.deadline is not None:
        line("Deadline", exact(action.deadline))
    if action.ideal_by is not None:
        line("Ideally by", exact(action.ideal_by))
    heading("Interview")
    line("At", exact(interview.interview_at))
    line("Duration", f"{interview.duration_minutes} minutes")
    line("Format", _p(interview.format))
    if interview.location:
        line("Location", _p(interview.location))
    if interview.outcome:
        line("Outcome", interview.outcome.replace("_", " "))
    heading("Interviewers")
    if not interview.interviewers:
        out.append("(none recorded; press e to add them)\n")
    for person in interview.interviewers:
        out.append(f"• {_p(person.name)}")
        if person.title:
            out.append(f", {_p(person.title)}")
        if person.email:
            out.append(f" <{_p(person.email)}>")
        out.append("\n")
    heading("Topics discussed")
    for topic in interview.topics or ["(none recorded)"]:
        out.append(f"• {_p(topic)}\n")
    if interview.initiative:
        line("Initiative they mentioned", _p(interview.initiative))
    heading("Notes")
    notes = interview.notes
    if len(notes) > NOTES_SHOWN:  # wrapping a megabyte here would freeze the screen
        rest = len(notes) - NOTES_SHOWN
        notes = f"{notes[:NOTES_SHOWN]}\n… and {rest:,} more characters (press e to see them)"
    out.append(printable(notes, newlines=True) or "(none)")
    out.append("\n")
    heading("Follow-up history")
    if not interview.followups:
        out.append("Nothing sent yet.\n")
    for item in interview.followups:
        stamp = item.sent_at or item.updated_at or item.created_at
        when = exact(stamp) if stamp else "undated"
        if not item.is_sent and item.send_at is not None:
            when = f"goes out {exact(item.send_at)}"
        who = item.interviewer or item.to or "everyone"
        out.append(f"• {item.state} {item.kind.replace('_', ' ')} to {_p(who)}, {when}")
        if item.subject:
            out.append(f" — {_p(item.subject)}")
        out.append("\n")
        if item.notice and not item.is_sent:
            out.append(f"  {_p(item.notice)}\n", style="bold")
    if interview.response is not None:
        out.append(f"• reply received {exact(interview.response.received_at)}")
        if interview.response.sender:  # found in the mailbox: who, and how it matched
            found = interview.response
            how = _p(found.matched)
            out.append(f" from {_p(found.sender)} — {_p(found.subject)} ({how} match)")
        if interview.response.note:
            out.append(f": {_p(interview.response.note)}")
        out.append("\n")
    return out


class DetailScreen(Screen[None]):
    """A read-only view of one interview; Escape goes back to the list."""

    BINDINGS = [Binding("escape,q", "app.pop_screen", "Back", id="detail.back")]
    DEFAULT_CSS = """
    DetailScreen VerticalScroll { padding: 0 2; }
    """

    def __init__(self, interview: Interview, action: NextAction, now: datetime) -> None:
        super().__init__()
        self.interview = interview
        self.action = action
        self.now = now

    def compose(self) -> ComposeResult:
        yield Header()
        with VerticalScroll():
            yield Static(describe(self.interview, self.action, self.now), id="detail")
        yield Footer()

    def on_mount(self) -> None:
        self.title = printable(self.interview.title)
        self.query_one(VerticalScroll).focus()
