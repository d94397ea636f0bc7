"""A cache of parsed interviews, so that opening a big home does not re-parse every file.

Parsing TOML costs a fraction of a millisecond per file, which adds up to
seconds at 10,000 interviews. The cache (``<home>/.cache/interviews.pickle``,
0600) keeps each parsed interview with the stat signature of the file it came
from (mtime_ns, size, inode, ctime_ns) and the file's digest. An entry is only
used when the file's signature is unchanged, so a hand edit, an atomic save by
another instance (new inode) or a ``touch`` (new ctime) is always re-read.

Like git's index, an entry whose file changed less than ``RACY_NS`` before the
cache itself was written is not trusted: on file systems with coarse
timestamps, a second edit in the same clock tick could keep the signature.

Each interview is pickled on its own inside the file, and only unpickled
when it is asked for: opening the cache is one quick read of byte strings,
and a thread loading a big home lets go of the interpreter lock between
interviews instead of holding it for the whole file (which froze the UI).

The file is a pickle read with a restricted unpickler (only the model classes
and ``datetime`` types may be built), and only when it belongs to the user and
is not writable by others. Anything unexpected (another version, another model
layout, a truncated or corrupt file) simply means an empty cache. Writes are
atomic (temp file + rename) but not fsynced: losing the cache costs time, not data.
"""

from __future__ import annotations

import datetime
import io
import os
import pickle
import sys
from dataclasses import dataclass, fields
from pathlib import Path
from typing import Any

from followup_tui import model
from followup_tui.model import Followup, Interview, Interviewer, Response
from followup_tui.paths import FILE_MODE

CACHE_VERSION = 3  # 2: one pickle per interview, unpickled on demand; 3: slotted model
FILE_NAME = "interviews.pickle"
RACY_NS = 2_000_000_000  # files changed this close to the cache's own write are re-read

Signature = tuple[int, int, int, int]

_ALLOWED: dict[tuple[str, str], Any] = {
    ("followup_tui.model", "Interview"): Interview,
    ("followup_tui.model", "Interviewer"): Interviewer,
    ("followup_tui.model", "Followup"): Followup,
    ("followup_tui.model", "Response"): Response,
    ("datetime", "datetime"): datetime.datetime,
    ("datetime", "date"): datetime.date,
    ("datetime", "time"): datetime.time,
    ("datetime", "timedelta"): datetime.timedelta,
    ("datetime", "timezone"): datetime.timezone,
}


def layout() -> tuple[Any, ...]:
    """What the cached objects look like; a cache written for another layout is ignored."""
    classes = (Interview, Interviewer, Followup, Response)
    return (
        CACHE_VERSION,
        model.SCHEMA_VERSION,
        sys.version_info[:2],
        tuple((cls.__name__, tuple(f.name for f in fields(cls))) for cls in classes),
    )


def signature(info: os.stat_result) -> Signature:
    """The parts of a file's stat that change whenever its content may have changed."""
    return (info.st_mtime_ns, info.st_size, info.st_ino, info.st_ctime_ns)


@dataclass(frozen=True)
class Entry:
    """One cached interview (pickled), valid while its file keeps ``signature``."""

    signature: Signature
    digest: str
    blob: bytes

    def interview(self, interview_id: str) -> Interview | None:
        """The cached interview, or None when the pickle is not a sound Interview."""
        try:
            value = _Unpickler(io.BytesIO(self.blob)).load()
        except Exception:  # noqa: BLE001 - a damaged entry is a cache miss, never a crash
            return None
        if not isinstance(value, Interview) or value.id != interview_id:
            return None
        return value


class _Unpickler(pickle.Unpickler):
    """Builds only model objects and datetime values, never arbitrary classes."""

    def find_class(self, module: str, name: str) -> Any:
        try:
            return _ALLOWED[(module, name)]
        except KeyError:
            raise pickle.UnpicklingError(f"{module}.{name} is not allowed") from None


