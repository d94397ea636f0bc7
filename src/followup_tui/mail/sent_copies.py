"""Every email sent for an interview: its file's records joined with the copies in ``sent/``.

``send_followup`` keeps each sent message as ``<home>/sent/<stamp>-<id>-....eml``;
a follow-up marked as sent outside the app has only its record. Matching is
by Message-ID, so a renamed copy or another interview's similar id never
mixes them up. Read-only: nothing here writes.
"""

from __future__ import annotations

import email
from dataclasses import dataclass, field
from datetime import datetime
from email import policy
from email.message import EmailMessage
from pathlib import Path

from followup_tui.core.model import Interview

HEADERS = ("From", "To", "Cc", "Subject", "Date", "Message-ID")
MAX_COPY_BYTES = 2_000_000  # a bigger file in sent/ is not one of ours: not read


@dataclass(frozen=True, slots=True)
class SentMail:
    """One sent email as the detail lists it and the viewer shows it."""

    sent_at: datetime | None
    kind: str
    to: str
    subject: str
    body: str
    headers: tuple[tuple[str, str], ...] = field(default=())
    path: Path | None = None  # the copy in sent/, None when only the record exists

    @property
    def label(self) -> str:
        """One line for the history list."""
        when = f"{self.sent_at:%a %d %b %H:%M}" if self.sent_at else "undated"
        kind = self.kind.replace("_", "-")
        return f"{when} · {kind} to {self.to or 'everyone'} · {self.subject or '(no subject)'}"


def _read_copy(path: Path) -> EmailMessage | None:
    try:
        if path.stat().st_size > MAX_COPY_BYTES:
            return None
        with path.open("rb") as handle:
            message = email.message_from_binary_file(handle, policy=policy.default)
    except (OSError, ValueError):
        return None
    return message if isinstance(message, EmailMessage) else None


def _body(message: EmailMessage) -> str:
    part = message.get_body(preferencelist=("plain",))
    if part is None:
        return ""
    try:
        content = part.get_content()
    except (LookupError, ValueError):
        return ""
    return content if isinstance(content, str) else ""


def copies_by_message_id(sent_dir: Path, interview_id: str) -> dict[str, tuple[Path, EmailMessage]]:
    """The copies in ``sent_dir`` whose name carries ``interview_id``, by Message-ID."""
    found: dict[str, tuple[Path, EmailMessage]] = {}
    try:
        names = sorted(entry.name for entry in sent_dir.iterdir())
    except OSError:
        return found
    for name in names:
        if not name.endswith(".eml") or f"-{interview_id}-" not in name:
            continue
        message = _read_copy(sent_dir / name)
        if message is not None and message["Message-ID"]:
            found[str(message["Message-ID"]).strip()] = (sent_dir / name, message)
    return found


def sent_mail(interview: Interview, sent_dir: Path) -> list[SentMail]:
    """Every follow-up that went out, oldest first, with its copy when there is one."""
    sent = [item for item in interview.followups if item.is_sent]
    copies = copies_by_message_id(sent_dir, interview.id) if sent else {}
    out = []
    for item in sorted(sent, key=lambda f: f.sent_at.timestamp() if f.sent_at else 0.0):
        copy = copies.get(item.message_id.strip()) if item.message_id else None
        if copy is None:
            record = (("To", item.to), ("Subject", item.subject))
            out.append(SentMail(item.sent_at, item.kind, item.to, item.subject, item.body, record))
            continue
        path, message = copy
        headers = tuple((name, str(message[name])) for name in HEADERS if message[name])
        out.append(
            SentMail(
                item.sent_at,
                item.kind,
                str(message["To"] or item.to),
                str(message["Subject"] or item.subject),
                _body(message),
                headers,
                path,
            )
        )
    return out
