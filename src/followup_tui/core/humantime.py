"""Human-readable times for what is owed: "overdue by 2 days", "due in 5 hours".

Pure: ``now`` is always passed in. The exact timestamp is shown elsewhere
(the detail view); these phrases are for reading the list at a glance.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Protocol

import humanize

from followup_tui.core.schedule import NextAction, State


def span(delta: timedelta) -> str:
    """A rounded duration: "2 days", "5 hours", "a minute"."""
    seconds = abs(delta.total_seconds())
    if seconds < 60:
        return "a moment"
    if seconds < 3600:
        return _plural(round(seconds / 60), "minute")
    if seconds < 36 * 3600:
        return _plural(round(seconds / 3600), "hour")
    if seconds < 14 * 86400:
        return _plural(round(seconds / 86400), "day")
    return str(humanize.naturaldelta(timedelta(seconds=seconds)))


def _plural(number: int, noun: str) -> str:
    return f"{number} {noun}" if number == 1 else f"{number} {noun}s"


def in_zone_of(moment: datetime, now: datetime) -> datetime:
    """``moment`` on the clock of ``now``'s zone, daylight saving included.

    ``now`` usually carries a fixed offset (+01:00): when that is the local
    zone's offset, the local zone is used, so a 09:00 after a clock change
    reads 09:00 and not 08:00; otherwise (a pinned clock elsewhere) the offset.
    """
    if now.utcoffset() == now.astimezone().utcoffset():
        return moment.astimezone()
    return moment.astimezone(now.tzinfo)


def day_and_time(moment: datetime, now: datetime) -> str:
    """ "today 14:00", "tomorrow 09:30", "Mon 10:00" or "3 Dec 14:00"."""
    local = in_zone_of(moment, now)
    days = (local.date() - now.date()).days
    clock = f"{local:%H:%M}"
    if days == 0:
        return f"today {clock}"
    if days == 1:
        return f"tomorrow {clock}"
    if days == -1:
        return f"yesterday {clock}"
    if 1 < days < 7:
        return f"{local:%a} {clock}"
    if local.year == now.year:
        return f"{local.day} {local:%b} {clock}"
    return f"{local.day} {local:%b %Y} {clock}"


def exact(moment: datetime) -> str:
    """The precise timestamp, for the detail view: "Thu 26 Nov 2026 14:00 +01:00"."""
    offset = moment.strftime("%z")
    offset = f"{offset[:3]}:{offset[3:]}" if offset else ""
    return f"{moment:%a} {moment.day} {moment:%b %Y %H:%M} {offset}".rstrip()


class Dated(Protocol):
    """What the "when" column needs: an interview, or the list's row of one."""

    @property
    def interview_at(self) -> datetime: ...

    @property
    def replied_at(self) -> datetime | None: ...


def when_phrase(
    interview: Dated, action: NextAction, now: datetime, *, compact: bool = False
) -> str:
    """The list's "when" column for one interview.

    ``compact`` leaves out what the state column beside it already says
    ("by 2 days" after "overdue"), for narrow terminals.
    """
    state = action.state
    if state == State.UPCOMING:
        moment = day_and_time(interview.interview_at, now)
        return moment if compact else f"interview {moment}"
    if state == State.CLOSED:
        if interview.replied_at is not None:
            return f"replied {span(now - interview.replied_at)} ago"
        ago = f"{span(now - interview.interview_at)} ago"
        return ago if compact else f"interview {ago}"
    if action.deadline is None:
        return ""
    if state == State.SCHEDULED:
        moment = day_and_time(action.deadline, now)
        return moment if compact else f"scheduled {moment}"
    if state == State.OVERDUE:
        return f"{'' if compact else 'overdue '}by {span(now - action.deadline)}"
    if state == State.WAITING:
        if action.kind == "reminder":
            return f"reminder in {span(action.deadline - now)}"
        return f"{'' if compact else 'waiting, '}{span(action.deadline - now)} left"
    if state == State.NO_REPLY:
        return "close it?" if compact else "no reply; close it?"
    if state == State.REMINDER_DUE:
        return f"{'' if compact else 'reminder due '}{span(now - action.deadline)} ago"
    return f"{'' if compact else 'due '}in {span(action.deadline - now)}"


def day_phrase(moment: datetime, sent: datetime) -> str:
    """How an email sent at ``sent`` names the day of ``moment``: today, yesterday, on Tuesday."""
    local = moment.astimezone(sent.tzinfo)
    days = (sent.date() - local.date()).days
    if days == 0:
        return "today"
    if days == 1:
        return "yesterday"
    if 1 < days < 7:
        return f"on {local:%A}"
    return f"on {local.day} {local:%B %Y}"
