"""The app's mailbox watch: an inbox scan at launch and every few minutes, in a thread.

The scan (``inbox.scan``) runs in its own thread, so typing never waits for
a mail server; what it recorded is one notice, the changed rows are read
again, and each finding can be undone from its row. A source that fails is
one warning line, said again only when the failure changes.
"""

from __future__ import annotations

import threading
from typing import TYPE_CHECKING

from followup_tui.core.text import printable

if TYPE_CHECKING:
    from followup_tui.inbox.scan import ScanResult
    from followup_tui.tui.app import FollowupApp

NOTICE_SECONDS = 12.0


class InboxWatch:
    """Runs scans for the app and remembers what they recorded this session, for undo."""

    def __init__(self, app: FollowupApp) -> None:
        self.app = app
        # interview id -> Message-IDs of the findings recorded in it this session
        self.recorded: dict[str, list[str]] = {}
        self._last_problems: tuple[str, ...] = ()
        self._running = False

    @property
    def configured(self) -> bool:
        return self.app.config.inbox.configured and not self.app.demo

    def start(self) -> None:
        """First scan now (after the first paint), then every ``scan_minutes``."""
        if not self.configured:
            return
        self.scan(quiet=True)
        minutes = self.app.config.inbox.scan_minutes
        if minutes > 0:
            self.app.set_interval(minutes * 60, lambda: self.scan(quiet=True))

    def scan(self, *, quiet: bool = False) -> None:
        """Start a scan in a thread; ``quiet``: say nothing when nothing was found."""
        if not self.app.config.inbox.configured:
            self.app.notify(
                "No mailbox is set up: add maildir, notmuch or imap_host under [inbox] in "
                f"{self.app.home.config_file}.",
                severity="warning",
                markup=False,
            )
            return
        if self._running:
            return  # the one under way reads the same mail
        self._running = True
        # A daemon thread, not a thread worker: those run in the default executor,
        # which Python joins at exit, so quitting would wait for a silent server's
        # timeout. A scan cut short at exit loses nothing (every write is atomic).
        threading.Thread(
            target=self._scan_thread, args=(quiet,), name="inbox-scan", daemon=True
        ).start()

    def _scan_thread(self, quiet: bool) -> None:
        from followup_tui.inbox.scan import ScanResult, scan
        from followup_tui.storage.store import Store

        app = self.app
        try:
            # Its own Store: the list's store is the UI thread's; saves share the home's lock.
            result = scan(app.home, Store(app.home), app.config, app.now())
        except Exception as error:  # noqa: BLE001 - a scan failure is one line, never a crash
            result = ScanResult(problems=[f"The mailbox scan failed: {error}."])
        if app.is_running:
            try:
                app.call_from_thread(self._done, result, quiet)
            except RuntimeError:
                pass  # the app quit while the scan ran: nobody to tell

    def _done(self, result: ScanResult, quiet: bool) -> None:
        self._running = False
        app = self.app
        for change in result.changes:
            self.recorded.setdefault(change.interview_id, []).append(change.message_id)
            app.refresh_list_row(change.interview_id)
        if result.changes:
            app.notify(
                printable(result.notice()) + " Press M on a row to undo.",
                title="Mailbox",
                markup=False,
                timeout=NOTICE_SECONDS,
            )
        elif not quiet:
            suggested = len(result.suggestions)
            extra = f"; {suggested} possible (same domain, not recorded)" if suggested else ""
            app.notify(f"No new replies{extra}.", markup=False)
        problems = tuple(result.problems + result.failed)
        if result.broken:
            problems += (f"{result.broken} message(s) could not be read and were skipped.",)
        if problems and (problems != self._last_problems or not quiet):
            app.notify(
                printable(" ".join(problems)), title="Mailbox", severity="warning", markup=False
            )
        self._last_problems = problems

    def can_undo(self, interview_id: str) -> bool:
        return bool(self.recorded.get(interview_id))

    def undo(self, interview_id: str) -> None:
        """Take back this session's findings in one interview (never made again).

        Through the app's writes (``tui/writes.py``): while another followup
        holds the home's lock it waits without freezing the app.
        """
        from followup_tui.inbox.scan import undo
        from followup_tui.storage.store import StoreError

        app = self.app

        def attempt() -> bool:
            undone = 0
            try:
                for message_id in self.recorded.pop(interview_id, []):
                    undone += undo(app.home, app.store, interview_id, message_id, app.now())
            except (OSError, StoreError) as error:
                app.notify(
                    printable(f"The undo could not be saved: {error}."),
                    severity="error",
                    markup=False,
                )
                return False
            app.refresh_list_row(interview_id)
            app.notify(
                "Undone: what the mailbox scan recorded here."
                if undone
                else "Nothing left to undo.",
                markup=False,
            )
            return True

        app.writes.run(interview_id, "undo of the mailbox finding", attempt)