class InterviewCache:
    """Parsed interviews keyed by id, checked against the files' stat signatures."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._entries: dict[str, Entry] = {}
        self._trusted_before = 0
        self.dirty = False
        self.hits = 0
        self.misses = 0

    @classmethod
    def open(cls, path: Path) -> InterviewCache:
        """Read the cache at ``path``; a missing, foreign or corrupt file gives an empty one."""
        cache = cls(path)
        try:
            with open(path, "rb") as handle:
                info = os.fstat(handle.fileno())
                if info.st_uid != os.getuid() or info.st_mode & 0o022:
                    cache.dirty = True
                    return cache
                # Straight from the file: reading it whole first would hold
                # every entry twice at once (20 MB more at 10,000 interviews).
                payload = _Unpickler(handle).load()
        except FileNotFoundError:
            return cache
        except Exception:  # noqa: BLE001 - any damage means "no cache", never a crash
            cache.dirty = True
            return cache
        entries = cache._validate(payload)
        if entries is None:
            cache.dirty = True
            return cache
        cache._entries = entries
        cache._trusted_before = info.st_mtime_ns - RACY_NS
        return cache

    @staticmethod
    def _validate(payload: Any) -> dict[str, Entry] | None:
        if not isinstance(payload, dict) or payload.get("layout") != layout():
            return None
        raw = payload.get("entries")
        if not isinstance(raw, dict):
            return None
        entries: dict[str, Entry] = {}
        for key, value in raw.items():
            if not (isinstance(value, tuple) and len(value) == 3):
                return None
            sig, digest, blob = value
            if not (
                isinstance(key, str)
                and isinstance(sig, tuple)
                and len(sig) == 4
                and isinstance(digest, str)
                and isinstance(blob, bytes)
            ):
                return None
            entries[key] = Entry(sig, digest, blob)
        return entries

    def __len__(self) -> int:
        return len(self._entries)

    def get(self, interview_id: str, info: os.stat_result) -> Entry | None:
        """The cached entry when the file (stat ``info``) is certainly the one cached."""
        entry = self._entries.get(interview_id)
        if entry is None or entry.signature != signature(info):
            self.misses += 1
            return None
        if max(info.st_mtime_ns, info.st_ctime_ns) >= self._trusted_before:
            # Too close to the cache's own write to be sure: re-read it, and
            # rewrite the cache so that the entry becomes trusted later.
            self.misses += 1
            self.dirty = True
            return None
        self.hits += 1
        return entry

    def put(self, interview: Interview, info: os.stat_result, digest: str) -> None:
        """Remember a freshly parsed interview; ``info`` is the fstat of the bytes parsed."""
        old = self._entries.get(interview.id)
        if old is not None and old.signature == signature(info) and old.digest == digest:
            return
        try:
            blob = pickle.dumps(interview, protocol=pickle.HIGHEST_PROTOCOL)
        except (pickle.PicklingError, RecursionError, TypeError):
            self._entries.pop(interview.id, None)
            return
        self._entries[interview.id] = Entry(signature(info), digest, blob)
        self.dirty = True

    def retain(self, interview_ids: set[str]) -> None:
        """Forget interviews whose files are gone (or broken now)."""
        for gone in set(self._entries) - interview_ids:
            del self._entries[gone]
            self.dirty = True

    def save(self) -> bool:
        """Write the cache atomically when it changed; failures are ignored (returns False)."""
        if not self.dirty:
            return True
        payload = {
            "layout": layout(),
            "entries": {
                key: (entry.signature, entry.digest, entry.blob)
                for key, entry in self._entries.items()
            },
        }
        temp = self.path.with_name(f".{self.path.name}.{os.getpid()}.tmp")
        try:
            self.path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
            fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, FILE_MODE)
            with open(fd, "wb") as handle:  # streamed: never the whole file in memory
                pickle.dump(payload, handle, protocol=pickle.HIGHEST_PROTOCOL)
            os.replace(temp, self.path)
        except (OSError, pickle.PicklingError, RecursionError):
            try:
                os.unlink(temp)
            except OSError:
                pass
            return False
        self.dirty = False
        return True
