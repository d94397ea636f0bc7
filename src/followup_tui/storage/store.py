"""The only code that reads and writes interview files.

Promises: saves are atomic and durable (temp file, fsync, rename, fsync the
folder); a file that fails to load is reported and never touched; a save is
refused with ConflictError when the file changed on disk since it was loaded
(another instance, a hand edit, a shell command); deleting moves to trash/.
Saves from all processes are serialised by a lock on ``<home>/.lock``.
"""

from __future__ import annotations

import errno
import hashlib
import os
import re
import stat
import struct
import time
import tomllib
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime
from functools import partial
from itertools import islice
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import tomli_w

from followup_tui.core.model import Interview, SchemaError, make_id, valid_id
from followup_tui.core.rows import Row
from followup_tui.storage.cache import FILE_NAME as CACHE_FILE
from followup_tui.storage.cache import (
    HEAD_FILE_NAME,
    HEAD_ROWS,
    InterviewCache,
    RowCache,
    read_head,
    signature,
    write_head,
)
from followup_tui.storage.cache import ROWS_FILE_NAME as ROWS_CACHE_FILE
from followup_tui.storage.paths import FILE_MODE, Home

if TYPE_CHECKING:
    from filelock import BaseFileLock

SUFFIX = ".toml"
T = TypeVar("T")
_SIGNATURE = struct.Struct("<qQQq")  # a file's stat signature (cache.signature), packed
TEMP_PATTERN = re.compile(r"^\..+\.tmp$")
LOCK_TIMEOUT = 10.0
# poll() looks at this many files in turn when the folder did not change.
POLL_SWEEP = 1000
# A folder stamp this close to the moment it was read is not trusted (coarse clocks).
RACY_NS = 2_000_000_000


class StoreError(Exception):
    """A store operation failed; the message is one sentence for the user."""


class ConflictError(StoreError):
    """The file changed on disk since it was loaded; nothing was written."""

    def __init__(self, interview_id: str, message: str) -> None:
        super().__init__(message)
        self.interview_id = interview_id


class DurabilityError(StoreError):
    """The new content is in place, but flushing the folder failed."""


class NotFoundError(StoreError):
    """No interview with that id."""


@dataclass(frozen=True)
class LoadProblem:
    """A file that could not be loaded, and why (with line/column or field)."""

    path: Path
    message: str

    def __str__(self) -> str:
        return f"{self.path}: {self.message}"


@dataclass(frozen=True, slots=True)
class Fingerprint:
    """What a file looked like when it was loaded or saved."""

    mtime_ns: int
    size: int
    digest: str


@dataclass
class LoadResult:
    interviews: list[Interview] = field(default_factory=list)
    problems: list[LoadProblem] = field(default_factory=list)


@dataclass
class RowsResult:
    """``Store.load_rows``: the list's row of every interview, and the files that failed."""

    rows: list[Row] = field(default_factory=list)
    problems: list[LoadProblem] = field(default_factory=list)


@dataclass
class Changes:
    """What changed on disk since the store last looked."""

    changed: list[Interview] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    problems: list[LoadProblem] = field(default_factory=list)

    def __bool__(self) -> bool:
        return bool(self.changed or self.removed or self.problems)


def _folder_stamp(folder: str) -> tuple[int, int, int] | None:
    """When a folder last changed, and which folder it is (replaced folders count too)."""
    try:
        info = os.stat(folder)
    except OSError:
        return None
    return (max(info.st_mtime_ns, info.st_ctime_ns), info.st_ino, info.st_dev)


def _digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def toml_error_message(error: tomllib.TOMLDecodeError) -> str:
    """tomllib already says "(at line L, column C)"; make it read as advice."""
    return f"not valid TOML: {error}; fix the file by hand (it was left untouched)"


