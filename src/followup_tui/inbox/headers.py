"""One mail message as the matcher sees it: its headers only, never its body.

Every source (Maildir, notmuch, IMAP) turns what it reads into ``Headers``;
nothing else of the message is kept or copied anywhere.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime
from email.parser import BytesHeaderParser
from email.utils import getaddresses, parseaddr, parsedate_to_datetime

from followup_tui.core.clock import aware

MSGID = re.compile(r"<[^<>\s]+>")
# Header parsing with compat32 never raises on a malformed header; we decode by hand.
_PARSER = BytesHeaderParser()
_AUTO_SUBJECT = re.compile(
    r"^\s*(auto(matic)?[ -]?(reply|response)|out of (the )?office|abwesenheit|"
    r"absence|away from|on vacation|autosvar|r[ée]ponse automatique)",
    re.IGNORECASE,
)


class BrokenMessageError(ValueError):
    """A message whose headers cannot be read (skipped and counted, never fatal)."""


@dataclass(frozen=True, slots=True)
class Headers:
    """The headers of one message that matching needs."""

    message_id: str
    sender: str  # "Name <addr>" as written (decoded), for the record
    from_address: str  # lower-cased address
    to: tuple[str, ...]  # lower-cased addresses of To and Cc
    subject: str
    date: datetime | None
    in_reply_to: tuple[str, ...] = ()  # Message-IDs of In-Reply-To and References
    auto: bool = False  # an auto-reply, a bulk or list message
    folder: str = ""  # where it was found, for messages and the JSON output

    @property
    def from_name(self) -> str:
        name = parseaddr(self.sender)[0]
        return name or self.from_address


def message_ids(value: str) -> tuple[str, ...]:
    """Every ``<id>`` in an In-Reply-To or References value, in order."""
    return tuple(MSGID.findall(value or ""))


def _decoded(value: object) -> str:
    """A header value as one line of text (RFC 2047 words decoded; bad ones kept raw)."""
    if value is None:
        return ""
    from email.header import decode_header, make_header

    text = str(value)
    try:
        text = str(make_header(decode_header(text)))
    except (ValueError, LookupError, UnicodeError):
        pass
    return " ".join(text.split())


def is_auto(
    subject: str, auto_submitted: str, autoreply: str, precedence: str, list_id: str
) -> bool:
    """Auto-replies, vacation notices, bulk and list mail: never a reply from a person."""
    if auto_submitted.strip() and auto_submitted.strip().lower() != "no":
        return True
    if autoreply.strip():
        return True
    if precedence.strip().lower() in ("bulk", "junk", "list", "auto_reply"):
        return True
    if list_id.strip():
        return True
    return bool(_AUTO_SUBJECT.match(subject))


def parse_date(value: str) -> datetime | None:
    """The Date header as an aware datetime, None when missing or unreadable."""
    if not value.strip():
        return None
    try:
        return aware(parsedate_to_datetime(value))
    except (TypeError, ValueError, IndexError, OverflowError):
        return None


def build(fields: dict[str, str], folder: str = "") -> Headers:
    """Headers from a mapping of lower-case header name to raw value (any source)."""
    sender = _decoded(fields.get("from", ""))
    address = parseaddr(sender)[1].strip().lower()
    if not address or "@" not in address:
        raise BrokenMessageError("it has no From address")
    recipients = getaddresses([fields.get("to", ""), fields.get("cc", "")])
    subject = _decoded(fields.get("subject", ""))
    return Headers(
        message_id=(message_ids(fields.get("message-id", "")) or ("",))[0],
        sender=sender,
        from_address=address,
        to=tuple(addr.strip().lower() for _, addr in recipients if "@" in addr),
        subject=subject,
        date=parse_date(fields.get("date", "")),
        in_reply_to=message_ids(f"{fields.get('in-reply-to', '')} {fields.get('references', '')}"),
        auto=is_auto(
            subject,
            fields.get("auto-submitted", ""),
            fields.get("x-autoreply", "") or fields.get("x-autorespond", ""),
            fields.get("precedence", ""),
            fields.get("list-id", ""),
        ),
        folder=folder,
    )


WANTED = (
    "from",
    "to",
    "cc",
    "subject",
    "date",
    "message-id",
    "in-reply-to",
    "references",
    "auto-submitted",
    "x-autoreply",
    "x-autorespond",
    "precedence",
    "list-id",
)


def from_bytes(data: bytes, folder: str = "") -> Headers:
    """Headers of a raw message (only its header block is parsed)."""
    head = data.split(b"\r\n\r\n", 1)[0] if b"\r\n\r\n" in data[:65536] else data
    head = head.split(b"\n\n", 1)[0]
    try:
        parsed = _PARSER.parsebytes(head)
    except (ValueError, UnicodeError, IndexError) as error:
        raise BrokenMessageError(f"its headers cannot be read ({error})") from None
    if not parsed.keys():
        raise BrokenMessageError("it has no headers")
    fields: dict[str, str] = {}
    for name in WANTED:
        values = parsed.get_all(name)
        if values:
            fields[name] = " ".join(str(value) for value in values)
    return build(fields, folder)
