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

The list keeps only a row of each interview (rows.py). Its rows are cached
by the same rules in ``<home>/.cache/rows.pickle`` (``RowCache``), written and
read one row at a time, so that a load never holds more than the rows.

A big home's first paint shows only its most urgent rows; the last ones
shown are kept in ``<home>/.cache/head.pickle`` (``read_head``/``write_head``).
Those rows carry the digest of the content they were built from, and the
store uses one only for a file that still has that content (``Store.load_row``),
so this small cache needs no stat signatures and no racy-window rule.
"""

from __future__ import annotations

import datetime
import functools
import io
import os
import pickle
import sys
from collections.abc import Callable, Iterable
from dataclasses import dataclass, fields
from pathlib import Path
from typing import Any, BinaryIO

from followup_tui.core import model
from followup_tui.core.model import Followup, Interview, Interviewer, Response
from followup_tui.core.rows import Row
from followup_tui.core.schedule import Facts
from followup_tui.storage.paths import FILE_MODE

CACHE_VERSION = 3  # 2: one pickle per interview, unpickled on demand; 3: slotted model
FILE_NAME = "interviews.pickle"
ROWS_FILE_NAME = "rows.pickle"  # the list's rows (rows.Row), see RowCache
ROWS_VERSION = 1
HEAD_FILE_NAME = "head.pickle"  # the most urgent rows, for a big home's first paint
HEAD_ROWS = 200  # more than the rows a first paint reads, on any terminal of sane height
RACY_NS = 2_000_000_000  # files changed this close to the cache's own write are re-read

Signature = tuple[int, int, int, int]


@functools.lru_cache(maxsize=64)
def _timezone(*args: Any) -> datetime.timezone:
    """``datetime.timezone``, one object per offset: every date unpickled on its own
    would otherwise carry its own (10,000 rows held 20,000 of them)."""
    return datetime.timezone(*args)


_ALLOWED: dict[tuple[str, str], Any] = {
    ("followup_tui.core.model", "Interview"): Interview,
    ("followup_tui.core.model", "Interviewer"): Interviewer,
    ("followup_tui.core.model", "Followup"): Followup,
    ("followup_tui.core.model", "Response"): Response,
    ("followup_tui.core.rows", "Row"): Row,
    ("followup_tui.core.schedule", "Facts"): Facts,
    ("datetime", "datetime"): datetime.datetime,
    ("datetime", "date"): datetime.date,
    ("datetime", "time"): datetime.time,
    ("datetime", "timedelta"): datetime.timedelta,
    ("datetime", "timezone"): _timezone,
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


def rows_layout() -> tuple[Any, ...]:
    """What cached rows look like; a rows cache written for another layout is ignored."""
    return (
        "rows",
        ROWS_VERSION,
        sys.version_info[:2],
        Row.__slots__,
        tuple(f.name for f in fields(Facts)),
    )


def signature(info: os.stat_result) -> Signature:
    """The parts of a file's stat that change whenever its content may have changed."""
    return (info.st_mtime_ns, info.st_size, info.st_ino, info.st_ctime_ns)


@dataclass(frozen=True, slots=True)
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
            opened = _open_own(path)
            if opened is None:
                cache.dirty = True
                return cache
            handle, trusted_before = opened
            with handle:
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
        cache._entries, cache._trusted_before = entries, trusted_before
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
        # Streamed: never the whole file in memory.
        if not _write_atomically(
            self.path, lambda handle: pickle.dump(payload, handle, pickle.HIGHEST_PROTOCOL)
        ):
            return False
        self.dirty = False
        return True


def _write_atomically(path: Path, write: Callable[[BinaryIO], None]) -> bool:
    """Write ``path`` through a temp file and a rename; False (and no file) on failure."""
    temp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        _remove_orphans(path)
        fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, FILE_MODE)
        with open(fd, "wb") as handle:
            write(handle)
        os.replace(temp, path)
    except (OSError, pickle.PicklingError, RecursionError):
        try:
            os.unlink(temp)
        except OSError:
            pass
        return False
    return True


def _remove_orphans(path: Path) -> None:
    """Remove temp files of ``path`` left by a process that is gone (killed mid-write).

    A cache of 10,000 interviews is 20 MB: each app quit or killed while its
    loading thread wrote one used to leave a copy behind for good.
    """
    for temp in path.parent.glob(f".{path.name}.*.tmp"):
        pid = temp.name[len(path.name) + 2 : -len(".tmp")]
        if not pid.isdigit() or int(pid) == os.getpid():
            continue
        try:
            os.kill(int(pid), 0)
        except ProcessLookupError:
            try:
                temp.unlink()
            except OSError:
                pass
        except OSError:
            continue  # alive, but another user's: not ours to judge


def _open_own(path: Path) -> tuple[BinaryIO, int] | None:
    """The cache file at ``path`` opened for reading, when it is the user's own and
    others cannot write it, and the time before which its entries' files are trusted
    (``RACY_NS`` before the file was written)."""
    handle = open(path, "rb")  # noqa: SIM115 - handed to the caller
    info = os.fstat(handle.fileno())
    if info.st_uid != os.getuid() or info.st_mode & 0o022:
        handle.close()
        return None
    return handle, info.st_mtime_ns - RACY_NS


