"""The one place that knows what time it is.

Everything that depends on "now" takes it as an argument; this module is where
the real value comes from. ``FOLLOWUP_TUI_NOW`` pins it (ISO 8601 with an
offset) for tests, demos and reproducible screenshots.
"""

from __future__ import annotations

import os
from datetime import datetime

ENV_NOW = "FOLLOWUP_TUI_NOW"


class ClockError(ValueError):
    """The pinned clock in the environment is not a usable timestamp."""


def parse_pinned(value: str) -> datetime:
    """Parse a ``FOLLOWUP_TUI_NOW`` value; naive values are taken as local time."""
    try:
        parsed = datetime.fromisoformat(value.strip())
    except ValueError:
        raise ClockError(
            f"{ENV_NOW}={value!r} is not a timestamp; use ISO 8601 such as "
            "2026-11-26T09:00:00+01:00"
        ) from None
    return aware(parsed)


def now() -> datetime:
    """Return the current time, timezone-aware, to the second."""
    pinned = os.environ.get(ENV_NOW)
    if pinned:
        return parse_pinned(pinned)
    return datetime.now().astimezone().replace(microsecond=0)


def aware(moment: datetime) -> datetime:
    """Attach the local timezone to a naive datetime (DST-correct for its date)."""
    if moment.tzinfo is None or moment.tzinfo.utcoffset(moment) is None:
        return moment.astimezone()
    return moment
