"""The list's sort orders: urgency (the default), interview date, company, last activity.

Pure (no Textual). Pairs come ranked by urgency (``rows.rank``); the other
orders re-sort what is shown, with urgency as the tie-break.
"""

from __future__ import annotations

from datetime import datetime

from followup_tui.core.rows import Pair, Pairs

SORT_KEYS = ("urgency", "date", "company", "activity")
LABELS = {
    "urgency": "most urgent first",
    "date": "latest interview first",
    "company": "company A-Z",
    "activity": "latest activity first",
}


def next_sort(key: str) -> str:
    """The order after ``key`` (the sort key cycles through them)."""
    index = SORT_KEYS.index(key) if key in SORT_KEYS else -1
    return SORT_KEYS[(index + 1) % len(SORT_KEYS)]


def last_activity(pair: Pair) -> datetime:
    """The latest thing that happened: a reply, a follow-up sent, or the interview."""
    row = pair[0]
    moments = [row.ends_at]
    if row.facts.last_sent is not None:
        moments.append(row.facts.last_sent)
    if row.replied_at is not None:
        moments.append(row.replied_at)
    return max(moments)


def sort_pairs(pairs: Pairs, key: str) -> Pairs:
    """``pairs`` (urgency order) in the order ``key`` names; unknown keys keep urgency."""
    if key == "date":
        return sorted(pairs, key=lambda pair: pair[0].interview_at, reverse=True)
    if key == "company":
        return sorted(pairs, key=lambda pair: pair[0].company.casefold())
    if key == "activity":
        return sorted(pairs, key=last_activity, reverse=True)
    return pairs
