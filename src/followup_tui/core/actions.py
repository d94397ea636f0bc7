"""State changes that the list, the editor and the CLI all make the same way.

Each function changes an Interview in memory; callers save it through the
store (which is what detects conflicts).
"""

from __future__ import annotations

from datetime import datetime

from followup_tui.core.model import REPLY_OUTCOMES, SENT_OUTSIDE, Followup, Interview, Response
from followup_tui.core.schedule import Timing, next_action, owed_thank_yous

# The reply dialog's choices, in its order (REPLY_OUTCOMES without the unset one).
OUTCOME_LABELS = {
    "in_process": "Still in process",
    "next_round": "Next round",
    "offer": "Offer",
    "rejected": "Rejected",
    "withdrawn": "Withdrawn",
    "other": "Other",
}
assert tuple(OUTCOME_LABELS) == REPLY_OUTCOMES[1:]
SKIP_REASONS = ("too late", "they said not to", "other")


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


def mark_replied(
    interview: Interview, now: datetime, note: str = "", outcome: str = ""
) -> Response:
    """Record that the company answered: the follow-up job is done.

    A reply already recorded (by hand, or found in the mailbox) is enriched
    with the outcome and note, keeping when it came in: one record, not two.
    """
    if outcome not in REPLY_OUTCOMES:
        raise ValueError(f"unknown outcome {outcome!r}")
    if interview.response is None:
        interview.response = Response(received_at=now)
    if note:
        interview.response.note = note
    if outcome:
        interview.response.outcome = outcome
    return interview.response


def skip_thank_you(interview: Interview, now: datetime, reason: str) -> list[Followup]:
    """Decide not to send the owed thank-yous; recorded, with the reason.

    One record per person still owed one (one for everyone when nobody is
    named), so a later-named interviewer is still owed theirs.
    """
    owed = owed_thank_yous(interview) if interview.interviewers else [None]
    records = [
        Followup(
            kind="thank_you",
            state="skipped",
            reason=reason,
            interviewer=person.name if person is not None else "",
            to=person.email if person is not None else "",
            created_at=now,
            updated_at=now,
        )
        for person in owed
    ]
    interview.followups.extend(records)
    return records


def close_without_reply(interview: Interview) -> None:
    """The user gives up waiting: closed as "no reply"."""
    interview.outcome = "no_reply"


def undo_replied(interview: Interview) -> None:
    interview.response = None
