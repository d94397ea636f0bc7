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

This module is imported by ``followup status``: it imports ``os``, ``time``,
``threading`` and ``sqlite3``; parsing comes in only for a changed file.
"""

from __future__ import annotations

import os
import sqlite3
import threading
import time

from followup_tui.storage import cache_db, files
from followup_tui.storage.cache_rows import NO_ROW, Rows, parse_columns, row_columns

TYPE_CHECKING = False  # not typing.TYPE_CHECKING: importing typing costs milliseconds
if TYPE_CHECKING:
    from collections.abc import Callable
    from typing import TypeVar

    from followup_tui.core.rows import Row
    from followup_tui.core.schedule import Timing

    T = TypeVar("T")

SUFFIX = ".toml"
CONFIG = "config.toml"
STATES = ("overdue", "due", "reminder due", "upcoming", "scheduled", "waiting", "closed")
# (thank_you_ideal_hours, thank_you_deadline_hours, reminder_after_days, max_reminders)
TimingTuple = tuple[float, float, float, int]
DEFAULT_TIMING: TimingTuple = (24.0, 48.0, 7.0, 1)
Signature = files.Signature
CacheError = sqlite3.Error  # what a query can raise when even the copy in memory fails

SCHEDULE_SLACK_S = 15 * 60.0  # schedule.SCHEDULE_SLACK (a test keeps them equal)
# schedule.next_action on the summary columns: the state's index in STATES, and
# the moment that orders a state's interviews (the deadline, the reminder's date,
# the queued send's time, or minus the interview's date, most recent first, for
# closed ones).
GROUP_SQL = """CASE
    WHEN closed THEN 6
    WHEN scheduled_at IS NOT NULL AND :now < scheduled_at + :slack THEN 4
    WHEN :now < ends_at THEN 3
    WHEN owed THEN CASE WHEN :now <= ends_at + :deadline THEN 1 ELSE 0 END
    WHEN reminders >= :max_reminders OR last_sent IS NULL THEN 6
    WHEN :now < last_sent + :reminder THEN 5
    ELSE 2 END"""
MOMENT_SQL = """CASE
    WHEN closed THEN -interview_at
    WHEN scheduled_at IS NOT NULL AND :now < scheduled_at + :slack THEN scheduled_at
    WHEN :now < ends_at OR owed THEN ends_at + :deadline
    WHEN reminders >= :max_reminders OR last_sent IS NULL THEN -interview_at
    ELSE last_sent + :reminder END"""
ROW_SQL = (
    "name, mtime_ns, ctime_ns, size, ino, digest, company, position, interview_iso, "
    "replied_iso, ends_iso, closed_reason, owed, owed_to, everyone, last_sent_iso, reminders, "
    "search, scheduled_iso, review, next_send_iso"
)
_INSERT = "INSERT OR REPLACE INTO files VALUES (" + ", ".join("?" * 28) + ")"


def timing_tuple(timing: Timing) -> TimingTuple:
    """A schedule.Timing as the four numbers the SQL needs."""
    return (
        float(timing.thank_you_ideal_hours),
        float(timing.thank_you_deadline_hours),
        float(timing.reminder_after_days),
        int(timing.max_reminders),
    )


def _parameters(now: float, timing: TimingTuple) -> dict[str, float]:
    _, deadline_hours, reminder_days, max_reminders = timing
    return {
        "now": now,
        "deadline": deadline_hours * 3600,
        "reminder": reminder_days * 86400,
        "max_reminders": max_reminders,
        "slack": SCHEDULE_SLACK_S,
    }


# -- what sync and the queries give ---------------------------------------------


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
        self._lock = threading.Lock()
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
        known = {
            record[0]: record[1:]
            for record in db.execute(
                "SELECT name, mtime_ns, ctime_ns, size, ino, checked_ns FROM files"
            )
        }
        folder = os.path.join(self.root, "interviews")
        try:
            names = os.listdir(folder)
            dir_fd: int | None = os.open(folder, os.O_RDONLY)
        except OSError:
            names, dir_fd = [], None
        listed: list[str] = []
        stale: list[tuple[str, Signature, bool]] = []
        try:
            for name in names:
                if not name.endswith(SUFFIX) or name.startswith("."):
                    continue
                try:
                    info = os.stat(name, dir_fd=dir_fd)
                except OSError:
                    continue  # deleted while listing, or a dangling link: like Store.load_all
                listed.append(name)
                sig = (info.st_mtime_ns, info.st_ctime_ns, info.st_size, info.st_ino)
                old = known.get(name)
                if old is not None and old[:4] == sig:
                    if max(sig[0], sig[1]) < old[4] - files.RACY_NS:
                        self.hits += 1
                        continue
                    stale.append((name, sig, True))
                else:
                    stale.append((name, sig, False))
        finally:
            if dir_fd is not None:
                os.close(dir_fd)
        upserts: list[tuple[object, ...]] = []
        touched: list[tuple[object, ...]] = []
        for name, sig, same in stale:
            entry = self._entry(db, folder, name, sig, same, check_ns)
            if entry is None:
                listed.remove(name)  # gone since it was listed
            elif len(entry) == 4:
                touched.append(entry)
            else:
                upserts.append(entry)
        gone = [(name,) for name in known.keys() - set(listed)]
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
    ) -> tuple[object, ...] | None:
        """A new row for one file; a 4-tuple: only re-checked; None: it is gone."""
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
                return (check_ns, name, content, sig[3])
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
            db.executemany(_INSERT, upserts)
            db.executemany(
                "UPDATE files SET checked_ns = ? WHERE name = ? AND digest = ? AND ino = ?",
                touched,
            )
            db.executemany("DELETE FROM files WHERE name = ?", gone)
            if config is not None:
                db.execute(
                    "INSERT OR REPLACE INTO config VALUES (" + ", ".join("?" * 12) + ")", config
                )
            db.execute("COMMIT")
        except BaseException:
            db.execute("ROLLBACK")
            raise

    # -- a save or a delete by the store --------------------------------------------

    def record(self, name: str, sig: Signature, checked_ns: int, digest: str, row: Row) -> None:
        """Note a file just saved (``checked_ns`` taken before the write: racy until re-read)."""
        self._record((name, *sig, checked_ns, digest, None, *row_columns(row)))

    def forget(self, name: str) -> None:
        """Note that a file is gone."""
        self._now_or_never("DELETE FROM files WHERE name = ?", (name,))

    def _record(self, values: tuple[object, ...]) -> None:
        self._now_or_never(_INSERT, values)

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
            return self._guard(lambda: _timing(self._connection()))

    def tally(self, now: float, timing: TimingTuple) -> dict[str, int]:
        """How many readable interview files are in each state at ``now`` (none: left out)."""
        with self._lock:
            return self._guard(lambda: _tally(self._connection(), now, timing))

    def status(self, now: float, timing: TimingTuple | None = None) -> Status:
        """The counts ``followup status`` prints (with config.toml's timing unless given)."""

        def work() -> Status:
            db = self._connection()
            configured, config_problem = _timing(db)
            counts, review = {}, 0
            for group, number, held in db.execute(
                f"SELECT {GROUP_SQL} AS grp, count(*), total(review) FROM files "
                "WHERE problem IS NULL GROUP BY grp",
                _parameters(now, timing or configured),
            ):
                counts[STATES[group]] = number
                review += int(held)
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
        parameters = {**_parameters(now, timing), "last": max(limit, 1) - 1}

        def work() -> list[tuple[str, Signature, Row]]:
            db = self._connection()
            build = Rows().build
            return [build(record) for record in db.execute(HEAD_SQL, parameters)]

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


def _timing(db: sqlite3.Connection) -> tuple[TimingTuple, str]:
    found = db.execute(
        "SELECT problem, ideal_hours, deadline_hours, reminder_days, max_reminders "
        "FROM config WHERE name = ?",
        (CONFIG,),
    ).fetchone()
    if found is None:
        return DEFAULT_TIMING, ""
    problem, *numbers = found
    return tuple(numbers), problem or ""


def _tally(db: sqlite3.Connection, now: float, timing: TimingTuple) -> dict[str, int]:
    found = db.execute(
        f"SELECT {GROUP_SQL} AS grp, count(*) FROM files WHERE problem IS NULL GROUP BY grp",
        _parameters(now, timing),
    )
    return {STATES[group]: number for group, number in found}


HEAD_SQL = f"""
    WITH ranked AS (
        SELECT name AS key, {GROUP_SQL} AS grp, {MOMENT_SQL} AS moment
        FROM files WHERE problem IS NULL
    ),
    edge AS (SELECT grp, moment FROM ranked ORDER BY grp, moment LIMIT 1 OFFSET :last)
    SELECT {ROW_SQL} FROM files JOIN ranked ON files.name = ranked.key
    WHERE NOT EXISTS (SELECT 1 FROM edge)
       OR ranked.grp < (SELECT grp FROM edge)
       OR (ranked.grp = (SELECT grp FROM edge)
           AND ranked.moment <= (SELECT moment FROM edge) + 1.0)
"""


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
