"""Shared by the send-queue tests: a home whose [mail] points at a local aiosmtpd, a queued draft.

No pytest here, so the reliability workers (plain python) can use it too.
"""

from __future__ import annotations

import socket
import threading
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from email import message_from_bytes, policy
from email.message import EmailMessage
from typing import Any

from followup_tui.core.model import Followup, Interview, Interviewer
from followup_tui.storage.paths import Home

PROFILE_TOML = '[profile]\nname = "Sam Lee"\nemail = "sam.lee@example.com"\n'
SUBJECT = "Thank You - Sam Lee Interview for Backend Engineer"
BODY = """\
Dear Dana Reyes,

Thank you for meeting with me to discuss the Backend Engineer role at Acme. I enjoyed our \
conversation about moving billing to event sourcing, and it reinforced my enthusiasm to join \
your team.

I wanted to reiterate my strong interest in the position and in contributing to the billing \
platform rewrite as discussed. Please let me know if there's any additional information I can \
provide.

Thank you again for the opportunity to interview; I look forward to hearing from you \
regarding the next steps.

Warm regards,
Sam Lee
"""


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def write_config(home: Home, port: int, extra: str = "") -> None:
    """config.toml with the profile and plain SMTP to 127.0.0.1:port."""
    home.config_file.write_text(
        PROFILE_TOML
        + f'\n[mail]\nhost = "127.0.0.1"\nport = {port}\nsecurity = "none"\ntimeout = 5\n'
        + extra,
        encoding="utf-8",
    )
    home.config_file.chmod(0o600)


def queued_interview(
    interview_id: str,
    send_at: datetime,
    *,
    interview_at: datetime,
    to: str = "dana@acme.example",
    body: str = BODY,
) -> Interview:
    """An interview with one thank-you draft queued for ``send_at``."""
    return Interview(
        id=interview_id,
        company="Acme",
        position="Backend Engineer",
        interview_at=interview_at,
        topics=["moving billing to event sourcing"],
        initiative="the billing platform rewrite",
        interviewers=[Interviewer("Dana Reyes", to, "Engineering Manager")],
        followups=[
            Followup(
                kind="thank_you",
                to=to,
                interviewer="Dana Reyes",
                subject=SUBJECT,
                body=body,
                state="scheduled",
                send_at=send_at,
                created_at=interview_at + timedelta(hours=2),
            )
        ],
    )


@dataclass
class Inbox:
    """What a local aiosmtpd received, by Message-ID."""

    messages: list[EmailMessage] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def ids(self) -> list[str]:
        with self.lock:
            return [str(message["Message-ID"]) for message in self.messages]


class Handler:
    """aiosmtpd handler keeping every message in an Inbox."""

    def __init__(self, inbox: Inbox) -> None:
        self.inbox = inbox

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:  # noqa: N802
        content = envelope.original_content or envelope.content
        data = content if isinstance(content, bytes) else content.encode()
        message = message_from_bytes(data, policy=policy.default)
        assert isinstance(message, EmailMessage)
        with self.inbox.lock:
            self.inbox.messages.append(message)
        return "250 Message accepted"
