"""The one cache: what each interview file holds, kept by its stat signature in SQLite.

``<home>/.cache/index.sqlite3`` (opened by ``cache_db``) has one row per
interview file: the file's stat signature and digest, its schedule summary
(POSIX seconds, for SQL), the list's row and its search text, or the one
sentence saying why the file cannot be read. ``Cache.sync`` lists the folder,
stats each file and reads again only files whose signature changed, so a hand
edit, a sync tool or another writer can never leave an answer wrong; then
``followup status`` counts states and the app picks its most urgent rows with
SQL over the summary columns, and the list reads its rows from here.

Trust rules (the cache is a shortcut, never the truth):
- a row is used only while its file keeps the same signature (mtime, ctime,
  size, inode: ``files.signature``);
- a file changed less than ``files.RACY_NS`` before its row was checked is
  "racy" (a same-size edit in the same timestamp tick would keep the
  signature): its content digest is checked again before the row is used;
- a cache that cannot be opened safely, or whose writes fail (busy, read-only,
  full), is replaced by a copy in memory for the rest of the process: the
  answers stay right, only the next run reads again.

This module is imported by ``followup status``: it imports ``os``, ``time``
and SQLite's C module; parsing comes in only for a changed file.
"""

from __future__ import annotations

import os
import time
from _thread import allocate_lock  # not threading: ``followup status`` needs no more

from followup_tui.core.model import valid_id
from followup_tui.storage import cache_db, files
from followup_tui.storage.cache_db import sqlite3
from followup_tui.storage.cache_rows import NO_ROW, Rows, parse_columns, row_columns
from followup_tui.storage.cache_sql import (
    CONFIG,
    DEFAULT_TIMING,
    HEAD_SQL,
    INSERT,
    ROW_SQL,
    TimingTuple,
    counts_and_review,
    parameters,
    tally,
    timing_of,
    timing_tuple,
)
from followup_tui.storage.strays import stray_message

TYPE_CHECKING = False  # not typing.TYPE_CHECKING: importing typing costs milliseconds
if TYPE_CHECKING:
    from collections.abc import Callable
    from typing import TypeVar

    from followup_tui.core.rows import Row

    T = TypeVar("T")

SUFFIX = ".toml"
Signature = files.Signature
CacheError = sqlite3.Error  # what a query can raise when even the copy in memory fails
_PACK = files.SIGNATURE.pack


def trusted_key(sig: Signature, checked_ns: int) -> bytes | None:
    """The row's ``trusted`` column: its packed signature once the file was checked
    more than RACY_NS after it last changed, else None (the content is checked again)."""
    return _PACK(*sig) if max(sig[0], sig[1]) < checked_ns - files.RACY_NS else None


class Recheck:
    """A racy row's file read again: the same content as the row, now at ``sig``."""

    __slots__ = ("sig", "digest")

    def __init__(self, sig: Signature, digest: str) -> None:
        self.sig = sig
        self.digest = digest


class Status:
    """``followup status``'s counts: per state, the broken files and the config's problem.

    ``review``: interviews with a queued send that needs the user (a notice, "unsure").
    """

    __slots__ = ("counts", "broken", "config_problem", "total", "review")

    def __init__(
        self,
        counts: dict[str, int],
        broken: dict[str, str],
        config_problem: str,
        total: int,
        review: int = 0,
    ) -> None:
        self.counts = counts
        self.broken = broken
        self.config_problem = config_problem
        self.total = total
        self.review = review


class Loaded:
    """The list's rows (id, signature, row), and the files that cannot be read."""

    __slots__ = ("rows", "problems", "listed")

    def __init__(
        self,
        rows: list[tuple[str, Signature, Row]],
        problems: list[tuple[str, str, Signature]],
        listed: list[str],
    ) -> None:
        self.rows = rows
        self.problems = problems  # (id, message, signature)
        self.listed = listed  # the ids on disk, sorted


