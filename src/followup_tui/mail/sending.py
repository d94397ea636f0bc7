"""Turning a draft into a real email: headers, .eml, mailto:, and sending it.

Header injection is impossible: To and Subject are checked for CR, LF and NUL
before anything is built. Sending goes through SMTP (TLS always verified with
``ssl.create_default_context()``) or the user's own ``sendmail_command``; every
failure becomes one MailError sentence that never contains the password.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from datetime import datetime
from email import policy
from email.headerregistry import Address
from email.message import EmailMessage
from email.utils import format_datetime, getaddresses, make_msgid
from pathlib import Path
from urllib.parse import quote

from followup_tui.core import actions
from followup_tui.core.model import Followup, Interview, slugify
from followup_tui.mail.errors import MailError
from followup_tui.storage.config import Config, MailSettings, Profile
from followup_tui.storage.files import StoreError, atomic_write
from followup_tui.storage.paths import Home
from followup_tui.storage.store import ConflictError, Store

# CR, LF, NUL and every other character Python treats as a line break or control.
FORBIDDEN = re.compile(r"[\x00-\x08\x0a-\x1f\x7f\x85\u2028\u2029]")
ADDR_SPEC = re.compile(r"^[^@\s\"(),:;<>\[\]\\]+@[A-Za-z0-9.-]+$")


@dataclass(frozen=True)
class SendResult:
    """What happened when a follow-up went out."""

    message_id: str
    sent_copy: Path | None
    refused: tuple[str, ...] = ()
    warning: str = ""


# -- headers and addresses -----------------------------------------------------


def check_header(label: str, value: str) -> str:
    """``value`` unchanged, or MailError when it could add a header (CR, LF, NUL)."""
    if FORBIDDEN.search(value):
        raise MailError(
            f"{label} contains a line break or control character; keep it on one line "
            "(this also stops header injection)."
        )
    return value


def parse_recipients(text: str) -> list[Address]:
    """The addresses in a To line ("Name" <a@b>, c@d), each checked.

    A display name with a comma inside quotes stays one recipient.
    """
    check_header("To", text)
    if not text.strip():
        raise MailError("The To field is empty; enter the interviewer's email address.")
    pairs = getaddresses([text])
    addresses: list[Address] = []
    for name, addr in pairs:
        if not addr and not name:
            continue
        if not ADDR_SPEC.match(addr) or "." not in addr.rsplit("@", 1)[-1].strip("."):
            shown = addr or name
            raise MailError(
                f"{shown!r} in To is not an email address; use name@example.com, "
                "separated by commas."
            )
        try:
            addresses.append(Address(display_name=name, addr_spec=addr))
        except (ValueError, IndexError):
            raise MailError(f"{addr!r} in To is not a valid email address.") from None
    if not addresses:
        raise MailError("The To field has no address; enter the interviewer's email address.")
    return addresses


def sender(profile: Profile, settings: MailSettings) -> Address:
    """The From address: ``[mail] from`` or ``[profile] email``, named after the profile."""
    addr = settings.from_address or profile.email
    if not addr:
        raise MailError(
            "No sender address: set email under [profile] (or from under [mail]) in config.toml."
        )
    check_header("From", addr)
    check_header("Your name", profile.name)
    found = getaddresses([addr])
    name, spec = found[0] if found else ("", "")
    if not ADDR_SPEC.match(spec):
        raise MailError(f"The sender address {addr!r} in config.toml is not an email address.")
    return Address(display_name=name or profile.name, addr_spec=spec)


def build_message(
    draft: Followup,
    profile: Profile,
    settings: MailSettings,
    now: datetime,
    *,
    message_id: str | None = None,
) -> EmailMessage:
    """A standards-compliant email for ``draft`` (From, To, Subject, Date, Message-ID)."""
    recipients = parse_recipients(draft.to)
    subject = check_header("Subject", draft.subject).strip()
    if not subject:
        raise MailError("The subject is empty; the guide asks for a clear, direct subject line.")
    if not draft.body.strip():
        raise MailError("The body is empty; write the email before sending it.")
    from_address = sender(profile, settings)
    message = EmailMessage(policy=policy.SMTP)
    message["From"] = from_address
    message["To"] = recipients
    message["Subject"] = subject
    message["Date"] = format_datetime(now)
    message["Message-ID"] = message_id or make_msgid(domain=from_address.domain or None)
    message["MIME-Version"] = "1.0"
    message.set_content(draft.body.replace("\r\n", "\n"), cte="quoted-printable")
    return message


def eml_bytes(message: EmailMessage) -> bytes:
    """The message as an .eml file (CRLF line ends, as mail clients expect)."""
    return message.as_bytes(policy=policy.SMTP)


def export_eml(message: EmailMessage, path: Path) -> Path:
    """Write the message to ``path`` atomically and return the absolute path."""
    target = path.expanduser().resolve()
    if not target.parent.is_dir():
        raise MailError(f"Could not write {target}: the folder {target.parent} does not exist.")
    if target.is_dir():
        raise MailError(f"{target} is a folder; give a file name ending in .eml.")
    try:
        atomic_write(target, eml_bytes(message), mode=0o600)
    except (OSError, StoreError) as error:
        reason = error.strerror if isinstance(error, OSError) and error.strerror else error
        raise MailError(f"Could not write {target}: {reason}.") from None
    return target


def default_eml_name(interview: Interview, draft: Followup) -> str:
    """A readable file name such as ``2026-11-24-acme-thank-you-dana-reyes.eml``."""
    parts = [interview.id or slugify(interview.company), draft.kind.replace("_", "-")]
    if draft.interviewer:
        parts.append(slugify(draft.interviewer))
    return "-".join(part for part in parts if part) + ".eml"


def mailto_link(to: str, subject: str, body: str) -> str:
    """A ``mailto:`` URL that opens the draft in the user's mail client.

    Line breaks in the body are CRLF, ``%0D%0A``, as RFC 6068 section 5 asks.
    """
    addresses = ",".join(item.addr_spec for item in parse_recipients(to))
    crlf = "\r\n".join(body.replace("\r\n", "\n").replace("\r", "\n").split("\n"))
    query = f"subject={quote(subject, safe='')}&body={quote(crlf, safe='')}"
    return f"mailto:{quote(addresses, safe='@,')}?{query}"


# -- the whole send ------------------------------------------------------------


def keep_sent_copy(
    home: Home, interview: Interview, draft: Followup, message: EmailMessage, now: datetime
) -> tuple[Path | None, str]:
    """Copy a sent message to ``<home>/sent/``: (its path, "") or (None, a warning).

    The name is one no other copy has (-2, -3 for copies made in the same second).
    """
    stem = f"{now.strftime('%Y%m%dT%H%M%S')}-{default_eml_name(interview, draft)}"
    stem = stem.removesuffix(".eml")
    data = eml_bytes(message)
    number = 1
    while True:
        path = home.sent / (f"{stem}.eml" if number == 1 else f"{stem}-{number}.eml")
        try:
            atomic_write(path, data, exclusive=True)
        except FileExistsError:
            number += 1
            continue
        except (OSError, StoreError) as error:
            return (
                None,
                f"The email was sent, but its copy could not be kept in {home.sent}: {error}.",
            )
        return path, ""


def send_followup(
    interview: Interview,
    draft: Followup,
    *,
    store: Store,
    home: Home,
    config: Config,
    now: datetime,
    environ: dict[str, str] | None = None,
) -> SendResult:
    """Send ``draft``, then record it exactly as "mark as sent" does, with its Message-ID.

    The draft is saved first (so a conflicting change stops the send before any
    mail goes out). After a successful send the .eml is copied to
    ``<home>/sent/`` and the interview saved; MailError leaves the draft unsent.
    """
    from followup_tui.mail.transport import deliver

    message = build_message(draft, config.profile, config.mail, now)
    if draft not in interview.followups:
        interview.followups.append(draft)
    if draft.in_flight:
        raise MailError("The send queue is sending this follow-up (or may have); not sent again.")
    if draft.is_scheduled:
        # Out of the queue in the same save that checks for changes: a queue run
        # that claimed it first makes this save fail, and none claims it after.
        draft.state, draft.send_at = "draft", None
    store.save(interview, now=now)
    refused = deliver(message, config.mail, environ=environ)
    message_id = str(message["Message-ID"])
    sent_copy, warning = keep_sent_copy(home, interview, draft, message, now)
    record_sent(
        interview,
        draft,
        store=store,
        config=config,
        now=now,
        message_id=message_id,
        sent_copy=sent_copy,
    )
    return SendResult(message_id, sent_copy, tuple(refused), warning)


def record_sent(
    interview: Interview,
    draft: Followup,
    *,
    store: Store,
    config: Config,
    now: datetime,
    message_id: str,
    sent_copy: Path | None,
) -> None:
    """Record a delivered ``draft``; on a conflict, again on the file as it is now.

    The mail is out, so a change made meanwhile (another window, a sync) must
    not leave it looking unsent: the fresh file gets the same record. When
    even that fails, MailError says so and names the copy kept in sent/.
    """
    actions.mark_sent(interview, now, draft=draft, message_id=message_id, timing=config.timing)
    try:
        store.save(interview, now=now)
        return
    except ConflictError:
        pass
    except StoreError as error:
        raise _unrecorded(error, sent_copy) from None
    try:
        fresh = store.read(interview.id)
        actions.mark_sent(
            fresh,
            now,
            draft=_same_draft(fresh, draft),
            message_id=message_id,
            timing=config.timing,
        )
        store.save(fresh, now=now)
    except StoreError as error:
        raise _unrecorded(error, sent_copy) from None
    interview.followups[:] = fresh.followups
    interview.loaded_digest = fresh.loaded_digest


def _same_draft(fresh: Interview, sent: Followup) -> Followup:
    """The draft in ``fresh`` that went out (same kind, person and start), else a copy of it."""
    for item in fresh.drafts:
        if (item.kind, item.interviewer, item.created_at) == (
            sent.kind,
            sent.interviewer,
            sent.created_at,
        ):
            item.to, item.subject, item.body = sent.to, sent.subject, sent.body
            return item
    return replace(sent, ticked=list(sent.ticked), extra=dict(sent.extra))


def _unrecorded(error: StoreError, sent_copy: Path | None) -> MailError:
    kept = f"its copy is {sent_copy}" if sent_copy else "no copy could be kept"
    return MailError(
        f"The email was sent, but recording it failed ({str(error).rstrip('.')}) and {kept}; "
        "do not send it again: mark it as sent (s) once the file is fixed."
    )


def send_test_email(profile: Profile, settings: MailSettings, now: datetime) -> str:
    """Send a short email to the user's own address through ``settings``; returns it.

    Raises MailError (one sentence) when the settings cannot send.
    """
    body = (
        "This is a test email from followup-tui.\n\n"
        "If you can read it, your mail settings work and follow-ups can be sent "
        "from the app.\n"
    )
    probe = Followup(kind="custom", to=profile.email, subject="followup-tui test email", body=body)
    message = build_message(probe, profile, settings, now)
    from followup_tui.mail.transport import deliver

    deliver(message, settings)
    return profile.email
