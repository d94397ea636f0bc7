"""What is owed, to whom, and by when: the guide's timing rules as pure code.

From the guide: a thank-you within 24-48 hours of the interview; with no reply,
one brief polite reminder about a week after the last follow-up. After the
reminder the interview waits for a reply (``reply_wait_days``), then is only
suggested for closing ("no reply; close it?"): nothing closes behind the
user's back. A thank-you can be skipped with a reason. Every interview has
exactly one next action. The clock is always passed in.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum
from typing import Protocol

from followup_tui.core.model import Interview, Interviewer


class State(StrEnum):
    """Where an interview's follow-up stands."""

    UPCOMING = "upcoming"
    DUE = "due"
    OVERDUE = "overdue"
    WAITING = "waiting"
    REMINDER_DUE = "reminder due"
    SCHEDULED = "scheduled"
    NO_REPLY = "no reply"
    CLOSED = "closed"


URGENCY: tuple[State, ...] = (
    State.OVERDUE,
    State.DUE,
    State.REMINDER_DUE,
    State.NO_REPLY,
    State.UPCOMING,
    State.SCHEDULED,
    State.WAITING,
    State.CLOSED,
)
NEEDS_ACTION_ORDER = (State.OVERDUE, State.DUE, State.REMINDER_DUE)
NEEDS_ACTION = frozenset(NEEDS_ACTION_ORDER)
_INSTANT = timedelta(microseconds=1)  # due up to and at its deadline, overdue after
# A queued follow-up counts as handled until this long after its time: the queue's
# timer runs every few minutes, so "due" does not flash between 09:00 and its run.
SCHEDULE_SLACK = timedelta(minutes=15)
DONE_STATES = frozenset({"sent", "skipped"})  # a follow-up no longer owed (queued ones are)


@dataclass(frozen=True)
class Timing:
    """The timing rules; each one is a setting in config.toml's [timing]."""

    thank_you_ideal_hours: float = 24
    thank_you_deadline_hours: float = 48
    reminder_after_days: float = 7
    max_reminders: int = 1
    reply_wait_days: float = 7  # after the last reminder, before "no reply; close it?"


@dataclass(frozen=True)
class NextAction:
    """The one thing to do next for an interview."""

    state: State
    deadline: datetime | None
    summary: str
    kind: str | None = None  # "thank_you" or "reminder" when an email is owed
    owed_to: tuple[str, ...] = ()
    ideal_by: datetime | None = None

    @property
    def needs_action(self) -> bool:
        return self.state in NEEDS_ACTION


def _thanked(person: Interviewer, interview: Interview) -> bool:
    """Whether ``person`` had a thank-you, or the user decided to skip theirs."""
    email = person.email.strip().lower()
    for item in interview.followups:
        if item.kind != "thank_you" or item.state not in DONE_STATES:
            continue  # a draft, or one still queued: not sent yet
        if item.interviewer and item.interviewer == person.name:
            return True
        recipients = item.recipients()
        if email and email in recipients:
            return True
        if not recipients and not item.interviewer:
            return True  # marked "sent" for everyone, mail sent elsewhere
    return False


def owed_thank_yous(interview: Interview) -> list[Interviewer]:
    """Interviewers who have not had their thank-you yet (nor had it skipped)."""
    return [person for person in interview.interviewers if not _thanked(person, interview)]


RECRUITER_WORDS = ("recruit", "talent", "hiring manager", "lead")


def reminder_recipients(interview: Interview) -> list[Interviewer]:
    """Who the reminder goes to by default.

    The recruiter or lead when one is recorded (their title says so), else
    whoever was thanked last, else everyone. The editor lets the user pick others.
    """
    people = interview.interviewers
    leads = [p for p in people if any(word in p.title.casefold() for word in RECRUITER_WORDS)]
    if leads:
        return leads
    thanks = [
        (item.sent_at, index, item)
        for index, item in enumerate(interview.sent_followups)
        if item.kind == "thank_you" and item.sent_at is not None
    ]
    if thanks:
        last = max(thanks, key=lambda entry: entry[:2])[2]
        recipients = set(last.recipients())
        named = [
            p
            for p in people
            if p.name == last.interviewer or (p.email and p.email.strip().lower() in recipients)
        ]
        if named:
            return named
    return list(people)


