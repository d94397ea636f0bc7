"""What the list's change keys do: add, edit, delete, sent, reply, skip, close, undo.

Every change made here goes on the session's undo stack (``core.undo``) and
``u`` takes back the latest, saying what it undid. The domain work is in
``core.actions`` and ``core.rounds``; undoing through the store is in
``storage.undo``. The bindings are in ``list_screen``.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from followup_tui.core import actions
from followup_tui.core.model import Interview
from followup_tui.core.rounds import first_round_id, link, next_round
from followup_tui.core.rows import Row
from followup_tui.core.text import printable
from followup_tui.core.undo import Change, Step, UndoStack
from followup_tui.storage.store import ConflictError, DurabilityError, StoreError
from followup_tui.storage.undo import Undone, snapshot, step_for, undo_change
from followup_tui.tui.screens.list_base import InterviewListBase
from followup_tui.tui.widgets.interview_table import InterviewTable

if TYPE_CHECKING:
    from followup_tui.tui.screens.form_screen import FormScreen


def _form(interview: Interview | None, now: datetime) -> FormScreen:
    """The add/edit form, imported on first use (Select and TextArea come with it)."""
    from followup_tui.tui.screens.form_screen import FormScreen

    return FormScreen(interview, now)


def name_of(interview: Interview | Row) -> str:
    """The interview's title as plain text, for messages."""
    return printable(interview.title)


