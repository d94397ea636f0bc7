"""The launch screen: every interview, most urgent first.

A first version for the foundation; the list issue grows it into the full
screen (filter, detail, add/edit/delete, live reload).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, cast

from rich.text import Text
from textual.app import ComposeResult
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Header

from followup_tui.schedule import State, by_urgency, counts, summary_sentence

if TYPE_CHECKING:
    from followup_tui.tui.app import FollowupApp

STATE_STYLE = {
    State.OVERDUE: "bold red",
    State.DUE: "yellow",
    State.REMINDER_DUE: "yellow",
    State.CLOSED: "dim",
}


class InterviewListScreen(Screen[None]):
    """Interviews sorted by urgency, with their next action."""

    @property
    def followup(self) -> FollowupApp:
        return cast("FollowupApp", self.app)

    def compose(self) -> ComposeResult:
        yield Header()
        yield DataTable(cursor_type="row", zebra_stripes=True)
        yield Footer()

    def on_mount(self) -> None:
        app = self.followup
        result = app.store.load_all()
        now = app.now()
        pairs = by_urgency(result.interviews, now, app.config.timing)
        table = self.query_one(DataTable)
        table.add_columns("State", "Company", "Position", "Next action")
        for interview, action in pairs:
            style = STATE_STYLE.get(action.state, "")
            table.add_row(
                Text(action.state.value, style=style),
                Text(interview.company),
                Text(interview.position),
                Text(action.summary),
                key=interview.id,
            )
        self.notify(summary_sentence(counts(a for _, a in pairs)), markup=False)
        for problem in result.problems:
            self.notify(str(problem), severity="error", markup=False, timeout=15)