@dataclass(frozen=True, slots=True)
class Facts:
    """What the schedule needs to know of an interview, at any "now".

    Small enough for the list to keep for 10,000 interviews instead of the
    interviews themselves (drafts, notes and all): see ``rows.Row``.
    """

    ends_at: datetime
    closed: str = ""  # why it needs nothing more ("Reply received"), "" while open
    owes_thank_you: bool = True  # someone (or, with nobody named, everyone) is owed one
    owed_to: tuple[str, ...] = ()  # the interviewers still owed a thank-you
    everyone: tuple[str, ...] = ()  # every interviewer's name
    last_sent: datetime | None = None  # the last follow-up that went out
    reminders: int = 0  # reminders sent
    # The earliest time of the queued follow-ups, when they cover everything owed now.
    scheduled_at: datetime | None = None
    review: bool = False  # a queued send needs the user (a notice, or "unsure")
    next_send: datetime | None = None  # the earliest queued follow-up, covering or not
    reminder_to: tuple[str, ...] = ()  # who the reminder goes to by default


def _scheduled_at(interview: Interview, owes: bool, owed: list[Interviewer]) -> datetime | None:
    """When the queued follow-ups go out, if they cover what is owed (else None).

    A thank-you is covered when every interviewer still owed one has a queued
    thank-you (by name or address); after it, any queued follow-up covers the
    reminder. Follow-ups in flight count as queued until resolved.
    """
    queued = [
        item
        for item in interview.followups
        if (item.is_scheduled or item.in_flight) and item.send_at is not None
    ]
    if not queued:
        return None
    if owes:
        thanks = [item for item in queued if item.kind == "thank_you"]
        if not thanks:
            return None
        if owed:
            for person in owed:
                email = person.email.strip().lower()
                if not any(
                    item.interviewer == person.name or (email and email in item.recipients())
                    for item in thanks
                ):
                    return None
        queued = thanks
    return min(item.send_at for item in queued if item.send_at is not None)


def facts_of(interview: Interview) -> Facts:
    """The schedule's inputs, read from the whole interview."""
    if interview.response is not None:
        who = interview.response.who
        closed = f"Replied: {who}" if who else "Reply received"
    elif interview.outcome:
        closed = f"Closed: {interview.outcome.replace('_', ' ')}"
    else:
        closed = ""
    sent = interview.sent_followups
    if interview.interviewers:
        owed = owed_thank_yous(interview)
        owes = bool(owed)
    else:
        owed = []
        owes = not any(
            item.kind == "thank_you" and item.state in DONE_STATES for item in interview.followups
        )
    times = [item.sent_at for item in sent if item.sent_at is not None]
    return Facts(
        ends_at=interview.ends_at,
        closed=closed,
        owes_thank_you=owes,
        owed_to=tuple(person.name for person in owed),
        everyone=tuple(person.name for person in interview.interviewers),
        last_sent=max(times) if times else None,
        reminders=sum(1 for item in sent if item.kind == "reminder"),
        scheduled_at=_scheduled_at(interview, owes, owed),
        review=any(item.notice or item.state == "unsure" for item in interview.followups),
        next_send=min(
            (item.send_at for item in interview.followups if item.is_scheduled and item.send_at),
            default=None,
        ),
        reminder_to=tuple(person.name for person in reminder_recipients(interview)),
    )


def next_action(interview: Interview, now: datetime, timing: Timing | None = None) -> NextAction:
    """Decide the interview's state and deadline at ``now``."""
    return decide(facts_of(interview), now, timing)


