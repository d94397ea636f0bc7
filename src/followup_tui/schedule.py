"""What is owed, to whom, and by when: the guide's timing rules as pure code.

From the guide: a thank-you within 24-48 hours of the interview; with no reply,
one brief polite reminder about a week after the last follow-up. Every
interview has exactly one next action. The clock is always passed in.
"""

from __future__ import annotations

from bisect import insort
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum

from followup_tui.model import Interview, Interviewer


class State(StrEnum):
    """Where an interview's follow-up stands."""

    UPCOMING = "upcoming"
    DUE = "due"
    OVERDUE = "overdue"
    WAITING = "waiting"
    REMINDER_DUE = "reminder due"
    CLOSED = "closed"


URGENCY: tuple[State, ...] = (
    State.OVERDUE,
    State.DUE,
    State.REMINDER_DUE,
    State.UPCOMING,
    State.WAITING,
    State.CLOSED,
)
NEEDS_ACTION = frozenset({State.OVERDUE, State.DUE, State.REMINDER_DUE})
_INSTANT = timedelta(microseconds=1)  # due up to and at its deadline, overdue after


@dataclass(frozen=True)
class Timing:
    """The timing rules; each one is a setting in config.toml's [timing]."""

    thank_you_ideal_hours: float = 24
    thank_you_deadline_hours: float = 48
    reminder_after_days: float = 7
    max_reminders: int = 1


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
    email = person.email.strip().lower()
    for item in interview.sent_followups:
        if item.kind != "thank_you":
            continue
        if item.interviewer and item.interviewer == person.name:
            return True
        recipients = item.recipients()
        if email and email in recipients:
            return True
        if not recipients and not item.interviewer:
            return True  # marked "sent" for everyone, mail sent elsewhere
    return False


def owed_thank_yous(interview: Interview) -> list[Interviewer]:
    """Interviewers who have not had their thank-you yet."""
    return [person for person in interview.interviewers if not _thanked(person, interview)]


def next_action(interview: Interview, now: datetime, timing: Timing | None = None) -> NextAction:
    """Decide the interview's state and deadline at ``now``."""
    timing = timing or Timing()
    if interview.response is not None:
        return NextAction(State.CLOSED, None, "Reply received")
    if interview.outcome:
        return NextAction(State.CLOSED, None, f"Closed: {interview.outcome.replace('_', ' ')}")

    ends = interview.ends_at
    ideal = ends + timedelta(hours=timing.thank_you_ideal_hours)
    deadline = ends + timedelta(hours=timing.thank_you_deadline_hours)
    thank_yous = [f for f in interview.sent_followups if f.kind == "thank_you"]
    owed = owed_thank_yous(interview) if interview.interviewers else ([] if thank_yous else [None])
    owed_names = tuple(person.name for person in owed if person is not None)

    if now < ends:
        return NextAction(
            State.UPCOMING,
            deadline,
            "Interview ahead; thank-you after it",
            kind="thank_you",
            owed_to=owed_names,
            ideal_by=ideal,
        )
    if owed:
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

    sent = interview.sent_followups
    last_sent = max(item.sent_at for item in sent if item.sent_at is not None)
    reminders = sum(1 for item in sent if item.kind == "reminder")
    if reminders >= timing.max_reminders:
        return NextAction(State.CLOSED, None, "No reply after the reminder; time to move on")
    reminder_at = last_sent + timedelta(days=timing.reminder_after_days)
    names = tuple(person.name for person in interview.interviewers)
    if now < reminder_at:
        return NextAction(
            State.WAITING, reminder_at, "Waiting for a reply", kind="reminder", owed_to=names
        )
    return NextAction(
        State.REMINDER_DUE, reminder_at, "Send a brief reminder", kind="reminder", owed_to=names
    )


def urgency_key(interview: Interview, action: NextAction) -> tuple[int, float, str]:
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
    pairs.sort(key=_urgency_of_pair)
    return pairs


def with_changes(
    pairs: list[tuple[Interview, NextAction]],
    changed: Iterable[Interview],
    gone: Iterable[str],
    now: datetime,
    timing: Timing | None = None,
) -> list[tuple[Interview, NextAction]]:
    """``pairs`` (from ``by_urgency``) with a few interviews changed, added or gone.

    Only the changed ones are worked out again and put in their place, so one
    save in a home of 10,000 costs a walk through the list, not its schedule.
    Interviews are matched by id; ``changed`` replaces any pair of the same id.
    """
    fresh = {item.id: item for item in changed}
    drop = fresh.keys() | set(gone)
    kept = [pair for pair in pairs if pair[0].id not in drop]
    for item in fresh.values():
        insort(kept, (item, next_action(item, now, timing)), key=_urgency_of_pair)
    return kept


def _urgency_of_pair(pair: tuple[Interview, NextAction]) -> tuple[int, float, str]:
    return urgency_key(*pair)


def next_change(pairs: Iterable[tuple[Interview, NextAction]], now: datetime) -> datetime | None:
    """The first moment after ``now`` at which the clock alone moves some state on.

    An interview ahead turns due when it ends, a due thank-you turns overdue
    just after its deadline, a wait for a reply turns into a reminder due.
    None when nothing will change without a new fact (a send, a reply).
    """
    soonest: datetime | None = None
    for interview, action in pairs:
        state, deadline = action.state, action.deadline
        if state is State.UPCOMING:
            moment = interview.ends_at
        elif state is State.DUE and deadline is not None:
            moment = deadline + _INSTANT
        elif state is State.WAITING and deadline is not None:
            moment = deadline
        else:
            continue
        if moment > now and (soonest is None or moment < soonest):
            soonest = moment
    return soonest


def counts(actions: Iterable[NextAction]) -> Counter[State]:
    return Counter(action.state for action in actions)


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
