"""Friendly date and time input: "2026-11-25 14:00", "tomorrow 9am", "mon 10:00".

Used by the add/edit form and by ``followup add --at``. Pure: "now" is passed
in, and every failure is one sentence saying what forms are accepted.
"""

from __future__ import annotations

import re
from datetime import date, datetime, time, timedelta

from followup_tui.core.clock import aware

WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
HINT = (
    'use forms like "2026-11-25 14:00", "today 15:30", "tomorrow 9am", '
    '"yesterday 2pm" or "mon 10:00"'
)
_TIME = re.compile(r"^(?P<h>\d{1,2})(?::(?P<m>\d{2}))?\s*(?P<ampm>am|pm)?$")


class DateParseError(ValueError):
    """The text is not a date and time this app understands."""


def parse_time(text: str) -> time:
    text = text.strip().lower().replace(".", "")
    if text == "noon":
        return time(12, 0)
    if text == "midnight":
        return time(0, 0)
    match = _TIME.match(text)
    if not match:
        raise DateParseError(f"{text!r} is not a time; {HINT}")
    hour, minute = int(match["h"]), int(match["m"] or 0)
    if match["ampm"]:
        if not 1 <= hour <= 12:
            raise DateParseError(f"{text!r}: with am/pm the hour is 1 to 12")
        hour = hour % 12 + (12 if match["ampm"] == "pm" else 0)
    elif match["m"] is None:
        raise DateParseError(f"{text!r} is ambiguous; write {hour}:00, {hour}am or {hour}pm")
    if hour > 23 or minute > 59:
        raise DateParseError(f"{text!r} is not a valid time of day")
    return time(hour, minute)


def _relative_day(word: str, today: date) -> date | None:
    word = word.lower()
    if word == "today":
        return today
    if word == "tomorrow":
        return today + timedelta(days=1)
    if word == "yesterday":
        return today - timedelta(days=1)
    for index, full in enumerate(WEEKDAYS):
        if word in (full[:3], full):
            return today + timedelta(days=(index - today.weekday()) % 7)
    return None


def parse_when(text: str, now: datetime) -> datetime:
    """Parse user input into an aware datetime (naive input is local time).

    A weekday name means its next occurrence (today included); "last mon"
    means the most recent one before today.
    """
    raw = " ".join(text.strip().split())
    if not raw:
        raise DateParseError(f"Enter a date and time; {HINT}")
    try:
        parsed = datetime.fromisoformat(raw)
    except ValueError:
        pass
    else:
        if len(raw) <= 10:
            raise DateParseError(f'{raw!r} has no time; add one, like "{raw} 14:00"')
        return aware(parsed) if parsed.tzinfo is None else parsed
    words = raw.split(" ")
    last = False
    if words[0].lower() == "last" and len(words) > 1:
        last, words = True, words[1:]
    local_now = aware(now).astimezone()
    day = _relative_day(words[0], local_now.date())
    if day is None:
        try:
            day = date.fromisoformat(words[0])
        except ValueError:
            raise DateParseError(f"{raw!r} is not a date and time; {HINT}") from None
    if last:
        day = day - timedelta(days=7) if day >= local_now.date() else day
    if len(words) < 2:
        raise DateParseError(f'{raw!r} has no time; add one, like "{raw} 14:00"')
    moment = parse_time(" ".join(words[1:]))
    return aware(datetime.combine(day, moment))


# Numeric dates as spreadsheets and other trackers write them: 25.11.2026 14:00,
# 25/11/26 2pm, 11-25-2026 14:00:00, optionally followed by "Uhr" or "h".
_NUMERIC = re.compile(
    r"^(?P<a>\d{1,2})(?P<sep>[./-])(?P<b>\d{1,2})(?P=sep)(?P<y>\d{4}|\d{2})\.?"
    r"(?:[ ,T]+(?P<time>.+?))?(?:\s*(?:uhr|h))?$",
    re.IGNORECASE,
)
_SECONDS = re.compile(r"^(\d{1,2}:\d{2}):\d{2}(?:\.\d+)?")


def parse_imported(text: str, now: datetime, date_format: str = "") -> datetime:
    """A date and time from an imported file: ``date_format`` (strptime), else a friendly
    or ISO form, else a numeric date.

    Dotted dates (25.11.2026) are day first; with slashes or dashes the order
    is taken from a part above 12 and an order that cannot be told (03/04/2026)
    is refused, naming the --date-format that settles it.
    """
    raw = " ".join(text.strip().split())
    if date_format:
        try:
            return aware(datetime.strptime(raw, date_format))
        except ValueError:
            raise DateParseError(f"{raw!r} does not match --date-format {date_format}") from None
    try:
        return parse_when(raw, now)
    except DateParseError as error:
        match = _NUMERIC.match(raw)
        if match is None:
            raise error from None
    first, second, year = int(match["a"]), int(match["b"]), int(match["y"])
    year += 2000 if len(match["y"]) == 2 else 0
    sep = match["sep"]
    if sep == "." or first > 12:
        day, month = first, second
    elif second > 12 or first == second:
        day, month = second, first
    else:
        fmt = f"%d{sep}%m{sep}%Y %H:%M"
        raise DateParseError(
            f"{raw!r} could be day first or month first; pass --date-format "
            f'"{fmt}" (or "%m{sep}%d{sep}%Y %H:%M")'
        )
    try:
        day_value = date(year, month, day)
    except ValueError:
        raise DateParseError(f"{raw!r} is not a real date") from None
    if not match["time"]:
        raise DateParseError(
            f"{raw!r} has no time; add one, or map a time column to interview_time"
        )
    moment = parse_time(_SECONDS.sub(r"\1", match["time"]))
    return aware(datetime.combine(day_value, moment))
