"""Friendly date input for the form and ``followup add --at``."""

from __future__ import annotations

from datetime import datetime

import pytest

from followup_tui.core.dates import DateParseError, parse_when
from tests.conftest import NOW  # Thursday 2026-11-26 09:00 +01:00


def local(text: str) -> tuple[int, int, int, int, int]:
    moment = parse_when(text, NOW)
    assert moment.tzinfo is not None
    return (moment.year, moment.month, moment.day, moment.hour, moment.minute)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2026-11-25 14:00", (2026, 11, 25, 14, 0)),
        ("2026-11-25T14:00", (2026, 11, 25, 14, 0)),
        ("today 15:30", (2026, 11, 26, 15, 30)),
        ("tomorrow 9am", (2026, 11, 27, 9, 0)),
        ("yesterday 2pm", (2026, 11, 25, 14, 0)),
        ("Yesterday 2:30 PM", (2026, 11, 25, 14, 30)),
        ("mon 10:00", (2026, 11, 30, 10, 0)),
        ("thursday noon", (2026, 11, 26, 12, 0)),
        ("last mon 10:00", (2026, 11, 23, 10, 0)),
        ("today 12am", (2026, 11, 26, 0, 0)),
    ],
)
def test_forms(text: str, expected: tuple[int, ...]) -> None:
    assert local(text) == expected


def test_explicit_offset_is_kept() -> None:
    moment = parse_when("2026-11-25T14:00:00+09:00", NOW)
    assert moment.utcoffset() is not None and moment.utcoffset().total_seconds() == 9 * 3600  # type: ignore[union-attr]
    assert moment == datetime.fromisoformat("2026-11-25T14:00:00+09:00")


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        ("", "Enter a date"),
        ("2026-11-25", "has no time"),
        ("tomorrow", "has no time"),
        ("someday 10:00", "not a date"),
        ("today 25:00", "not a valid time"),
        ("today 13pm", "1 to 12"),
        ("today 9", "ambiguous"),
        ("2026-02-30 10:00", "not a date"),
    ],
)
def test_errors_say_what_to_do(text: str, fragment: str) -> None:
    with pytest.raises(DateParseError, match=fragment):
        parse_when(text, NOW)
