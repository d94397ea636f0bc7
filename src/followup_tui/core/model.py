"""The data model: interviews, interviewers, follow-ups and replies.

Each interview is one TOML file. Parsing is strict (every problem names the
field), and keys this version does not know are kept in ``extra`` so that a
load and save round trip never drops what a user or a newer release wrote.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

from followup_tui.core.clock import aware

SCHEMA_VERSION = 1
FOLLOWUP_KINDS = ("thank_you", "reminder", "clarification", "custom")
# scheduled: queued to go out at send_at; sending: handed to the server (its
# Message-ID recorded first); unsure: a run died mid-send, the user decides.
# skipped: the user decided not to send it.
FOLLOWUP_STATES = ("draft", "scheduled", "sending", "unsure", "sent", "skipped")
IN_FLIGHT = frozenset({"sending", "unsure"})
# What a reply said, as recorded with it (the first one: no outcome recorded).
REPLY_OUTCOMES = ("", "in_process", "next_round", "offer", "rejected", "withdrawn", "other")
OUTCOMES = ("", "offer", "rejected", "withdrawn", "no_reply", "other")
FORMATS = ("video", "phone", "onsite", "other")
ID_PATTERN = re.compile(r"[a-z0-9][a-z0-9-]{0,119}")  # whole id: used with fullmatch
# The window every date must fall in, and the longest interview: with these, no
# deadline worked out from a file (weeks after the interview) can overflow.
MIN_YEAR, MAX_YEAR = 1970, 2200
MAX_DURATION = 1440


class SchemaError(ValueError):
    """A value in an interview file does not fit the schema."""

    def __init__(self, field_path: str, message: str) -> None:
        super().__init__(f"{field_path}: {message}")
        self.field_path = field_path
        self.message = message


# -- small typed readers -----------------------------------------------------


def _str(data: dict[str, Any], key: str, where: str, default: str = "") -> str:
    value = data.get(key, default)
    if not isinstance(value, str):
        raise SchemaError(f"{where}{key}", f"expected text, found {_type_name(value)}")
    return value


def _int(data: dict[str, Any], key: str, where: str, default: int) -> int:
    value = data.get(key, default)
    if isinstance(value, bool) or not isinstance(value, int):
        raise SchemaError(f"{where}{key}", f"expected a whole number, found {_type_name(value)}")
    if value < 0:
        raise SchemaError(f"{where}{key}", "must not be negative")
    return value


def duration_problem(minutes: int) -> str | None:
    """Why ``minutes`` is not an interview's length (None when it is fine)."""
    if not 1 <= minutes <= MAX_DURATION:
        return f"{minutes} is not a length in minutes from 1 to {MAX_DURATION}"
    return None


def moment_problem(value: datetime) -> str | None:
    """Why ``value`` is outside the dates this app handles (None when it is fine)."""
    if not MIN_YEAR <= value.year <= MAX_YEAR:
        return f"{value.isoformat()} is outside the years {MIN_YEAR} to {MAX_YEAR}"
    return None


def _moment(value: datetime, key: str, where: str) -> datetime:
    problem = moment_problem(value)  # checked before aware(): year 1 cannot be moved
    if problem:
        raise SchemaError(f"{where}{key}", problem)
    return aware(value)


def _str_list(data: dict[str, Any], key: str, where: str) -> list[str]:
    value = data.get(key, [])
    if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
        raise SchemaError(f"{where}{key}", "expected a list of text values")
    return list(value)


def _datetime(
    data: dict[str, Any], key: str, where: str, *, required: bool = False
) -> datetime | None:
    value = data.get(key)
    if value is None:
        if required:
            raise SchemaError(f"{where}{key}", "missing; expected a date and time")
        return None
    if isinstance(value, str):
        try:
            value = datetime.fromisoformat(value)
        except ValueError:
            raise SchemaError(
                f"{where}{key}",
                f"{value!r} is not a date and time; use 2026-11-24T14:00:00+01:00",
            ) from None
    if isinstance(value, datetime):
        return _moment(value, key, where)
    if isinstance(value, date):
        raise SchemaError(f"{where}{key}", "has a date but no time; add one, like 2026-11-24T14:00")
    raise SchemaError(f"{where}{key}", f"expected a date and time, found {_type_name(value)}")


def _table(data: dict[str, Any], key: str, where: str) -> dict[str, Any] | None:
    value = data.get(key)
    if value is None:
        return None
    if not isinstance(value, dict):
        raise SchemaError(f"{where}{key}", f"expected a table, found {_type_name(value)}")
    return value


def _tables(data: dict[str, Any], key: str, where: str) -> list[dict[str, Any]]:
    value = data.get(key, [])
    if not isinstance(value, list) or not all(isinstance(item, dict) for item in value):
        raise SchemaError(f"{where}{key}", f"expected [[{key}]] tables")
    return value


def _type_name(value: object) -> str:
    names = {bool: "true/false", int: "a number", float: "a number", str: "text"}
    for kind, name in names.items():
        if isinstance(value, kind):
            return name
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a table"
    if isinstance(value, datetime | date):
        return "a date"
    return type(value).__name__


def _extra(data: dict[str, Any], known: frozenset[str]) -> dict[str, Any]:
    return {key: value for key, value in data.items() if key not in known}


def _put(out: dict[str, Any], key: str, value: Any) -> None:
    """Write optional values only when set, so files stay short and readable."""
    if value not in ("", None, [], {}):
        out[key] = value


# -- the records -------------------------------------------------------------


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
