"""Pick when a draft goes out: the proposed times, or one typed like the form's dates."""

from __future__ import annotations

from datetime import datetime

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Label, OptionList, Static
from textual.widgets.option_list import Option

from followup_tui.core.dates import DateParseError, parse_when
from followup_tui.core.sendtimes import Proposal


class SendLaterModal(ModalScreen[datetime | None]):
    """The proposals in a list (Enter picks one) and an Input for any other time.

    Returns the chosen moment, or None on Escape. A typed time is read with
    ``dates.parse_when`` ("tomorrow 9:00", "mon 9am", "2026-11-30 08:30"); a
    bad one or one in the past is explained below the field, never accepted.
    """

    CSS_PATH = "send_later_modal.tcss"
    BINDINGS = [Binding("escape", "dismiss(None)", "Cancel", id="modal.cancel")]

    def __init__(self, proposals: list[Proposal], now: datetime, current: str = "") -> None:
        super().__init__()
        self.proposals = proposals
        self.now = now
        self.current = current

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog"):
            yield Label("Send later", id="title", markup=False)
            if self.current:
                yield Static(self.current, id="current", markup=False)
            yield OptionList(
                *(
                    Option(proposal.describe(self.now), id=str(index))
                    for index, proposal in enumerate(self.proposals)
                ),
                id="proposals",
            )
            yield Input(placeholder='or type a time: "mon 9:00", "2026-11-30 08:30"', id="when")
            yield Static("", id="problem", markup=False)
            yield Label("Enter to schedule, Tab to type a time, Escape to cancel", markup=False)

    def on_mount(self) -> None:
        self.query_one(OptionList).focus()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.dismiss(self.proposals[int(event.option.id or 0)].at)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        problem = self.query_one("#problem", Static)
        try:
            moment = parse_when(event.value, self.now)
        except DateParseError as error:
            problem.update(str(error))
            return
        if moment <= self.now:
            problem.update("That time has passed; pick a later one.")
            return
        self.dismiss(moment)
