"""The checklist's data types and the small text helpers every rule shares.

A check looks at one draft (a ``Followup`` inside its ``Interview``) and says
pass / warn / fail / manual, with one line telling the user what to fix and,
where it can, the place in the draft (field and character offsets).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from email.utils import getaddresses
from enum import StrEnum

from followup_tui.core.model import Followup, Interview, Interviewer
from followup_tui.core.schedule import Timing
from followup_tui.storage.config import Profile


class Status(StrEnum):
    """The verdict of one check."""

    PASS = "pass"
    WARN = "warn"
    FAIL = "fail"
    MANUAL = "manual"


@dataclass(frozen=True)
class Finding:
    """One problem in a draft: what kind, the text found, where, and the fix."""

    kind: str  # spelling, doubled-word, placeholder, timing-word, greeting, address, ...
    text: str
    field: str | None = None  # "subject", "body" or "to"; None when it is nowhere in the text
    start: int | None = None
    end: int | None = None
    suggestion: str = ""
    status: Status = Status.FAIL
    action: str = ""  # "add-to-dictionary": the word can be added to dictionary.txt


@dataclass(frozen=True)
class CheckResult:
    """One line of the checklist: a verdict, what to do, where, and every finding."""

    id: str
    title: str
    status: Status
    reason: str
    field: str | None = None
    start: int | None = None
    end: int | None = None
    ticked: bool = False
    findings: tuple[Finding, ...] = ()

    @property
    def passed(self) -> bool:
        """Counts towards the score: a pass, or a manual item the user ticked."""
        return self.status is Status.PASS or (self.status is Status.MANUAL and self.ticked)


@dataclass(frozen=True)
class DraftInput:
    """Everything the checks need about one draft; ``now`` is always passed in."""

    interview: Interview
    followup: Followup
    profile: Profile
    now: datetime
    timing: Timing = Timing()
    max_words_thank_you: int = 200
    max_words_reminder: int = 120
    dictionary: frozenset[str] = frozenset()
    spelling: str = "both"  # en_GB, en_US or both
    send_at: datetime | None = None  # when it will go out (scheduled); None: now

    @property
    def send_time(self) -> datetime:
        """When the draft will actually be sent: its scheduled time, else now."""
        # A scheduled time on the follow-up itself (a field, or a key kept in extra).
        scheduled = (
            self.send_at
            or getattr(self.followup, "send_at", None)
            or self.followup.extra.get("send_at")
        )
        return scheduled if isinstance(scheduled, datetime) else self.now


WORD = re.compile(r"[^\W_]+(?:['’][^\W_]+)*")
STOPWORDS = frozenset(
    "the a an and or of to in on for with at by from about into our your their my his her "
    "its this that these those is are was were be been being as it we you they i me us them "
    "new how what why when".split()
)


def words(text: str) -> Iterator[re.Match[str]]:
    """Every word in ``text`` with its position."""
    return WORD.finditer(text)


def word_count(text: str) -> int:
    """Words as a reader counts them (numbers count, punctuation does not)."""
    return sum(1 for _ in words(text))


def _stem(word: str) -> str:
    """A crude stem: enough for "sourcing" to meet "source" and "events" "event"."""
    return word.lower()[:5]


def keywords(text: str) -> set[str]:
    """Stems of the meaningful words of a topic, for loose matching in a draft."""
    return {
        _stem(match.group())
        for match in words(text.replace("-", " "))
        if match.group().lower() not in STOPWORDS and len(match.group()) >= 3
    }


def mentions(body_stems: set[str], topic: str) -> bool:
    """True when the body uses enough of a topic's words to count as referring to it."""
    wanted = keywords(topic)
    if not wanted:
        return False
    return len(wanted & body_stems) >= min(2, len(wanted))


def find_phrase(text: str, pattern: re.Pattern[str]) -> re.Match[str] | None:
    """First match of ``pattern`` (a small wrapper so rules read as sentences)."""
    return pattern.search(text)


def draft_interviewer(interview: Interview, followup: Followup) -> Interviewer | None:
    """Who this draft is for: its ``interviewer``, else the address, else the only one."""
    if followup.interviewer:
        person = interview.interviewer_named(followup.interviewer)
        if person is not None:
            return person
        return Interviewer(followup.interviewer)
    recipients = {address.strip().lower() for _, address in getaddresses([followup.to])}
    for person in interview.interviewers:
        if person.email and person.email.strip().lower() in recipients:
            return person
    if len(interview.interviewers) == 1:
        return interview.interviewers[0]
    return None


def name_parts(name: str) -> list[str]:
    """The parts of a person's name worth looking for ("Dana", "Reyes")."""
    return [part for part in re.split(r"[\s.]+", name) if len(part) > 1]


def straight(text: str) -> str:
    """``text`` with curly apostrophes made straight (same length, so offsets hold)."""
    return text.replace("’", "'").replace("‘", "'")


def contains_word(text: str, word: str) -> re.Match[str] | None:
    """Case-insensitive whole-word search; curly and straight apostrophes are the same."""
    return re.search(rf"(?<![\w]){re.escape(straight(word))}(?![\w])", straight(text), re.I)


def line_column(text: str, offset: int) -> tuple[int, int]:
    """1-based (line, column) of ``offset`` in ``text``."""
    before = text[:offset]
    line = before.count("\n") + 1
    return line, offset - (before.rfind("\n") + 1) + 1


def first_line_span(text: str) -> tuple[int, int]:
    """Offsets of the first non-blank line (where a greeting belongs)."""
    offset = 0
    for line in text.splitlines(keepends=True):
        if line.strip():
            start = offset + len(line) - len(line.lstrip())
            return start, offset + len(line.rstrip())
        offset += len(line)
    return 0, 0


def paragraphs(text: str) -> list[tuple[int, int]]:
    """(start, end) of each paragraph (blocks separated by blank lines)."""
    spans = []
    for match in re.finditer(r"\S(?:.|\n(?![ \t]*\n))*", text):
        spans.append((match.start(), match.end()))
    return spans


def within_one_edit(left: str, right: str) -> bool:
    """True when ``left`` and ``right`` differ by at most one insertion, deletion,
    substitution or swap of neighbours."""
    if left == right:
        return True
    if abs(len(left) - len(right)) > 1:
        return False
    if len(left) == len(right):
        diff = [index for index, (a, b) in enumerate(zip(left, right, strict=True)) if a != b]
        if len(diff) == 1:
            return True
        return (
            len(diff) == 2
            and diff[1] == diff[0] + 1
            and left[diff[0]] == right[diff[1]]
            and left[diff[1]] == right[diff[0]]
        )
    short, long = sorted((left, right), key=len)
    for index in range(len(long)):
        if long[:index] + long[index + 1 :] == short:
            return True
    return False


def edit_distance(left: str, right: str) -> int:
    """Levenshtein distance (addresses are short, so the plain table is fine)."""
    previous = list(range(len(right) + 1))
    for i, a in enumerate(left, 1):
        current = [i]
        for j, b in enumerate(right, 1):
            current.append(min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a != b)))
        previous = current
    return previous[-1]
