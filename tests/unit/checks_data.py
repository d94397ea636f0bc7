"""Drafts shared by the checklist tests: the guide's example, raw and filled in."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from followup_tui.checks import DraftInput
from followup_tui.core.model import Followup, Interview, Interviewer
from followup_tui.storage.config import Profile
from tests.conftest import NOW, make_interview

# Copied from the guide (follow-up-email-guide.txt), placeholders and all.
GUIDE_SUBJECT = "Thank You - Your Name Interview for Position Name"
GUIDE_BODY = """\
Dear Interviewer’s Name,
Thank you for meeting with me yesterday to discuss the position name role at company name. \
I enjoyed our conversation about specific topic, and it reinforced my enthusiasm to join your \
team as reason why this role is a good fit for you.
I wanted to reiterate my strong interest in the position and in contributing to specific \
company initiative or project as discussed. Please let me know if there’s any additional \
information I can provide.
Thank you again for the opportunity to interview; I look forward to hearing from you \
regarding the next steps.
Warm regards,
Your Name"""

# The same email filled in for make_interview() (Acme, Backend Engineer, Dana Reyes).
FILLED_SUBJECT = "Thank You - Sam Lee Interview for Backend Engineer"
FILLED_BODY = """\
Dear Dana,

Thank you for meeting with me on Tuesday to discuss the Backend Engineer role at Acme. \
I enjoyed our conversation about moving billing to event sourcing, and it reinforced my \
enthusiasm to join your team, as my experience with event-driven systems fits the work ahead.

I wanted to reiterate my strong interest in the position and in contributing to the billing \
platform rewrite as discussed. Please let me know if there’s any additional information I can \
provide.

Thank you again for the opportunity to interview; I look forward to hearing from you \
regarding the next steps.

Warm regards,
Sam Lee"""

PROFILE = Profile(name="Sam Lee", email="sam.lee@example.com")

REMINDER_BODY = """\
Dear Dana,

I am following up on my thank-you email from last week about the Backend Engineer role. \
I am still very interested, especially in the billing platform rewrite we discussed.

Thank you again for your time.

Best regards,
Sam Lee"""


def filled_followup(**changes: Any) -> Followup:
    """The filled-in guide email as a draft to Dana."""
    values: dict[str, Any] = {
        "kind": "thank_you",
        "to": "dana@acme.example",
        "interviewer": "Dana Reyes",
        "subject": FILLED_SUBJECT,
        "body": FILLED_BODY,
    }
    values.update(changes)
    return Followup(**values)


def panel_interview(**overrides: Any) -> Interview:
    """make_interview() with a panel of two."""
    return make_interview(
        interviewers=[
            Interviewer("Dana Reyes", "dana@acme.example", "Engineering Manager"),
            Interviewer("Tom Becker", "tom@acme.example", "Staff Engineer"),
        ],
        **overrides,
    )


def draft(
    followup: Followup | None = None,
    *,
    interview: Interview | None = None,
    now: datetime = NOW,
    profile: Profile = PROFILE,
    **settings: Any,
) -> DraftInput:
    """A DraftInput for the filled-in email unless told otherwise."""
    return DraftInput(
        interview=interview or make_interview(),
        followup=followup or filled_followup(),
        profile=profile,
        now=now,
        **settings,
    )


def with_body(text: str, **changes: Any) -> DraftInput:
    return draft(filled_followup(body=text, **changes))


def with_subject(text: str) -> DraftInput:
    return draft(filled_followup(subject=text))


def words(count: int) -> str:
    """A body of ``count`` plain words in short paragraphs."""
    sentence = "I enjoyed talking about the billing platform rewrite with the team today"
    parts = sentence.split()
    body = [parts[index % len(parts)] for index in range(count)]
    return " ".join(body)
