"""Reading local mail: Maildir folders (standard library) and the notmuch command line.

Both are read-only: a Maildir file is opened for reading and never renamed
(its flags live in the name), and notmuch is only asked to search. Each
source returns a ``Batch``: the headers it read, how many messages it could
not read, and its new progress marker for the next, incremental, scan.
"""

from __future__ import annotations

import json
import mailbox
import os
import subprocess
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from followup_tui.inbox.headers import BrokenMessageError, Headers, from_bytes

HEAD_LIMIT = 256 * 1024  # read at most this much of a message: headers only


class SourceError(Exception):
    """A source cannot be read at all; the message is one sentence for the user."""


@dataclass
class Batch:
    """What one source read in one scan."""

    source: str
    messages: list[Headers] = field(default_factory=list)
    broken: int = 0
    state: dict[str, Any] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)


def read_head(path: Path | str) -> bytes:
    """The start of a message file (enough for its headers), opened read-only."""
    with open(path, "rb") as handle:
        return handle.read(HEAD_LIMIT)


def _stamp(entry: os.DirEntry[str]) -> int:
    info = entry.stat()
    # A mail client moving new/ -> cur/ or changing flags renames: ctime moves, mtime not.
    return max(info.st_mtime_ns, info.st_ctime_ns)


def read_maildir(folder: str, previous: dict[str, Any], since: datetime | None) -> Batch:
    """Headers of the messages in ``folder`` that are new since ``previous["stamp"]``.

    ``since``: on a first scan, files older than this are not opened.
    """
    path = Path(folder).expanduser()
    batch = Batch(f"maildir:{folder}")
    try:
        box = mailbox.Maildir(str(path), factory=None, create=False)
        box.keys()  # reads new/ and cur/: a missing folder fails here
    except (OSError, mailbox.Error):
        raise SourceError(f"The Maildir {path} cannot be read (is it a Maildir folder?).") from None
    last = int(previous.get("stamp", 0))
    seen_last = set(previous.get("at_stamp", []))  # names read at exactly that time
    floor = last if last else (int(since.timestamp() * 1e9) if since else 0)
    newest, at_newest = last, set(seen_last)
    for sub in ("new", "cur"):
        try:
            entries = list(os.scandir(path / sub))
        except OSError:
            raise SourceError(f"The Maildir {path} cannot be read (no {sub}/ folder).") from None
        for entry in entries:
            if entry.name.startswith(".") or not entry.is_file():
                continue
            try:
                stamp = _stamp(entry)
            except OSError:
                continue  # moved by the mail client while we looked: next scan
            if stamp > newest:
                newest, at_newest = stamp, set()
            if stamp == newest:
                at_newest.add(entry.name)
            if stamp < floor or (stamp == last and entry.name in seen_last):
                continue
            key = entry.name.split(box.colon, 1)[0]
            try:
                handle = box.get_file(key)
            except (KeyError, OSError):
                continue
            try:
                data = handle.read(HEAD_LIMIT)
            finally:
                handle.close()
            try:
                batch.messages.append(from_bytes(data, folder))
            except BrokenMessageError:
                batch.broken += 1
    batch.state = {"stamp": newest, "at_stamp": sorted(at_newest)}
    return batch


def _notmuch(argv: list[str], timeout: float) -> str:
    try:
        done = subprocess.run(
            ["notmuch", *argv],
            capture_output=True,
            text=True,
            timeout=timeout,
            check=False,
            stdin=subprocess.DEVNULL,
        )
    except FileNotFoundError:
        raise SourceError("notmuch = true, but the notmuch command is not installed.") from None
    except subprocess.TimeoutExpired:
        raise SourceError(f"notmuch did not answer within {timeout:g} seconds.") from None
    if done.returncode != 0:
        reason = done.stderr.strip().splitlines()
        raise SourceError(
            "notmuch failed" + (f": {reason[0]}" if reason else f" (exit {done.returncode})") + "."
        )
    return done.stdout


def read_notmuch(previous: dict[str, Any], since: datetime | None, timeout: float) -> Batch:
    """Headers of the messages notmuch indexed since the last scan (its ``lastmod``).

    notmuch finds the files (``search --format=json --output=files``); their
    headers are read here, since notmuch's JSON leaves out In-Reply-To and
    References. The database's revision is the marker, so mail delivered late
    with an old Date is still seen.
    """
    batch = Batch("notmuch")
    counted = _notmuch(["count", "--lastmod", "*"], timeout).split()
    if len(counted) < 3:
        raise SourceError("notmuch count --lastmod printed something unexpected.")
    uuid, revision = counted[1], int(counted[2])
    if previous.get("uuid") == uuid and isinstance(previous.get("revision"), int):
        query = f"lastmod:{previous['revision'] + 1}..{revision}"
    elif since is not None:
        query = f"date:@{int(since.timestamp())}.."
    else:
        query = "*"
    paths = json.loads(_notmuch(["search", "--format=json", "--output=files", query], timeout))
    for name in paths if isinstance(paths, list) else []:
        try:
            batch.messages.append(from_bytes(read_head(name), str(Path(name).parent.parent)))
        except FileNotFoundError:
            continue  # moved since notmuch indexed it: notmuch new will catch up
        except (OSError, BrokenMessageError):
            batch.broken += 1
    batch.state = {"uuid": uuid, "revision": revision}
    return batch


def notmuch_has(message_id: str, timeout: float) -> bool:
    """True when notmuch knows a message with this Message-ID."""
    bare = message_id.strip().strip("<>").replace('"', '""')
    out = _notmuch(["count", f'id:"{bare}"'], timeout)
    return out.strip() not in ("", "0")
