"""One inbox scan: read every configured source, match, record what was found, and undo it.

A scan never sends, moves, deletes or marks anything in a mailbox. What it
records in interview files: a ``[response]`` (a reply closes the follow-up
and so cancels the reminder) or a sent thank-you (found in a Sent folder).
It is idempotent: what is recorded is never found again, and a finding the
user undid is remembered (in the scan state) and never made again.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from followup_tui.core.model import Followup, Interview, Response
from followup_tui.inbox import matching
from followup_tui.inbox.headers import Headers
from followup_tui.inbox.sources import Batch, SourceError, read_maildir, read_notmuch
from followup_tui.inbox.state import ScanState, load_state, save_state
from followup_tui.storage.config import Config
from followup_tui.storage.paths import Home
from followup_tui.storage.store import DurabilityError, Store, StoreError

LOOK_BACK = timedelta(days=1)  # a first scan reads mail from a day before the oldest open interview


class InboxError(Exception):
    """The scan cannot run at all (nothing configured); one sentence."""


@dataclass(frozen=True)
class Change:
    """One thing a scan recorded (or, in a dry run, would record) in one interview."""

    kind: str  # "reply" or "sent"
    interview_id: str
    company: str
    title: str
    people: tuple[str, ...]
    strength: str
    message_id: str
    subject: str
    sender: str
    when: datetime | None
    folder: str

    def line(self) -> str:
        """One line for the terminal: what, where, who, how it matched."""
        who = ", ".join(self.people) or self.sender
        if self.kind == "reply":
            what = f"reply from {who} ({self.strength} match)"
        elif self.kind == "sent":
            what = f"thank-you to {who} sent from another client"
        else:
            what = f"maybe a reply from {who} (same domain; not recorded)"
        subject = f': "{self.subject}"' if self.subject else ""
        return f"{self.title}: {what}{subject}"

    def to_json(self) -> dict[str, object]:
        return {
            "kind": self.kind,
            "interview": self.interview_id,
            "company": self.company,
            "people": list(self.people),
            "matched": self.strength,
            "message_id": self.message_id,
            "subject": self.subject,
            "from": self.sender,
            "date": self.when.isoformat() if self.when else None,
            "folder": self.folder,
        }


@dataclass
class ScanResult:
    """What a scan found and did."""

    changes: list[Change] = field(default_factory=list)
    suggestions: list[Change] = field(default_factory=list)  # domain matches: never recorded
    read: int = 0
    broken: int = 0
    problems: list[str] = field(default_factory=list)  # one sentence per source that failed
    failed: list[str] = field(default_factory=list)  # changes that could not be saved

    def notice(self) -> str:
        """ "2 replies found: Acme (Dana Reyes), Globex (Tom Becker)", and the thank-yous."""
        parts = []
        replies = [item for item in self.changes if item.kind == "reply"]
        sent = [item for item in self.changes if item.kind == "sent"]
        for items, one, many in ((replies, "reply", "replies"), (sent, "thank-you", "thank-yous")):
            if items:
                named = ", ".join(f"{item.company} ({', '.join(item.people)})" for item in items)
                label = one if len(items) == 1 else many
                found = "found" if one == "reply" else "sent elsewhere found"
                parts.append(f"{len(items)} {label} {found}: {named}")
        return "; ".join(parts) + ("." if parts else "")


def my_addresses(config: Config) -> list[str]:
    """The user's own addresses: [profile] email, [mail] from, [inbox] addresses."""
    from email.utils import parseaddr

    found = [config.profile.email, parseaddr(config.mail.from_address)[1], *config.inbox.addresses]
    return [item.strip().lower() for item in found if item and item.strip()]


def read_sources(
    config: Config,
    state: ScanState,
    since: datetime | None,
    environ: Mapping[str, str] | None = None,
) -> tuple[list[Batch], list[str]]:
    """Every configured source's batch, and one sentence per source that failed."""
    inbox = config.inbox
    batches: list[Batch] = []
    problems: list[str] = []
    for folder in inbox.maildir:
        try:
            batches.append(read_maildir(folder, state.sources.get(f"maildir:{folder}", {}), since))
        except SourceError as error:
            problems.append(str(error))
    if inbox.notmuch:
        try:
            batches.append(read_notmuch(state.sources.get("notmuch", {}), since, inbox.timeout))
        except SourceError as error:
            problems.append(str(error))
    if inbox.imap_host:
        from followup_tui.inbox.imap import connect, read_folder

        try:
            with connect(inbox, environ) as client:
                for folder in inbox.imap_folders:
                    key = f"imap:{folder}"
                    try:
                        batches.append(
                            read_folder(client, folder, state.sources.get(key, {}), since)
                        )
                    except SourceError as error:
                        problems.append(str(error))
        except SourceError as error:
            problems.append(str(error))
    return batches, problems


