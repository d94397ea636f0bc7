"""Every built-in template passes its own checklist on the demo data, for every interviewer."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest

from followup_tui.checks import DraftInput, Status, run_checks
from followup_tui.core.model import Followup, Interview
from followup_tui.drafting.templates import BUILTIN_ORDER, TemplateLibrary, previous_for
from followup_tui.storage.config import Profile
from followup_tui.storage.demo import demo_interviews
from tests.conftest import NOW

PROFILE = Profile(name="Sam Lee", email="sam.lee@example.com", signature="Sam Lee\n+1 555 0100")


def _send_time(interview: Interview, kind: str) -> datetime | None:
    """When this kind of email would be sent for the interview (None: not owed)."""
    if kind != "reminder":
        return interview.ends_at + timedelta(hours=3)
    sent = [item.sent_at for item in interview.sent_followups if item.sent_at is not None]
    return max(sent) + timedelta(days=8) if sent else None


def _owed(name: str, interview: Interview, index: int) -> bool:
    """A reminder is only written to someone who was sent an email before."""
    kind = TemplateLibrary(None).kind_of(name)
    if _send_time(interview, kind) is None:
        return False
    return kind != "reminder" or previous_for(interview, interview.interviewers[index]) is not None


def _cases() -> list[tuple[str, Interview, int]]:
    out = []
    for name in BUILTIN_ORDER:
        for interview in demo_interviews(NOW):
            for index in range(len(interview.interviewers)):
                if _owed(name, interview, index):
                    out.append((name, interview, index))
    return out


@pytest.mark.parametrize(
    ("name", "interview", "index"),
    _cases(),
    ids=[f"{n}-{i.company}-{x}" for n, i, x in _cases()],
)
def test_builtin_template_passes_its_own_checks(
    name: str, interview: Interview, index: int
) -> None:
    library = TemplateLibrary(None)
    kind = library.kind_of(name)
    person = interview.interviewers[index]
    sent = _send_time(interview, kind)
    assert sent is not None
    rendered = library.render_for(
        name, interview, person, PROFILE, sent, previous_for(interview, person)
    )
    followup = Followup(
        kind=kind,
        to=rendered.to,
        interviewer=person.name,
        subject=rendered.subject,
        body=rendered.body,
    )
    results = run_checks(DraftInput(interview, followup, PROFILE, sent))
    failing = [(r.id, r.reason) for r in results if r.status is Status.FAIL]
    assert failing == [], rendered.body


def test_every_template_is_tried_on_some_interviewer() -> None:
    assert {name for name, _interview, _index in _cases()} == set(BUILTIN_ORDER)
