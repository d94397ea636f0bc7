"""The people of an interview: each interviewer, and the reply one of them sent."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from followup_tui.core.fields import SchemaError, _datetime, _extra, _put, _str, _str_list

# What a reply said, as recorded with it (the first one: no outcome recorded).
REPLY_OUTCOMES = ("", "in_process", "next_round", "offer", "rejected", "withdrawn", "other")


@dataclass(slots=True)
class Interviewer:
    """A person the candidate met; each gets their own personalised email."""

    name: str
    email: str = ""
    title: str = ""
    extra: dict[str, Any] = field(default_factory=dict)
    greet: str = ""  # how the email greets them ("Minh" for Nguyễn Văn Minh); "" = the name
    topics: list[str] = field(default_factory=list)  # what was discussed with this person

    KNOWN = frozenset({"name", "email", "title", "greet", "topics"})

    @classmethod
    def from_dict(cls, data: dict[str, Any], where: str) -> Interviewer:
        name = _str(data, "name", where)
        if not name.strip():
            raise SchemaError(f"{where}name", "missing; every interviewer needs a name")
        return cls(
            name=name,
            email=_str(data, "email", where),
            title=_str(data, "title", where),
            extra=_extra(data, cls.KNOWN),
            greet=_str(data, "greet", where),
            topics=_str_list(data, "topics", where),
        )

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"name": self.name}
        _put(out, "email", self.email)
        _put(out, "title", self.title)
        _put(out, "greet", self.greet)
        _put(out, "topics", list(self.topics))
        out.update(self.extra)
        return out

    @property
    def greeting_name(self) -> str:
        """The name the email greets them by: the recorded greeting, else the full name."""
        return self.greet.strip() or self.name

    @property
    def first_name(self) -> str:
        return self.name.split()[0] if self.name.split() else self.name


@dataclass(slots=True)
class Response:
    """The interviewer answered: the follow-up job for this interview is done.

    A reply found in the user's mailbox also records its ``from``, subject,
    Message-ID and how it was matched (``thread`` or ``sender``); a reply
    recorded by hand has only the time and an optional note.
    """

    received_at: datetime
    note: str = ""
    outcome: str = ""  # one of REPLY_OUTCOMES
    sender: str = ""  # "from" in the file: "Dana Reyes <dana@acme.example>"
    subject: str = ""
    message_id: str = ""
    matched: str = ""  # "thread" or "sender" when found by an inbox scan
    extra: dict[str, Any] = field(default_factory=dict)

    KNOWN = frozenset(
        {"received_at", "note", "outcome", "from", "subject", "message_id", "matched"}
    )

    @classmethod
    def from_dict(cls, data: dict[str, Any], where: str) -> Response:
        received = _datetime(data, "received_at", where, required=True)
        assert received is not None
        outcome = _str(data, "outcome", where)
        if outcome not in REPLY_OUTCOMES:
            raise SchemaError(
                f"{where}outcome", f"{outcome!r} is not one of {', '.join(REPLY_OUTCOMES[1:])}"
            )
        return cls(
            received_at=received,
            note=_str(data, "note", where),
            outcome=outcome,
            sender=_str(data, "from", where),
            subject=_str(data, "subject", where),
            message_id=_str(data, "message_id", where),
            matched=_str(data, "matched", where),
            extra=_extra(data, cls.KNOWN),
        )

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"received_at": self.received_at}
        for key, value in (
            ("outcome", self.outcome),
            ("note", self.note),
            ("from", self.sender),
            ("subject", self.subject),
            ("message_id", self.message_id),
            ("matched", self.matched),
        ):
            _put(out, key, value)
        out.update(self.extra)
        return out

    @property
    def who(self) -> str:
        """Who answered, for the list: the display name, else the address, else "".

        By hand rather than email.utils (its import is too slow for ``followup status``).
        """
        name, bracket, rest = self.sender.partition("<")
        name = name.strip().strip('"').strip()
        return name or (rest.rstrip("> ").strip() if bracket else self.sender.strip())