def _change(finding: matching.Finding, interview: Interview) -> Change:
    message = finding.message
    kind = finding.kind if finding.acts else "suggestion"
    return Change(
        kind,
        interview.id,
        interview.company,
        interview.title,
        finding.people,
        finding.strength,
        message.message_id,
        message.subject,
        message.sender,
        message.date,
        message.folder,
    )


def scan(
    home: Home,
    store: Store,
    config: Config,
    now: datetime,
    *,
    dry_run: bool = False,
    environ: Mapping[str, str] | None = None,
) -> ScanResult:
    """Read the mailboxes and record replies and thank-yous found (unless ``dry_run``)."""
    if not config.inbox.configured:
        raise InboxError(
            "No mailbox is set up: add maildir, notmuch or imap_host under [inbox] in "
            f"{home.config_file}."
        )
    state = load_state(home)
    interviews = {item.id: item for item in store.load_all().interviews}
    open_ones = [item for item in interviews.values() if item.response is None]
    result = ScanResult()
    if not open_ones:
        return result  # nothing can change: no mail is read
    since = min(item.interview_at for item in open_ones) - LOOK_BACK
    batches, result.problems = read_sources(config, state, since, environ)
    messages: list[Headers] = [message for batch in batches for message in batch.messages]
    result.read = len(messages)
    result.broken = sum(batch.broken for batch in batches)
    findings = matching.find(
        interviews.values(), messages, my_addresses(config), ignored=state.ignored
    )
    for finding in findings:
        change = _change(finding, interviews[finding.interview_id])
        if not finding.acts:
            result.suggestions.append(change)
        elif dry_run:
            result.changes.append(change)
        else:
            error = _record(store, finding, now)
            if error:
                result.failed.append(error)
            elif error is not None:
                result.changes.append(change)
    if not dry_run and not result.failed:
        for batch in batches:
            state.sources[batch.source] = batch.state
        state.last_scan = now.isoformat()
        try:
            save_state(home, state)
        except (OSError, StoreError) as error:
            result.problems.append(
                f"The scan's progress could not be kept in {home.cache} ({error}); "
                "the next scan reads the same mail again."
            )
    return result


def _record(store: Store, finding: matching.Finding, now: datetime) -> str | None:
    """Record one finding in its interview's file: "" when done, None when already there,
    else the sentence saying why it could not be saved."""
    message = finding.message
    try:
        interview = store.load(finding.interview_id)
    except StoreError as error:
        return f"{finding.interview_id}: {error}"
    if finding.kind == "reply":
        if interview.response is not None:
            return None
        interview.response = Response(
            received_at=message.date or now,
            sender=message.sender,
            subject=message.subject,
            message_id=message.message_id,
            matched=finding.strength,
        )
    else:
        if message.message_id and any(
            item.message_id == message.message_id for item in interview.followups
        ):
            return None
        emails = {p.name: p.email for p in interview.interviewers}
        interview.followups.append(
            Followup(
                kind="thank_you",
                to=", ".join(emails[name] for name in finding.people if emails.get(name)),
                interviewer=finding.people[0] if len(finding.people) == 1 else "",
                subject=message.subject,
                state="sent",
                created_at=now,
                updated_at=now,
                sent_at=message.date or now,
                message_id=message.message_id,
                found_in=message.folder or "mail",
            )
        )
    try:
        store.save(interview, now=now)
    except DurabilityError:
        return ""  # saved; only the folder flush failed (the store's warning is for saves by hand)
    except StoreError as error:
        return f"{interview.title}: {error}"
    return ""


def undo(home: Home, store: Store, interview_id: str, message_id: str, now: datetime) -> bool:
    """Take back what a scan recorded from ``message_id`` in one interview; never found again.

    Returns False when there was nothing of it to take back (already undone or
    changed by hand). Raises StoreError when the file cannot be saved.
    """
    interview = store.load(interview_id)
    changed = False
    response = interview.response
    if response is not None and response.message_id == message_id and response.matched:
        interview.response = None
        changed = True
    kept = [
        item
        for item in interview.followups
        if not (item.found_in and item.message_id == message_id)
    ]
    if len(kept) != len(interview.followups):
        interview.followups = kept
        changed = True
    if changed:
        store.save(interview, now=now)
    undo_ignore(home, message_id)
    return changed


def undo_ignore(home: Home, message_id: str) -> None:
    """Remember that the user does not want ``message_id`` recorded by any later scan."""
    state = load_state(home)
    if message_id and message_id not in state.ignored:
        state.ignored.append(message_id)
        save_state(home, state)


def undo_message(home: Home, store: Store, message_id: str, now: datetime) -> list[str]:
    """Undo ``message_id``'s findings in every interview holding one; their titles."""
    holders = [
        item
        for item in store.load_all().interviews
        if (item.response is not None and item.response.message_id == message_id)
        or any(entry.found_in and entry.message_id == message_id for entry in item.followups)
    ]
    titles = [item.title for item in holders if undo(home, store, item.id, message_id, now)]
    if not holders:
        undo_ignore(home, message_id)
    return titles
