"""A throw-away home full of realistic interviews, one in every state.

``followup --demo`` uses it so a newcomer sees the app working at once. The
dates are relative to "now", so the demo always has something overdue.
"""

from __future__ import annotations

import tempfile
from datetime import datetime, timedelta
from pathlib import Path

from followup_tui.core.model import Followup, Interview, Interviewer, Response
from followup_tui.storage.config import DEFAULT_CONFIG
from followup_tui.storage.files import atomic_write
from followup_tui.storage.paths import Home, open_home
from followup_tui.storage.store import Store

DEMO_PROFILE = """\
[profile]
name = "Sam Lee"
email = "sam.lee@example.com"
phone = "+1 555 0100"
signature = "Sam Lee\\n+1 555 0100"
"""


def _at(now: datetime, days: float, hour: int, minute: int = 0) -> datetime:
    moment = (now + timedelta(days=days)).replace(hour=hour, minute=minute, second=0, microsecond=0)
    return moment


def _sent(kind: str, to: str, who: str, subject: str, when: datetime) -> Followup:
    return Followup(
        kind=kind,
        to=to,
        interviewer=who,
        subject=subject,
        body="(sent from the demo)",
        state="sent",
        created_at=when,
        sent_at=when,
        message_id=f"<demo-{int(when.timestamp())}@example.com>",
    )


def demo_interviews(now: datetime) -> list[Interview]:
    """Sample interviews covering every state: overdue to no reply and closed."""
    subject = "Thank You - Sam Lee Interview for {}"
    return [
        Interview(
            company="Acme Corp",
            position="Backend Engineer",
            interview_at=_at(now, -4, 14),
            format="video",
            topics=["moving billing to event sourcing", "the on-call rotation"],
            initiative="the billing platform rewrite",
            notes="Dana mentioned the team is hiring two engineers this quarter.",
            interviewers=[
                Interviewer("Dana Reyes", "dana@acme.example", "Engineering Manager"),
            ],
        ),
        Interview(
            company="Globex",
            position="Site Reliability Engineer",
            interview_at=_at(now, -1, 10),
            duration_minutes=90,
            format="onsite",
            location="Globex HQ, 4th floor",
            topics=["their Kubernetes migration", "SLO-based alerting"],
            initiative="cutting pager noise by half",
            interviewers=[
                Interviewer("Priya Natarajan", "priya@globex.example", "SRE Lead"),
                Interviewer("Tom Becker", "tom.becker@globex.example", "Staff Engineer"),
            ],
        ),
        Interview(
            company="Initech",
            position="Data Engineer",
            interview_at=_at(now, -10, 11),
            format="phone",
            topics=["the nightly ETL that keeps failing"],
            initiative="the move to streaming ingestion",
            interviewers=[Interviewer("Bill Lumbergh", "bill@initech.example", "Director")],
            followups=[
                _sent(
                    "thank_you",
                    "bill@initech.example",
                    "Bill Lumbergh",
                    subject.format("Data Engineer"),
                    _at(now, -9, 9, 30),
                )
            ],
        ),
        Interview(
            company="Umbrella Health",
            position="Platform Engineer",
            interview_at=_at(now, 1, 14),
            format="video",
            topics=["developer experience"],
            interviewers=[Interviewer("Alice Wong", "alice@umbrella.example", "CTO")],
        ),
        Interview(
            company="Hooli",
            position="Senior Python Developer",
            interview_at=_at(now, -3, 15),
            format="video",
            topics=["async Python at scale", "their code review culture"],
            initiative="the new search API",
            interviewers=[Interviewer("Gavin Belson", "gavin@hooli.example", "CEO")],
            followups=[
                _sent(
                    "thank_you",
                    "gavin@hooli.example",
                    "Gavin Belson",
                    subject.format("Senior Python Developer"),
                    _at(now, -2, 9),
                )
            ],
        ),
        Interview(
            company="Stark Industries",
            position="Firmware Engineer",
            interview_at=_at(now, -20, 9),
            topics=["power management on the new suit"],
            interviewers=[Interviewer("Pepper Potts", "pepper@stark.example", "COO")],
            followups=[
                _sent(
                    "thank_you",
                    "pepper@stark.example",
                    "Pepper Potts",
                    subject.format("Firmware Engineer"),
                    _at(now, -19, 10),
                )
            ],
            response=Response(_at(now, -15, 16), "Invited to the final round."),
        ),
        Interview(
            company="Soylent",
            position="Backend Developer",
            interview_at=_at(now, -26, 10),
            topics=["their order pipeline"],
            interviewers=[Interviewer("Sol Roth", "sol@soylent.example", "Technical Recruiter")],
            followups=[
                _sent(
                    "thank_you",
                    "sol@soylent.example",
                    "Sol Roth",
                    subject.format("Backend Developer"),
                    _at(now, -25, 9),
                ),
                _sent(
                    "reminder", "sol@soylent.example", "Sol Roth", "Following up", _at(now, -17, 9)
                ),
            ],
        ),
        Interview(
            company="Wayne Enterprises",
            position="Security Engineer",
            interview_at=_at(now, -30, 13),
            topics=["threat modelling"],
            outcome="offer",
            interviewers=[Interviewer("Lucius Fox", "lucius@wayne.example", "CTO")],
        ),
        Interview(
            company="Cyberdyne",
            position="ML Engineer",
            interview_at=_at(now, -1, 16),
            format="video",
            topics=["on-device inference"],
            interviewers=[Interviewer("Miles Dyson", "miles@cyberdyne.example", "Director")],
            followups=[
                Followup(
                    kind="thank_you",
                    to="miles@cyberdyne.example",
                    interviewer="Miles Dyson",
                    subject=subject.format("ML Engineer"),
                    body="Dear Miles,\n\nThank you for our conversation about on-device "
                    "inference yesterday.\n\nWarm regards,\nSam Lee\n",
                    state="scheduled",
                    send_at=_at(now, 1, 9),
                    created_at=_at(now, -1, 22),
                )
            ],
        ),
    ]


def create_demo_home(now: datetime, root: Path | None = None) -> Home:
    """Write a complete demo home (config and interviews) and return it."""
    if root is None:
        root = Path(tempfile.mkdtemp(prefix="followup-demo-"))
    home = open_home(root)
    text = DEFAULT_CONFIG.replace(
        '[profile]\nname = ""          # your name, used in subject lines and signatures\n'
        'email = ""         # your address, the From: of every email\nphone = ""\n'
        'signature = ""     # text under "Warm regards,"; defaults to your name\n',
        DEMO_PROFILE,
    )
    atomic_write(home.config_file, text.encode("utf-8"))
    store = Store(home)
    for interview in demo_interviews(now):
        store.save(interview, now=now)
    return home