def parse_interview(data: bytes, interview_id: str) -> Interview:
    """Parse one file's bytes; raises StoreError naming line/column or field."""
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        raise StoreError(
            f"not UTF-8 text (bad byte at offset {error.start}); is it a binary file?"
        ) from None
    if not text.strip():
        raise StoreError("the file is empty; delete it or fill it in")
    try:
        document = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise StoreError(toml_error_message(error)) from None
    try:
        return Interview.from_dict(document, interview_id)
    except SchemaError as error:
        raise StoreError(f"field {error.field_path}: {error.message}") from None


def _is_flat(table: dict[str, Any]) -> bool:
    return not any(
        isinstance(value, dict)
        or (isinstance(value, list) and any(isinstance(v, dict) for v in value))
        for value in table.values()
    )


def _has_carriage_return(value: Any) -> bool:
    if isinstance(value, str):
        return "\r" in value
    if isinstance(value, dict):
        return any(_has_carriage_return(v) for v in value.values())
    if isinstance(value, list):
        return any(_has_carriage_return(v) for v in value)
    return False


# TOML basic strings must escape these (everything below U+0020 but tab, and DEL).
_MUST_ESCAPE = re.compile(r'[\x00-\x08\x0a-\x1f\x7f"\\]')
_MUST_ESCAPE_MULTILINE = re.compile(r'[\x00-\x08\x0b-\x1f\x7f"\\]')
_SHORT_ESCAPES = {
    "\b": "\\b",
    "\t": "\\t",
    "\n": "\\n",
    "\f": "\\f",
    "\r": "\\r",
    '"': '\\"',
    "\\": "\\\\",
}
LONG_STRING = 1024  # strings longer than this are written by toml_string, not tomli_w


def _escape(match: re.Match[str]) -> str:
    char = match.group()
    return _SHORT_ESCAPES.get(char) or f"\\u{ord(char):04x}"


def toml_string(value: str, *, multiline: bool) -> str:
    """``value`` as a TOML basic string, in time linear in its length.

    tomli_w builds strings by repeated concatenation, which took seconds for a
    megabyte of notes. With ``multiline`` a value holding newlines becomes a
    multi-line basic string; every backslash, quote (so no run of three quotes
    can end it early), carriage return and other control character is escaped.
    """
    if multiline and "\n" in value:
        return '"""\n' + _MUST_ESCAPE_MULTILINE.sub(_escape, value) + '"""'
    return '"' + _MUST_ESCAPE.sub(_escape, value) + '"'


def _swap_long_strings(value: Any, longs: list[str], token: str) -> Any:
    """Replace long strings in a document with numbered placeholders (kept in ``longs``)."""
    if isinstance(value, str) and len(value) > LONG_STRING:
        longs.append(value)
        return f"{token}-{len(longs) - 1}"
    if isinstance(value, dict):
        return {key: _swap_long_strings(item, longs, token) for key, item in value.items()}
    if isinstance(value, list):
        return [_swap_long_strings(item, longs, token) for item in value]
    return value


def dump_interview(interview: Interview) -> bytes:
    """TOML for one interview, with interviewers and follow-ups as ``[[tables]]``.

    tomli_w writes short arrays of tables inline; the block form is far easier
    to read and edit by hand, so flat items are written block by block. Long
    strings are written by ``toml_string`` (linear time) in place of placeholders.
    """
    longs: list[str] = []
    token = f"followup-long-string-{os.urandom(8).hex()}"
    document = _swap_long_strings(interview.to_dict(), longs, token)
    # TOML folds CRLF inside multi-line strings; keep such text escaped instead.
    multiline = not _has_carriage_return(document)
    blocks: list[str] = []
    for key in ("interviewers", "followups"):
        items = document.get(key, [])
        if items and all(_is_flat(item) for item in items):
            del document[key]
            for item in items:
                body = tomli_w.dumps(item, multiline_strings=multiline)
                blocks.append(f"\n[[{key}]]\n{body}")
    response = document.pop("response", None)
    text = tomli_w.dumps(document, multiline_strings=multiline) + "".join(blocks)
    if response is not None:
        text += "\n" + tomli_w.dumps({"response": response}, multiline_strings=multiline)
    if longs:
        text = re.sub(
            f'"{token}-([0-9]+)"',
            lambda match: toml_string(longs[int(match.group(1))], multiline=multiline),
            text,
        )
    return text.encode("utf-8")