def _open_laid_out(path: Path, layout: tuple[Any, ...]) -> tuple[BinaryIO, int] | None:
    """``_open_own``, past a header written by ``_write_laid_out`` for ``layout``.

    None (and nothing left open) when the file is missing, not the user's own,
    damaged, or written for another layout (another kind of cache included).
    """
    try:
        opened = _open_own(path)
    except OSError:
        return None
    if opened is None:
        return None
    handle = opened[0]
    try:
        header = _Unpickler(handle).load()
    except Exception:  # noqa: BLE001 - any damage means "no cache", never a crash
        header = None
    if not isinstance(header, dict) or header.get("layout") != layout:
        handle.close()
        return None
    return opened


def _write_laid_out(path: Path, layout: tuple[Any, ...], write: Callable[[BinaryIO], None]) -> bool:
    """Write ``path`` atomically: a header naming ``layout``, then what ``write`` adds."""

    def records(handle: BinaryIO) -> None:
        pickle.dump({"layout": layout}, handle, pickle.HIGHEST_PROTOCOL)
        write(handle)

    return _write_atomically(path, records)


class RowCache:
    """The list's rows (rows.Row), checked against the files' stat signatures.

    The file is a header (the layout) followed by one pickle per row, in the
    order of the interview ids, each with the stat signature of the file the
    row was built from. ``get`` reads the rows in turn as the store walks the
    folder in the same order, so a load holds no more than the rows it keeps
    (the parsed-interview cache holds every entry until it is saved, 10 MB
    more at 10,000 interviews), and a thread reading it lets go of the
    interpreter lock between rows. The trust rules are those of the
    parsed-interview cache above: same signature, not racy, yours.
    """

    def __init__(self, path: Path) -> None:
        self.path = path
        self.dirty = True  # no file, or one to write again; reading a sound one clears it
        self._handle: BinaryIO | None = None
        self._trusted_before = 0
        self._next: tuple[str, Signature, Row] | None = None
        self.hits = 0

    @classmethod
    def open(cls, path: Path) -> RowCache:
        """Start reading the rows cache at ``path`` (missing, foreign or damaged: empty)."""
        cache = cls(path)
        opened = _open_laid_out(path, rows_layout())
        if opened is None:
            return cache
        cache._handle, cache._trusted_before = opened
        cache.dirty = False
        cache._advance()
        return cache

    def __enter__(self) -> RowCache:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()

    def close(self) -> None:
        """Stop reading; rows not asked for mean the file is written again."""
        if self._next is not None:
            self.dirty = True  # an interview gone since the file was written
        self._next = None
        if self._handle is not None:
            self._handle.close()
            self._handle = None

    def _advance(self) -> None:
        """Read the next row record (None at the end, or at the first damaged one)."""
        self._next = None
        if self._handle is None:
            return
        try:
            record = _Unpickler(self._handle).load()
        except EOFError:
            self.close()
            return
        except Exception:  # noqa: BLE001 - a damaged record ends the reading
            self.close()
            self.dirty = True
            return
        if not (
            isinstance(record, tuple)
            and len(record) == 3
            and isinstance(record[0], str)
            and isinstance(record[1], tuple)
            and len(record[1]) == 4
            and isinstance(record[2], Row)
            and record[2].id == record[0]
            and isinstance(record[2].facts, Facts)
        ):
            self.close()
            self.dirty = True
            return
        self._next = record

    def get(self, interview_id: str, info: os.stat_result) -> Row | None:
        """The row of ``interview_id`` when its file (stat ``info``) is certainly the one cached.

        Ask in increasing id order (the order the file is written in); a miss
        marks the cache to be written again.
        """
        while self._next is not None and self._next[0] < interview_id:
            self.dirty = True  # an interview gone since the file was written
            self._advance()
        record = self._next
        if record is None or record[0] != interview_id:
            self.dirty = True
            return None
        self._advance()
        if record[1] != signature(info) or (
            max(info.st_mtime_ns, info.st_ctime_ns) >= self._trusted_before
        ):
            self.dirty = True  # changed, or too close to the cache's own write to be sure
            return None
        self.hits += 1
        return record[2]

    @staticmethod
    def write(path: Path, rows: Iterable[tuple[Row, Signature]]) -> bool:
        """Write ``rows`` (in id order, each with its file's signature) as the new cache."""

        def records(handle: BinaryIO) -> None:
            for row, sig in rows:
                pickle.dump((row.id, sig, row), handle, pickle.HIGHEST_PROTOCOL)

        return _write_laid_out(path, rows_layout(), records)


def head_layout() -> tuple[Any, ...]:
    """What the head file holds; one written for another layout is ignored."""
    return ("head", *rows_layout())


def read_head(path: Path) -> dict[str, Row]:
    """The rows ``write_head`` kept, by id (missing, foreign or damaged: none)."""
    opened = _open_laid_out(path, head_layout())
    if opened is None:
        return {}
    handle, _ = opened
    with handle:
        try:
            rows = _Unpickler(handle).load()
        except Exception:  # noqa: BLE001 - any damage means "no cache", never a crash
            return {}
    if not isinstance(rows, list):
        return {}
    return {
        row.id: row
        for row in rows
        if isinstance(row, Row)
        and isinstance(row.id, str)
        and isinstance(row.loaded_digest, str)
        and isinstance(row.facts, Facts)
    }


def write_head(path: Path, rows: Iterable[Row]) -> bool:
    """Keep ``rows`` (each with the digest of the content it was built from) at ``path``."""
    kept = list(rows)
    return _write_laid_out(
        path, head_layout(), lambda handle: pickle.dump(kept, handle, pickle.HIGHEST_PROTOCOL)
    )
