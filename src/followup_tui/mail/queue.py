"""Send later: the queue of follow-ups kept in the interview files, and sending what is due.

A follow-up is queued by setting ``state = "scheduled"`` and ``send_at``; it
syncs and survives like everything else. ``run_queue`` sends what is due,
exactly once, through a small state machine saved atomically at each step:

    scheduled --(checks pass, Message-ID recorded)--> sending --(delivered)--> sent
    sending (found by a later run: it died mid-send) --> sent (found in Sent) or unsure
    scheduled --(checks fail / time missed past the grace period)--> draft + notice
    scheduled --(server down)--> scheduled + notice (tried again at the next run)

One run at a time holds ``<home>/.queue-lock`` for its whole length, so a
follow-up a run finds in ``sending`` was left by a run that died: it is never
sent again blindly. Each step re-reads the file and saves through the store's
conflict check, so an edit made meanwhile (the app, a sync) is never lost.
The checks and the Sent-folder lookup come from the caller (``checks`` and
``inbox`` are sibling layers): see ``cli/queue.py``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime, timedelta
from email.message import EmailMessage
from email.utils import make_msgid
from typing import TypeVar

from followup_tui.core import actions
from followup_tui.core.humantime import exact, span
from followup_tui.core.model import Followup, Interview
from followup_tui.mail.errors import MailError
from followup_tui.mail.sending import build_message, keep_sent_copy, sender
from followup_tui.storage import files
from followup_tui.storage.config import Config
from followup_tui.storage.paths import FILE_MODE, Home
from followup_tui.storage.store import ConflictError, NotFoundError, Store, StoreError

T = TypeVar("T")
# (interview, follow-up, the moment it would go out) -> failing checks as (id, "Title: reason").
Checks = Callable[[Interview, Followup, datetime], list[tuple[str, str]]]
# (Message-ID, the earliest moment it can have been sent) -> True when it is in the
# Sent folder, False when every source was read and it is not, None: cannot tell.
SentLookup = Callable[[str, datetime | None], bool | None]
LOOKUP_MARGIN = timedelta(hours=1)  # clock skew between this machine and the mail store
RETRIES = 5  # conflict retries of one step (another writer saving the same file meanwhile)
QUEUE_MARKERS = (b"scheduled", b"sending", b"unsure", b"notice")


class QueueError(Exception):
    """A queue request that cannot be done; one sentence for the user."""


class QueueBusyError(QueueError):
    """Another run holds the queue lock."""


@dataclass(frozen=True)
class Queued:
    """A follow-up in the queue (or with something to say): where it is and what it is."""

    interview: Interview
    index: int

    @property
    def followup(self) -> Followup:
        return self.interview.followups[self.index]


@dataclass(frozen=True)
class Outcome:
    """What one run did with one follow-up."""

    interview_id: str
    to: str
    result: str  # sent, retry, held, missed, unsure, found
    message: str


# -- queueing (in memory; callers save) -----------------------------------------


def schedule(
    followup: Followup, send_at: datetime, now: datetime, *, accepted: list[str] | None = None
) -> None:
    """Queue ``followup`` for ``send_at``; ``accepted``: failing checks the user let pass."""
    if followup.is_sent:
        raise QueueError("This follow-up was sent already; there is nothing to schedule.")
    if followup.in_flight:
        raise QueueError("This follow-up is being sent (or may have been); it cannot be moved.")
    if send_at <= now:
        raise QueueError(
            f"{exact(send_at)} is in the past; pick a later time, or send it now instead."
        )
    followup.state = "scheduled"
    followup.send_at = send_at
    followup.notice = ""
    followup.send_anyway = sorted(set(accepted or []))
    followup.updated_at = now


def unschedule(followup: Followup, now: datetime) -> None:
    """Put a queued follow-up back to a plain draft."""
    if followup.state not in ("scheduled", "draft"):
        raise QueueError(
            f"This follow-up is {followup.state}, not scheduled; "
            + (
                "resolve it with `followup queue resolve`."
                if followup.in_flight
                else "there is nothing to cancel."
            )
        )
    followup.state = "draft"
    followup.send_at = None
    followup.notice = ""
    followup.send_anyway = []
    followup.updated_at = now


def resolve(followup: Followup, *, sent: bool, now: datetime) -> None:
    """The user's answer for an "unsure" follow-up: it went out, or it did not (a draft)."""
    if followup.state not in ("unsure", "sending"):
        raise QueueError(f"This follow-up is {followup.state}; only an unsure send is resolved.")
    if sent:
        followup.state = "sent"
        followup.sent_at = followup.sent_at or now
        followup.notice = ""
        followup.updated_at = now
    else:
        followup.state = "draft"
        followup.send_at = None
        followup.message_id = ""  # a new send gets a new Message-ID
        followup.notice = ""
        followup.updated_at = now


