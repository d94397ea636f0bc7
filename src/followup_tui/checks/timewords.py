"""Timing words that stay true: "yesterday", "this morning", "on Monday" at send time.

A thank-you written the day after the interview says "yesterday"; if it goes
out three days later that is wrong. Each such phrase in a sentence about the
interview is checked against when the email will actually be sent (now, or
its scheduled time), and the right phrase is suggested.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import datetime

from followup_tui.checks.base import Finding, Status
from followup_tui.core.humantime import day_phrase

DAYS = "monday|tuesday|wednesday|thursday|friday|saturday|sunday"
PHRASE = re.compile(
    r"\b(?:(?P<yesterday>yesterday(?: (?:morning|afternoon|evening))?)|"
    r"(?P<today>today|earlier today|tonight|this (?:morning|afternoon|evening))|"
    rf"(?:on|last|this past) (?P<weekday>{DAYS}))\b",
    re.IGNORECASE,
)
# A sentence with one of these words is about the interview.
ABOUT = re.compile(
    r"\b(?:meet\w*|met|interview\w*|conversation\w*|speak\w*|spoke|talk\w*|chat\w*|"
    r"discuss\w*|call|visit\w*|time|sat down)\b",
    re.IGNORECASE,
)


def _sentence(text: str, start: int, end: int) -> str:
    left = max(text.rfind(mark, 0, start) for mark in ".!?\n")
    rights = [index for mark in ".!?\n" if (index := text.find(mark, end)) != -1]
    return text[left + 1 : min(rights) if rights else len(text)]


def _true(match: re.Match[str], interview_at: datetime, sent: datetime) -> bool:
    local = interview_at.astimezone(sent.tzinfo)
    days = (sent.date() - local.date()).days
    if match.group("yesterday"):
        return days == 1
    if match.group("today"):
        return days == 0
    weekday = match.group("weekday")
    return weekday is not None and weekday.lower() == f"{local:%A}".lower() and 0 <= days <= 7


def stale_phrases(body: str, interview_at: datetime, sent: datetime) -> Iterator[Finding]:
    """A failing finding for each timing word that is false on the day it is sent."""
    if sent < interview_at:
        return
    right = day_phrase(interview_at, sent)
    for match in PHRASE.finditer(body):
        if not ABOUT.search(_sentence(body, match.start(), match.end())):
            continue
        if _true(match, interview_at, sent):
            continue
        yield Finding(
            "timing-word", match.group(), "body", match.start(), match.end(), right, Status.FAIL
        )
