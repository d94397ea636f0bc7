"""The only code that reads and writes interview files.

Promises: saves are atomic and durable (``files.atomic_write``); a file that
fails to load is reported and never touched; a save is refused with
ConflictError when the file changed on disk since it was loaded (another
instance, a hand edit, a shell command); deleting moves to trash/. Saves from
all processes are serialised by a lock on ``<home>/.lock``. The list's rows
come through the cache (``cache.py``), which every save and delete keeps
current; the TOML files stay the only truth.
"""

from __future__ import annotations

import os
import re
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from followup_tui.core.model import Interview, make_id, valid_id
from followup_tui.core.rows import Row
from followup_tui.storage import files, toml_format
from followup_tui.storage.cache import Cache
from followup_tui.storage.cache_sql import TimingTuple
from followup_tui.storage.files import (
    DurabilityError,
    NotRegularError,
    StoreError,
    atomic_write,
    fsync_dir,
    read_regular,
    refused_sentence,
)
from followup_tui.storage.paths import FILE_MODE, Home
from followup_tui.storage.records import (
    Changes,
    ConflictError,
    Fingerprint,
    LoadProblem,
    LoadResult,
    NotFoundError,
    RowsResult,
)
from followup_tui.storage.strays import stray_message
from followup_tui.storage.toml_format import dump_interview, parse_interview
from followup_tui.storage.toml_keep import keep_layout
from followup_tui.storage.watch import LiveReload, folder_stamp

__all__ = [
    "Changes",
    "ConflictError",
    "DurabilityError",
    "LoadProblem",
    "LoadResult",
    "LockBusyError",
    "NotFoundError",
    "RowsResult",
    "Store",
    "StoreError",
    "atomic_write",
    "dump_interview",
    "parse_interview",
]

if TYPE_CHECKING:
    from filelock import BaseFileLock

SUFFIX = ".toml"
TEMP_PATTERN = re.compile(r"^\..+\.tmp$")
LOCK_TIMEOUT = 10.0


class LockBusyError(StoreError):
    """Another followup (or another thread of this one) holds the home's lock right now."""

    def __init__(self, lock_file: Path) -> None:
        super().__init__(f"Another followup is writing to this home (it holds {lock_file}).")
        self.lock_file = lock_file


