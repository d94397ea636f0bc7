"""Reading an IMAP mailbox without changing it: EXAMINE, BODY.PEEK, headers only.

Folders are opened read-only (IMAPClient's ``readonly=True`` sends EXAMINE),
so the server can set no flag; only the header fields matching needs are
fetched, with BODY.PEEK, so nothing is marked read either. TLS is verified
with the same context as SMTP (``cafile`` adds a CA). A scan resumes from the
last UID seen while the folder's UIDVALIDITY is unchanged, else from a date.
"""

from __future__ import annotations

import socket
import ssl
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from datetime import datetime
from typing import Any

from followup_tui.inbox.headers import WANTED, BrokenMessageError, from_bytes
from followup_tui.inbox.sources import Batch, SourceError
from followup_tui.mail.errors import MailError
from followup_tui.mail.transport import resolve_password, tls_context
from followup_tui.storage.config import InboxSettings, MailSettings

DEFAULT_PORTS = {"tls": 993, "starttls": 143}
FIELDS = "BODY.PEEK[HEADER.FIELDS (" + " ".join(name.upper() for name in WANTED) + ")]"
CHUNK = 200  # UIDs per FETCH


@contextmanager
def connect(settings: InboxSettings, environ: Mapping[str, str] | None = None) -> Iterator[Any]:
    """A logged-in IMAPClient; every failure is a SourceError of one sentence."""
    from imapclient import IMAPClient
    from imapclient.exceptions import IMAPClientError, LoginError

    host = settings.imap_host.strip()
    port = settings.imap_port or DEFAULT_PORTS[settings.imap_security]
    where = f"{host}:{port}"
    try:
        password = resolve_password(
            MailSettings(
                password_command=settings.imap_password_command,
                password_env=settings.imap_password_env,
                timeout=settings.timeout,
            ),
            environ,
            section="inbox",
            prefix="imap_",
        )
        context = tls_context(settings.cafile)
    except MailError as error:
        raise SourceError(str(error)) from None
    if password is None:
        raise SourceError(
            "[inbox] has imap_host but no imap_password_command or imap_password_env."
        )
    client: Any = None
    try:
        client = IMAPClient(
            host,
            port,
            ssl=settings.imap_security == "tls",
            ssl_context=context,
            timeout=settings.timeout,
        )
        if settings.imap_security == "starttls":
            client.starttls(ssl_context=context)
        client.login(settings.imap_username, password.reveal())
    except LoginError:
        _close(client)
        raise SourceError(
            f"{where} rejected the login for {settings.imap_username}; "
            "check imap_username and the password under [inbox]."
        ) from None
    except ssl.SSLCertVerificationError as error:
        _close(client)
        raise SourceError(
            f"The certificate of {where} could not be verified ({error.verify_message}); "
            "if you trust this server, set cafile under [inbox]."
        ) from None
    except ssl.SSLError as error:
        _close(client)
        raise SourceError(f"The TLS connection to {where} failed ({error.reason}).") from None
    except ConnectionRefusedError:
        raise SourceError(
            f"{where} refused the connection; check imap_host and imap_port under [inbox]."
        ) from None
    except TimeoutError:
        _close(client)
        raise SourceError(f"{where} did not answer within {settings.timeout:g} seconds.") from None
    except socket.gaierror:
        raise SourceError(
            f"The mail server name {host} cannot be found; check imap_host under [inbox]."
        ) from None
    except (IMAPClientError, OSError) as error:
        _close(client)
        text = " ".join(str(error).replace(password.reveal(), "********").split())
        raise SourceError(f"Connecting to {where} failed: {text}.") from None
    try:
        yield client
    except TimeoutError:
        raise SourceError(f"{where} stopped answering (after {settings.timeout:g} s).") from None
    except (IMAPClientError, OSError) as error:
        raise SourceError(f"Reading {where} failed: {' '.join(str(error).split())}.") from None
    finally:
        _close(client, logout=True)


def _close(client: Any, *, logout: bool = False) -> None:
    if client is None:
        return
    try:
        if logout:
            client.logout()
        else:
            client.shutdown()
    except Exception:  # noqa: BLE001 - closing a broken connection: nothing more to say
        pass


def _header_bytes(item: Mapping[bytes, Any]) -> bytes:
    for key, value in item.items():
        if isinstance(key, bytes) and key.startswith(b"BODY[") and isinstance(value, bytes):
            return value
    return b""


def read_folder(
    client: Any, folder: str, previous: Mapping[str, Any], since: datetime | None
) -> Batch:
    """Headers of the messages of ``folder`` new since the last scan (EXAMINE, BODY.PEEK)."""
    batch = Batch(f"imap:{folder}")
    try:
        info = client.select_folder(folder, readonly=True)
    except Exception as error:  # noqa: BLE001 - IMAPClient raises its own and imaplib's
        raise SourceError(f"The IMAP folder {folder!r} cannot be opened ({error}).") from None
    validity = int(info.get(b"UIDVALIDITY", 0))
    last = int(previous.get("uid", 0)) if previous.get("uidvalidity") == validity else 0
    if last:
        uids = [uid for uid in client.search(["UID", f"{last + 1}:*"]) if uid > last]
    elif since is not None:
        uids = list(client.search(["SINCE", since.date()]))
    else:
        uids = list(client.search(["ALL"]))
    uids.sort()
    for start in range(0, len(uids), CHUNK):
        fetched = client.fetch(uids[start : start + CHUNK], [FIELDS])
        for uid in sorted(fetched):
            try:
                batch.messages.append(from_bytes(_header_bytes(fetched[uid]), folder))
            except BrokenMessageError:
                batch.broken += 1
    batch.state = {"uidvalidity": validity, "uid": max([last, *uids])}
    return batch


def has_message(client: Any, folder: str, message_id: str) -> bool:
    """True when ``folder`` holds a message with this Message-ID (searched, not fetched)."""
    client.select_folder(folder, readonly=True)
    found = client.search(["HEADER", "Message-ID", message_id.strip()])
    return bool(found)
