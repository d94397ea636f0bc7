"""What the list keeps of each interview: a small row, not the whole interview.

In a big home the parsed interviews (drafts, notes, every follow-up) take
a lot of memory; a row keeps only what the list shows, searches and
schedules, a fraction of that (docs/PERFORMANCE.md has the figures).
Whatever needs more (the detail view, the form, marking a follow-up sent)
reads the interview's file again, which also means it always acts on what
is on disk now.

Pure (no Textual): the list screen holds the rows, the store builds them
(``Store.load_rows``) and the cache keeps them as columns (storage/cache_rows.py).
"""

from __future__ import annotations

from bisect import insort
from collections.abc import Iterable
from datetime import datetime, timedelta

from followup_tui.core.model import Interview
from followup_tui.core.schedule import (
    SCHEDULE_SLACK,
    Facts,
    NextAction,
    State,
    Timing,
    decide,
    facts_of,
    pair_urgency,
)

_INSTANT = timedelta(microseconds=1)  # due up to and at its deadline, overdue after


def haystack(interview: Interview) -> str:
    """What the filter searches: company, position, topics and people, casefolded."""
    return " ".join(
        [interview.company, interview.position, *interview.topics]
        + [person.name for person in interview.interviewers]
    ).casefold()


class Row:
    """One interview as the list knows it (``Row.of`` builds it from the interview).

    Rows are never changed in place: an interview saved or changed on disk
    gets a new row, so a row object can key whatever is worked out from it.
    """

    __slots__ = (
        "id",
        "company",
        "position",
        "interview_at",
        "replied_at",
        "facts",
        "search",
        "loaded_digest",
    )

    def __init__(
        self,
        id: str,  # noqa: A002 - the interview's id, as on Interview
        company: str,
        position: str,
        interview_at: datetime,
        replied_at: datetime | None,
        facts: Facts,
        search: str,
        loaded_digest: str = "",
    ) -> None:
        self.id = id
        self.company = company
        self.position = position
        self.interview_at = interview_at
        self.replied_at = replied_at
        self.facts = facts
        self.search = search
        self.loaded_digest = loaded_digest

    @classmethod
    def of(cls, interview: Interview) -> Row:
        """The row of ``interview`` (carrying the digest of the file it was read from)."""
        return cls(
            interview.id,
            interview.company,
            interview.position,
            interview.interview_at,
            interview.replied_at,
            facts_of(interview),
            haystack(interview),
            interview.loaded_digest,
        )

    @property
    def ends_at(self) -> datetime:
        return self.facts.ends_at

    @property
    def title(self) -> str:
        return f"{self.company} · {self.position}" if self.position.strip() else self.company

    def __repr__(self) -> str:
        return f"Row({self.id!r})"


Pair = tuple[Row, NextAction]
Pairs = list[Pair]


def rank(rows: Iterable[Row], now: datetime, timing: Timing | None = None) -> Pairs:
    """Pair each row with its next action at ``now``, most urgent first."""
    pairs = [(row, decide(row.facts, now, timing)) for row in rows]
    pairs.sort(key=pair_urgency)
    return pairs


def with_changes(
    pairs: Pairs,
    changed: Iterable[Row],
    gone: Iterable[str],
    now: datetime,
    timing: Timing | None = None,
) -> Pairs:
    """``pairs`` (from ``rank``) with a few rows changed, added or gone.

    Only the changed ones are worked out again and put in their place, so one
    save in a home of 10,000 costs a walk through the list, not its schedule.
    Rows are matched by id; ``changed`` replaces any pair of the same id.
    """
    fresh = {row.id: row for row in changed}
    drop = fresh.keys() | set(gone)
    kept = [pair for pair in pairs if pair[0].id not in drop]
    for row in fresh.values():
        insort(kept, (row, decide(row.facts, now, timing)), key=pair_urgency)
    return kept


def next_change(pairs: Iterable[Pair], now: datetime) -> datetime | None:
    """The first moment after ``now`` at which the clock alone moves some state on.

    An interview ahead turns due when it ends, a due thank-you turns overdue
    just after its deadline, a wait for a reply turns into a reminder due, a
    queued follow-up still unsent after its time is owed again.
    None when nothing will change without a new fact (a send, a reply).
    """
    soonest: datetime | None = None
    for row, action in pairs:
        state, deadline = action.state, action.deadline
        if state is State.UPCOMING:
            moment = row.ends_at
        elif state is State.DUE and deadline is not None:
            moment = deadline + _INSTANT
        elif state is State.WAITING and deadline is not None:
            moment = deadline
        elif state is State.SCHEDULED and deadline is not None:
            moment = deadline + SCHEDULE_SLACK  # not sent by then: owed again
        else:
            continue
        if moment > now and (soonest is None or moment < soonest):
            soonest = moment
    return soonest
