"""Reading one field of an interview file strictly: every problem names the field.

The checks of ranges live here too, so that no deadline worked out from a file can overflow.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from followup_tui.core.clock import aware

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
