"""Keep a vdir (one ``.ics`` file per event, as khal and vdirsyncer read) true.

``sync`` writes a file for every owed email, rewrites it when the event
changed, and removes the files of emails no longer owed (sent, replied to,
closed, or the interview deleted). It only ever removes a file it could have
written: the name starts with PREFIX and the file's UID is one of ours for
that very name. Anything else in the folder is left alone.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from followup_tui.storage.ics import UID_DOMAIN, Item, event_file

if TYPE_CHECKING:
    from datetime import datetime

PREFIX = "followup-tui-"
_STAMP = re.compile(rb"^DTSTAMP[:;].*\r?\n", re.MULTILINE)


@dataclass(slots=True)
class Synced:
    """What a sync did, file names in each list."""

    written: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    kept: list[str] = field(default_factory=list)  # ours by name, not by UID: left alone

    def sentence(self, folder: Path) -> str:
        parts = [f"{len(self.written)} written", f"{len(self.unchanged)} unchanged"]
        parts.append(f"{len(self.removed)} removed")
        note = (
            f"; left alone {len(self.kept)} file(s) named like ours with another UID"
            if self.kept
            else ""
        )
        return f"calendar {folder}: {', '.join(parts)}{note}"


def file_name(item: Item) -> str:
    """``followup-tui-<id>-<kind>.ics``: the one file of one item's UID."""
    return f"{PREFIX}{item.uid.removesuffix('@' + UID_DOMAIN)}.ics"


def _same(old: bytes, new: bytes) -> bool:
    """Equal apart from DTSTAMP, which changes with every export."""
    return _STAMP.sub(b"", old) == _STAMP.sub(b"", new)


def sync(folder: Path, items: list[Item], now: datetime) -> Synced:
    """Make ``folder`` hold exactly the events of ``items`` among our files.

    Raises OSError when the folder cannot be made or a file cannot be written.
    """
    from followup_tui.storage.store import atomic_write

    folder.mkdir(parents=True, exist_ok=True)
    done = Synced()
    wanted: dict[str, bytes] = {file_name(item): event_file(item, now) for item in items}
    for name, data in sorted(wanted.items()):
        path = folder / name
        try:
            old = path.read_bytes()
        except FileNotFoundError:
            old = None
        if old is not None and _same(old, data):
            done.unchanged.append(name)
            continue
        atomic_write(path, data, mode=0o644)
        done.written.append(name)
    for entry in sorted(os.scandir(folder), key=lambda entry: entry.name):
        name = entry.name
        if name in wanted or not name.startswith(PREFIX) or not name.endswith(".ics"):
            continue
        if not entry.is_file(follow_symlinks=False):
            continue
        expected = f"{name.removeprefix(PREFIX).removesuffix('.ics')}@{UID_DOMAIN}"
        if _uids(Path(entry.path)) != [expected]:
            done.kept.append(name)
            continue
        os.unlink(entry.path)
        done.removed.append(name)
    if done.removed:
        _flush(folder)
    return done


def _uids(path: Path) -> list[str]:
    """The UIDs of a file's events; [] when it cannot be read or parsed."""
    from icalendar import Calendar

    try:
        calendar = Calendar.from_ical(path.read_bytes())
    except (OSError, ValueError):
        return []
    return [str(component.get("uid", "")) for component in calendar.walk("VEVENT")]


def _flush(folder: Path) -> None:
    """Make the removals durable (the writes flushed themselves)."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)