def listed(store: Store) -> tuple[list[Queued], list[str]]:
    """Every queued, in-flight or noticed follow-up by time, and the files that failed."""
    found: list[Queued] = []
    problems: list[str] = []
    for interview_id in store.ids_on_disk():
        try:
            if not _may_hold_queue(store, interview_id):
                continue
            interview = store.read(interview_id)
        except NotFoundError:
            continue
        except StoreError as error:
            problems.append(f"{interview_id}: {error}")
            continue
        for index, item in enumerate(interview.followups):
            if item.is_scheduled or item.in_flight or (item.notice and not item.is_sent):
                found.append(Queued(interview, index))
    found.sort(key=_queue_order)
    return found, problems


def _queue_order(queued: Queued) -> tuple[bool, float, str]:
    """By send time (those without one, held drafts, last), then interview id."""
    moment = queued.followup.send_at
    return (moment is None, moment.timestamp() if moment else 0.0, queued.interview.id)


def _may_hold_queue(store: Store, interview_id: str) -> bool:
    """A cheap look at the bytes: only files that mention a queue word are parsed."""
    try:
        data, _ = files.read_regular(store.path_for(interview_id))
    except (OSError, StoreError):
        return True  # reading it properly reports the problem (a FIFO never blocks)
    return any(marker in data for marker in QUEUE_MARKERS)


# -- running --------------------------------------------------------------------


@contextmanager
def queue_lock(home: Home, wait: float = 0.0) -> Iterator[None]:
    """Hold the home's queue lock: one run sends at a time, across processes."""
    from filelock import FileLock, Timeout

    lock = FileLock(str(home.queue_lock_file), timeout=wait, mode=FILE_MODE)
    try:
        lock.acquire()
    except Timeout:
        raise QueueBusyError(
            "Another queue run is sending right now; this one left it to it."
        ) from None
    try:
        yield
    finally:
        lock.release()