def read_regular(path: Path) -> tuple[bytes, os.stat_result]:
    """The bytes and stat of ``path``; StoreError when it is not a regular file.

    Opened non-blocking and checked with fstat first, so a FIFO or device
    named ``x.toml`` is reported instead of hanging the app.
    """
    fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK)
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            kind = (
                "a directory"
                if stat.S_ISDIR(info.st_mode)
                else "a special file (a FIFO, device or socket)"
            )
            raise StoreError(
                f"{path.name} is {kind}, not an interview file; move it out of {path.parent}"
            )
        chunks = []
        while chunk := os.read(fd, 1 << 20):
            chunks.append(chunk)
        return b"".join(chunks), info
    finally:
        os.close(fd)


def refused_sentence(root: Path, error: OSError) -> str:
    """One sentence for a write the system refused (read-only or full home, permissions)."""
    reason = (error.strerror or str(error)).lower()
    return f"Cannot write in {root} ({reason}); nothing was changed."


def _fsync_dir(folder: Path) -> None:
    fd = os.open(folder, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _link_new(temp: Path, target: Path) -> None:
    """Give ``temp`` the name ``target`` only if that name is free, then drop ``temp``."""
    try:
        os.link(temp, target)
    except OSError as error:
        if error.errno == errno.EEXIST:
            raise
        # No hard links here (some FUSE and network folders): the callers hold
        # the home's lock, so a look then a rename is still exclusive among them.
        if os.path.lexists(target):
            raise FileExistsError(errno.EEXIST, "File exists", str(target)) from None
        os.replace(temp, target)
        return
    os.unlink(temp)


def atomic_write(
    path: Path, data: bytes, mode: int = FILE_MODE, *, exclusive: bool = False
) -> None:
    """Replace ``path`` with ``data`` so that a crash leaves old or new, never a mix.

    A symlinked path is written through (the link stays a link). With
    ``exclusive`` the name must not exist (FileExistsError otherwise, nothing
    written): the full file is put in place with link(2), which fails like an
    O_EXCL create when the name is taken. Raises OSError when nothing was
    replaced, DurabilityError when the rename happened but the folder could
    not be flushed.
    """
    target = path if exclusive else Path(os.path.realpath(path))
    if exclusive and os.path.lexists(target):
        raise FileExistsError(errno.EEXIST, "File exists", str(target))
    folder = target.parent
    try:
        mode = os.stat(target).st_mode & 0o777
    except FileNotFoundError:
        pass
    temp = folder / f".{target.name}.{os.getpid()}.{os.urandom(4).hex()}.tmp"
    fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, mode)
    try:
        try:
            view = memoryview(data)
            while view:
                written = os.write(fd, view)
                view = view[written:]
            os.fsync(fd)
        finally:
            os.close(fd)
        if exclusive:
            _link_new(temp, target)
        else:
            os.replace(temp, target)
    except BaseException:
        try:
            os.unlink(temp)
        except OSError:
            pass
        raise
    try:
        _fsync_dir(folder)
    except OSError as error:
        raise DurabilityError(
            f"{target.name} was saved, but the folder could not be flushed to disk "
            f"({error.strerror or error}); it may not survive a power cut"
        ) from None


