"""The follow-ups as iCalendar events: what is owed now, and what was just done.

Each owed email is one event whose UID never changes (``<id>-thank_you@followup-tui``,
``<id>-reminder@followup-tui``), so a calendar that imports the file again,
or reads the vdir, updates the event instead of adding another. An item that
was done lately (sent, replied to, closed) comes back as ``STATUS:CANCELLED``
with a higher ``SEQUENCE`` for ``KEEP_DONE`` so that calendars which import the
single file drop it. An overdue item is due now: its event starts a few minutes
ahead, with its alarm then; no alarm is ever in the past, where no calendar alerts.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING

from followup_tui.core.schedule import NextAction, Timing, decide, facts_of, next_action

if TYPE_CHECKING:
    from icalendar import Calendar, Event

    from followup_tui.core.model import Interview

PENDING = ("overdue", "due", "reminder due", "upcoming", "waiting")
UID_DOMAIN = "followup-tui"
KEEP_DONE = timedelta(days=14)  # done items stay in a single-file export as cancelled
LEAD = timedelta(minutes=5)  # an overdue item's event and alarm start this far ahead
LENGTH = timedelta(minutes=15)


@dataclass(frozen=True, slots=True)
class Item:
    """One owed (or lately done) email of one interview, as a calendar event."""

    interview: Interview
    kind: str  # "thank_you" or "reminder"
    action: NextAction
    done_at: datetime | None = None  # when it stopped being owed; None while it is owed

    @property
    def uid(self) -> str:
        return f"{self.interview.id}-{self.kind}@{UID_DOMAIN}"

    @property
    def sequence(self) -> int:
        """Grows with every send and with the close, so a later export wins an import."""
        interview = self.interview
        closed = interview.response is not None or bool(interview.outcome)
        return len(interview.sent_followups) + int(closed)


def pending(interviews: list[Interview], now: datetime, timing: Timing) -> list[Item]:
    """The owed emails: one item per interview with a pending next action."""
    out = []
    for interview in interviews:
        action = next_action(interview, now, timing)
        if action.state.value in PENDING and action.deadline is not None:
            out.append(Item(interview, action.kind or "thank_you", action))
    return out


def lately_done(
    interviews: list[Interview], now: datetime, timing: Timing, keep: timedelta = KEEP_DONE
) -> list[Item]:
    """Emails that stopped being owed within ``keep``: sent, or the interview closed."""
    out = []
    for interview in interviews:
        current = next_action(interview, now, timing)
        live = current.kind if current.state.value in PENDING else None
        facts = facts_of(interview)
        done: dict[str, datetime] = {}
        for item in interview.sent_followups:
            if item.sent_at is not None and item.kind in ("thank_you", "reminder"):
                done[item.kind] = max(done.get(item.kind, item.sent_at), item.sent_at)
        closed_at = _closed_at(interview)
        if facts.closed and closed_at is not None:
            before = decide(replace(facts, closed=""), closed_at, timing)
            if before.kind and before.state.value in PENDING:
                done[before.kind] = max(done.get(before.kind, closed_at), closed_at)
        for kind, moment in sorted(done.items()):
            if kind != live and now - keep <= moment <= now:
                action = NextAction(current.state, moment, f"Done: {_noun(kind)}", kind=kind)
                out.append(Item(interview, kind, action, done_at=moment))
    return out


def _closed_at(interview: Interview) -> datetime | None:
    if interview.response is not None:
        return interview.response.received_at
    return interview.updated_at if interview.outcome else None


def _noun(kind: str) -> str:
    return "thank-you" if kind == "thank_you" else "reminder"


def event(item: Item, now: datetime, *, catch_up: bool = True) -> Event:
    """The VEVENT of ``item`` (with a VALARM while it is owed).

    With ``catch_up``, an ideal time that has passed alarms a few minutes
    ahead; without (a vdir, exported again and again), it alarms at the
    deadline, so that each export does not alarm once more.
    """
    from icalendar import Alarm, Event

    interview, action = item.interview, item.action
    noun = _noun(item.kind)
    to_whom = f" to {', '.join(action.owed_to)}" if action.owed_to else ""
    what = f"{interview.company} · {interview.position}"
    vevent = Event()
    vevent.add("uid", item.uid)
    vevent.add("dtstamp", now.astimezone(UTC))
    vevent.add("sequence", item.sequence)
    if interview.updated_at is not None:
        vevent.add("last-modified", interview.updated_at.astimezone(UTC))
    if item.done_at is not None:
        start = item.done_at.astimezone(UTC).replace(second=0, microsecond=0)
        vevent.add("status", "CANCELLED")
        vevent.add("summary", f"Done: {noun}: {what}")
        vevent.add("dtstart", start)
        vevent.add("dtend", start + LENGTH)
        vevent.add("description", f"No longer owed.\nfollowup show {interview.id}")
        vevent.add("categories", ["followup", "done"])
        return vevent
    assert action.deadline is not None
    start, alarm_at = _when(action, now, catch_up)
    vevent.add("status", "CONFIRMED")
    vevent.add("summary", f"Send {noun}{to_whom}: {what}")
    vevent.add("dtstart", start.astimezone(UTC))
    vevent.add("dtend", start.astimezone(UTC) + LENGTH)
    late = " It is overdue: send it now." if start > action.deadline else ""
    vevent.add(
        "description",
        f"{action.summary} ({action.state.value}).{late}\n"
        f"Deadline: {action.deadline.isoformat()}\n"
        f"Interview: {interview.interview_at.isoformat()}\n"
        f"followup show {interview.id}",
    )
    vevent.add("categories", ["followup", action.state.value])
    alarm = Alarm()
    alarm.add("action", "DISPLAY")
    alarm.add("description", f"Send the {noun}: {interview.company}")
    alarm.add("trigger", alarm_at - start)
    vevent.add_component(alarm)
    return vevent


def _when(action: NextAction, now: datetime, catch_up: bool) -> tuple[datetime, datetime]:
    """The event's start and its alarm's time: never in the past."""
    assert action.deadline is not None
    soon = now.replace(second=0, microsecond=0) + LEAD
    if action.deadline < soon:
        return soon, soon  # overdue (or nearly): due now, alarm a few minutes ahead
    ideal = action.ideal_by
    if ideal is None or ideal >= action.deadline:
        return action.deadline, action.deadline
    if ideal >= soon:
        return action.deadline, ideal
    return action.deadline, soon if catch_up else action.deadline


def calendar(items: list[Item], now: datetime) -> bytes:
    """A whole iCalendar file of ``items``."""
    cal = _calendar()
    for item in items:
        cal.add_component(event(item, now))
    return bytes(cal.to_ical())


def event_file(item: Item, now: datetime) -> bytes:
    """The ``.ics`` file of one item, as a vdir holds it (one VCALENDAR, one VEVENT)."""
    cal = _calendar()
    cal.add_component(event(item, now, catch_up=False))
    return bytes(cal.to_ical())


def _calendar() -> Calendar:
    from icalendar import Calendar

    cal = Calendar()
    cal.add("prodid", "-//followup-tui//follow-up deadlines//EN")
    cal.add("version", "2.0")
    cal.add("x-wr-calname", "Interview follow-ups")
    return cal
