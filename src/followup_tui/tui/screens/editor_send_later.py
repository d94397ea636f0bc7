"""The editor's "Send later": propose times, check the draft as at that time, queue it.

``SendLater`` is mixed into ``EditorScreen``; the queue itself (``mail.queue``)
and the checks at the send time (``checks.at_send``) hold the rules.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import datetime
from typing import TYPE_CHECKING

from textual import work
from textual.screen import Screen

from followup_tui.checks.at_send import failures_at
from followup_tui.core.humantime import day_and_time
from followup_tui.core.model import Followup, Interview
from followup_tui.core.schedule import next_action
from followup_tui.core.sendtimes import parse_morning, proposals
from followup_tui.mail.errors import MailError
from followup_tui.mail.queue import QueueError, schedule
from followup_tui.mail.sending import build_message
from followup_tui.tui.modals.choice_modal import ChoiceModal
from followup_tui.tui.modals.send_later_modal import SendLaterModal

if TYPE_CHECKING:
    from followup_tui.checks import DraftInput
    from followup_tui.tui.app import FollowupApp


class SendLater(Screen[None]):
    """The "Send later" action of the draft editor."""

    interview: Interview | None
    draft: Followup | None
    dirty: bool

    if TYPE_CHECKING:  # EditorScreen's, declared for the type checker

        @property
        def followup(self) -> FollowupApp: ...

        def save(
            self, *, quiet: bool = False, then: Callable[[bool], object] | None = None
        ) -> bool: ...

        def still_saving(self) -> bool: ...

        def _collect(self) -> None: ...

        def draft_input(self) -> DraftInput: ...

    def queue_status(self) -> str:
        """ " · scheduled Tue 09:00" for the status bar of a queued draft, else ""."""
        draft = self.draft
        if draft is None or not draft.is_scheduled or draft.send_at is None:
            return ""
        return f" · scheduled {day_and_time(draft.send_at, self.followup.now())} (ctrl+f)"

    def action_send_later(self) -> None:
        """Offer send times; the chosen one is checked, then the draft is queued."""
        if self.draft is None or self.interview is None:
            return
        self._collect()
        app = self.followup
        now = app.now()
        try:
            build_message(self.draft, app.config.profile, app.config.mail, now)
        except MailError as error:
            self.notify(str(error), severity="error", markup=False, timeout=10)
            return
        # What would be owed without this draft's place in the queue.
        unqueued = replace(
            self.interview,
            followups=[
                replace(item, state="draft") if item is self.draft else item
                for item in self.interview.followups
            ],
        )
        action = next_action(unqueued, now, app.config.timing)
        offered = proposals(now, action, parse_morning(app.config.queue.morning))
        current = ""
        if self.draft.is_scheduled and self.draft.send_at is not None:
            current = f"Now scheduled for {day_and_time(self.draft.send_at, now)}; pick a new time."

        def chosen(moment: datetime | None) -> None:
            if moment is not None:
                self._check_at(self.draft_input(), moment)

        self.app.push_screen(SendLaterModal(offered, now, current), chosen)

    @work(thread=True, exclusive=True, group="send-later")
    def _check_at(self, snapshot: DraftInput, moment: datetime) -> None:
        app = self.followup
        failures = failures_at(snapshot.interview, snapshot.followup, app.config, app.home, moment)
        self.app.call_from_thread(self._confirm, moment, failures)

    def _confirm(self, moment: datetime, failures: list[tuple[str, str]]) -> None:
        if not failures:
            self._schedule(moment, [])
            return

        def chosen(choice: str | None) -> None:
            if choice == "schedule":
                self._schedule(moment, [check_id for check_id, _ in failures])

        when = day_and_time(moment, self.followup.now())
        self.app.push_screen(
            ChoiceModal(
                "Schedule it anyway?",
                f"If it went out {when}, these checks would fail. Checks that fail then "
                "for another reason stop it from going out.",
                [("schedule", "Schedule anyway"), ("cancel", "Cancel")],
                details=[reason for _, reason in failures],
                details_title=f"{len(failures)} checklist item(s) not met at {when}:",
            ),
            chosen,
        )

    def _schedule(self, moment: datetime, accepted: list[str]) -> None:
        draft = self.draft
        if draft is None or self.still_saving():
            return
        before = (draft.state, draft.send_at, draft.notice, list(draft.send_anyway))
        try:
            schedule(draft, moment, self.followup.now(), accepted=accepted)
        except QueueError as error:
            self.notify(str(error), severity="error", markup=False, timeout=10)
            return
        self.dirty = True

        def saved(ok: bool) -> None:
            if not ok:
                draft.state, draft.send_at, draft.notice, draft.send_anyway = before
                return
            when = day_and_time(moment, self.followup.now())
            self.notify(
                f"Scheduled for {when}. It goes out when `followup queue run` runs then "
                "(see `followup queue install`), or while the app is open.",
                title="Send later",
                markup=False,
                timeout=10,
            )
            if self.is_current:
                self.dismiss()

        self.save(quiet=True, then=saved)