def decide(facts: Facts, now: datetime, timing: Timing | None = None) -> NextAction:
    """The next action at ``now`` from an interview's ``facts``."""
    timing = timing or Timing()
    if facts.closed:
        return NextAction(State.CLOSED, None, facts.closed)
    if facts.scheduled_at is not None and now < facts.scheduled_at + SCHEDULE_SLACK:
        return NextAction(
            State.SCHEDULED,
            facts.scheduled_at,
            "Scheduled to go out",
            kind="thank_you" if facts.owes_thank_you else "reminder",
            owed_to=facts.owed_to,
        )

    ends = facts.ends_at
    ideal = ends + timedelta(hours=timing.thank_you_ideal_hours)
    deadline = ends + timedelta(hours=timing.thank_you_deadline_hours)
    owed_names = facts.owed_to

    if now < ends:
        return NextAction(
            State.UPCOMING,
            deadline,
            "Interview ahead; thank-you after it",
            kind="thank_you",
            owed_to=owed_names,
            ideal_by=ideal,
        )
    if facts.owes_thank_you:
        to_whom = f" to {', '.join(owed_names)}" if owed_names else ""
        state = State.DUE if now <= deadline else State.OVERDUE
        return NextAction(
            state,
            deadline,
            f"Send thank-you{to_whom}",
            kind="thank_you",
            owed_to=owed_names,
            ideal_by=ideal,
        )

    if facts.last_sent is None:  # every thank-you skipped, nothing sent
        return NextAction(State.WAITING, None, "Thank-you skipped; waiting for their answer")
    if facts.reminders >= timing.max_reminders:
        give_up_at = facts.last_sent + timedelta(days=timing.reply_wait_days)
        if now < give_up_at:
            what = "the reminder" if facts.reminders else "your follow-up"
            return NextAction(State.WAITING, give_up_at, f"Waiting for a reply to {what}")
        return NextAction(State.NO_REPLY, give_up_at, "No reply; close it?")
    reminder_at = facts.last_sent + timedelta(days=timing.reminder_after_days)
    names = facts.reminder_to or facts.everyone
    to_whom = f" to {', '.join(names)}" if names else ""
    if now < reminder_at:
        return NextAction(
            State.WAITING, reminder_at, "Waiting for a reply", kind="reminder", owed_to=names
        )
    return NextAction(
        State.REMINDER_DUE,
        reminder_at,
        f"Send a brief reminder{to_whom}",
        kind="reminder",
        owed_to=names,
    )


class Listed(Protocol):
    """What ordering needs of an interview or of a list row (``rows.Row``)."""

    @property
    def company(self) -> str: ...

    @property
    def interview_at(self) -> datetime: ...


def urgency_key(interview: Listed, action: NextAction) -> tuple[int, float, str]:
    """Sort key: urgency group, then nearest deadline, then company."""
    group = URGENCY.index(action.state)
    if action.deadline is not None:
        moment = action.deadline.timestamp()
    else:
        moment = -interview.interview_at.timestamp()  # closed: most recent first
    return (group, moment, interview.company.lower())


def by_urgency(
    interviews: Iterable[Interview], now: datetime, timing: Timing | None = None
) -> list[tuple[Interview, NextAction]]:
    """Pair each interview with its next action, most urgent first."""
    pairs = [(item, next_action(item, now, timing)) for item in interviews]
    pairs.sort(key=pair_urgency)
    return pairs


def pair_urgency(pair: tuple[Listed, NextAction]) -> tuple[int, float, str]:
    """``urgency_key`` of an (interview or row, next action) pair, for sorting pairs."""
    return urgency_key(*pair)


def counts(actions: Iterable[NextAction]) -> Counter[State]:
    return Counter(action.state for action in actions)


def title_counts(
    tally: Counter[State], total: int, shown: int | None = None, notes: Iterable[str] = ()
) -> str:
    """The list's title line: "2 overdue · 1 due · 12 interviews · closed hidden".

    ``shown``: a filter is on and ``tally`` counts only what it shows.
    """
    parts = [f"{tally[s]} {s.value}" for s in NEEDS_ACTION_ORDER if tally[s]]
    if shown is not None:
        parts.append(f"{shown:,} of {total:,} interviews shown")
    else:
        parts.append(f"{total:,} interview{'s' if total != 1 else ''}")
    return " · ".join([*parts, *notes])


def summary_sentence(tally: Counter[State]) -> str:
    """A calm one-liner: "2 follow-ups overdue, 1 due, 1 reminder due"."""
    parts = []
    if tally[State.OVERDUE]:
        noun = "follow-up" if tally[State.OVERDUE] == 1 else "follow-ups"
        parts.append(f"{tally[State.OVERDUE]} {noun} overdue")
    if tally[State.DUE]:
        parts.append(f"{tally[State.DUE]} due")
    if tally[State.REMINDER_DUE]:
        noun = "reminder" if tally[State.REMINDER_DUE] == 1 else "reminders"
        parts.append(f"{tally[State.REMINDER_DUE]} {noun} due")
    if not parts:
        return "Nothing due. You're all caught up."
    return ", ".join(parts)