@dataclass
class Runner:
    """One ``queue run``: the home, its settings and the hooks from the layers above."""

    store: Store
    home: Home
    config: Config
    now: datetime
    checks: Checks
    lookup: SentLookup | None = None
    environ: Mapping[str, str] | None = None

    @property
    def grace(self) -> timedelta:
        return timedelta(hours=self.config.queue.grace_hours)

    def run(self, wait: float = 0.0) -> list[Outcome]:
        """Send everything due (under the queue lock); what happened to each follow-up."""
        outcomes: list[Outcome] = []
        with queue_lock(self.home, wait):
            for interview_id in self.store.ids_on_disk():
                try:
                    if not _may_hold_queue(self.store, interview_id):
                        continue
                    interview = self.store.read(interview_id)
                except StoreError:
                    continue  # `followup list` reports broken files
                for index, item in enumerate(interview.followups):
                    outcome: Outcome | None = None
                    if item.state == "sending":
                        outcome = self._interrupted(interview_id, item)
                    elif item.is_scheduled and item.send_at is not None:
                        if item.send_at <= self.now:
                            outcome = self._send_due(interview_id, index, item)
                    if outcome is not None:
                        outcomes.append(outcome)
        return outcomes

    # -- steps: each re-reads the file, changes it, saves it (or retries) -------

    def _step(self, interview_id: str, change: Callable[[Interview], T | None]) -> T | None:
        for _ in range(RETRIES):
            interview = self.store.read(interview_id)
            result = change(interview)
            if result is None:
                return None
            try:
                self.store.save(interview, now=self.now)
            except ConflictError:
                continue
            return result
        raise StoreError(f"{interview_id} kept changing while the queue tried to save it.")

    def _interrupted(self, interview_id: str, seen: Followup) -> Outcome | None:
        """A follow-up left in ``sending`` by a run that died: look in Sent, else ask."""
        message_id = seen.message_id
        since = seen.send_at - LOOKUP_MARGIN if seen.send_at is not None else None
        found = self.lookup(message_id, since) if self.lookup is not None and message_id else None

        def change(interview: Interview) -> Followup | None:
            item = _by_message_id(interview, message_id, "sending")
            if item is None:
                return None
            if found:
                actions.mark_sent(interview, self.now, draft=item, message_id=message_id)
            else:
                item.state = "unsure"
                item.notice = (
                    f"A send at {exact(self.now)} was interrupted; it may or may not have gone "
                    f"out. Check your Sent folder for {message_id}, then run `followup queue "
                    f"resolve {interview_id} --sent` (or --not-sent)."
                )
            return item

        item = self._step(interview_id, change)
        if item is None:
            return None
        if found:
            return Outcome(interview_id, item.to, "found", "It was in the Sent folder.")
        return Outcome(interview_id, item.to, "unsure", item.notice)

    def _send_due(self, interview_id: str, index: int, seen: Followup) -> Outcome | None:
        send_at = seen.send_at
        assert send_at is not None
        message_id = make_msgid(domain=self._domain())

        def claim(interview: Interview) -> tuple[str, EmailMessage | None] | None:
            """scheduled -> sending with the Message-ID when still due and checks pass;
            else back to a draft with a notice ("missed", "held"); None: not ours now."""
            item = _at(interview, index, seen)
            if item is None or not item.is_scheduled or item.send_at != send_at:
                return None  # changed meanwhile (sent, cancelled, moved): not ours now
            late = self.now - send_at
            if late > self.grace:
                _hold(
                    item,
                    f"Not sent: its time, {exact(send_at)}, passed {span(late)} ago while "
                    f"nothing was sending (the grace period is {self.grace_text()}); send it "
                    "now or schedule it again.",
                    self.now,
                )
                return "missed", None
            failures = [
                reason
                for check_id, reason in self.checks(interview, item, self.now)
                if check_id not in item.send_anyway
            ]
            try:
                message = build_message(
                    item, self.config.profile, self.config.mail, self.now, message_id=message_id
                )
            except MailError as error:
                failures.append(str(error))
            if failures:
                _hold(
                    item,
                    f"Not sent at {exact(self.now)}: " + "; ".join(failures) + ". Fix the "
                    "draft, then send it or schedule it again.",
                    self.now,
                )
                return "held", None
            item.state = "sending"
            item.message_id = message_id
            item.notice = ""
            return "send", message

        try:
            claimed = self._step(interview_id, claim)
        except StoreError as error:
            return Outcome(interview_id, seen.to, "retry", f"Not sent: {error}")
        if claimed is None:
            return None
        result, message = claimed
        if message is None:  # claim() saved the draft with its notice
            return Outcome(interview_id, seen.to, result, self._notice_of(interview_id, index))
        return self._deliver(interview_id, message, message_id)

    def _deliver(self, interview_id: str, message: EmailMessage, message_id: str) -> Outcome:
        from followup_tui.mail.transport import deliver

        try:
            refused = deliver(message, self.config.mail, environ=self.environ)
        except MailError as error:
            return self._not_delivered(interview_id, message_id, error)

        def record(interview: Interview) -> tuple[Interview, Followup] | None:
            item = _by_message_id(interview, message_id, "sending")
            if item is None:
                return None
            actions.mark_sent(
                interview, self.now, draft=item, message_id=message_id, timing=self.config.timing
            )
            return interview, item

        to = str(message["To"])
        try:
            recorded = self._step(interview_id, record)
        except StoreError as error:
            # Delivered: left in "sending", the next run asks rather than sending again.
            return Outcome(interview_id, to, "sent", f"Sent, but recording it failed ({error}).")
        notes = [f"Refused by the server: {', '.join(refused)}."] if refused else []
        if recorded is not None:
            _, warning = keep_sent_copy(self.home, *recorded, message, self.now)
            notes += [warning] if warning else []
        return Outcome(interview_id, to, "sent", " ".join(notes))

    def _not_delivered(self, interview_id: str, message_id: str, error: MailError) -> Outcome:
        """Back to scheduled (tried again next run), or unsure when it may have gone out."""

        def change(interview: Interview) -> Followup | None:
            item = _by_message_id(interview, message_id, "sending")
            if item is None:
                return None
            if error.uncertain:
                item.state = "unsure"
                item.notice = (
                    f"{error} Check your Sent folder, then run `followup queue resolve "
                    f"{interview_id} --sent` (or --not-sent)."
                )
            else:
                item.state = "scheduled"
                item.message_id = ""
                item.notice = (
                    f"Not sent yet at {exact(self.now)}: {error} The next run tries again."
                )
            return item

        try:
            item = self._step(interview_id, change)
        except StoreError as store_error:
            return Outcome(interview_id, "", "unsure", f"{error} ({store_error})")
        if item is None:
            return Outcome(interview_id, "", "retry", str(error))
        return Outcome(interview_id, item.to, "unsure" if error.uncertain else "retry", item.notice)

    # -- small helpers ---------------------------------------------------------

    def _domain(self) -> str | None:
        try:
            return sender(self.config.profile, self.config.mail).domain or None
        except MailError:
            return None

    def grace_text(self) -> str:
        return f"{self.config.queue.grace_hours:g} hours"

    def _notice_of(self, interview_id: str, index: int) -> str:
        try:
            return self.store.read(interview_id).followups[index].notice
        except (StoreError, IndexError):
            return ""


def _hold(item: Followup, notice: str, now: datetime) -> None:
    """Back to a draft, with the notice saying why (shown until the user acts)."""
    item.state = "draft"
    item.send_at = None
    item.message_id = ""
    item.notice = notice
    item.updated_at = now


def _at(interview: Interview, index: int, seen: Followup) -> Followup | None:
    """The follow-up at ``index`` if it is still the one seen (same kind and person)."""
    if index >= len(interview.followups):
        return None
    item = interview.followups[index]
    if (item.kind, item.interviewer, item.created_at) != (
        seen.kind,
        seen.interviewer,
        seen.created_at,
    ):
        return None
    return item


def _by_message_id(interview: Interview, message_id: str, state: str) -> Followup | None:
    for item in interview.followups:
        if item.message_id == message_id and item.state == state:
            return item
    return None
