"""Everything about one interview: people, topics, notes, rounds, sent mail, next action.

The list's keys work here too (w e s r x X d u n c): the screen hands the
key back to the list, which acts on this interview and, for changes made in
place, opens the detail again. Enter on a sent email opens it read-only.
"""

from __future__ import annotations

from datetime import datetime

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from followup_tui.core.actions import OUTCOME_LABELS
from followup_tui.core.humantime import exact, when_phrase
from followup_tui.core.model import Followup, Interview, Response
from followup_tui.core.schedule import NextAction
from followup_tui.core.text import printable
from followup_tui.mail.sent_copies import SentMail, sent_mail
from followup_tui.storage.paths import Home
from followup_tui.tui.widgets.footer import Footer
from followup_tui.tui.widgets.header import Header
from followup_tui.tui.widgets.interview_table import state_label

# The list's keys the detail passes back to it: (key, action, description).
LIST_KEYS = (
    ("w", "draft", "Write"),
    ("e", "edit", "Edit"),
    ("s", "mark_sent", "Sent"),
    ("r", "mark_replied", "Reply"),
    ("x", "skip", "Skip"),
    ("X", "close", "Close"),
    ("n", "next_round", "Next round"),
    ("c", "checklist", "Checklist"),
    ("d", "delete", "Delete"),
    ("u", "undo", "Undo"),
)

NOTES_SHOWN = 20_000  # characters of notes the detail view shows


def _p(value: str) -> str:
    return printable(value)


def _followup_line(item: Followup) -> str:
    stamp = item.sent_at or item.updated_at or item.created_at
    when = exact(stamp) if stamp else "undated"
    if not item.is_sent and item.send_at is not None:
        when = f"goes out {exact(item.send_at)}"
    who = item.interviewer or item.to or "everyone"
    line = f"• {item.state} {item.kind.replace('_', ' ')} to {_p(who)}, {when}"
    if item.state == "skipped" and item.reason:
        return f"{line} — {_p(item.reason)}"
    if item.subject:
        line += f" — {_p(item.subject)}"
    if item.notice and not item.is_sent:  # what the send queue had to say
        line += f"\n  {_p(item.notice)}"
    return line


def _reply_line(response: Response) -> str:
    line = f"• reply received {exact(response.received_at)}"
    if response.sender:  # found in the mailbox: who, and how it matched
        how = _p(response.matched)
        line += f" from {_p(response.sender)} — {_p(response.subject)} ({how} match)"
    if response.outcome:
        line += f" ({OUTCOME_LABELS[response.outcome].lower()})"
    if response.note:
        line += f": {_p(response.note)}"
    return line


def _history(out: Text, interview: Interview) -> None:
    if not interview.followups:
        out.append("Nothing sent yet.\n")
    for item in interview.followups:
        out.append(_followup_line(item) + "\n")
    if interview.response is not None:
        out.append(_reply_line(interview.response) + "\n")


def describe(
    interview: Interview,
    action: NextAction,
    now: datetime,
    rounds: list[Interview] | None = None,
    *,
    title: bool = True,
) -> Text:
    """The detail text; user data is appended as plain text, never markup.

    ``title``: start with company and position (the split's pane leaves them
    out: the highlighted row beside it says them).
    """
    out = Text()

    def heading(label: str) -> None:
        out.append(f"\n{label}\n", style="bold underline")

    def line(label: str, value: str) -> None:
        out.append(f"{label}: ", style="bold")
        out.append(value)
        out.append("\n")

    if title:
        out.append(_p(interview.company), style="bold")
        out.append(" · ")
        out.append(_p(interview.position))
        if interview.round > 1:
            out.append(f" (round {interview.round})")
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
    if not title and interview.position:
        line("Position", _p(interview.position))
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
    _history(out, interview)
    if rounds and len(rounds) > 1:
        heading("All rounds of this application")
        for item in rounds:
            mark = " (this one)" if item.id == interview.id else ""
            out.append(f"Round {item.round}: {exact(item.interview_at)}{mark}\n", style="bold")
            _history(out, item)
    return out


class DetailScreen(Screen[str | None]):
    """One interview; its keys are the list's, passed back to it (dismissed with the action)."""

    BINDINGS = [
        Binding("escape,q", "back", "Back", id="detail.back"),
        *(
            Binding(key, f"pass_on('{name}')", label, id=f"detail.{name}")
            for key, name, label in LIST_KEYS
        ),
        Binding("j", "scroll(1)", "Down", show=False, id="detail.down"),
        Binding("k", "scroll(-1)", "Up", show=False, id="detail.up"),
        Binding("g", "home", "Top", show=False, id="detail.top"),
        Binding("G", "end", "Bottom", show=False, id="detail.bottom"),
        Binding("ctrl+d", "page(1)", "Half page down", show=False, id="detail.page_down"),
        Binding("ctrl+u", "page(-1)", "Half page up", show=False, id="detail.page_up"),
    ]
    DEFAULT_CSS = """
    DetailScreen VerticalScroll { padding: 0 2; }
    DetailScreen #sent-title { padding: 0 2; text-style: bold underline; }
    DetailScreen #sent { height: auto; max-height: 8; border: none; padding: 0 2; }
    """

    def __init__(
        self,
        interview: Interview,
        action: NextAction,
        now: datetime,
        rounds: list[Interview] | None = None,
        home: Home | None = None,
    ) -> None:
        super().__init__()
        self.interview = interview
        self.action = action
        self.now = now
        self.rounds = rounds
        self.mails: list[SentMail] = sent_mail(interview, home.sent) if home is not None else []

    def compose(self) -> ComposeResult:
        yield Header()
        with VerticalScroll(id="detail-scroll"):
            yield Static(describe(self.interview, self.action, self.now, self.rounds), id="detail")
        if self.mails:
            yield Static(Content("Sent mail (Enter opens one)"), id="sent-title")
            yield OptionList(
                *(Option(Content(_p(mail.label)), id=str(i)) for i, mail in enumerate(self.mails)),
                id="sent",
            )
        yield Footer()

    def on_mount(self) -> None:
        self.title = printable(self.interview.title)
        if self.mails:
            self.query_one("#sent", OptionList).focus()
        else:
            self.query_one(VerticalScroll).focus()

    def _scroller(self) -> VerticalScroll:
        return self.query_one("#detail-scroll", VerticalScroll)

    def action_back(self) -> None:
        """Back to the list."""
        self.dismiss(None)

    def action_pass_on(self, name: str) -> None:
        """Hand the key to the list, which acts on this interview."""
        self.dismiss(name)

    def action_scroll(self, lines: int) -> None:
        """j/k: the sent-mail list when it has the focus, else the text."""
        focused = self.focused
        if isinstance(focused, OptionList):
            focused.action_cursor_down() if lines > 0 else focused.action_cursor_up()
        else:
            self._scroller().scroll_relative(y=lines, animate=False)

    def action_page(self, direction: int) -> None:
        """Half a page down or up (ctrl+d / ctrl+u)."""
        scroller = self._scroller()
        scroller.scroll_relative(y=direction * max(1, scroller.size.height // 2), animate=False)

    def action_home(self) -> None:
        """To the top."""
        self._scroller().scroll_home(animate=False)

    def action_end(self) -> None:
        """To the bottom."""
        self._scroller().scroll_end(animate=False)

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        from followup_tui.tui.screens.sent_mail_screen import SentMailScreen

        self.app.push_screen(SentMailScreen(self.mails[int(event.option.id or 0)]))
