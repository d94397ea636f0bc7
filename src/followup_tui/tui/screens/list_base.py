"""The list screen's data side: loading, saving, live reload and drawing the table.

The screen keeps a small row of each interview in memory (see rows.py), and
reads an interview's file again whenever it needs more than the row (the
detail view, the form, marking it sent). Every change goes through the store
(saves are refused on conflict, with the one conflict flow of ``conflicts``). A thread worker
polls the store every two seconds so outside edits show up without a restart
(the rows on screen at every poll, the rest in turn; see ``Store.poll``).
The keys and what they do are in ``list_screen``.
"""

from __future__ import annotations

import gc
import math
import threading
import time
from collections import Counter
from collections.abc import Collection, Sequence
from datetime import datetime
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, cast

from textual import work
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.content import Content
from textual.notifications import SeverityLevel
from textual.screen import Screen
from textual.timer import Timer
from textual.widgets import Input, Static

from followup_tui.core.model import Interview
from followup_tui.core.rows import Pairs, Row, next_change, rank, with_changes
from followup_tui.core.schedule import NextAction, State, counts, decide, title_counts
from followup_tui.core.schedule import summary_sentence as summary
from followup_tui.core.search import ListFilter, parse_query
from followup_tui.core.sorting import sort_pairs
from followup_tui.core.text import printable
from followup_tui.storage import loader
from followup_tui.storage.store import (
    Changes,
    LoadProblem,
    NotFoundError,
    RowsResult,
    StoreError,
)
from followup_tui.tui.send_queue import notify_reviews
from followup_tui.tui.widgets.footer import Footer
from followup_tui.tui.widgets.header import Header
from followup_tui.tui.widgets.interview_table import InterviewTable

if TYPE_CHECKING:
    from followup_tui.tui.app import FollowupApp

LAUNCH_NOTE_SECONDS = 5.0
POLL_SECONDS = 2.0
# From this many interviews on, the most urgent rows are shown first and the
# rest is loaded in a thread (below it, loading everything is quicker than that).
URGENT_FIRST_FROM = loader.BIG_HOME
# Filtering and the closed toggle reuse the schedule worked out this recently.
PAIRS_FRESH_SECONDS = 30.0
# The clock timer looks again at least this often: the "when" column moves on,
# and a laptop's sleep stops timers.
CLOCK_CHECK_SECONDS = 60.0
Edits = tuple[Sequence[Row], Collection[str]]  # (changed or added, ids gone)
EMPTY = (
    "No interviews yet.\n\n"
    "Press a to add your first interview: company, date and who you met.\n"
    "Want to look around first? Quit (ctrl+q) and run  followup --demo  "
    "to open sample data."
)


