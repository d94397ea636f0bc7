"""Rounds of one application: the first interview and the later ones linked to it.

A later round carries ``round`` (2, 3, ...) and ``first_round``, the first
interview's id; the first interview lists its later rounds in ``rounds``.
Pure (no Textual, no disk): the loader is passed in.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta

from followup_tui.core.model import Interview, Interviewer


def first_round_id(interview: Interview) -> str:
    """The id of the application's first interview (its own id on a first round)."""
    return interview.first_round or interview.id


def next_round(interview: Interview, now: datetime) -> Interview:
    """A new interview for the next round: company, position and people carried over.

    It is not saved: the form opens with it, for the date and anyone new. The
    date starts a week from ``now`` at the same time of day as this interview.
    """
    when = interview.interview_at.astimezone(now.tzinfo)
    start = now.replace(hour=when.hour, minute=when.minute, second=0, microsecond=0)
    return Interview(
        company=interview.company,
        position=interview.position,
        interview_at=start + timedelta(days=7),
        duration_minutes=interview.duration_minutes,
        format=interview.format,
        location=interview.location,
        # Through the file's form, so every field a person has comes along.
        interviewers=[
            Interviewer.from_dict(person.to_dict(), "") for person in interview.interviewers
        ],
        round=interview.round + 1,
        first_round=first_round_id(interview),
    )


def link(first: Interview, later_id: str) -> bool:
    """Record ``later_id`` among the first interview's rounds; False if already there."""
    if later_id in first.rounds or later_id == first.id:
        return False
    first.rounds.append(later_id)
    return True


def unlink(first: Interview, later_id: str) -> None:
    if later_id in first.rounds:
        first.rounds.remove(later_id)


def rounds_of(interview: Interview, load: Callable[[str], Interview | None]) -> list[Interview]:
    """Every round of ``interview``'s application that can be read, earliest first.

    ``load`` returns None for an id that is gone or broken; ``interview``
    itself is always among the result, as it is now.
    """
    root_id = first_round_id(interview)
    root = interview if root_id == interview.id else load(root_id)
    found: dict[str, Interview] = {interview.id: interview}
    if root is not None:
        found.setdefault(root.id, root)
        for later in root.rounds:
            if later not in found:
                item = load(later)
                if item is not None and first_round_id(item) == root.id:
                    found[later] = item
    return sorted(found.values(), key=lambda item: (item.round, item.interview_at))
