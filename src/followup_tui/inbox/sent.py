"""Is a message with this Message-ID in the user's mailbox? For the send queue's "unsure" sends.

``find_sent`` looks through every configured [inbox] source (Maildir folders,
notmuch, the IMAP folders) without changing anything, and answers True (it
is there), False (every source was read and it is not) or None (nothing is
configured, or a source could not be read: the answer is unknown).
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime

from followup_tui.inbox.sources import SourceError, notmuch_has, read_maildir
from followup_tui.storage.config import Config


def find_sent(
    message_id: str,
    config: Config,
    *,
    since: datetime | None = None,
    environ: Mapping[str, str] | None = None,
) -> bool | None:
    """True / False / None: whether ``message_id`` is in the mailboxes (see the module).

    ``since`` bounds the Maildir files read (by file time): pass the time the
    send began, so a large Sent folder is not read whole.
    """
    inbox = config.inbox
    wanted = message_id.strip()
    if not wanted or not inbox.configured:
        return None
    unknown = False
    for folder in inbox.maildir:
        try:
            batch = read_maildir(folder, {}, since)
        except SourceError:
            unknown = True
            continue
        if any(item.message_id == wanted for item in batch.messages):
            return True
    if inbox.notmuch:
        try:
            if notmuch_has(wanted, inbox.timeout):
                return True
        except SourceError:
            unknown = True
    if inbox.imap_host:
        from followup_tui.inbox.imap import connect, has_message

        try:
            with connect(inbox, environ) as client:
                for folder in inbox.imap_folders:
                    if has_message(client, folder, wanted):
                        return True
        except SourceError:
            unknown = True
    return None if unknown else False