class ListActions(InterviewListBase):
    """The change keys of the list (and of the detail screen, which asks the list)."""

    def __init__(self) -> None:
        super().__init__()
        self.undo_stack = UndoStack()

    def save(
        self, interview: Interview, then: Callable[[bool], object] | None = None, what: str = ""
    ) -> bool:
        """Save through the store (the one conflict flow on a conflict).

        True when it is on disk now; ``then(saved)`` hears the outcome either
        way (a save that finds the home's lock taken finishes later:
        ``tui/writes.py``).
        """
        from followup_tui.tui import conflicts

        asked_on = self._selected_id()

        def saved(ok: bool) -> None:
            if ok:
                moved = self._selected_id() != asked_on  # the cursor left while it waited
                row = self.rows[interview.id] = Row.of(interview)
                self.refresh_list(edits=([row], ()))
                if not moved:
                    self.query_one(InterviewTable).select_id(interview.id)
            if then is not None:
                then(ok)

        return conflicts.save(
            self,
            interview,
            reload=self._reload_from_disk,
            then=saved,
            lock=self._lock,
            what=what,
        )

    def _selected_id(self) -> str:
        row = self.selected_row()
        return row.id if row is not None else ""

    def still_saving(self, interview_id: str) -> bool:
        """True (and says so) while a change to this interview waits for the lock."""
        return self.followup.writes.refused(interview_id)

    def _offer_reload(self, message: str) -> None:
        """A refused delete or undo: the conflict dialog, with nothing of ours to keep."""
        from followup_tui.tui import conflicts

        conflicts.offer(self, message, None, reload=self._reload_from_disk)

    def _reload_from_disk(self) -> None:
        self.reload_all()
        self.notify("Reloaded from disk.", markup=False)

    def changed(
        self,
        interview: Interview,
        before: dict[str, Any] | None,
        what: str,
        then: Callable[[bool], object] | None = None,
    ) -> None:
        """Save ``interview`` (which was ``before``) and put the change on the undo stack.

        ``then(saved)`` runs once the save is done or refused.
        """

        def saved(ok: bool) -> None:
            if ok:
                self.undo_stack.push(Change(what, (step_for(interview, before),)))
            if then is not None:
                then(ok)

        self.save(interview, saved, what)

    def _telling(self, message: str, done: Callable[[], None] | None) -> Callable[[bool], None]:
        """A save's continuation: say ``message`` when it was saved, then ``done``."""

        def saved(ok: bool) -> None:
            if ok:
                self.notify(message, markup=False)
            self._then(done)

        return saved

    def _then(self, done: Callable[[], None] | None) -> None:
        if done is not None:
            done()

    # -- add, edit, delete -------------------------------------------------

    def action_add(self) -> None:
        """Open an empty form; save what it returns."""
        self.open_form(None, "Added")

    def action_edit(self) -> None:
        """Edit the highlighted interview."""
        interview = self.selected_interview()
        if interview is not None:
            self.open_form(interview, "Saved")

    def open_form(
        self, interview: Interview | None, verb: str, done: Callable[[], None] | None = None
    ) -> None:
        """The form for ``interview`` (None: a new one); saves what it returns, undoably."""
        before = snapshot(interview) if interview is not None and interview.id else None

        def finished(result: Interview | None) -> None:
            if result is None:
                self._then(done)
                return
            if result.id and self.still_saving(result.id):
                self._then(done)
                return
            what = f"{'edit of' if before else 'added'} {name_of(result)}"
            if before is None and result.first_round:
                self._add_round(result, done)
            else:
                told = self._telling(f"{verb} {name_of(result)}.", done)
                self.changed(result, before, what, told)

        self.app.push_screen(_form(interview, self.followup.now()), finished)

    def _add_round(self, later: Interview, done: Callable[[], None] | None = None) -> None:
        """Save a next round and link it from the application's first interview."""
        steps: list[Step] = []

        def linked(ok: bool, before: dict[str, Any], first: Interview) -> None:
            if ok:
                steps.append(step_for(first, before))
            finish()

        def finish() -> None:
            what = f"added round {later.round} of {name_of(later)}"
            self.undo_stack.push(Change(what, tuple(steps)))
            self.notify(f"Added round {later.round} of {name_of(later)}.", markup=False)
            self._then(done)

        def saved(ok: bool) -> None:
            if not ok:
                self._then(done)
                return
            steps.append(step_for(later, None))  # its id and digest are known now
            try:
                first = self.followup.store.load(first_round_id(later))
            except StoreError:
                first = None  # gone or broken: the new round still names it
            if first is None or self.followup.writes.waiting_for(first.id):
                finish()
                return
            before = snapshot(first)
            if not link(first, later.id):
                finish()
                return
            self.save(first, lambda ok: linked(ok, before, first), f"link to {later.id}")

        self.save(later, saved, f"round {later.round} of {name_of(later)}")

    def action_delete(self) -> None:
        """Ask, then move the highlighted interview to the trash."""
        row = self.selected_row()
        if row is None:
            return

        def answered(yes: bool | None) -> None:
            if yes:
                self._delete(row)

        question = f"Delete {name_of(row)}? It goes to the trash; u brings it back."
        from followup_tui.tui.modals.confirm import ConfirmModal

        self.app.push_screen(ConfirmModal(question, yes="Delete", no="Keep"), answered)

    def _delete(self, row: Row) -> None:
        if self.still_saving(row.id):
            return
        store = self.followup.store

        def attempt() -> bool:
            try:
                trashed: Path | None = store.delete(row.id)
            except ConflictError as error:
                self._offer_reload(str(error))
                return False
            except DurabilityError as error:
                self.notify(str(error), severity="warning", markup=False)
                trashed = None
            except StoreError as error:
                self.notify(str(error), severity="error", markup=False)
                return False
            if trashed is not None:
                step = Step(row.id, None, "", str(trashed))
                self.undo_stack.push(Change(f"delete of {name_of(row)}", (step,)))
            self.rows.pop(row.id, None)
            self.refresh_list(edits=((), [row.id]))
            self.notify(f"Deleted {name_of(row)}. Press u to undo.", markup=False)
            return True

        self.followup.writes.run(row.id, f"delete of {name_of(row)}", attempt, lock=self._lock)

    # -- undo --------------------------------------------------------------

    def action_undo(self) -> None:
        """Take back the latest change of this session, and say what it was."""
        if self.followup.writes.waiting:
            self.notify(
                "A change is still waiting for another followup to finish writing; "
                "undo once it is saved.",
                severity="warning",
                markup=False,
            )
            return
        change = self.undo_stack.pop()
        if change is None:
            self.notify("Nothing to undo.", markup=False)
            return
        store = self.followup.store
        tried = False  # it ran (done or refused), rather than gave up waiting

        def attempt() -> bool:
            nonlocal tried
            try:
                undone = undo_change(store, change)  # all its steps in the one hold of the lock
            except ConflictError as error:
                tried = True
                self.notify(
                    f"Could not undo the {change.what}: {error}", severity="error", markup=False
                )
                return False
            except StoreError as error:
                tried = True
                self.undo_stack.put_back(change)
                self.notify(
                    f"Could not undo the {change.what}: {error}", severity="error", markup=False
                )
                return False
            self._undone(change, undone)
            return True

        def given_up(ok: bool) -> None:
            if not ok and not tried:  # the wait gave up: it stays the latest, to try again
                self.undo_stack.put_back(change)

        self.followup.writes.run(
            "", f"undo of the {change.what}", attempt, given_up, lock=self._lock
        )

    def _undone(self, change: Change, undone: Undone) -> None:
        rows = [Row.of(item) for item in undone.changed]
        for row in rows:
            self.rows[row.id] = row
        for gone in undone.removed:
            self.rows.pop(gone, None)
        self.refresh_list(edits=(rows, undone.removed))
        if rows:
            self.query_one(InterviewTable).select_id(rows[-1].id)
        self.notify(f"Undid the {change.what}.", markup=False)

    # -- follow-ups and replies ---------------------------------------------

    def action_mark_sent(self, done: Callable[[], None] | None = None) -> None:
        """Record that the owed follow-up went out (sent from elsewhere)."""
        changed = self.selected_interview()  # read now: a fresh copy to change
        if changed is None or self.still_saving(changed.id):
            return
        app = self.followup
        before = snapshot(changed)
        sent = actions.mark_sent(changed, app.now(), timing=app.config.timing)
        kind = "reminder" if sent.kind == "reminder" else "thank-you"
        who = printable(sent.interviewer or sent.to or "everyone")
        told = self._telling(f"Marked the {kind} to {who} as sent.", done)
        self.changed(changed, before, f"{kind} to {who} marked sent", told)

    def action_mark_replied(self, done: Callable[[], None] | None = None) -> None:
        """Ask what they said (outcome and a note), then record the reply."""
        interview = self.selected_interview()
        if interview is None or self.still_saving(interview.id):
            return
        from followup_tui.tui.modals.pick_modal import Picked, PickModal

        def answered(picked: Picked | None) -> None:
            if picked is not None and self.still_saving(interview.id):
                self._then(done)
            elif picked is not None:
                self._record_reply(interview, *picked, done=done)
            else:
                self._then(done)

        note = interview.response.note if interview.response is not None else ""
        title = f"Reply from {printable(interview.company)}: what did they say?"
        choices = list(actions.OUTCOME_LABELS.items())
        self.app.push_screen(PickModal(title, choices, note=note), answered)

    def _record_reply(
        self, interview: Interview, outcome: str, note: str, *, done: Callable[[], None] | None
    ) -> None:
        before = snapshot(interview)
        actions.mark_replied(interview, self.followup.now(), note, outcome)
        label = actions.OUTCOME_LABELS[outcome].lower()

        def saved(ok: bool) -> None:
            if ok:
                self._replied(interview, outcome, label, done)
            else:
                self._then(done)

        self.changed(interview, before, f"reply from {name_of(interview)} ({label})", saved)

    def _replied(
        self, interview: Interview, outcome: str, label: str, done: Callable[[], None] | None
    ) -> None:
        self.notify(f"Reply from {name_of(interview)} recorded: {label}.", markup=False)
        if outcome != "next_round":
            self._then(done)
            return
        from followup_tui.tui.modals.confirm import ConfirmModal

        def answered(yes: bool | None) -> None:
            if yes:
                later = next_round(interview, self.followup.now())
                self.open_form(later, "Added", done)
            else:
                self._then(done)

        question = f"Add round {interview.round + 1} with {printable(interview.company)} now?"
        self.app.push_screen(ConfirmModal(question, yes="Add it", no="Not now"), answered)

    def action_skip(self, done: Callable[[], None] | None = None) -> None:
        """Skip the owed thank-you, with a reason: no longer counted as overdue."""
        interview = self.selected_interview()
        if interview is None or self.still_saving(interview.id):
            return
        from followup_tui.tui.modals.pick_modal import Picked, PickModal

        def answered(picked: Picked | None) -> None:
            if picked is None or self.still_saving(interview.id):
                self._then(done)
                return
            choice, note = picked
            reason = note if choice == "other" and note else choice
            if choice != "other" and note:
                reason = f"{choice}: {note}"
            before = snapshot(interview)
            actions.skip_thank_you(interview, self.followup.now(), reason)
            told = self._telling(f"Thank-you skipped: {reason}.", done)
            self.changed(interview, before, f"skipped thank-you ({reason})", told)

        choices = [(reason, reason.capitalize()) for reason in actions.SKIP_REASONS]
        title = f"Skip the thank-you for {printable(interview.company)}? Why:"
        self.app.push_screen(PickModal(title, choices, placeholder="Reason (optional)"), answered)

    def action_close(self, done: Callable[[], None] | None = None) -> None:
        """No reply came: close the interview (u takes it back)."""
        interview = self.selected_interview()
        if interview is None or self.still_saving(interview.id):
            return
        before = snapshot(interview)
        actions.close_without_reply(interview)
        told = self._telling(f"Closed {name_of(interview)}: no reply. u undoes it.", done)
        self.changed(interview, before, f"closing of {name_of(interview)}", told)
