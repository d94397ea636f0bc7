"""The app's part of "send later": the launch note about held sends, and sending while open.

While the app is open it runs the same queue as ``followup queue run`` (the
same state machine and queue lock, in a thread worker) whenever a listed
interview has a follow-up whose time has come, so a machine without a timer
still sends on time while the app is up. It uses its own Store: the list's
store is only touched from the UI thread.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from textual.widget import Widget

from followup_tui.core.rows import Row

if TYPE_CHECKING:
    from followup_tui.mail.queue import Outcome
    from followup_tui.tui.app import FollowupApp
    from followup_tui.tui.screens.list_screen import InterviewListScreen

# The checks and the mail modules are imported by the first run, not at the
# app's start: the list imports this module before its first paint.

CHECK_EVERY_SECONDS = 30.0


def notify_reviews(node: Widget, rows: Iterable[Row], timeout: float) -> None:
    """One toast when queued sends need the user (checks failed, missed, maybe sent)."""
    count = sum(1 for row in rows if row.facts.review)
    if not count:
        return
    verb = "needs" if count == 1 else "need"
    node.notify(
        f"{count} queued send{'s' if count > 1 else ''} {verb} you (checks failed, its time "
        "was missed, or it may have gone out): open the interview or run `followup queue`.",
        title="Send later",
        severity="warning",
        markup=False,
        timeout=timeout,
    )


def due_now(app: FollowupApp, rows: Iterable[Row]) -> bool:
    """Whether some listed interview has a queued follow-up whose time has come."""
    now = app.now()
    return any(row.facts.next_send is not None and row.facts.next_send <= now for row in rows)


def send_due(app: FollowupApp) -> list[Outcome]:
    """Run the queue once (in a worker thread); another run in progress is left to it."""
    from followup_tui.checks.at_send import QueueChecks
    from followup_tui.inbox.sent import find_sent
    from followup_tui.mail.queue import QueueBusyError, Runner
    from followup_tui.storage.store import Store, StoreError

    config = app.config
    runner = Runner(
        Store(app.home),
        app.home,
        config,
        app.now(),
        checks=QueueChecks(config, app.home),
        lookup=lambda message_id, since: find_sent(message_id, config, since=since),
    )
    try:
        return runner.run(wait=0.0)
    except (QueueBusyError, StoreError):
        return []


class QueueSender:
    """The app's queue runs: every half minute, when a listed follow-up's time has come."""

    def __init__(self, app: FollowupApp) -> None:
        self.app = app

    def start(self) -> None:
        self.app.set_interval(CHECK_EVERY_SECONDS, self.tick, name="send-queue")

    def tick(self) -> None:
        """Start a queue run in a thread worker when the list shows something due."""
        from followup_tui.tui.screens.list_screen import InterviewListScreen

        app = self.app
        lists = [screen for screen in app.screen_stack if isinstance(screen, InterviewListScreen)]
        if app.demo or not lists or not due_now(app, lists[0].rows.values()):
            return
        screen = lists[0]
        app.run_worker(
            lambda: self._run(screen),
            thread=True,
            group="send-queue",
            exclusive=True,
            exit_on_error=False,
        )

    def _run(self, screen: InterviewListScreen) -> None:
        app = self.app
        for outcome in send_due(app):
            text, problem = outcome_note(outcome)
            app.call_from_thread(
                app.notify,
                text,
                title="Send later",
                severity="warning" if problem else "information",
                markup=False,
                timeout=20 if problem else 10,
            )
        app.call_from_thread(screen.poll_store, full=True)


def outcome_note(outcome: Outcome) -> tuple[str, bool]:
    """(toast text, is it a problem) for one follow-up the app's queue run touched."""
    to = f" to {outcome.to}" if outcome.to else ""
    if outcome.result in ("sent", "found"):
        return f"Sent{to} ({outcome.interview_id}). {outcome.message}".rstrip(), False
    return f"{outcome.interview_id}{to}: {outcome.message}", True
