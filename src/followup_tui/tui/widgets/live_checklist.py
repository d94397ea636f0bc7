"""The editor's one-line checklist verdict, recomputed off the typing path.

Typing only restarts a short timer; when it fires, a snapshot of the draft is
checked in a thread worker (spell checking included) and the line updates.
A newer snapshot always wins: stale results are dropped.
"""

from __future__ import annotations

from collections.abc import Callable

from rich.text import Text
from textual import work
from textual.timer import Timer
from textual.widgets import Static
from textual.worker import get_current_worker

from followup_tui.checks import (
    CheckResult,
    DraftInput,
    Status,
    before_sending,
    failing,
    run_checks,
    summary_line,
)

DEBOUNCE_SECONDS = 0.3


class LiveChecklist(Static):
    """Shows ``summary_line`` of the latest checks; keeps the results for sending."""

    DEFAULT_CSS = """
    LiveChecklist { height: 1; color: $text-muted; }
    LiveChecklist.-fail { color: $check-fail; }
    LiveChecklist.-warn { color: $check-warn; }
    LiveChecklist.-pass { color: $check-pass; }
    """

    def __init__(self, *, id: str | None = None) -> None:  # noqa: A002 - Textual's name
        super().__init__("Checking…", id=id, markup=False)
        self.results: list[CheckResult] | None = None
        self._make_input: Callable[[], DraftInput] | None = None
        self._timer: Timer | None = None
        self._version = 0
        self._shown_version = -1
        self.key_hint = ""
        """The key that opens the full checklist, as the footer shows it (set by the screen)."""

    def schedule(self, make_input: Callable[[], DraftInput]) -> None:
        """Check the draft soon; ``make_input`` (called on the UI thread when it is
        time) must return a copy of the draft that typing will not change."""
        self._make_input = make_input
        self._version += 1
        if self._timer is not None:
            self._timer.stop()
        self._timer = self.set_timer(DEBOUNCE_SECONDS, self._fire)

    @property
    def up_to_date(self) -> bool:
        return self.results is not None and self._shown_version == self._version

    def _fire(self) -> None:
        if self._make_input is not None:
            self._check(self._make_input(), self._version)

    @work(thread=True, exclusive=True, group="live-checklist")
    def _check(self, draft_input: DraftInput, version: int) -> None:
        results = run_checks(draft_input)
        if not get_current_worker().is_cancelled:
            self.app.call_from_thread(self._show, results, version)

    def _show(self, results: list[CheckResult], version: int) -> None:
        if version < self._shown_version:
            return
        self.results, self._shown_version = results, version
        statuses = {result.status for result in results}
        worst = "fail" if Status.FAIL in statuses else "warn" if Status.WARN in statuses else "pass"
        self.set_classes(f"-{worst}")
        hint = f"  ({self.key_hint})" if self.key_hint else ""
        self.update(Text(f"Checklist {summary_line(results)}{hint}"))

    def problems(self, draft_input: DraftInput) -> tuple[list[str], bool]:
        """For the send confirmation (checked now if the line is stale): the failing
        and unticked manual items, and whether anything fails."""
        results = self.results if self.up_to_date else run_checks(draft_input)
        assert results is not None
        return before_sending(results), bool(failing(results))