class Cache:
    """The home's cache: one connection per process, used by one thread at a time."""

    def __init__(self, root: str) -> None:
        self.root = root
        self._lock = allocate_lock()
        self._db: sqlite3.Connection | None = None
        self._pid = 0
        self.persistent = False  # False: a copy in memory (the file could not be used)
        self._rebuilt = False  # the file was found damaged once and built afresh
        self.hits = 0  # rows used on their signature alone (for tests)

    def _connection(self) -> sqlite3.Connection:
        if self._db is None or self._pid != os.getpid():  # never one inherited by a fork
            self._db = cache_db.connect(self.root)
            self.persistent = self._db is not None
            if self._db is None:
                self._db = cache_db.memory()
            self._pid = os.getpid()
        return self._db

    def close(self) -> None:
        with self._lock:
            if self._db is not None and self._pid == os.getpid():
                self._db.close()
            self._db = None

    def _recover(self, error: sqlite3.Error) -> None:
        """After ``error`` from the database, go on with one that works.

        Damaged or of another shape: the file is built afresh (once per
        process). Busy, read-only or full: a copy in memory of what it holds.
        """
        db = self._connection()
        if cache_db.damaged(error):
            if self.persistent and not self._rebuilt:
                self._rebuilt = True
                db.close()
                self._db = cache_db.connect(self.root, fresh=True)
                if self._db is not None:
                    return
            self._db, self.persistent = cache_db.memory(), False
            return
        copy = cache_db.memory()
        try:
            db.backup(copy)
        except sqlite3.Error:
            copy = cache_db.memory()
        self._db, self.persistent = copy, False

    def _guard(self, work: Callable[[], T]) -> T:
        """``work`` on the database; if the database fails it, on one that works."""
        try:
            return work()
        except sqlite3.Error as error:
            self._recover(error)
        self._sync()
        return work()

    # -- bringing it up to date ---------------------------------------------------

    def sync(self) -> list[str]:
        """Bring every interview file's row up to date; the file names listed, sorted."""
        with self._lock:
            return self._guard(self._sync)

    def _sync(self) -> list[str]:
        db = self._connection()
        check_ns = time.time_ns()
        # Rows past the racy window, by their packed signature: one bytes object a row
        # is what makes comparing 10,000 of them cheap; the others are checked again.
        trusted = dict(db.execute("SELECT name, trusted FROM files WHERE trusted IS NOT NULL"))
        racy = {
            record[0]: record[1:]
            for record in db.execute(
                "SELECT name, mtime_ns, ctime_ns, size, ino FROM files WHERE trusted IS NULL"
            )
        }
        folder = os.path.join(self.root, "interviews")
        try:
            names = os.listdir(folder)
            dir_fd: int | None = os.open(folder, os.O_RDONLY)
        except OSError:
            names, dir_fd = [], None
        listed = [name for name in names if name.endswith(SUFFIX) and not name.startswith(".")]
        missing: list[str] = []
        stale: list[tuple[str, Signature, bool]] = []
        # Locals: this loop runs once per file on every ``followup status``.
        pack, lookup, stat, hits = _PACK, trusted.get, os.stat, 0
        try:
            for name in listed:
                try:
                    info = stat(name, dir_fd=dir_fd)
                except OSError:
                    missing.append(name)  # deleted while listing, or a dangling link
                    continue
                key = pack(info.st_mtime_ns, info.st_ctime_ns, info.st_size, info.st_ino)
                if lookup(name) == key:
                    hits += 1
                    continue
                sig = (info.st_mtime_ns, info.st_ctime_ns, info.st_size, info.st_ino)
                stale.append((name, sig, racy.get(name) == sig))
        finally:
            if dir_fd is not None:
                os.close(dir_fd)
        self.hits += hits
        if missing:
            gone_now = set(missing)
            listed = [name for name in listed if name not in gone_now]
        upserts: list[tuple[object, ...]] = []
        touched: list[tuple[object, ...]] = []
        for name, sig, same in stale:
            entry = self._entry(db, folder, name, sig, same, check_ns)
            if entry is None:
                listed.remove(name)  # gone since it was listed
            elif isinstance(entry, Recheck):
                now_trusted = trusted_key(entry.sig, check_ns)
                touched.append((check_ns, now_trusted, name, entry.digest, entry.sig[3]))
            else:
                upserts.append((*entry, trusted_key(entry[1:5], check_ns)))  # type: ignore[arg-type]
        gone = [(name,) for name in (trusted.keys() | racy.keys()) - set(listed)]
        config = self._config_entry(db, check_ns)
        if upserts or touched or gone or config:
            self._write(db, upserts, touched, gone, config)
        listed.sort()
        return listed

    def _entry(
        self,
        db: sqlite3.Connection,
        folder: str,
        name: str,
        sig: Signature,
        same: bool,
        check_ns: int,
    ) -> tuple[object, ...] | Recheck | None:
        """A new row for one file; a Recheck: the same content; None: it is gone."""
        stem = name[: -len(SUFFIX)]
        if not valid_id(stem):  # a sync conflict copy or such: shown as a problem, never read
            return (name, *sig, check_ns, "", stray_message(stem), *NO_ROW)
        try:
            data, info = files.read_regular(os.path.join(folder, name))
        except FileNotFoundError:
            return None
        except files.StoreError as error:
            return (name, *sig, check_ns, "", str(error), *NO_ROW)
        except OSError as error:
            problem = f"cannot read the file: {error.strerror or error}"
            return (name, *sig, check_ns, "", problem, *NO_ROW)
        content = files.digest(data)
        sig = files.signature(info)
        if same:
            try:
                found = db.execute(
                    "SELECT digest FROM files WHERE name = ? AND mtime_ns = ? AND ctime_ns = ? "
                    "AND size = ? AND ino = ?",
                    (name, *sig),
                ).fetchone()
            except sqlite3.Error:
                found = None
            if found is not None and found[0] == content:
                return Recheck(sig, content)
        return (name, *sig, check_ns, content, *parse_columns(data, name[: -len(SUFFIX)], content))

    def _config_entry(self, db: sqlite3.Connection, check_ns: int) -> tuple[object, ...] | None:
        """config.toml's timing row when it changed (None: the row holds)."""
        path = os.path.join(self.root, CONFIG)
        try:
            info = os.stat(path)
            sig = files.signature(info)
        except FileNotFoundError:
            sig = (0, 0, -1, 0)
        except OSError:
            sig = (0, 0, -2, 0)
        try:
            old = db.execute(
                "SELECT mtime_ns, ctime_ns, size, ino, checked_ns FROM config WHERE name = ?",
                (CONFIG,),
            ).fetchone()
        except sqlite3.Error:
            old = None
        if old is not None and old[:4] == sig and max(sig[0], sig[1]) < old[4] - files.RACY_NS:
            return None
        if sig[2] < 0:
            return (CONFIG, *sig, check_ns, "", None, *DEFAULT_TIMING)
        try:
            data, info = files.read_regular(path)
        except FileNotFoundError:
            return (CONFIG, 0, 0, -1, 0, check_ns, "", None, *DEFAULT_TIMING)
        except (OSError, files.StoreError) as error:
            message = str(error) if isinstance(error, files.StoreError) else error.strerror
            return (CONFIG, *sig, check_ns, "", f"{CONFIG}: {message}", *DEFAULT_TIMING)
        from pathlib import Path

        from followup_tui.storage.config import ConfigError, parse_config

        try:
            timing = timing_tuple(parse_config(data.decode("utf-8"), Path(path)).timing)
            problem = None
        except (ConfigError, UnicodeDecodeError) as error:
            timing, problem = DEFAULT_TIMING, str(error)
        return (CONFIG, *files.signature(info), check_ns, files.digest(data), problem, *timing)

    def _write(
        self,
        db: sqlite3.Connection,
        upserts: list[tuple[object, ...]],
        touched: list[tuple[object, ...]],
        gone: list[tuple[str]],
        config: tuple[object, ...] | None,
    ) -> None:
        """Write the changes in one short transaction."""
        db.execute("BEGIN IMMEDIATE")
        try:
            db.executemany(INSERT, upserts)
            db.executemany(
                "UPDATE files SET checked_ns = ?, trusted = ? "
                "WHERE name = ? AND digest = ? AND ino = ?",
                touched,
            )
            db.executemany("DELETE FROM files WHERE name = ?", gone)
            if config is not None:
                db.execute(
                    "INSERT OR REPLACE INTO config VALUES (" + ", ".join("?" * 13) + ")", config
                )
            db.execute("COMMIT")
        except BaseException:
            # A COMMIT that failed for a full disk has already rolled back: a second
            # ROLLBACK would raise "no transaction", which reads as a damaged file.
            if db.in_transaction:
                db.execute("ROLLBACK")
            raise

    # -- a save or a delete by the store --------------------------------------------

    def record(self, name: str, sig: Signature, checked_ns: int, digest: str, row: Row) -> None:
        """Note a file just saved (``checked_ns`` taken before the write: racy until re-read)."""
        values = (name, *sig, checked_ns, digest, None, *row_columns(row))
        self._record((*values, trusted_key(sig, checked_ns)))

    def forget(self, name: str) -> None:
        """Note that a file is gone."""
        self._now_or_never("DELETE FROM files WHERE name = ?", (name,))

    def _record(self, values: tuple[object, ...]) -> None:
        self._now_or_never(INSERT, values)

    def _now_or_never(self, statement: str, values: tuple[object, ...]) -> None:
        """Run one statement unless another thread is using the cache (a sync of a big home).

        A save never waits for the cache, and never fails because of it: a row
        not written only means the next sync reads that file again.
        """
        if not self._lock.acquire(blocking=False):
            return
        try:
            self._connection().execute(statement, values)
        except sqlite3.Error:
            pass
        finally:
            self._lock.release()

    # -- queries (after sync) -------------------------------------------------------

    def timing(self) -> tuple[TimingTuple, str]:
        """config.toml's timing as last synced, and its problem ("" when it is sound)."""
        with self._lock:
            return self._guard(lambda: timing_of(self._connection()))

    def tally(self, now: float, timing: TimingTuple) -> dict[str, int]:
        """How many readable interview files are in each state at ``now`` (none: left out)."""
        with self._lock:
            return self._guard(lambda: tally(self._connection(), now, timing))

    def status(self, now: float, timing: TimingTuple | None = None) -> Status:
        """The counts ``followup status`` prints (with config.toml's timing unless given)."""

        def work() -> Status:
            db = self._connection()
            configured, config_problem = timing_of(db)
            counts, review = counts_and_review(db, now, timing or configured)
            broken = {
                name[: -len(SUFFIX)]: problem
                for name, problem in db.execute(
                    "SELECT name, problem FROM files WHERE problem IS NOT NULL"
                )
            }
            total = sum(counts.values()) + len(broken)
            return Status(counts, broken, config_problem, total, review)

        with self._lock:
            return self._guard(work)

    def head(self, now: float, timing: TimingTuple, limit: int) -> list[tuple[str, Signature, Row]]:
        """At least the ``limit`` most urgent rows (all of them if fewer), in no order.

        Everything tied with the last one (or within a second of it, for float
        rounding) is included, so sorting these gives the true top of the list.
        """
        values = {**parameters(now, timing), "last": max(limit, 1) - 1}

        def work() -> list[tuple[str, Signature, Row]]:
            db = self._connection()
            build = Rows().build
            return [build(record) for record in db.execute(HEAD_SQL, values)]

        with self._lock:
            return self._guard(work)

    def load(self) -> Loaded:
        """``sync``, then every row and problem in name order (what the list shows)."""

        def work() -> Loaded:
            listed = self._sync()
            loaded = _loaded(self._connection(), listed)
            if len(loaded.rows) + len(loaded.problems) < len(listed):
                # Another process dropped a row between the two (it listed the folder
                # before the file was there): once more, so no file is left out.
                loaded = _loaded(self._connection(), self._sync())
            return loaded

        with self._lock:
            return self._guard(work)


def _loaded(db: sqlite3.Connection, listed: list[str]) -> Loaded:
    build = Rows().build
    rows = [
        build(record)
        for record in db.execute(f"SELECT {ROW_SQL} FROM files WHERE problem IS NULL ORDER BY name")
    ]
    problems = [
        (name[: -len(SUFFIX)], problem, (mtime, ctime, size, ino))
        for name, problem, mtime, ctime, size, ino in db.execute(
            "SELECT name, problem, mtime_ns, ctime_ns, size, ino FROM files "
            "WHERE problem IS NOT NULL ORDER BY name"
        )
    ]
    return Loaded(rows, problems, [name[: -len(SUFFIX)] for name in listed])
