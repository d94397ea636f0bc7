"""The times "Send later" proposes: tomorrow morning, the next working morning,
inside the thank-you's ideal window, the reminder's date.

Pure: ``now`` and the interview's next action are passed in. Every time is a
wall-clock time in the user's zone, made aware for its own date, so 09:00
stays 09:00 across a daylight-saving change.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from followup_tui.core.clock import aware
from followup_tui.core.humantime import day_and_time
from followup_tui.core.schedule import NextAction, State

WORK_START, WORK_END = 8, 18  # a proposed time inside the window falls in these hours
MIN_AHEAD = timedelta(minutes=10)


@dataclass(frozen=True)
class Proposal:
    """One proposed send time and why it is proposed."""

    label: str
    at: datetime

    def describe(self, now: datetime) -> str:
        return f"{day_and_time(self.at, now)}  ({self.label})"


def local_at(day: date, clock: time) -> datetime:
    """``clock`` on ``day`` in the local zone, with that date's own UTC offset."""
    return aware(datetime.combine(day, clock))


def next_working_morning(now: datetime, morning: time) -> datetime:
    """The first Monday-to-Friday ``morning`` after ``now``."""
    local = now.astimezone()
    day = local.date()
    while True:
        moment = local_at(day, morning)
        if moment > now and day.weekday() < 5:
            return moment
        day += timedelta(days=1)


def within_window(now: datetime, ideal_by: datetime) -> datetime | None:
    """The latest whole hour in working hours before ``ideal_by``, if it is still ahead."""
    local_end = ideal_by.astimezone()
    moment = local_end.replace(minute=0, second=0, microsecond=0)
    if moment >= ideal_by:
        moment -= timedelta(hours=1)
    while moment > now + MIN_AHEAD:
        if WORK_START <= moment.hour < WORK_END:
            return local_at(moment.date(), moment.time())
        moment -= timedelta(hours=1)
    return None


def proposals(now: datetime, action: NextAction, morning: time = time(9, 0)) -> list[Proposal]:
    """The proposed send times for the follow-up owed by ``action``, soonest first."""
    found: list[Proposal] = []
    if action.kind == "reminder" and action.deadline is not None and action.deadline > now:
        reminder_at = action.deadline
        if WORK_START <= reminder_at.astimezone().hour < WORK_END:
            found.append(Proposal("the reminder's date", _round_up(reminder_at)))
        else:
            found.append(
                Proposal("the reminder's date", next_working_morning(reminder_at, morning))
            )
    if action.ideal_by is not None and action.state is not State.OVERDUE:
        inside = within_window(now, action.ideal_by)
        if inside is not None:
            found.append(Proposal("inside the 24-hour ideal window", inside))
    tomorrow = local_at(now.astimezone().date() + timedelta(days=1), morning)
    found.append(Proposal("tomorrow morning", tomorrow))
    working = next_working_morning(now, morning)
    today = working.astimezone().date() == now.astimezone().date()
    found.append(Proposal("this morning" if today else "next working morning", working))
    unique: dict[datetime, Proposal] = {}
    for proposal in found:
        if proposal.at > now:
            unique.setdefault(proposal.at, proposal)
    return sorted(unique.values(), key=lambda proposal: proposal.at)


def _round_up(moment: datetime, minutes: int = 15) -> datetime:
    """Up to the next quarter hour: "about a week" never becomes a minute early."""
    local = moment.astimezone()
    extra = (-local.minute) % minutes
    rounded = local.replace(second=0, microsecond=0) + timedelta(minutes=extra)
    if rounded < moment:
        rounded += timedelta(minutes=minutes)
    return local_at(rounded.date(), rounded.time())


def parse_morning(text: str) -> time:
    """A "HH:MM" setting (config validates the form)."""
    hours, _, minutes = text.partition(":")
    return time(int(hours), int(minutes))
