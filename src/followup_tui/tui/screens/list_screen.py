"""The launch screen: every interview, most urgent first, and keys to act on them.

Data handling (load, save, live reload, drawing) is in ``list_base``; what
the change keys do is in ``list_actions``; this module holds the bindings,
moving around, the filter, the sort order and the list + detail split.
"""

from __future__ import annotations

from textual import events
from textual.binding import Binding
from textual.message import Message
from textual.widgets import Input

from followup_tui.core.rounds import next_round
from followup_tui.core.schedule import NEEDS_ACTION, State, next_action
from followup_tui.core.sorting import LABELS, next_sort
from followup_tui.tui.commands import ListCommands
from followup_tui.tui.keys import binding_rows
from followup_tui.tui.screens.list_pane import SPLIT_FROM, ListPane
from followup_tui.tui.widgets.interview_table import InterviewTable

# Actions that need a highlighted interview.
NEEDS_ROW = frozenset(
    {
        "detail",
        "edit",
        "delete",
        "mark_sent",
        "mark_replied",
        "draft",
        "checklist",
        "skip",
        "close",
        "next_round",
    }
)
NAVIGATION = frozenset({"cursor_down", "cursor_up", "first", "last", "page_down", "page_up"})
# The footer keeps these at any width (ranked 0); the row's next action comes next.
ALWAYS_SHOWN = ("draft", "help", "filter")


