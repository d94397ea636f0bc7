"""Writes from the app never wait for the home's lock on the UI thread.

Every save, delete and undo made on a screen runs through ``Writes.run``.
It is tried at once without waiting (``Store.locked(wait=0)``): when the
lock is free, as it nearly always is, the write happens right away and its
continuation runs before ``run`` returns. When someone else holds the lock
(a CLI import, a mailbox scan from a timer, the app in another tmux pane, or
this app's own loading thread), the write is queued and the app goes on
answering keys. A timer tries the queue again, in order, every
``POLL_SECONDS``; once the wait is longer than ``NOTICE_AFTER`` a notice says
what is waiting and for whom. After ``LOCK_TIMEOUT`` (the same bound the
command line has) it gives up: it says which changes were not saved, and each
continuation hears False (the editor keeps the text on screen, unsaved).

A write can name a ``merge`` key: a second request with the same key while
the first still waits joins it (its continuation runs when the first is done)
instead of queueing a second write. The editor's saves use this; their
attempt reads the screen again when it runs, so what is typed while waiting
is saved too.
"""

from __future__ import annotations

import threading
import time
from collections import deque
from collections.abc import Callable, Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from followup_tui.core.text import printable
from followup_tui.storage.store import LOCK_TIMEOUT, LockBusyError, Store, StoreError

if TYPE_CHECKING:
    from textual.app import App
    from textual.notifications import Notification
    from textual.timer import Timer

POLL_SECONDS = 0.1
NOTICE_AFTER = 0.3

Attempt = Callable[[], bool]
"""Does the write now (the lock is held); True when it is on disk."""

Done = Callable[[bool], object]


class BusyError(Exception):
    """Something this app is doing holds what the write needs; try again shortly."""


@contextmanager
def holding(lock: threading.Lock | None, what: str) -> Iterator[None]:
    """Hold an in-process lock without waiting for it; BusyError when it is taken."""
    if lock is None:
        yield
        return
    if not lock.acquire(blocking=False):
        raise BusyError(what)
    try:
        yield
    finally:
        lock.release()


def gather(count: int, done: Done) -> Done:
    """A continuation to hand to ``count`` writes: ``done(all ok)`` once all have reported."""
    results: list[bool] = []

    def one(ok: bool) -> None:
        results.append(ok)
        if len(results) == count:
            done(all(results))

    if count == 0:
        done(True)
    return one


@dataclass
class _Entry:
    interview_id: str
    what: str
    attempt: Attempt
    merge: object | None
    lock: threading.Lock | None
    done: list[Done] = field(default_factory=list)


