"""Which messages are replies, and which are thank-yous sent from another client: pure rules.

A reply is matched by ``thread`` (its In-Reply-To or References holds the
Message-ID of a follow-up that went out), by ``sender`` (it comes from an
interviewer's recorded address after a follow-up went out) or, as a
suggestion only, by ``domain`` (the interviewers' company domain). Only
``thread`` and ``sender`` act. Auto-replies and the user's own messages are
never replies. A message from the user to an interviewer who is still owed a
thank-you, sent after the interview started, records that thank-you.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from followup_tui.core.model import Interview
from followup_tui.core.schedule import owed_thank_yous
from followup_tui.inbox.headers import Headers

STRENGTHS = ("thread", "sender", "domain")
ACTING = frozenset({"thread", "sender"})
# Addresses at these domains say nothing about the company.
SHARED_DOMAINS = frozenset(
    {
        "gmail.com",
        "googlemail.com",
        "outlook.com",
        "hotmail.com",
        "live.com",
        "yahoo.com",
        "icloud.com",
        "me.com",
        "proton.me",
        "protonmail.com",
        "gmx.de",
        "gmx.net",
        "web.de",
        "fastmail.com",
        "aol.com",
    }
)


@dataclass(frozen=True, slots=True)
class Finding:
    """One message that means something for one interview."""

    kind: str  # "reply" or "sent" (a thank-you sent from another client)
    interview_id: str
    strength: str  # thread, sender or domain ("sender" for a sent thank-you)
    message: Headers
    people: tuple[str, ...] = ()  # who answered, or who was thanked

    @property
    def acts(self) -> bool:
        """True when the finding changes the interview on its own (not a suggestion)."""
        return self.strength in ACTING


def _domain(address: str) -> str:
    return address.rpartition("@")[2].strip().lower()


@dataclass
class _Known:
    """What matching knows of one interview, including thank-yous found in this scan."""

    interview: Interview
    sent_ids: set[str]
    first_sent: datetime | None
    emails: dict[str, str]  # address -> interviewer name
    domains: set[str]


def _known(interview: Interview) -> _Known:
    sent = interview.sent_followups
    times = [item.sent_at for item in sent if item.sent_at is not None]
    emails = {
        person.email.strip().lower(): person.name
        for person in interview.interviewers
        if "@" in person.email
    }
    domains = {_domain(address) for address in emails} - SHARED_DOMAINS
    return _Known(
        interview,
        {item.message_id for item in sent if item.message_id},
        min(times) if times else None,
        emails,
        domains,
    )


def _by_date(messages: Iterable[Headers]) -> list[Headers]:
    """Oldest first; messages without a date last, then by Message-ID (deterministic)."""
    return sorted(
        messages,
        key=lambda item: (item.date is None, item.date or datetime.min, item.message_id),
    )


def find(
    interviews: Iterable[Interview],
    messages: Iterable[Headers],
    me: Iterable[str],
    *,
    ignored: Iterable[str] = (),
) -> list[Finding]:
    """Every finding, thank-yous first, then at most one reply per interview.

    ``me``: the user's own addresses. ``ignored``: Message-IDs whose findings
    the user undid; they are never found again. Already recorded messages
    (a follow-up or response with the same Message-ID) are not found again,
    so running ``find`` on its own result's outcome finds nothing new.
    """
    mine = {address.strip().lower() for address in me if address.strip()}
    skip = set(ignored)
    known = [_known(item) for item in interviews]
    recorded = {mid for item in known for mid in item.sent_ids}
    recorded |= {
        item.interview.response.message_id
        for item in known
        if item.interview.response is not None and item.interview.response.message_id
    }
    ordered = [
        item for item in _by_date(messages) if not item.message_id or item.message_id not in skip
    ]
    findings = _thank_yous(known, [m for m in ordered if m.from_address in mine], recorded)
    findings += _replies(known, [m for m in ordered if m.from_address not in mine], recorded)
    return findings


def _thank_yous(known: list[_Known], sent: list[Headers], recorded: set[str]) -> list[Finding]:
    findings: list[Finding] = []
    owed = {id(item): {p.name for p in owed_thank_yous(item.interview)} for item in known}
    for message in sent:
        if message.date is None or (message.message_id and message.message_id in recorded):
            continue
        best: _Known | None = None
        for item in known:
            if item.interview.response is not None or item.interview.outcome:
                continue
            if message.date < item.interview.interview_at:
                continue
            names = {item.emails[a] for a in message.to if a in item.emails}
            if names & owed[id(item)] and (
                best is None or item.interview.interview_at > best.interview.interview_at
            ):
                best = item
        if best is None:
            continue
        people = tuple(
            sorted({best.emails[a] for a in message.to if a in best.emails} & owed[id(best)])
        )
        owed[id(best)] -= set(people)
        findings.append(Finding("sent", best.interview.id, "sender", message, people))
        if message.message_id:
            best.sent_ids.add(message.message_id)
            recorded.add(message.message_id)
        if best.first_sent is None or message.date < best.first_sent:
            best.first_sent = message.date
    return findings


def _replies(known: list[_Known], inbound: list[Headers], recorded: set[str]) -> list[Finding]:
    found: dict[str, Finding] = {}
    for message in inbound:
        if message.auto or (message.message_id and message.message_id in recorded):
            continue
        finding = _reply_to(known, message)
        if finding is None:
            continue
        current = found.get(finding.interview_id)
        if current is None or (finding.acts and not current.acts):
            found[finding.interview_id] = finding
    return sorted(found.values(), key=lambda item: item.interview_id)


def _reply_to(known: list[_Known], message: Headers) -> Finding | None:
    """The interview ``message`` answers, with the strongest way it matches."""
    open_ones = [
        item for item in known if item.interview.response is None and not item.interview.outcome
    ]
    threads = set(message.in_reply_to)
    for item in open_ones:
        if threads & item.sent_ids:
            who = item.emails.get(message.from_address, message.from_name)
            return Finding("reply", item.interview.id, "thread", message, (who,))
    if message.date is None:
        return None
    best: tuple[str, _Known] | None = None
    for item in open_ones:
        if item.first_sent is None or message.date <= item.first_sent:
            continue
        if message.from_address in item.emails:
            strength = "sender"
        elif _domain(message.from_address) in item.domains:
            strength = "domain"
        else:
            continue
        rank = STRENGTHS.index(strength)
        if (
            best is None
            or rank < STRENGTHS.index(best[0])
            or (
                rank == STRENGTHS.index(best[0])
                and item.first_sent > (best[1].first_sent or item.first_sent)
            )
        ):
            best = (strength, item)
    if best is None:
        return None
    strength, item = best
    who = item.emails.get(message.from_address, message.from_name)
    return Finding("reply", item.interview.id, strength, message, (who,))