class InterviewListScreen(ListPane):
    """Interviews sorted by urgency, with their next action."""

    # Its CSS (list_screen.tcss) is in the app's CSS_PATH: the first screen's CSS is
    # then parsed with the app's, not by a second parse of all of it when pushed.
    COMMANDS = {ListCommands}
    BINDINGS = [
        Binding("j", "cursor_down", "Down", show=False, id="down"),
        Binding("k", "cursor_up", "Up", show=False, id="up"),
        Binding("g", "first", "First", show=False, id="first"),
        Binding("G", "last", "Last", show=False, id="last"),
        Binding("ctrl+d", "page_down", "Half page down", show=False, id="page_down"),
        Binding("ctrl+u", "page_up", "Half page up", show=False, id="page_up"),
        Binding("q", "app.quit", "Quit", show=False, id="quit"),
        # Not a priority binding: those run as the key arrives, ahead of keys typed
        # before it, so "g" then Enter typed fast opened the row the cursor left.
        Binding("enter", "detail", "Detail", id="detail"),
        Binding("a", "add", "Add", id="add"),
        Binding("e", "edit", "Edit", id="edit"),
        Binding("d", "delete", "Delete", id="delete"),
        Binding("u", "undo", "Undo", id="undo"),
        Binding("s", "mark_sent", "Mark sent", id="mark_sent"),
        Binding("r", "mark_replied", "Reply received", id="mark_replied"),
        Binding("x", "skip", "Skip thank-you", id="skip"),
        Binding("X", "close", "Close: no reply", id="close"),
        Binding("n", "next_round", "Next round", show=False, id="next_round"),
        Binding("w", "draft", "Write follow-up", id="draft"),
        Binding("c", "checklist", "Checklist", id="checklist"),
        Binding("m", "check_mail", "Check mail", id="check_mail"),
        Binding("M", "undo_mail", "Undo mail finding", id="undo_mail"),
        # Priority: handled as the key arrives, so letters typed right after "/"
        # reach the filter box instead of being read as commands by the table.
        Binding("slash", "filter", "Filter", id="filter", priority=True),
        Binding("t", "toggle_closed", "Show/hide closed", id="toggle_closed"),
        Binding("o", "sort", "Sort", id="sort"),
        Binding("v", "toggle_split", "Split view", show=False, id="toggle_split"),
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
            # Nothing to mark once the reminders are used up (waiting for the reply).
            owed = todo is not None and todo.kind is not None
            return owed and todo.state in NEEDS_ACTION | {State.WAITING}  # type: ignore[union-attr]
        if action == "mark_replied":
            todo = self._selected_action()
            return todo is not None and todo.state != State.CLOSED
        if action == "skip":
            todo = self._selected_action()
            return todo is not None and todo.kind == "thank_you" and todo.state in NEEDS_ACTION
        if action == "close":
            todo = self._selected_action()
            return todo is not None and todo.state in {State.NO_REPLY, State.WAITING}
        if action == "undo":
            return len(self.undo_stack) > 0
        if action == "check_mail":
            return self.followup.inbox.configured
        if action == "undo_mail":
            row = self.selected_row()
            return row is not None and self.followup.inbox.can_undo(row.id)
        if action == "detail":
            return self.focused is self.query_one(InterviewTable)
        if action in ("page_down", "page_up"):  # ctrl+d in the filter box deletes a character
            return self.focused is not self.query_one("#filter", Input)
        if action == "filter":  # a "/" typed in the filter box is just a character
            return self.focused is not self.query_one("#filter", Input)
        if action == "clear_filter":
            return bool(self.query_one("#filter", Input).display)
        return True

    def footer_rank(self, action: str) -> int:
        """Which keys a narrow footer drops first (0: never): w ? / and the row's next action."""
        if action in ALWAYS_SHOWN:
            return 0
        todo = self._selected_action()
        if todo is not None:
            if todo.state is State.NO_REPLY and action == "close":
                return 1
            if todo.state in NEEDS_ACTION and action == "mark_sent":
                return 1
            if todo.state is State.WAITING and action == "mark_replied":
                return 1
        return 2 + [b.action for b in self.BINDINGS if isinstance(b, Binding)].index(action)

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
        self.pane_follow()

    def sync_bindings(self) -> None:
        """Refresh the bindings only when the keys that apply have changed.

        refresh_bindings makes Textual work out every active binding and the
        footer compare them; skipping it on a cursor move that changes no key
        saves a measurable part of a move in a big home (docs/PERFORMANCE.md).
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

    def action_page_down(self) -> None:
        """Half a page down (ctrl+d, as in vim)."""
        table = self._table()
        table.move_cursor(row=min(table.cursor_row + self._half_page(), table.row_count - 1))

    def action_page_up(self) -> None:
        """Half a page up (ctrl+u, as in vim)."""
        table = self._table()
        table.move_cursor(row=max(table.cursor_row - self._half_page(), 0))

    def _half_page(self) -> int:
        return max(1, (self._table().size.height - 1) // 2)

    def action_detail(self) -> None:
        """Open the highlighted interview's detail view (its keys act on it, then come back)."""
        interview = self.selected_interview()
        if interview is None:
            return
        # Imported on first use, like the form: less to import before the first paint.
        from followup_tui.tui.screens.detail_screen import DetailScreen

        app = self.followup
        now = app.now()
        action = next_action(interview, now, app.config.timing)
        rounds = self.rounds(interview)

        def chosen(key_action: str | None) -> None:
            if key_action:
                self.act_from_detail(key_action, self.action_detail)

        self.app.push_screen(DetailScreen(interview, action, now, rounds, app.home), chosen)

    def act_from_detail(self, name: str, back: object) -> None:
        """Run a key the detail passed on; show the detail again after a change in place."""
        again = back if callable(back) else None
        if name in ("mark_sent", "mark_replied", "skip", "close"):
            getattr(self, f"action_{name}")(done=again)
        elif name == "edit":
            interview = self.selected_interview()
            if interview is not None:
                self.open_form(interview, "Saved", again)
        elif name == "undo":
            self.action_undo()
            if again is not None:
                again()
        else:
            self.run_worker(self.run_action(name), group="detail-key")

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
        rows.append(("q, ctrl+q", "Quit"))
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

    # -- sort, split, next round ---------------------------------------------

    def action_sort(self) -> None:
        """Cycle the order: urgency, interview date, company, last activity (remembered)."""
        config = self.followup.config
        config.sort = next_sort(config.sort)
        self.refresh_list(same_data=True)
        self.notify(f"Sorted: {LABELS[config.sort]}.", markup=False)
        self.followup.remember_setting("sort", config.sort, "sort order")

    def action_toggle_split(self) -> None:
        """Show or hide the detail beside the list (from 110 columns)."""
        config = self.followup.config
        config.split = not config.split
        self.place_pane()
        if config.split and self.size.width < SPLIT_FROM:
            self.notify(f"The split needs {SPLIT_FROM} columns; Enter opens the detail.")
        self.followup.remember_setting("split", config.split, "split setting")

    def on_resize(self, _event: events.Resize) -> None:
        self.place_pane()

    def action_next_round(self) -> None:
        """Add the next round of the highlighted interview: company, position, people kept."""
        interview = self.selected_interview()
        if interview is not None:
            self.open_form(next_round(interview, self.followup.now()), "Added")

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
