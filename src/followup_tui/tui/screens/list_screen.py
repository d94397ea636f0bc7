"""The launch screen: every interview, most urgent first, and keys to act on them.

Data handling (load, save, live reload, drawing) is in ``list_base``; this
module holds the bindings and what each key does.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from textual.binding import Binding
from textual.message import Message
from textual.widgets import Input

from followup_tui.core import actions
from followup_tui.core.model import Interview
from followup_tui.core.rows import Row
from followup_tui.core.schedule import NEEDS_ACTION, State, next_action
from followup_tui.core.text import printable
from followup_tui.storage.store import ConflictError, StoreError
from followup_tui.tui.commands import ListCommands
from followup_tui.tui.keys import binding_rows
from followup_tui.tui.screens.list_base import InterviewListBase
from followup_tui.tui.widgets.interview_table import InterviewTable

if TYPE_CHECKING:
    from followup_tui.tui.screens.form_screen import FormScreen

# Actions that need a highlighted interview.
NEEDS_ROW = frozenset(
    {"detail", "edit", "delete", "mark_sent", "mark_replied", "draft", "checklist"}
)
NAVIGATION = frozenset({"cursor_down", "cursor_up", "first", "last"})


def _form(interview: Interview | None, now: datetime) -> FormScreen:
    """The add/edit form, imported on first use (Select and TextArea come with it)."""
    from followup_tui.tui.screens.form_screen import FormScreen

    return FormScreen(interview, now)


def _name(interview: Interview | Row) -> str:
    return printable(interview.title)


class InterviewListScreen(InterviewListBase):
    """Interviews sorted by urgency, with their next action."""

    # Its CSS (list_screen.tcss) is in the app's CSS_PATH: the first screen's CSS is
    # then parsed with the app's, not by a second parse of all of it when pushed.
    COMMANDS = {ListCommands}
    BINDINGS = [
        Binding("j", "cursor_down", "Down", show=False, id="down"),
        Binding("k", "cursor_up", "Up", show=False, id="up"),
        Binding("g", "first", "First", show=False, id="first"),
        Binding("G", "last", "Last", show=False, id="last"),
        # Not a priority binding: those run as the key arrives, ahead of keys typed
        # before it, so "g" then Enter typed fast opened the row the cursor left.
        Binding("enter", "detail", "Detail", id="detail"),
        Binding("a", "add", "Add", id="add"),
        Binding("e", "edit", "Edit", id="edit"),
        Binding("d", "delete", "Delete", id="delete"),
        Binding("u", "undo", "Undo delete", id="undo"),
        Binding("s", "mark_sent", "Mark sent", id="mark_sent"),
        Binding("r", "mark_replied", "Reply received", id="mark_replied"),
        Binding("w", "draft", "Write follow-up", id="draft"),
        Binding("c", "checklist", "Checklist", id="checklist"),
        Binding("m", "check_mail", "Check mail", id="check_mail"),
        Binding("M", "undo_mail", "Undo mail finding", id="undo_mail"),
        # Priority: handled as the key arrives, so letters typed right after "/"
        # reach the filter box instead of being read as commands by the table.
        Binding("slash", "filter", "Filter", id="filter", priority=True),
        Binding("t", "toggle_closed", "Show/hide closed", id="toggle_closed"),
        Binding("ctrl+r", "reload", "Reload from disk", show=False, id="reload"),
        Binding("question_mark", "help", "Help", id="help"),
        # Priority for the same reason: "t" typed right after Escape in the filter
        # toggles closed ones instead of landing in the filter box as it closes.
        Binding("escape", "clear_filter", "Clear filter", id="clear_filter", priority=True),
    ]

    class DraftRequested(Message):
        """The user wants to write a follow-up for this interview."""

        def __init__(self, interview_id: str) -> None:
            super().__init__()
            self.interview_id = interview_id

    class ChecklistRequested(Message):
        """The user wants the pre-send checklist for this interview."""

        def __init__(self, interview_id: str) -> None:
            super().__init__()
            self.interview_id = interview_id

    # -- bindings --------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Show in the footer (and palette) only what applies now."""
        if action in NEEDS_ROW and self.selected_row() is None:
            return False
        if action == "mark_sent":
            todo = self._selected_action()
            return todo is not None and todo.state in NEEDS_ACTION | {State.WAITING}
        if action == "mark_replied":
            todo = self._selected_action()
            return todo is not None and todo.state != State.CLOSED
        if action == "undo":
            return self.last_trashed is not None
        if action == "check_mail":
            return self.followup.inbox.configured
        if action == "undo_mail":
            row = self.selected_row()
            return row is not None and self.followup.inbox.can_undo(row.id)
        if action == "detail":
            return self.focused is self.query_one(InterviewTable)
        if action == "filter":  # a "/" typed in the filter box is just a character
            return self.focused is not self.query_one("#filter", Input)
        if action == "clear_filter":
            return bool(self.query_one("#filter", Input).display)
        return True

    def palette_bindings(self) -> list[tuple[Binding, str]]:
        """(binding, key) for every action that applies now, for the palette."""
        return [
            (binding, key)
            for binding, key in self.binding_rows()
            if binding.action not in NAVIGATION and self.check_action(binding.action, ()) is True
        ]

    def binding_rows(self) -> list[tuple[Binding, str]]:
        """Every binding with the key it has now (after the [keys] remap)."""
        return binding_rows(self.app, self.BINDINGS, self.followup.config.keys)

    def on_interview_table_row_highlighted(self, _event: InterviewTable.RowHighlighted) -> None:
        self.sync_bindings()

    def sync_bindings(self) -> None:
        """Refresh the bindings only when the keys that apply have changed.

        refresh_bindings makes Textual work out every active binding and the
        footer compare them; skipping it on a cursor move that changes no key
        saves 0.3-0.6 ms of a 4 ms move at 10,000 interviews (in-process).
        """
        state = tuple(
            self.check_action(binding.action, ())
            for binding in self.BINDINGS
            if isinstance(binding, Binding)
        )
        if state != self._binding_state:
            self._binding_state = state
            self.refresh_bindings()

    # -- navigation --------------------------------------------------------

    def _table(self) -> InterviewTable:
        return self.query_one(InterviewTable)

    def action_cursor_down(self) -> None:
        """Move to the next interview."""
        self._table().action_cursor_down()

    def action_cursor_up(self) -> None:
        """Move to the previous interview."""
        self._table().action_cursor_up()

    def action_first(self) -> None:
        """Jump to the most urgent interview."""
        self._table().move_cursor(row=0)

    def action_last(self) -> None:
        """Jump to the last interview."""
        table = self._table()
        table.move_cursor(row=max(0, table.row_count - 1))

    def action_detail(self) -> None:
        """Open the highlighted interview's detail view."""
        interview = self.selected_interview()
        if interview is not None:
            # Imported on first use, like the form: 15 ms less before the first paint.
            from followup_tui.tui.screens.detail_screen import DetailScreen

            app = self.followup
            now = app.now()
            action = next_action(interview, now, app.config.timing)
            self.app.push_screen(DetailScreen(interview, action, now))

    def on_interview_table_row_selected(self, _event: InterviewTable.RowSelected) -> None:
        self.action_detail()

    def action_help(self) -> None:
        """List every key."""
        rows = [
            (key, binding.description)
            for binding, key in self.binding_rows()
            if binding.action not in ("draft", "checklist")
            or hasattr(self.app, f"on_interview_list_screen_{binding.action}_requested")
        ]
        rows.append(("ctrl+p", "Command palette"))
        rows.append(("ctrl+q", "Quit"))
        from followup_tui.tui.screens.help_screen import HelpScreen

        self.app.push_screen(HelpScreen(rows))

    # -- filter ------------------------------------------------------------

    def action_filter(self) -> None:
        """Show the filter box and focus it."""
        box = self.query_one("#filter", Input)
        box.display = True
        # Focus now, not after the queued keys: "/acme" typed fast goes to the filter
        # (Widget.focus() is deferred, so the "a" would have opened the add form).
        self.set_focus(box)
        self.refresh_bindings()

    def action_clear_filter(self) -> None:
        """Clear and hide the filter."""
        box = self.query_one("#filter", Input)
        box.value = ""
        box.display = False
        # Now, not deferred: a key typed right after Escape belongs to the list
        # (with focus() a "t" landed in the hidden filter and filtered silently).
        self.set_focus(self._table())
        self.refresh_list(same_data=True)

    def on_input_changed(self, _event: Input.Changed) -> None:
        self.refresh_list(same_data=True)

    def on_input_submitted(self, _event: Input.Submitted) -> None:
        self.set_focus(self._table())  # now: the next key typed goes to the list
        self.refresh_bindings()

    def action_toggle_closed(self) -> None:
        """Show or hide closed interviews."""
        self.show_closed = not self.show_closed
        self.refresh_list(same_data=True)
        self.notify(
            "Showing closed interviews." if self.show_closed else "Closed interviews hidden.",
            markup=False,
        )
        self.followup.config.show_closed = self.show_closed
        self.followup.remember_setting("show_closed", self.show_closed, "closed-interviews setting")

    # -- changes -----------------------------------------------------------

    def action_add(self) -> None:
        """Open an empty form; save what it returns."""

        def done(result: Interview | None) -> None:
            if result is not None and self.save(result):
                self.notify(f"Added {_name(result)}.", markup=False)

        self.app.push_screen(_form(None, self.followup.now()), done)

    def action_edit(self) -> None:
        """Edit the highlighted interview."""
        interview = self.selected_interview()
        if interview is None:
            return

        def done(result: Interview | None) -> None:
            if result is not None and self.save(result):
                self.notify(f"Saved {_name(result)}.", markup=False)

        self.app.push_screen(_form(interview, self.followup.now()), done)

    def action_delete(self) -> None:
        """Ask, then move the highlighted interview to the trash."""
        row = self.selected_row()
        if row is None:
            return

        def answered(yes: bool | None) -> None:
            if yes:
                self._delete(row)

        question = f"Delete {_name(row)}? It goes to the trash; u brings it back."
        from followup_tui.tui.modals.confirm import ConfirmModal

        self.app.push_screen(ConfirmModal(question, yes="Delete", no="Keep"), answered)

    def _delete(self, row: Row) -> None:
        try:
            with self._lock:
                self.last_trashed = self.followup.store.delete(row.id)
        except ConflictError as error:
            self._offer_reload(str(error))
            return
        except StoreError as error:
            self.notify(str(error), severity="error", markup=False)
            return
        self.rows.pop(row.id, None)
        self.refresh_list(edits=((), [row.id]))
        self.notify(f"Deleted {_name(row)}. Press u to undo.", markup=False)

    def action_undo(self) -> None:
        """Bring back the interview deleted last."""
        trashed: Path | None = self.last_trashed
        if trashed is None:
            return
        try:
            with self._lock:
                interview_id = self.followup.store.restore(trashed)
                interview = self.followup.store.load(interview_id)
        except StoreError as error:
            self.notify(str(error), severity="error", markup=False)
            return
        self.last_trashed = None
        row = self.rows[interview.id] = Row.of(interview)
        self.refresh_list(edits=([row], ()))
        self._table().select_id(interview.id)
        self.notify(f"Restored {_name(interview)}.", markup=False)

    def action_mark_sent(self) -> None:
        """Record that the owed follow-up went out (sent from elsewhere)."""
        changed = self.selected_interview()  # read now: a fresh copy to change
        if changed is None:
            return
        app = self.followup
        sent = actions.mark_sent(changed, app.now(), timing=app.config.timing)
        if self.save(changed):
            kind = "reminder" if sent.kind == "reminder" else "thank-you"
            who = sent.interviewer or sent.to or "everyone"
            self.notify(f"Marked the {kind} to {printable(who)} as sent.", markup=False)

    def action_mark_replied(self) -> None:
        """Record that they answered: this interview needs nothing more."""
        changed = self.selected_interview()  # read now: a fresh copy to change
        if changed is None:
            return
        actions.mark_replied(changed, self.followup.now())
        if self.save(changed):
            self.notify(f"Reply received from {_name(changed)}; closed.", markup=False)

    def action_check_mail(self) -> None:
        """Scan the [inbox] mailboxes now (in a thread) for replies and thank-yous sent."""
        self.followup.inbox.scan()

    def action_undo_mail(self) -> None:
        """Take back what the mail check recorded for the highlighted interview."""
        row = self.selected_row()
        if row is not None:
            self.followup.inbox.undo(row.id)

    def action_reload(self) -> None:
        """Read every interview file again."""
        self.reload_all()
        self.notify("Reloaded from disk.", markup=False)

    def action_draft(self) -> None:
        """Ask the app to open the follow-up editor for the highlighted interview."""
        row = self.selected_row()
        if row is not None:
            self.post_message(self.DraftRequested(row.id))

    def action_checklist(self) -> None:
        """Ask the app to open the checklist for the highlighted interview."""
        row = self.selected_row()
        if row is not None:
            self.post_message(self.ChecklistRequested(row.id))