class Store(LiveReload):
    """Interview files in one home, with conflict detection."""

    def __init__(self, home: Home) -> None:
        super().__init__()
        self.home = home
        self._seen: dict[str, Fingerprint] = {}
        self._broken: dict[str, bytes] = {}  # id -> packed signature of the file reported
        self._cache: Cache | None = None
        self._lock: BaseFileLock | None = None

    @property
    def cache(self) -> Cache:
        """The home's cache (opened on first use, never before a fork)."""
        if self._cache is None:
            self._cache = Cache(str(self.home.root))
        return self._cache

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
    def locked(self, wait: float = LOCK_TIMEOUT) -> Iterator[None]:
        """Hold the home's write lock (shared by every process using this home).

        Waits up to ``wait`` seconds for it. ``wait=0`` never waits: it raises
        LockBusyError at once when someone else holds it (the app's UI thread must
        not wait; ``tui/writes.py`` waits for it). A thread that holds the lock
        already re-enters it at once, so the saves inside one hold never wait.
        """
        from filelock import FileLock, Timeout

        if self._lock is None:  # one lock object: nested holds in a thread re-enter it
            self._lock = FileLock(str(self.home.lock_file), timeout=LOCK_TIMEOUT, mode=FILE_MODE)
        try:
            self._lock.acquire(timeout=wait)
        except Timeout:
            if wait <= 0:
                raise LockBusyError(self.home.lock_file) from None
            raise StoreError(
                f"Another followup is holding {self.home.lock_file} for more than "
                f"{wait:.0f} seconds; try again in a moment."
            ) from None
        except OSError as error:  # a read-only or full home: the lock file cannot be made
            raise StoreError(refused_sentence(self.home.root, error)) from None
        try:
            yield
        finally:
            self._lock.release()

    # -- reading ---------------------------------------------------------

    def _read(self, interview_id: str) -> tuple[Interview, Fingerprint]:
        path = self.path_for(interview_id)
        try:
            data, info = read_regular(path)
        except FileNotFoundError:
            raise NotFoundError(
                f"No interview {interview_id!r} in {self.home.interviews}."
            ) from None
        except NotRegularError:
            raise
        except OSError as error:
            raise StoreError(f"cannot read the file: {error.strerror or error}") from None
        interview = toml_format.parse_interview(data, interview_id)
        interview.loaded_digest = files.digest(data)
        return interview, Fingerprint(files.packed(files.signature(info)), interview.loaded_digest)

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

    def load_all(self) -> LoadResult:
        """Load every interview; broken files become problems, never exceptions.

        Every file is parsed (the cache keeps the list's rows, not whole
        interviews): for export and whatever needs more than a row.
        """
        result = LoadResult()
        self.clean_temp_files()
        self._seen.clear()
        self._broken.clear()
        # Every file is read below, so the next poll() need not look at them all.
        stamp, looked_ns = folder_stamp(str(self.home.interviews)), time.time_ns()
        on_disk = self.ids_on_disk()
        self._remember_folder(stamp, looked_ns, on_disk)
        for interview_id in on_disk:
            try:
                result.interviews.append(self.load(interview_id))
            except NotFoundError:
                if not valid_id(interview_id):  # a sync conflict copy or such: shown
                    path = self.home.interviews / f"{interview_id}{SUFFIX}"
                    result.problems.append(LoadProblem(path, stray_message(interview_id)))
                continue  # deleted while we were listing
            except StoreError as error:
                path = self.path_for(interview_id)
                result.problems.append(LoadProblem(path, str(error)))
                try:
                    self._broken[interview_id] = files.packed(files.signature(path.stat()))
                except OSError:
                    pass
        return result

    def load_rows(self) -> RowsResult:
        """The list's row of every interview (see rows.py), as ``load_all`` would read them.

        From the cache, which reads again only the files whose stat signature
        changed; the fingerprints are remembered for conflict checks and poll.
        """
        self.clean_temp_files()
        stamp, looked_ns = folder_stamp(str(self.home.interviews)), time.time_ns()
        loaded = self.cache.load()
        self._seen.clear()
        self._broken.clear()
        on_disk = [interview_id for interview_id in loaded.listed if valid_id(interview_id)]
        self._remember_folder(stamp, looked_ns, on_disk)
        result = RowsResult()
        for interview_id, sig, row in loaded.rows:
            if valid_id(interview_id):
                self._seen[interview_id] = Fingerprint(files.packed(sig), row.loaded_digest)
                result.rows.append(row)
        for interview_id, message, sig in loaded.problems:
            path = self.home.interviews / f"{interview_id}{SUFFIX}"
            if valid_id(interview_id):
                self._broken[interview_id] = files.packed(sig)
            result.problems.append(LoadProblem(path, message))  # conflict copies too
        return result

    def most_urgent(
        self, now: float, timing: TimingTuple, limit: int, *, synced: bool = False
    ) -> tuple[list[Row], dict[str, int], int]:
        """At least the ``limit`` most urgent rows, the count per state, and how many files.

        From the cache's summary columns (brought up to date first, unless
        ``synced``: a child process did it moments ago). The rows' files are
        remembered as read, as ``load_rows`` does.
        """
        cache = self.cache
        if not synced:
            cache.sync()
        status = cache.status(now, timing)
        rows = []
        for interview_id, sig, row in cache.head(now, timing, limit):
            if valid_id(interview_id):
                self._read_done(interview_id, Fingerprint(files.packed(sig), row.loaded_digest))
                rows.append(row)
        return rows, status.counts, status.total

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
        loaded, StoreError when nothing could be written (a date or length out
        of range included), DurabilityError when the data is in place but the
        folder flush failed.
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
            old = b"" if new else self._check_unchanged(interview.id, interview.loaded_digest)
            if now is not None:
                interview.updated_at = now
                if interview.created_at is None:
                    interview.created_at = now
            data = dump_interview(interview)
            if old:  # a hand-commented file keeps its comments
                data = keep_layout(old, interview.to_dict(), data)
            before_ns = time.time_ns()
            name = "the new file" if new else self.path_for(interview.id).name
            try:
                if new:
                    self._create_file(interview, data)
                else:
                    atomic_write(self.path_for(interview.id), data)
            except DurabilityError:
                self._remember(interview, data, before_ns)
                raise
            except OSError as error:
                kept = "nothing was written" if new else "the previous version is unchanged"
                raise StoreError(
                    f"Could not save {name}: {error.strerror or error}; {kept}."
                ) from None
            self._remember(interview, data, before_ns)
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

    def _remember(self, interview: Interview, data: bytes, before_ns: int) -> None:
        """After the rename: what a save checks against next, and the cache's row.

        The data is saved, so a failing stat must not turn into "not saved":
        conflict checks compare digests, and a zero signature only makes poll()
        and the cache read the file once more.
        """
        try:
            sig = files.signature(os.stat(self.path_for(interview.id)))
        except OSError:
            sig = (0, 0, len(data), 0)
        interview.loaded_digest = files.digest(data)
        self._seen[interview.id] = Fingerprint(files.packed(sig), interview.loaded_digest)
        if sig[0]:
            # ``before_ns``, taken before the write, keeps the row racy until it is
            # re-read: another writer slipping in between can never be mistaken for this.
            self.cache.record(
                interview.id + SUFFIX, sig, before_ns, interview.loaded_digest, Row.of(interview)
            )

    def _check_unchanged(self, interview_id: str, loaded_digest: str = "") -> bytes:
        """Refuse when the file is not the one this copy (or this store) loaded.

        The copy's own digest comes first: several screens of one app share a
        store, and a live reload must not make an older copy look current.
        Returns the file's bytes (empty for a new interview with a chosen id).
        """
        seen = self._seen.get(interview_id)
        expected = loaded_digest or (seen.digest if seen is not None else "")
        path = self.path_for(interview_id)
        try:
            current, _ = read_regular(path)
        except FileNotFoundError:
            if not expected:
                return b""  # a new interview with a chosen id
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
        if files.digest(current) != expected:
            raise ConflictError(
                interview_id,
                f"{path.name} was changed by someone else since it was loaded "
                "(another window, a hand edit or a shell command); reload to see "
                "their version, nothing was overwritten.",
            )
        return current

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
            self.cache.forget(interview_id + SUFFIX)
            try:  # moved already: a flush failure must not read as "not deleted"
                fsync_dir(self.home.interviews)
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
                fsync_dir(self.home.interviews)
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