class Writes:
    """The app's queue of writes waiting for the home's lock (empty nearly always)."""

    def __init__(self, app: App[Any], store: Store) -> None:
        self.app = app
        self.store = store
        self._queue: deque[_Entry] = deque()
        self._since = 0.0  # when the head of the queue first found the lock taken
        self._why = ""  # who holds it, for the notice
        self._elsewhere = True  # another process holds it (not this app's own thread)
        self._notice: Notification | None = None
        self._timer: Timer | None = None
        self._draining = False

    # -- asking ------------------------------------------------------------

    @property
    def waiting(self) -> bool:
        """True while any write waits for the lock."""
        return bool(self._queue)

    def waiting_what(self) -> list[str]:
        """What waits, in order ("draft to Dana Reyes")."""
        return [entry.what for entry in self._queue if entry.what]

    def when_done(self, done: Done) -> None:
        """``done(ok)`` once every write queued now has run; ok when none failed or gave up."""
        entries = list(self._queue)
        one = gather(len(entries), done)
        for entry in entries:
            entry.done.append(one)

    def waiting_for(self, interview_id: str) -> bool:
        """True while a write of this interview waits (a second change would conflict)."""
        return any(entry.interview_id == interview_id for entry in self._queue)

    def refused(self, interview_id: str) -> bool:
        """True, saying so, while a change to this interview waits: a second one is refused.

        It would have been made on the version before the waiting change and
        conflict with it; the user tries again once it is saved.
        """
        if not self.waiting_for(interview_id):
            return False
        self.app.notify(
            "A change to this interview is still waiting for another followup to finish "
            "writing; try again once it is saved.",
            severity="warning",
            markup=False,
        )
        return True

    def run(
        self,
        interview_id: str,
        what: str,
        attempt: Attempt,
        done: Done | None = None,
        *,
        merge: object | None = None,
        lock: threading.Lock | None = None,
    ) -> bool:
        """Write now, or as soon as the lock is free; True when it is on disk now.

        ``done(ok)`` is called exactly once: before ``run`` returns when the
        write could be tried at once, else when the queued write ran or was
        given up. ``what`` names the change for the notices ("draft to Dana
        Reyes"). ``attempt`` runs holding the home's lock (and ``lock``, a
        screen's own hold on the store shared with its loading thread), so the
        store calls inside it never wait and one attempt is one hold.
        """
        if merge is not None:
            for entry in self._queue:
                if entry.merge == merge:
                    if done is not None:
                        entry.done.append(done)
                    return False
        entry = _Entry(interview_id, what, attempt, merge, lock, [done] if done else [])
        if self._queue:  # behind the ones already waiting: writes keep their order
            self._queue.append(entry)
            return False
        try:
            ok = self._try(entry)
        except (BusyError, LockBusyError) as busy:
            self._queue.append(entry)
            self._start_waiting(busy)
            return False
        self._finish(entry, ok)
        return ok

    def _try(self, entry: _Entry) -> bool:
        """The attempt, holding what it needs without waiting; BusyError/LockBusyError if taken."""
        with holding(entry.lock, "This app is still reading the list."), ExitStack() as held:
            try:
                held.enter_context(self.store.locked(wait=0))
            except LockBusyError:
                raise
            except StoreError as error:  # a read-only or full home: no lock file can be made
                self.app.notify(str(error), severity="error", markup=False, timeout=15)
                return False
            return entry.attempt()

    # -- waiting -------------------------------------------------------------

    def _start_waiting(self, busy: Exception) -> None:
        self._since = time.monotonic()
        self._why = str(busy)
        self._elsewhere = isinstance(busy, LockBusyError)
        if self._timer is None:
            self._timer = self.app.set_interval(POLL_SECONDS, self._tick, name="writes")

    def _tick(self) -> None:
        """Timer: try the waiting writes in order; notice, give up or finish."""
        if self._draining:
            return
        self._draining = True
        try:
            self._drain()
        finally:
            self._draining = False

    def _drain(self) -> None:
        while self._queue:
            entry = self._queue[0]
            try:
                ok = self._try(entry)
            except (BusyError, LockBusyError) as busy:
                self._why = str(busy)
                self._elsewhere = isinstance(busy, LockBusyError)
                waited = time.monotonic() - self._since
                if waited >= LOCK_TIMEOUT:
                    self._give_up(waited)
                elif waited >= NOTICE_AFTER and self._notice is None:
                    self._show_notice()
                return
            self._queue.popleft()
            waited = time.monotonic() - self._since
            self._finish(entry, ok)
            if ok and self._notice is not None and not self._queue:
                self.app.notify(
                    f"Saved after waiting {waited:.1f} s: {printable(entry.what)}.",
                    markup=False,
                )
        self._stop()

    def _show_notice(self) -> None:
        from textual.notifications import Notification, Notify

        waiting = ", ".join(printable(what) for what in self.waiting_what())
        self._notice = Notification(
            f"{printable(self._why)} Waiting to save: {waiting}. The app goes on meanwhile; "
            f"it gives up after {LOCK_TIMEOUT:.0f} s.",
            title="Waiting for another followup" if self._elsewhere else "Waiting to save",
            severity="warning",
            timeout=LOCK_TIMEOUT + 5,
            markup=False,
        )
        self.app.post_message(Notify(self._notice))

    def _give_up(self, waited: float) -> None:
        entries, self._queue = list(self._queue), deque()
        self._stop()
        lost = "; ".join(printable(entry.what) for entry in entries if entry.what)
        self.app.notify(
            f"{printable(self._why)} It was still writing after {waited:.0f} s, so this was "
            f"not saved: {lost}. Nothing on disk changed; try again once it is done.",
            title="Not saved",
            severity="error",
            timeout=20,
            markup=False,
        )
        for entry in entries:
            self._finish(entry, False)

    def _stop(self) -> None:
        if self._timer is not None:
            self._timer.stop()
            self._timer = None
        if self._notice is not None:
            # Textual offers no public way to take one toast back; the pin keeps this true.
            notice, self._notice = self._notice, None
            try:
                self.app._unnotify(notice)
            except KeyError:  # it expired or was clicked away already
                pass

    def _finish(self, entry: _Entry, ok: bool) -> None:
        for done in entry.done:
            done(ok)

    # -- leaving -------------------------------------------------------------

    def flush(self) -> None:
        """Run the waiting writes now, blocking up to LOCK_TIMEOUT (SIGHUP: no one is looking)."""
        self._since = time.monotonic()
        while self._queue:
            before = len(self._queue)
            self._tick()
            if self._queue and len(self._queue) == before:
                time.sleep(POLL_SECONDS / 2)
