"""The list + detail split: from 110 columns the detail of the row under the cursor.

The pane is mounted the first time the screen is wide enough (never before
the first paint of a narrow terminal) and follows the cursor a moment after
it stops, reading that one interview's file, so holding j costs no reads.
``v`` toggles it (remembered as ``[ui] split``).
"""

from __future__ import annotations

from textual.containers import VerticalScroll
from textual.css.query import NoMatches
from textual.timer import Timer
from textual.widgets import Static

from followup_tui.core.model import Interview
from followup_tui.core.rounds import rounds_of
from followup_tui.core.schedule import next_action
from followup_tui.storage.store import StoreError
from followup_tui.tui.screens.list_actions import ListActions
from followup_tui.tui.screens.list_base import Edits

SPLIT_FROM = 110
FOLLOW_SECONDS = 0.08  # the pane follows the cursor once it rests this long


class ListPane(ListActions):
    """Adds the detail pane beside the table and the rounds of an interview."""

    _pane_timer: Timer | None = None
    _pane_shows: tuple[str, str] | None = None  # (id, digest) of what the pane shows

    def rounds(self, interview: Interview) -> list[Interview]:
        """Every round of the interview's application (just itself when it has none)."""
        if interview.round <= 1 and not interview.rounds and not interview.first_round:
            return [interview]
        store = self.followup.store

        def load(interview_id: str) -> Interview | None:
            try:
                return store.read(interview_id)
            except StoreError:
                return None

        return rounds_of(interview, load)

    def _pane(self) -> VerticalScroll | None:
        try:
            return self.query_one("#pane", VerticalScroll)
        except NoMatches:
            return None

    @property
    def split_shown(self) -> bool:
        pane = self._pane()
        return pane is not None and pane.display

    def place_pane(self) -> None:
        """Show the pane when wide enough and wanted, hide it otherwise."""
        wanted = self.followup.config.split and self.size.width >= SPLIT_FROM
        pane = self._pane()
        if pane is None:
            if not wanted:
                return
            pane = VerticalScroll(Static(id="pane-text"), id="pane", can_focus=False)
            self.query_one("#body").mount(pane)
        pane.display = wanted
        if wanted:
            self._pane_shows = None
            self.pane_follow()

    def pane_follow(self) -> None:
        """Show the highlighted interview in the pane, once the cursor rests."""
        if not self.split_shown:
            return
        if self._pane_timer is not None:
            self._pane_timer.stop()
        self._pane_timer = self.set_timer(FOLLOW_SECONDS, self._fill_pane)

    def refresh_list(self, *, same_data: bool = False, edits: Edits | None = None) -> None:
        super().refresh_list(same_data=same_data, edits=edits)
        self.pane_follow()

    def _fill_pane(self) -> None:
        self._pane_timer = None
        pane = self._pane()
        if pane is None or not pane.display:
            return
        text = pane.query_one("#pane-text", Static)
        row = self.selected_row()
        if row is None:
            self._pane_shows = None
            text.update("")
            return
        if self._pane_shows == (row.id, row.loaded_digest):
            return
        try:
            interview = self.followup.store.read(row.id)
        except StoreError as error:
            text.update(str(error))
            return
        from followup_tui.tui.screens.detail_screen import describe

        app = self.followup
        now = app.now()
        action = next_action(interview, now, app.config.timing)
        text.update(describe(interview, action, now, self.rounds(interview), title=False))
        pane.scroll_home(animate=False)
        self._pane_shows = (row.id, row.loaded_digest)
