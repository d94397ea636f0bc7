"""The data model: interviews, interviewers, follow-ups and replies.

Each interview is one TOML file. Parsing is strict (every problem names the
field), and keys this version does not know are kept in ``extra`` so that a
load and save round trip never drops what a user or a newer release wrote.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from followup_tui.core.fields import (
    MAX_DURATION,
    MAX_YEAR,
    MIN_YEAR,
    SchemaError,
    _datetime,
    _extra,
    _int,
    _put,
    _str,
    _str_list,
    _table,
    _tables,
    duration_problem,
    moment_problem,
)
from followup_tui.core.people import REPLY_OUTCOMES, Interviewer, Response

# What other modules import from here; the field readers and the people records
# live in their own modules, and the model is the one place that gathers them.
__all__ = [
    "FOLLOWUP_KINDS",
    "FOLLOWUP_STATES",
    "FORMATS",
    "ID_PATTERN",
    "IN_FLIGHT",
    "MAX_DURATION",
    "MAX_YEAR",
    "MIN_YEAR",
    "OUTCOMES",
    "REPLY_OUTCOMES",
    "SCHEMA_VERSION",
    "SENT_OUTSIDE",
    "Followup",
    "Interview",
    "Interviewer",
    "Response",
    "SchemaError",
    "duration_problem",
    "make_id",
    "migrate",
    "moment_problem",
    "slugify",
    "valid_id",
]

SCHEMA_VERSION = 1
FOLLOWUP_KINDS = ("thank_you", "reminder", "clarification", "custom")
# scheduled: queued to go out at send_at; sending: handed to the server (its
# Message-ID recorded first); unsure: a run died mid-send, the user decides.
# skipped: the user decided not to send it.
FOLLOWUP_STATES = ("draft", "scheduled", "sending", "unsure", "sent", "skipped")
IN_FLIGHT = frozenset({"sending", "unsure"})
OUTCOMES = ("", "offer", "rejected", "withdrawn", "no_reply", "other")
FORMATS = ("video", "phone", "onsite", "other")
ID_PATTERN = re.compile(r"[a-z0-9][a-z0-9-]{0,119}")  # whole id: used with fullmatch
# The subject of a follow-up marked as sent outside the app (its real subject is unknown).
SENT_OUTSIDE = "(sent outside followup)"


@dataclass(slots=True)
class Followup:
    """One email: a draft being written, or one that went out."""

    kind: str = "thank_you"
    to: str = ""
    subject: str = ""
    body: str = ""
    state: str = "draft"
    interviewer: str = ""
    template: str = ""
    created_at: datetime | None = None
    updated_at: datetime | None = None
    sent_at: datetime | None = None
    message_id: str = ""
    ticked: list[str] = field(default_factory=list)
    send_at: datetime | None = None  # when a scheduled follow-up goes out
    notice: str = ""  # why the queue did not send it (shown until the user acts)
    send_anyway: list[str] = field(default_factory=list)  # failing checks accepted when queued
    reason: str = ""  # why a skipped follow-up was skipped
    found_in: str = ""  # the mail folder an inbox scan found it in (sent from another client)
    extra: dict[str, Any] = field(default_factory=dict)

    KNOWN = frozenset(
        {
            "send_at",
            "notice",
            "send_anyway",
            "reason",
            "found_in",
            "kind",
            "to",
            "subject",
            "body",
            "state",
            "interviewer",
            "template",
            "created_at",
            "updated_at",
            "sent_at",
            "message_id",
            "ticked",
        }
    )

    @classmethod
    def from_dict(cls, data: dict[str, Any], where: str) -> Followup:
        kind = _str(data, "kind", where, "thank_you")
        if kind not in FOLLOWUP_KINDS:
            raise SchemaError(f"{where}kind", f"{kind!r} is not one of {', '.join(FOLLOWUP_KINDS)}")
        state = _str(data, "state", where, "draft")
        if state not in FOLLOWUP_STATES:
            raise SchemaError(
                f"{where}state", f"{state!r} is not one of {', '.join(FOLLOWUP_STATES)}"
            )
        sent_at = _datetime(data, "sent_at", where)
        send_at = _datetime(data, "send_at", where)
        if state in ("scheduled", "sending", "unsure") and send_at is None:
            raise SchemaError(
                f"{where}send_at", f"missing; a {state} follow-up needs the time it is to go out"
            )
        if state == "sent" and sent_at is None:
            raise SchemaError(
                f"{where}sent_at", "missing; a sent follow-up needs the time it went out"
            )
        return cls(
            kind=kind,
            to=_str(data, "to", where),
            subject=_str(data, "subject", where),
            body=_str(data, "body", where),
            state=state,
            interviewer=_str(data, "interviewer", where),
            template=_str(data, "template", where),
            created_at=_datetime(data, "created_at", where),
            updated_at=_datetime(data, "updated_at", where),
            sent_at=sent_at,
            message_id=_str(data, "message_id", where),
            ticked=_str_list(data, "ticked", where),
            send_at=send_at,
            notice=_str(data, "notice", where),
            send_anyway=_str_list(data, "send_anyway", where),
            reason=_str(data, "reason", where),
            found_in=_str(data, "found_in", where),
            extra=_extra(data, cls.KNOWN),
        )

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"kind": self.kind}
        _put(out, "to", self.to)
        _put(out, "interviewer", self.interviewer)
        out["subject"] = self.subject
        out["body"] = self.body
        out["state"] = self.state
        _put(out, "template", self.template)
        _put(out, "created_at", self.created_at)
        _put(out, "updated_at", self.updated_at)
        _put(out, "sent_at", self.sent_at)
        _put(out, "message_id", self.message_id)
        _put(out, "ticked", list(self.ticked))
        _put(out, "send_at", self.send_at)
        _put(out, "notice", self.notice)
        _put(out, "send_anyway", list(self.send_anyway))
        _put(out, "reason", self.reason)
        _put(out, "found_in", self.found_in)
        out.update(self.extra)
        return out

    @property
    def is_sent(self) -> bool:
        return self.state == "sent"

    @property
    def is_scheduled(self) -> bool:
        return self.state == "scheduled"

    @property
    def in_flight(self) -> bool:
        """Handed to the server by the queue, or possibly so: never to be sent again blindly."""
        return self.state in IN_FLIGHT

    def recipients(self) -> list[str]:
        """The addresses in ``to``, lower-cased (comma separated in the file)."""
        return [part.strip().lower() for part in self.to.split(",") if part.strip()]


@dataclass(slots=True)
class Interview:
    """One interview and everything the follow-up needs to know about it."""

    company: str
    position: str
    interview_at: datetime
    id: str = ""
    duration_minutes: int = 60
    format: str = "video"
    location: str = ""
    topics: list[str] = field(default_factory=list)
    initiative: str = ""
    notes: str = ""
    outcome: str = ""
    interviewers: list[Interviewer] = field(default_factory=list)
    followups: list[Followup] = field(default_factory=list)
    response: Response | None = None
    created_at: datetime | None = None
    updated_at: datetime | None = None
    round: int = 1  # which round of the application this interview is
    first_round: str = ""  # on later rounds: the id of the application's first interview
    rounds: list[str] = field(default_factory=list)  # on the first: the later rounds' ids
    extra: dict[str, Any] = field(default_factory=dict)
    # sha256 of the file this copy was loaded from or last saved as (not stored in
    # the file): the store refuses to save a copy whose file has changed since.
    loaded_digest: str = field(default="", compare=False, repr=False)

    KNOWN = frozenset(
        {
            "schema",
            "company",
            "position",
            "interview_at",
            "duration_minutes",
            "format",
            "location",
            "topics",
            "initiative",
            "notes",
            "outcome",
            "interviewers",
            "followups",
            "response",
            "created_at",
            "updated_at",
            "round",
            "first_round",
            "rounds",
        }
    )

    @property
    def ends_at(self) -> datetime:
        return self.interview_at + timedelta(minutes=self.duration_minutes)

    @property
    def replied_at(self) -> datetime | None:
        """When their reply came in, None while there is none."""
        return self.response.received_at if self.response is not None else None

    @property
    def sent_followups(self) -> list[Followup]:
        return [item for item in self.followups if item.is_sent]

    @property
    def drafts(self) -> list[Followup]:
        return [item for item in self.followups if not item.is_sent]

    @property
    def title(self) -> str:
        return f"{self.company} · {self.position}" if self.position.strip() else self.company

    @classmethod
    def from_dict(cls, data: dict[str, Any], id: str = "") -> Interview:  # noqa: A002
        """Build an interview from parsed TOML, raising SchemaError on any misfit."""
        schema = data.get("schema", SCHEMA_VERSION)
        if isinstance(schema, bool) or not isinstance(schema, int):
            raise SchemaError("schema", "expected a whole number")
        if schema > SCHEMA_VERSION:
            raise SchemaError(
                "schema",
                f"version {schema} was written by a newer followup-tui "
                f"(this one reads up to {SCHEMA_VERSION}); upgrade to open it",
            )
        data = migrate(data, schema)
        company = _str(data, "company", "")
        position = _str(data, "position", "")
        if not company.strip():
            raise SchemaError("company", "missing; every interview needs a company")
        interview_at = _datetime(data, "interview_at", "", required=True)
        assert interview_at is not None
        outcome = _str(data, "outcome", "")
        if outcome not in OUTCOMES:
            raise SchemaError("outcome", f"{outcome!r} is not one of {', '.join(OUTCOMES[1:])}")
        response = _table(data, "response", "")
        duration = _int(data, "duration_minutes", "", 60)
        if problem := duration_problem(duration):
            raise SchemaError("duration_minutes", problem)
        return cls(
            id=id,
            company=company,
            position=position,
            interview_at=interview_at,
            duration_minutes=duration,
            format=_str(data, "format", "", "video"),
            location=_str(data, "location", ""),
            topics=_str_list(data, "topics", ""),
            initiative=_str(data, "initiative", ""),
            notes=_str(data, "notes", ""),
            outcome=outcome,
            interviewers=[
                Interviewer.from_dict(item, f"interviewers[{index}].")
                for index, item in enumerate(_tables(data, "interviewers", ""))
            ],
            followups=[
                Followup.from_dict(item, f"followups[{index}].")
                for index, item in enumerate(_tables(data, "followups", ""))
            ],
            response=Response.from_dict(response, "response.") if response is not None else None,
            created_at=_datetime(data, "created_at", ""),
            updated_at=_datetime(data, "updated_at", ""),
            round=max(1, _int(data, "round", "", 1)),
            first_round=_str(data, "first_round", ""),
            rounds=_str_list(data, "rounds", ""),
            extra=_extra(data, cls.KNOWN),
        )

    def to_dict(self) -> dict[str, Any]:
        """The TOML document for this interview (``id`` is the file name, not a key)."""
        out: dict[str, Any] = {
            "schema": SCHEMA_VERSION,
            "company": self.company,
            "position": self.position,
            "interview_at": self.interview_at,
            "duration_minutes": self.duration_minutes,
            "format": self.format,
        }
        _put(out, "location", self.location)
        out["topics"] = list(self.topics)
        _put(out, "initiative", self.initiative)
        _put(out, "notes", self.notes)
        _put(out, "outcome", self.outcome)
        _put(out, "created_at", self.created_at)
        _put(out, "updated_at", self.updated_at)
        if self.round > 1:
            out["round"] = self.round
        _put(out, "first_round", self.first_round)
        _put(out, "rounds", list(self.rounds))
        out.update(self.extra)
        if self.interviewers:
            out["interviewers"] = [item.to_dict() for item in self.interviewers]
        if self.followups:
            out["followups"] = [item.to_dict() for item in self.followups]
        if self.response is not None:
            out["response"] = self.response.to_dict()
        return out

    def range_problem(self) -> SchemaError | None:
        """The first date or length out of range, for a save to refuse (None: all fine)."""
        if problem := duration_problem(self.duration_minutes):
            return SchemaError("duration_minutes", problem)
        moments: list[tuple[str, datetime | None]] = [
            ("interview_at", self.interview_at),
            ("created_at", self.created_at),
            ("updated_at", self.updated_at),
            ("response.received_at", self.replied_at),
        ]
        for index, item in enumerate(self.followups):
            where = f"followups[{index}]."
            moments += [
                (where + "sent_at", item.sent_at),
                (where + "created_at", item.created_at),
                (where + "updated_at", item.updated_at),
            ]
        for name, moment in moments:
            if moment is not None and (problem := moment_problem(moment)):
                return SchemaError(name, problem)
        return None

    def interviewer_named(self, name: str) -> Interviewer | None:
        for person in self.interviewers:
            if person.name == name:
                return person
        return None


def migrate(data: dict[str, Any], schema: int) -> dict[str, Any]:
    """Bring an older document up to SCHEMA_VERSION (version 1 is the first)."""
    return data


def slugify(text: str) -> str:
    """ASCII, lower-case, dash-separated: safe as a file name on every system."""
    folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    return re.sub(r"[^a-z0-9]+", "-", folded.lower()).strip("-")


def make_id(company: str, position: str, when: datetime) -> str:
    """A readable id such as ``2026-11-24-acme-backend-engineer``."""
    words = "-".join(part for part in (slugify(company), slugify(position)) if part)
    base = f"{when:%Y-%m-%d}-{words}" if words else f"{when:%Y-%m-%d}-interview"
    return base[:100].rstrip("-")


def valid_id(value: str) -> bool:
    """An id is a file name: lower-case ASCII, digits and dashes, nothing else (no newline)."""
    return ID_PATTERN.fullmatch(value) is not None
