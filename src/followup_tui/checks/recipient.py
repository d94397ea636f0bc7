"""Ready to send: a valid recipient (named addresses too) and a signature.

A named address (``"Dana Reyes" <dana@acme.example>``) is fine; an address one
or two letters away from an interviewer's recorded one is a typo and fails;
an address that matches no interviewer is a warning.
"""

from __future__ import annotations

import re
from email.utils import getaddresses

from followup_tui.checks.base import (
    CheckResult,
    DraftInput,
    Finding,
    Status,
    contains_word,
    draft_interviewer,
    edit_distance,
    name_parts,
)

TITLE = "Ready to send"
EMAIL = re.compile(r"^[^@\s,;<>\"]+@[^@\s,;<>\"]+\.[A-Za-z]{2,}$")
NEAR_MISS = 2


def _result(status: Status, reason: str, finding: Finding | None = None) -> CheckResult:
    if finding is None:
        return CheckResult("ready", TITLE, status, reason)
    return CheckResult(
        "ready",
        TITLE,
        status,
        reason,
        field=finding.field,
        start=finding.start,
        end=finding.end,
        findings=(finding,),
    )


def addresses(to: str) -> list[tuple[str, int, int]]:
    """(address, start, end) of each recipient of a To: field, display names removed."""
    found = []
    cursor = 0
    for _, address in getaddresses([to]):
        address = address.strip()
        if not address:
            continue
        start = to.find(address, cursor)
        start = start if start >= 0 else cursor
        found.append((address, start, start + len(address)))
        cursor = start + len(address)
    return found


def check_ready(draft: DraftInput) -> CheckResult:
    """A valid recipient address, not a near miss of a recorded one, and a signature."""
    followup = draft.followup
    found = addresses(followup.to)
    if not found:
        finding = Finding("address", "", "to", 0, 0, "the interviewer's address")
        return _result(Status.FAIL, "Add the recipient's email address.", finding)
    recorded = {
        person.email.strip().lower(): person
        for person in draft.interview.interviewers
        if person.email.strip()
    }
    for address, start, end in found:
        if not EMAIL.match(address):
            finding = Finding("address", address, "to", start, end, "name@example.com")
            return _result(
                Status.FAIL, f"'{address}' is not an email address; fix the To: field.", finding
            )
        lowered = address.lower()
        if lowered in recorded:
            continue
        near = [known for known in recorded if edit_distance(lowered, known) <= NEAR_MISS]
        if near:
            finding = Finding("address", address, "to", start, end, near[0])
            return _result(
                Status.FAIL,
                f"'{address}' looks like a typo of {recorded[near[0]].name}'s {near[0]}.",
                finding,
            )
    name = draft.profile.name.strip()
    body = followup.body
    if not name:
        return _result(
            Status.WARN,
            "Set your name in config.toml ([profile] name) so the signature can be checked.",
        )
    tail = body[max(0, len(body.rstrip()) - 200) :]
    if not any(contains_word(tail, part) for part in name_parts(name)):
        end = len(body.rstrip())
        finding = Finding("signature", "", "body", end, end, name)
        return _result(
            Status.FAIL, f"Sign it with your name, e.g. 'Warm regards,' then '{name}'.", finding
        )
    lowered_all = [address.lower() for address, _, _ in found]
    person = draft_interviewer(draft.interview, followup)
    if person is not None and person.email and person.email.strip().lower() not in lowered_all:
        finding = Finding(
            "address", followup.to, "to", 0, len(followup.to), person.email, Status.WARN
        )
        return _result(
            Status.WARN,
            f"Goes to {followup.to}, but {person.name}'s address is {person.email}.",
            finding,
        )
    if recorded and not any(address in recorded for address in lowered_all):
        finding = Finding("address", followup.to, "to", 0, len(followup.to), "", Status.WARN)
        return _result(
            Status.WARN, f"{followup.to} is not the address of any interviewer.", finding
        )
    return _result(Status.PASS, f"To {followup.to}, signed {name}.")