class Store:
    """Interview files in one home, with conflict detection."""

    def __init__(self, home: Home) -> None:
        self.home = home
        self._seen: dict[str, Fingerprint] = {}
        self._broken: dict[str, tuple[int, int]] = {}  # id -> (mtime_ns, size) reported
        # poll(): the folder as last listed, and the files it looks at in turn.
        self._folder_stamp: tuple[int, int, int] | None = None
        self._sweep_order: list[str] = []
        self._sweep_next = 0
        self._head: set[tuple[str, str]] = set()  # (id, digest) of the head file's rows
        self._lock: BaseFileLock | None = None

    # -- paths -----------------------------------------------------------

    def path_for(self, interview_id: str) -> Path:
        if not valid_id(interview_id):
            raise NotFoundError(
                f"{interview_id!r} is not an interview id (ids look like 2026-11-24-acme-backend)"
            )
        return self.home.interviews / f"{interview_id}{SUFFIX}"

    def ids_on_disk(self) -> list[str]:
        """Ids of the interview files present now (temp and hidden files ignored)."""
        try:
            names = os.listdir(self.home.interviews)
        except FileNotFoundError:
            return []
        return sorted(
            name[: -len(SUFFIX)]
            for name in names
            if name.endswith(SUFFIX) and not name.startswith(".")
        )

    # -- locking ---------------------------------------------------------

    @contextmanager
    def locked(self) -> Iterator[None]:
        """Hold the home's write lock (shared by every process using this home)."""
        from filelock import FileLock, Timeout

        if self._lock is None:  # one lock object: nested holds in a thread re-enter it
            self._lock = FileLock(str(self.home.lock_file), timeout=LOCK_TIMEOUT, mode=FILE_MODE)
        try:
            self._lock.acquire()
        except Timeout:
            raise StoreError(
                f"Another followup is holding {self.home.lock_file} for more than "
                f"{LOCK_TIMEOUT:.0f} seconds; try again in a moment."
            ) from None
        except OSError as error:  # a read-only or full home: the lock file cannot be made
            raise StoreError(refused_sentence(self.home.root, error)) from None
        try:
            yield
        finally:
            self._lock.release()

    # -- reading ---------------------------------------------------------

    def _read(self, interview_id: str) -> tuple[Interview, Fingerprint]:
        interview, fingerprint, _ = self._read_stat(interview_id)
        return interview, fingerprint

    def _read_bytes(self, interview_id: str) -> tuple[bytes, os.stat_result]:
        path = self.path_for(interview_id)
        try:
            return read_regular(path)
        except FileNotFoundError:
            raise NotFoundError(
                f"No interview {interview_id!r} in {self.home.interviews}."
            ) from None
        except OSError as error:
            raise StoreError(f"cannot read the file: {error.strerror or error}") from None

    def _read_stat(self, interview_id: str) -> tuple[Interview, Fingerprint, os.stat_result]:
        data, info = self._read_bytes(interview_id)
        interview = parse_interview(data, interview_id)
        interview.loaded_digest = _digest(data)
        return interview, Fingerprint(info.st_mtime_ns, info.st_size, interview.loaded_digest), info

    def read(self, interview_id: str) -> Interview:
        """One interview as it is on disk now, recording nothing (safe beside a load).

        The copy carries its file's digest, so saving it is still refused if
        the file changes meanwhile.
        """
        return self._read(interview_id)[0]

    def _read_done(self, interview_id: str, fingerprint: Fingerprint) -> None:
        """The file as just read: what a save checks against; no longer reported broken."""
        self._seen[interview_id] = fingerprint
        self._broken.pop(interview_id, None)

    def load(self, interview_id: str) -> Interview:
        """Load one interview and remember its fingerprint for conflict checks."""
        interview, fingerprint = self._read(interview_id)
        self._read_done(interview_id, fingerprint)
        return interview

    def load_row(self, interview_id: str, known: Row | None = None) -> Row:
        """One interview's row, its fingerprint remembered as ``load`` does.

        ``known``: a row built before (``cached_head``). It is the answer when
        the file still holds the very content it was built from (same digest):
        reading and hashing a file costs a tenth of parsing it.
        """
        data, info = self._read_bytes(interview_id)
        digest = _digest(data)
        if known is not None and known.id == interview_id and known.loaded_digest == digest:
            row = known
        else:
            interview = parse_interview(data, interview_id)
            interview.loaded_digest = digest
            row = Row.of(interview)
        self._read_done(interview_id, Fingerprint(info.st_mtime_ns, info.st_size, digest))
        return row

    def cached_head(self) -> dict[str, Row]:
        """The rows ``keep_head`` kept, by id: only ever passed to ``load_row``."""
        head = read_head(self.home.cache / HEAD_FILE_NAME)
        self._head = {(row.id, row.loaded_digest) for row in head.values()}
        return head

    def keep_head(self, rows: Iterable[Row]) -> None:
        """Keep the first HEAD_ROWS of ``rows`` (the most urgent) for the next start.

        Written only when they differ from what ``cached_head`` read.
        """
        head = list(islice(rows, HEAD_ROWS))
        kept = {(row.id, row.loaded_digest) for row in head}
        if kept != self._head:
            write_head(self.home.cache / HEAD_FILE_NAME, head)
            self._head = kept

    def load_all(self, *, use_cache: bool = True) -> LoadResult:
        """Load every interview; broken files become problems, never exceptions.

        With ``use_cache`` unchanged files come from the parsed-interview cache
        (see cache.py) instead of being parsed again; the result is the same.
        """
        cache = InterviewCache.open(self.home.cache / CACHE_FILE) if use_cache else None
        result = LoadResult()
        if cache is None:
            result.problems = self._load_every(self.load, result.interviews)
        else:
            result.problems = self._load_every(
                partial(self._load_cached, cache=cache), result.interviews
            )
            cache.retain({interview.id for interview in result.interviews})
            cache.save()
        return result

    def load_rows(self) -> RowsResult:
        """The list's row of every interview (see rows.py), as ``load_all`` would read them.

        Rows come from their own cache (``rows.pickle``, see ``RowCache``)
        while a file is unchanged. Neither the interviews nor the cache file
        are ever held whole, so a home of 10,000 costs the list a quarter of
        the memory the interviews took.
        """
        path = self.home.cache / ROWS_CACHE_FILE
        # The stat signatures of the files the rows were built from, in order, packed
        # (a tuple of four ints took three times the room).
        signatures: list[bytes] = []

        def read(interview_id: str, cache: RowCache) -> Row:
            file = self.path_for(interview_id)
            try:
                info = os.stat(file)
                row = cache.get(interview_id, info)
            except OSError:
                row = None  # reading it below reports the problem
            if row is None:
                interview, fingerprint, info = self._read_stat(interview_id)
                row = Row.of(interview)
            else:
                fingerprint = Fingerprint(info.st_mtime_ns, info.st_size, row.loaded_digest)
            self._read_done(interview_id, fingerprint)
            signatures.append(_SIGNATURE.pack(*signature(info)))
            return row

        result = RowsResult()
        with RowCache.open(path) as cache:
            result.problems = self._load_every(partial(read, cache=cache), result.rows)
        if cache.dirty:
            unpacked = (_SIGNATURE.unpack(packed) for packed in signatures)
            RowCache.write(path, zip(result.rows, unpacked, strict=True))
        return result

    def _load_every(self, read: Callable[[str], T], into: list[T]) -> list[LoadProblem]:
        """Read every interview file with ``read`` into ``into``; the files that failed."""
        self.clean_temp_files()
        problems: list[LoadProblem] = []
        self._seen.clear()
        self._broken.clear()
        # Every file is read below, so the next poll() need not look at them all.
        stamp, looked_ns = _folder_stamp(str(self.home.interviews)), time.time_ns()
        on_disk = self.ids_on_disk()
        self._remember_folder(stamp, looked_ns, on_disk)
        for interview_id in on_disk:
            try:
                into.append(read(interview_id))
            except NotFoundError:
                continue  # deleted while we were listing
            except StoreError as error:
                path = self.path_for(interview_id)
                problems.append(LoadProblem(path, str(error)))
                try:
                    info = path.stat()
                    self._broken[interview_id] = (info.st_mtime_ns, info.st_size)
                except OSError:
                    pass
        return problems

    def _load_cached(self, interview_id: str, cache: InterviewCache) -> Interview:
        try:
            info = os.stat(self.path_for(interview_id))
            entry = cache.get(interview_id, info)
        except OSError:
            entry = None  # reading it below reports the problem
        cached = entry.interview(interview_id) if entry is not None else None
        if entry is not None and cached is not None:
            interview = cached
            interview.loaded_digest = entry.digest
            fingerprint = Fingerprint(info.st_mtime_ns, info.st_size, entry.digest)
        else:
            interview, fingerprint, fstat = self._read_stat(interview_id)
            cache.put(interview, fstat, fingerprint.digest)
        self._read_done(interview_id, fingerprint)
        return interview

    def poll(self, *, watch: Iterable[str] = (), full: bool = False) -> Changes:
        """Reload what changed on disk since the last load or save (for live reload).

        Cheap enough to run every two seconds at 10,000 interviews. The folder's
        own stamp changes whenever a file is added, removed or replaced by a
        rename (how this store, most editors and sync tools write): only then,
        or with ``full``, is every file looked at. A file rewritten in place
        leaves the folder alone, so each poll also looks at the ``watch`` ids
        (what is on screen) and the next POLL_SWEEP files in turn: up to that
        many interviews every poll sees every change, as before; at 10,000 an
        in-place edit off screen shows within ten polls.
        """
        changes = Changes()
        folder = str(self.home.interviews)
        stamp, looked_ns = _folder_stamp(folder), time.time_ns()
        if full or stamp is None or stamp != self._folder_stamp:
            on_disk = self.ids_on_disk()
            listed = set(on_disk)
            for interview_id in sorted(set(self._seen) - listed):
                del self._seen[interview_id]
                changes.removed.append(interview_id)
            for gone in set(self._broken) - listed:
                del self._broken[gone]
            wanted: Iterable[str] = on_disk
        else:
            on_disk = None
            wanted = {*watch, *self._next_sweep()}
        self._remember_folder(stamp, looked_ns, on_disk)
        for interview_id in sorted(wanted):
            self._poll_one(folder, interview_id, changes)
        return changes

    def _remember_folder(
        self, stamp: tuple[int, int, int] | None, looked_ns: int, listed: list[str] | None
    ) -> None:
        """Keep the folder's stamp for the next poll (and the new listing, if any).

        Racy-git rule: a folder changed within the clock's resolution of the
        look could change again with the same stamp, so it is not trusted yet.
        """
        racy = stamp is not None and looked_ns - stamp[0] < RACY_NS
        self._folder_stamp = None if racy else stamp
        if listed is not None:
            self._sweep_order, self._sweep_next = listed, 0

    def _next_sweep(self) -> list[str]:
        order = self._sweep_order
        if len(order) <= POLL_SWEEP:
            return order
        start = self._sweep_next
        chunk = order[start : start + POLL_SWEEP]
        if len(chunk) < POLL_SWEEP:
            chunk += order[: POLL_SWEEP - len(chunk)]
        self._sweep_next = (start + POLL_SWEEP) % len(order)
        return chunk

    def _poll_one(self, folder: str, interview_id: str, changes: Changes) -> None:
        if not valid_id(interview_id):
            return
        try:
            info = os.stat(os.path.join(folder, interview_id + SUFFIX))
        except OSError:
            return  # gone: the folder's stamp changed, so the next poll sees it
        seen = self._seen.get(interview_id)
        if seen and (info.st_mtime_ns, info.st_size) == (seen.mtime_ns, seen.size):
            return
        if self._broken.get(interview_id) == (info.st_mtime_ns, info.st_size):
            return  # still the same broken file: reported already
        path = self.path_for(interview_id)
        try:
            data, _ = read_regular(path)
        except (OSError, StoreError):
            data = b""  # loading it below reports the problem
        if seen and _digest(data) == seen.digest:
            self._seen[interview_id] = Fingerprint(info.st_mtime_ns, info.st_size, seen.digest)
            return
        try:
            changes.changed.append(self.load(interview_id))
        except NotFoundError:
            return
        except StoreError as error:
            if self._seen.pop(interview_id, None) is not None:
                changes.removed.append(interview_id)
            self._broken[interview_id] = (info.st_mtime_ns, info.st_size)
            changes.problems.append(LoadProblem(path, str(error)))

    def is_known(self, interview_id: str) -> bool:
        return interview_id in self._seen

    def seen_digest(self, interview_id: str) -> str | None:
        """The digest of the file as this store last loaded or saved it (None: not seen)."""
        seen = self._seen.get(interview_id)
        return seen.digest if seen else None

    # -- writing ---------------------------------------------------------

    def new_id(self, interview: Interview) -> str:
        base = make_id(interview.company, interview.position, interview.interview_at)
        candidate, number = base, 2
        while self.path_for(candidate).exists() or candidate in self._seen:
            candidate, number = f"{base}-{number}", number + 1
        return candidate

    def save(self, interview: Interview, *, now: datetime | None = None) -> Interview:
        """Write one interview (creating it when ``id`` is empty) and return it.

        Raises ConflictError when the file on disk is not the one this store
        loaded, StoreError when nothing could be written, DurabilityError when
        the data is in place but the folder flush failed.
        """
        return self._write(interview, now, new=not interview.id)

    def create(self, interview: Interview, *, now: datetime | None = None) -> Interview:
        """Write ``interview`` as a new file, never over an existing one.

        Its ``id`` (when valid) or one made from it is the wish; a taken name
        gets -2, -3... The name is reserved by an exclusive create under the
        lock, so two rows or two processes never end up in one file.
        """
        if not valid_id(interview.id):
            interview.id = ""
        return self._write(interview, now, new=True)

    def _write(self, interview: Interview, now: datetime | None, *, new: bool) -> Interview:
        problem = interview.range_problem()
        if problem is not None:
            raise StoreError(f"Not saved: {problem.field_path} {problem.message}.")
        with self.locked():
            if not new:
                self._check_unchanged(interview.id, interview.loaded_digest)
            if now is not None:
                interview.updated_at = now
                if interview.created_at is None:
                    interview.created_at = now
            data = dump_interview(interview)
            before_ns = time.time_ns()
            name = "the new file" if new else self.path_for(interview.id).name
            try:
                if new:
                    self._create_file(interview, data)
                else:
                    atomic_write(self.path_for(interview.id), data)
            except DurabilityError:
                self._remember(interview, data)
                self._index_saved(interview, data, before_ns)
                raise
            except OSError as error:
                kept = "nothing was written" if new else "the previous version is unchanged"
                raise StoreError(
                    f"Could not save {name}: {error.strerror or error}; {kept}."
                ) from None
            self._remember(interview, data)
            self._index_saved(interview, data, before_ns)
        return interview

    def _create_file(self, interview: Interview, data: bytes) -> Path:
        """Put ``data`` under the first free id from the interview's wish; sets its id."""
        base = interview.id or make_id(
            interview.company, interview.position, interview.interview_at
        )
        candidate, number = base, 2
        while True:
            path = self.path_for(candidate)
            if candidate not in self._seen:
                interview.id = candidate  # set first: a DurabilityError means it is in place
                try:
                    atomic_write(path, data, exclusive=True)
                except FileExistsError:
                    interview.id = ""
                except DurabilityError:
                    raise
                except BaseException:
                    interview.id = ""
                    raise
                else:
                    return path
            candidate, number = f"{base}-{number}", number + 1

    def _index_saved(self, interview: Interview, data: bytes, before_ns: int) -> None:
        """Keep the status index current; it is a cache, so it never fails a save."""
        from followup_tui.storage import index

        try:
            index.record_saved(
                str(self.home.root), interview, data, before_ns, str(self.path_for(interview.id))
            )
        except Exception:  # noqa: BLE001 - status re-checks every file, so a miss is harmless
            pass

    def _index_deleted(self, interview_id: str) -> None:
        """Drop a deleted interview from the status index (a cache: never fails)."""
        from followup_tui.storage import index

        try:
            index.record_deleted(str(self.home.root), interview_id)
        except Exception:  # noqa: BLE001 - status re-checks every file, so a miss is harmless
            pass

    def _remember(self, interview: Interview, data: bytes) -> None:
        # Runs after the rename: the data is saved, so a failing stat must not
        # turn into "not saved". Conflict checks compare digests; mtime/size
        # only let poll() skip re-reading, and 0 just makes it read once more.
        try:
            info = os.stat(self.path_for(interview.id))
            mtime_ns, size = info.st_mtime_ns, info.st_size
        except OSError:
            mtime_ns, size = 0, len(data)
        interview.loaded_digest = _digest(data)
        self._seen[interview.id] = Fingerprint(mtime_ns, size, interview.loaded_digest)

    def _check_unchanged(self, interview_id: str, loaded_digest: str = "") -> None:
        """Refuse when the file is not the one this copy (or this store) loaded.

        The copy's own digest comes first: several screens of one app share a
        store, and a live reload must not make an older copy look current.
        """
        seen = self._seen.get(interview_id)
        expected = loaded_digest or (seen.digest if seen is not None else "")
        path = self.path_for(interview_id)
        try:
            current, _ = read_regular(path)
        except FileNotFoundError:
            if not expected:
                return  # a new interview with a chosen id
            raise ConflictError(
                interview_id,
                f"{path.name} was deleted by someone else since it was loaded; "
                "reload to see the current state.",
            ) from None
        except OSError as error:
            raise StoreError(
                f"Could not read {path.name} to check for changes: "
                f"{error.strerror or error}; nothing was written."
            ) from None
        if not expected:
            raise ConflictError(
                interview_id,
                f"{path.name} already exists and was not loaded here; reload first.",
            )
        if _digest(current) != expected:
            raise ConflictError(
                interview_id,
                f"{path.name} was changed by someone else since it was loaded "
                "(another window, a hand edit or a shell command); reload to see "
                "their version, nothing was overwritten.",
            )

    def delete(self, interview_id: str) -> Path:
        """Move an interview file to trash/ and return where it went."""
        with self.locked():
            self._check_unchanged(interview_id)
            path = self.path_for(interview_id)
            stamp = datetime.now().strftime("%Y%m%dT%H%M%S")
            target = self.home.trash / f"{interview_id}.{stamp}{SUFFIX}"
            number = 2
            while target.exists():
                target = self.home.trash / f"{interview_id}.{stamp}-{number}{SUFFIX}"
                number += 1
            try:
                os.replace(path, target)
            except OSError as error:
                raise StoreError(
                    f"Could not move {path.name} to the trash: {error.strerror}."
                ) from None
            self._seen.pop(interview_id, None)
            self._index_deleted(interview_id)
            try:  # moved already: a flush failure must not read as "not deleted"
                _fsync_dir(self.home.interviews)
            except OSError as error:
                raise DurabilityError(
                    f"{path.name} was moved to the trash, but the folder could not be "
                    f"flushed to disk ({error.strerror or error})."
                ) from None
            return target

    def restore(self, trash_path: Path) -> str:
        """Bring a trashed file back; returns the interview id it got."""
        name = trash_path.name
        interview_id = name.split(".", 1)[0]
        with self.locked():
            candidate, number = interview_id, 2
            while self.path_for(candidate).exists():
                candidate, number = f"{interview_id}-{number}", number + 1
            try:
                os.replace(trash_path, self.path_for(candidate))
                _fsync_dir(self.home.interviews)
            except OSError as error:
                raise StoreError(f"Could not restore {name}: {error.strerror}.") from None
        return candidate

    def trash(self) -> list[Path]:
        """Trashed files, newest first."""
        try:
            items = [p for p in self.home.trash.iterdir() if p.name.endswith(SUFFIX)]
        except FileNotFoundError:
            return []
        return sorted(items, key=lambda p: p.stat().st_mtime_ns, reverse=True)

    def clean_temp_files(self) -> int:
        """Remove temp files left by a crashed save (under the lock, so none is live)."""
        try:
            names = [n for n in os.listdir(self.home.interviews) if TEMP_PATTERN.match(n)]
        except FileNotFoundError:
            return 0
        if not names:
            return 0
        removed = 0
        try:
            with self.locked():
                for name in names:
                    try:
                        os.unlink(self.home.interviews / name)
                        removed += 1
                    except FileNotFoundError:
                        pass
        except StoreError:
            return removed
        return removed
