"""mark_sent / mark_replied move the schedule the way the guide says."""

from __future__ import annotations

from datetime import datetime, timedelta

from followup_tui.core.actions import mark_replied, mark_sent
from followup_tui.core.model import Followup, Interviewer
from followup_tui.core.schedule import State, next_action
from tests.conftest import NOW, make_interview


def test_mark_sent_without_draft_thanks_everyone_owed() -> None:
    interview = make_interview(
        interviewers=[
            Interviewer("Dana Reyes", "dana@acme.example"),
            Interviewer("Lee Kim", "lee@acme.example"),
        ]
    )
    assert next_action(interview, NOW).state is State.DUE
    record = mark_sent(interview, NOW)
    assert record.kind == "thank_you" and record.state == "sent" and record.sent_at == NOW
    assert record.recipients() == ["dana@acme.example", "lee@acme.example"]
    action = next_action(interview, NOW + timedelta(hours=1))
    assert action.state is State.WAITING
    assert action.deadline == NOW + timedelta(days=7)


def test_mark_sent_with_draft_keeps_the_draft() -> None:
    interview = make_interview()
    draft = Followup(kind="thank_you", to="dana@acme.example", subject="Thanks", body="Dear Dana")
    interview.followups.append(draft)
    mark_sent(interview, NOW, draft=draft, message_id="<1@x>")
    assert interview.followups == [draft]
    assert draft.state == "sent" and draft.message_id == "<1@x>"


def test_reminder_then_waiting_never_closed() -> None:
    interview = make_interview()
    mark_sent(interview, NOW)
    later = NOW + timedelta(days=8)
    assert next_action(interview, later).state is State.REMINDER_DUE
    record = mark_sent(interview, later)
    assert record.kind == "reminder"
    assert next_action(interview, later).state is State.WAITING
    assert next_action(interview, later + timedelta(days=30)).state is State.NO_REPLY


def test_mark_replied_closes() -> None:
    interview = make_interview()
    mark_replied(interview, NOW, "They want a second round")
    assert next_action(interview, NOW + timedelta(days=1)).state is State.CLOSED
    assert interview.response is not None and interview.response.received_at == NOW
    assert isinstance(interview.response.received_at, datetime)
