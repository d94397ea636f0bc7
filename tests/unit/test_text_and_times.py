"""printable() strips what could repaint a terminal; human times read naturally."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest

from followup_tui.core.humantime import day_and_time, span, when_phrase
from followup_tui.core.schedule import next_action
from followup_tui.core.text import printable
from tests.conftest import make_interview


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("Acme", "Acme"),
        ("\x1b[31mAcme\x1b[0m", "[31mAcme[0m"),
        ("a\u202eevil", "aevil"),
        ("tab\there", "tab here"),
        ("line\nbreak", "line break"),
        ("c1\x9bx", "c1x"),
        ("[bold red]Acme[/]", "[bold red]Acme[/]"),
    ],
)
def test_printable(raw: str, expected: str) -> None:
    assert printable(raw) == expected


def test_printable_keeps_newlines_when_asked() -> None:
    assert printable("a\r\nb\x07", newlines=True) == "a\nb"


def test_printable_keeps_tabs_when_asked() -> None:
    assert printable("a\tb\nc", newlines=True, tabs=True) == "a\tb\nc"
    assert printable("a\tb\x1b[2J\u202e", newlines=True, tabs=True) == "a\tb[2J"
    assert printable("a\tb", newlines=True) == "a b"


@pytest.mark.parametrize(
    ("delta", "expected"),
    [
        (timedelta(seconds=5), "a moment"),
        (timedelta(minutes=1), "1 minute"),
        (timedelta(hours=5, minutes=10), "5 hours"),
        (timedelta(hours=26), "26 hours"),
        (timedelta(hours=35), "35 hours"),
        (timedelta(hours=48), "2 days"),
        (timedelta(days=2, hours=2), "2 days"),
        (timedelta(days=40), "a month"),
    ],
)
def test_span(delta: timedelta, expected: str) -> None:
    assert span(delta) == expected


def test_day_and_time(now: datetime) -> None:
    assert day_and_time(now + timedelta(days=1, hours=5), now) == "tomorrow 14:00"
    assert day_and_time(now, now) == "today 09:00"


def test_when_phrases(now: datetime) -> None:
    overdue = make_interview(interview_at=now - timedelta(days=5))
    assert when_phrase(overdue, next_action(overdue, now), now) == "overdue by 3 days"
    due = make_interview(interview_at=now - timedelta(hours=20))
    assert when_phrase(due, next_action(due, now), now) == "due in 29 hours"
    ahead = make_interview(interview_at=now + timedelta(days=1, hours=5))
    assert when_phrase(ahead, next_action(ahead, now), now) == "interview tomorrow 14:00"


def test_compact_when_phrases_leave_out_the_state(now: datetime) -> None:
    """Narrow terminals: the state column already says "overdue", "due", ..."""
    cases = [
        (make_interview(interview_at=now - timedelta(days=5)), "by 3 days"),
        (make_interview(interview_at=now - timedelta(hours=20)), "in 29 hours"),
        (make_interview(interview_at=now + timedelta(days=1, hours=5)), "tomorrow 14:00"),
    ]
    for interview, expected in cases:
        assert when_phrase(interview, next_action(interview, now), now, compact=True) == expected
