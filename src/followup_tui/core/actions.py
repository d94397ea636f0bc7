"""State changes that the list, the editor and the CLI all make the same way.

Each function changes an Interview in memory; callers save it through the
store (which is what detects conflicts).
"""

from __future__ import annotations

from datetime import datetime

from followup_tui.core.model import SENT_OUTSIDE, Followup, Interview, Response
from followup_tui.core.schedule import Timing, next_action


def mark_sent(
    interview: Interview,
    now: datetime,
    *,
    draft: Followup | None = None,
    kind: str | None = None,
    message_id: str = "",
    timing: Timing | None = None,
) -> Followup:
    """Record that a follow-up went out (by this app or by mail sent elsewhere).

    With ``draft`` the draft itself becomes the sent follow-up. Without it, a
    record is added for what is owed now: the thank-you to everyone not yet
    thanked, or the reminder. Sending starts the reminder clock.
    """
    if draft is not None:
        if draft not in interview.followups:
            interview.followups.append(draft)
        followup = draft
    else:
        action = next_action(interview, now, timing)
        chosen = kind or action.kind or "thank_you"
        owed = [p for p in interview.interviewers if p.name in action.owed_to]
        if chosen == "thank_you" and not owed:
            owed = list(interview.interviewers)
        followup = Followup(
            kind=chosen,
            to=", ".join(p.email for p in owed if p.email),
            interviewer=owed[0].name if len(owed) == 1 else "",
            subject=SENT_OUTSIDE,
            created_at=now,
        )
        interview.followups.append(followup)
    followup.state = "sent"
    followup.notice = ""  # whatever the queue had to say about it is moot now
    followup.sent_at = now
    followup.updated_at = now
    if message_id:
        followup.message_id = message_id
    return followup


def mark_replied(interview: Interview, now: datetime, note: str = "") -> Response:
    """Record that the company answered: the follow-up job is done."""
    interview.response = Response(received_at=now, note=note)
    return interview.response


def undo_replied(interview: Interview) -> None:
    interview.response = None
