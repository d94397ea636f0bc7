"""Interviews as plain records for export and import (JSON and CSV).

A record is the interview's TOML document with times as ISO 8601 text and
its ``id`` added, so ``Interview.from_dict`` reads it back unchanged. In CSV,
plain fields are plain cells and the structured ones (``topics``,
``interviewers``, ``followups``, ``response``, ``extra``) hold JSON text. For
hand-made CSV files, ``topics`` may also be "a; b" and ``interviewers``
"Name <email>; Other Name <email>".
"""

from __future__ import annotations

import json
import re
from datetime import date, datetime, time
from typing import Any

from followup_tui.core.model import Interview, Interviewer, duration_problem

CSV_COLUMNS = (
    "id",
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
    "extra",
)
JSON_COLUMNS = ("topics", "interviewers", "followups", "response", "extra")
_PERSON = re.compile(r"^\s*(?P<name>[^<>]*?)\s*(?:<(?P<email>[^<>]+)>)?\s*(?:,\s*(?P<title>.*))?$")


class RecordError(ValueError):
    """A record cannot become an interview; the message names the field."""


def plain(value: Any) -> Any:
    """TOML values made JSON-able: dates and times become ISO 8601 text."""
    if isinstance(value, datetime | date | time):
        return value.isoformat()
    if isinstance(value, dict):
        return {key: plain(item) for key, item in value.items()}
    if isinstance(value, list):
        return [plain(item) for item in value]
    return value


def to_record(interview: Interview) -> dict[str, Any]:
    """Every field of an interview as JSON-able data, ``id`` first."""
    return {"id": interview.id, **plain(interview.to_dict())}


def from_record(record: dict[str, Any]) -> Interview:
    """Build an interview from a record (raises SchemaError naming the field)."""
    data = {key: value for key, value in record.items() if key != "id"}
    interview = Interview.from_dict(data)
    identifier = record.get("id", "")
    interview.id = identifier if isinstance(identifier, str) else ""
    return interview


def to_csv_row(interview: Interview) -> dict[str, str]:
    """One CSV row: plain cells, JSON text for the structured fields."""
    record = to_record(interview)
    known = {key: record.pop(key, None) for key in CSV_COLUMNS}
    known["extra"] = record or None  # whatever is left: keys this version does not know
    row: dict[str, str] = {}
    for key in CSV_COLUMNS:
        value = known[key]
        if key in JSON_COLUMNS:
            row[key] = "" if value in (None, [], {}) else json.dumps(value, ensure_ascii=False)
        else:
            row[key] = "" if value is None else str(value)
    return row


# A spreadsheet runs a cell starting with one of these as a formula (OWASP CSV injection).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def guard_formula(cell: str) -> str:
    """``cell`` with a leading ``'`` when a spreadsheet would run it as a formula."""
    return "'" + cell if cell.startswith(FORMULA_STARTS) else cell


def unguard_formula(cell: str) -> str:
    """The value ``guard_formula`` was given: import takes the ``'`` off again."""
    return cell[1:] if cell.startswith("'") and cell[1:].startswith(FORMULA_STARTS) else cell


def parse_person(text: str) -> Interviewer:
    """ "Dana Reyes <dana@acme.example>, Engineering Manager" -> Interviewer."""
    match = _PERSON.match(text)
    if not match or not match["name"]:
        raise RecordError(f'{text!r} is not "Name <email>" (the email and ", title" are optional)')
    email, title = (match["email"] or "").strip(), (match["title"] or "").strip()
    return Interviewer(match["name"], email, title)


def _json_cell(key: str, text: str) -> Any:
    try:
        return json.loads(text)
    except json.JSONDecodeError as error:
        raise RecordError(f"{key}: not valid JSON ({error.msg} at character {error.pos})") from None


def from_csv_row(row: dict[str, str | None], now: datetime) -> dict[str, Any]:
    """A record from a CSV row; friendly dates and plain lists are accepted."""
    from followup_tui.core.dates import DateParseError, parse_when

    record: dict[str, Any] = {}
    for key, raw in row.items():
        if key is None:
            raise RecordError("more cells than columns in the header")
        text = unguard_formula((raw or "").strip() if key not in ("notes",) else (raw or ""))
        if not text.strip():
            continue
        if key == "extra":
            extra = _json_cell(key, text)
            if not isinstance(extra, dict):
                raise RecordError("extra: expected a JSON object")
            record.update(extra)
        elif key == "topics" and not text.startswith("["):
            record[key] = [part.strip() for part in text.split(";") if part.strip()]
        elif key == "interviewers" and not text.startswith("["):
            record[key] = [parse_person(part).to_dict() for part in text.split(";") if part.strip()]
        elif key in JSON_COLUMNS:
            record[key] = _json_cell(key, text)
        elif key == "duration_minutes":
            try:
                record[key] = int(text)
            except ValueError:
                raise RecordError(f"duration_minutes: {text!r} is not a whole number") from None
            if problem := duration_problem(record[key]):
                raise RecordError(f"duration_minutes: {problem}")
        elif key == "interview_at":
            try:
                record[key] = parse_when(text, now).isoformat()
            except DateParseError as error:
                raise RecordError(f"interview_at: {error}") from None
        else:
            record[key] = text
    return record