class InterviewListBase(Screen[None]):
    """Holds a row per interview and keeps the table, counts and problems current."""

    def __init__(self) -> None:
        super().__init__()
        self.rows: dict[str, Row] = {}
        self.problems: dict[Path, str] = {}
        self.show_closed = True
        self._lock = threading.Lock()
        # While the rest of a big home loads: the whole home's counts, from the cache.
        self._loading: Counter[State] | None = None
        self._loading_total = 0
        self._pairs: tuple[float, Pairs] | None = None  # (when, pairs) for the filter
        self._rescheduling: tuple[float, Pairs] | None = None  # the pairs a thread refreshes
        self._filter = ListFilter()
        self._tally: tuple[Pairs, Counter[State]] | None = None
        self._clock_pairs: Pairs | None = None  # the schedule the clock timer was set from
        self._clock_timer: Timer | None = None
        self._binding_state: tuple[bool | None, ...] = ()

    @property
    def followup(self) -> FollowupApp:
        """The app, typed."""
        return cast("FollowupApp", self.app)

    def compose(self) -> ComposeResult:
        yield Header()
        with Vertical(id="body"):
            yield InterviewTable(id="table")
            yield Static(Content(EMPTY), id="empty")
            yield Static(id="problems")
        yield Input(
            placeholder="Filter: words, or state:overdue company:acme person:dana", id="filter"
        )
        # The footer comes right after the first paint (see on_mount).

    def on_mount(self) -> None:
        # The rows are what the user opened the app for: the footer's keys follow one
        # frame later (its widgets and CSS would delay the first paint).
        self.call_after_refresh(self.mount, Footer())
        self.show_closed = self.followup.config.show_closed
        if not self._start_urgent_first():
            self.reload_all(announce=True)
            self.set_interval(POLL_SECONDS, self.poll_store)

    # -- data ------------------------------------------------------------

    def reload_all(self, *, announce: bool = False) -> None:
        """Load every interview from disk and redraw."""
        with self._lock:
            result = self.followup.store.load_rows()
        self._loading = None
        self._apply_load(result)
        if announce:
            self._announce(self._counts(self.pairs(reuse=True)))

    def _apply_load(self, result: RowsResult, pairs: Pairs | None = None) -> None:
        self.rows = {row.id: row for row in result.rows}
        self._filter.clear()  # all new rows: nothing of the last result holds
        self.problems = {problem.path: problem.message for problem in result.problems}
        if pairs is not None:
            self._pairs = (time.monotonic(), pairs)
        self.refresh_list(same_data=pairs is not None)
        if result.problems:
            self._notify_problems(result.problems)
        if len(self.rows) >= URGENT_FIRST_FROM:
            # What was loaded lives as long as the list: move it out of the cyclic
            # collector's reach: a full collection over a big home stalled whatever key it
            # followed; frozen, it costs nothing.
            # Rows hold no reference cycles, so replaced ones are still freed.
            gc.freeze()

    def _announce(self, tally: Counter[State]) -> None:
        """The launch toast: what is overdue and due, after the first paint."""
        # After the first paint, so a slow start cannot expire the toast unseen.
        self.call_after_refresh(self._show_launch_note, tally)

    def _show_launch_note(self, tally: Counter[State]) -> None:
        # Someone who has already opened the editor or checklist has seen the
        # list and acted on it: a late toast would only cover what they read.
        if not self.is_active:
            return
        severity: SeverityLevel = "warning" if tally[State.OVERDUE] else "information"
        self.notify(
            summary(tally),
            title="followup",
            severity=severity,
            markup=False,
            timeout=LAUNCH_NOTE_SECONDS,
        )
        notify_reviews(self, self.rows.values(), 3 * LAUNCH_NOTE_SECONDS)

    def _start_urgent_first(self) -> bool:
        """A big home: show its most urgent rows now and load the rest in a thread.

        The loader picks them from the cache (kept current against every
        file's stat); False when the home is small or the cache cannot help.
        """
        app = self.followup
        ahead, app.index_ahead = app.index_ahead, None
        limit = max(2 * app.size.height, 60)
        with self._lock:
            start = loader.urgent_first(
                app.store, ahead, app.now(), app.config.timing, limit, URGENT_FIRST_FROM
            )
        if start is None:
            return False
        self._loading, self._loading_total = start.tally, start.total
        self.rows = start.rows
        self.refresh_list()
        self._announce(start.tally)
        self._load_the_rest()
        return True

    @work(thread=True, exclusive=True, group="load")
    def _load_the_rest(self) -> None:
        app = self.followup
        # The schedule too, here rather than on the UI thread.
        result, pairs = loader.load_rest(app.store, self._lock, app.now(), app.config.timing)
        app.call_from_thread(self._rest_loaded, result, pairs)

    def _rest_loaded(self, result: RowsResult, pairs: Pairs | None = None) -> None:
        """Show the whole home, minus what this screen changed after the thread read it."""
        if loader.merge(self.followup.store, result, self.rows.values()):
            pairs = None  # work the schedule out again with this screen's copies
        self._loading = None
        self._apply_load(result, pairs)
        self.set_interval(POLL_SECONDS, self.poll_store)

    def _notify_problems(self, problems: list[LoadProblem]) -> None:
        noun = "file" if len(problems) == 1 else "files"
        lines = "\n".join(printable(str(p)) for p in problems[:3])
        self.notify(
            f"{len(problems)} interview {noun} could not be loaded (left untouched):\n{lines}",
            severity="error",
            timeout=15,
            markup=False,
        )

    def pairs(self, *, reuse: bool = False) -> Pairs:
        """Every interview with its next action, most urgent first.

        With ``reuse`` (redraws that change no data: typing in the filter, the
        closed toggle), the pairs worked out last. When those are older than
        PAIRS_FRESH_SECONDS (states move with the clock) they are still used,
        so the key is answered at once, and a thread works the schedule out
        again and redraws: at 10,000 interviews that takes seconds here.
        """
        if reuse and self._pairs:
            if time.monotonic() - self._pairs[0] >= PAIRS_FRESH_SECONDS:
                self._start_reschedule()
            return self._pairs[1]
        app = self.followup
        pairs = rank(self.rows.values(), app.now(), app.config.timing)
        self._pairs = (time.monotonic(), pairs)
        return pairs

    def _edited_pairs(self, changed: Sequence[Row], gone: Collection[str]) -> Pairs:
        """The schedule at hand with only ``changed`` and ``gone`` worked in.

        A save or a poll at 10,000 interviews would otherwise redo the whole
        schedule on the UI thread (seconds here). The rest keeps its age, so
        an old schedule is still redone in a thread, as for the filter.
        """
        assert self._pairs is not None
        when, old = self._pairs
        app = self.followup
        self._pairs = (when, with_changes(old, changed, gone, app.now(), app.config.timing))
        if time.monotonic() - when >= PAIRS_FRESH_SECONDS:
            self._start_reschedule()
        return self._pairs[1]

    def _start_reschedule(self) -> None:
        if self._rescheduling is not None and self._rescheduling is self._pairs:
            return  # already under way for these pairs
        self._rescheduling = self._pairs
        self._reschedule(self._pairs, list(self.rows.values()))

    @work(thread=True, exclusive=True, group="schedule", exit_on_error=False)
    def _reschedule(self, based_on: tuple[float, Pairs] | None, items: list[Row]) -> None:
        app = self.followup
        try:
            pairs = rank(items, app.now(), app.config.timing)
        except Exception:  # noqa: BLE001 - an interview changed under us: that redraw wins
            return
        app.call_from_thread(self._rescheduled, based_on, pairs)

    def _rescheduled(self, based_on: tuple[float, Pairs] | None, pairs: Pairs) -> None:
        """A fresh schedule from the thread: used only if no data changed since it began."""
        if self._pairs is not based_on:
            return  # a load, save or poll redrew with its own fresh schedule meanwhile
        self._pairs = (time.monotonic(), pairs)
        self.refresh_list(same_data=True)

    def _watch_the_clock(self, pairs: Pairs) -> None:
        """Set a timer for the next moment the clock alone moves a row on.

        A due thank-you turns overdue at its deadline though nobody touches the list.
        """
        if pairs is self._clock_pairs:
            return  # a filter key or the closed toggle: same schedule, same moment
        self._clock_pairs = pairs
        self._set_clock(next_change(pairs, self.followup.now()))

    def _set_clock(self, change: datetime | None) -> None:
        if self._clock_timer is not None:
            self._clock_timer.stop()
        delay = CLOCK_CHECK_SECONDS  # at the least, the "when" column moves on
        if change is not None:
            wait = (change - self.followup.now()).total_seconds()
            delay = min(max(wait, 1.0), delay)
        self._clock_timer = self.set_timer(delay, partial(self._clock_moved, change))

    def _clock_moved(self, change: datetime | None) -> None:
        now = self.followup.now()
        if change is None or now < change:
            self.query_one(InterviewTable).set_now(now)  # "due in 3 hours" keeps true
            self._set_clock(change)  # and a long wait is taken in steps
            return
        self._clock_timer = None
        if self._pairs is not None:
            # The states moved: work them out again in a thread; it redraws and
            # sets the clock for the next change.
            self._pairs = (-math.inf, self._pairs[1])
            self._start_reschedule()

    def _counts(self, pairs: Pairs) -> Counter[State]:
        """How many of ``pairs`` are in each state (kept while the schedule is the same)."""
        if self._tally is None or self._tally[0] is not pairs:
            self._tally = (pairs, counts(action for _, action in pairs))
        return self._tally[1]

    def visible_pairs(self, pairs: Pairs) -> Pairs:
        """What the table shows of ``pairs``: closed ones only when asked, filtered, sorted."""
        query = parse_query(self.query_one("#filter", Input).value)
        shown = self._filter.apply(pairs, query, self.show_closed)
        return sort_pairs(shown, self.followup.config.sort)

    def refresh_list(self, *, same_data: bool = False, edits: Edits | None = None) -> None:
        """Redraw the table, the empty state, the problems panel and the counts.

        ``same_data``: only the filter or the closed toggle changed, so the
        schedule worked out moments ago still holds. ``edits``: only these
        interviews changed, so only they are scheduled again.
        """
        table = self.query_one(InterviewTable)
        if edits is not None and self._pairs is not None:
            pairs = self._edited_pairs(*edits)
        else:
            pairs = self.pairs(reuse=same_data)  # once per redraw, not once per use
        self._watch_the_clock(pairs)
        visible = self.visible_pairs(pairs)
        table.show(visible, self.followup.now())
        empty = self.query_one("#empty", Static)
        query = self.query_one("#filter", Input).value.strip()
        if not self.rows:
            empty.update(Content(EMPTY))
        elif not visible:
            # Under the header, which stays: the columns say what a match would show.
            hidden = "" if self.show_closed else " (closed ones are hidden: press t)"
            reason = f"No interviews match {query!r}" if query else "Nothing to show"
            empty.update(Content(f"{reason}{hidden}. Escape clears the filter."))
        empty.display = not visible
        empty.set_class(bool(self.rows), "-under-header")
        table.display = bool(self.rows)
        table.set_class(not visible, "-header-only")
        panel = self.query_one("#problems", Static)
        panel.display = bool(self.problems)
        panel.border_title = "Files that could not be loaded (fix them by hand)"
        panel.update(
            Content(
                "\n".join(f"{printable(str(p))}: {printable(m)}" for p, m in self.problems.items())
            )
        )
        total = self._loading_total if self._loading else len(self.rows)
        filtered = bool(query) and not self._loading
        # Filtered: the counts of what is shown, out of how many.
        tally = counts(a for _, a in visible) if filtered else self._loading or self._counts(pairs)
        shown = len(visible) if filtered else None
        notes = [
            note
            for note, applies in (
                ("loading the rest…", self._loading),
                ("closed hidden", not self.show_closed),
                ("demo data", self.followup.demo),
            )
            if applies
        ]
        self.sub_title = title_counts(tally, total, shown, notes)
        self.sync_bindings()

    def sync_bindings(self) -> None:
        """Bring the footer up to date (the list screen skips it when nothing changed)."""
        self.refresh_bindings()

    def selected_row(self) -> Row | None:
        """The highlighted interview's row, or None when the list is empty."""
        table = self.query_one(InterviewTable)
        if not table.display or not table.row_count:
            return None
        selected = table.selected_id
        return self.rows.get(selected) if selected else None

    def selected_interview(self) -> Interview | None:
        """The highlighted interview, read from its file now (the list keeps only rows).

        When the file changed since the list last read it, the list takes the
        change too, so what the user acts on is what they see. None, with a
        message, when the list is empty or the file is gone or broken.
        """
        row = self.selected_row()
        if row is None:
            return None
        try:
            # Not under the lock: the thread loading a big home holds it for the
            # whole load (seconds on a cold cache), and a read records nothing.
            interview = self.followup.store.read(row.id)
        except NotFoundError as error:
            gone = f"{error} It was deleted outside this list."
            self.notify(gone, severity="error", markup=False)
            self.refresh_interview(row.id)
            return None
        except StoreError:
            self.refresh_interview(row.id)  # reports the broken file, like a poll
            return None
        if interview.loaded_digest != row.loaded_digest:
            self.apply_changes(Changes(changed=[interview]))
        return interview

    def _selected_action(self) -> NextAction | None:
        row = self.selected_row()
        if row is None:
            return None
        app = self.followup
        return decide(row.facts, app.now(), app.config.timing)

    # -- live reload -----------------------------------------------------

    def poll_store(self, *, full: bool = False) -> None:
        """Timer callback: look for outside changes in a thread (the rows on screen first)."""
        if self._loading is not None:
            return  # the load under way reads every file anyway
        self._poll_worker(self.query_one(InterviewTable).visible_ids(), full)

    @work(thread=True, exclusive=True, group="poll")
    def _poll_worker(self, watch: list[str], full: bool) -> None:
        with self._lock:
            changes = self.followup.store.poll(watch=watch, full=full)
        if changes:
            self.app.call_from_thread(self.apply_changes, changes)

    def refresh_interview(self, interview_id: str) -> None:
        """Re-read one interview another screen of this app may have saved."""
        changes = Changes()
        with self._lock:
            try:
                changes.changed.append(self.followup.store.load(interview_id))
            except NotFoundError:
                changes.removed.append(interview_id)
            except StoreError as error:
                path = self.followup.store.path_for(interview_id)
                changes.problems.append(LoadProblem(path, str(error)))
                changes.removed.append(interview_id)  # as a poll would: not listed while broken
        self.apply_changes(changes)

    def apply_changes(self, changes: Changes) -> None:
        """Merge what changed on disk into the list."""
        rows = [Row.of(item) for item in changes.changed]
        for row in rows:
            self.rows[row.id] = row
            self.problems.pop(self.followup.store.path_for(row.id), None)
        for interview_id in changes.removed:
            self.rows.pop(interview_id, None)
        self.problems = {p: m for p, m in self.problems.items() if p.exists()}
        for problem in changes.problems:
            self.problems[problem.path] = problem.message
        if changes.problems:
            self._notify_problems(changes.problems)
        self.refresh_list(edits=(rows, changes.removed))
