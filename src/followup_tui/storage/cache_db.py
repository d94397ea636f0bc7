"""Opening ``<home>/.cache/index.sqlite3`` so that it can never be turned against the user.

The cache is only a shortcut: the TOML files are the truth, and deleting
``.cache/`` loses nothing. So anything doubtful about it means "no cache"
(or a fresh one), never an error and never a write through someone else's
link:

- ``.cache/`` is created 0700; one that is a symlink, not a folder or not the
  user's own is not used at all; one of the user's own that others may write
  is made 0700 first (a folder only its owner can write, nobody can plant a
  link in it any more);
- the database and its ``-wal`` / ``-shm`` / ``-journal`` files are removed
  when one is a symlink, not a regular file, not the user's own or writable
  by others; the database is created 0600 and exclusively (``O_EXCL``);
- a database that is corrupt or of another version is emptied and rebuilt.

WAL mode and a busy timeout let several ``followup`` processes and the app
share it; commits are not fsynced (``synchronous=NORMAL``): losing the last
commits to a power cut costs a re-read, not data.
"""

from __future__ import annotations

import os
import stat

TYPE_CHECKING = False  # not typing.TYPE_CHECKING: importing typing costs milliseconds
if TYPE_CHECKING:
    import sqlite3 as sqlite3  # (re-exported for cache.py)
else:
    try:  # the C module itself: the package adds datetime adapters nothing here uses
        import _sqlite3 as sqlite3
    except ImportError:  # pragma: no cover - another Python
        import sqlite3

NAME = "index.sqlite3"
SIDE_FILES = ("-wal", "-shm", "-journal")
# PRAGMA user_version: another version is rebuilt (3: reply wait, reminder_to;
# 4: sync conflict copies are problems, not rows; 5: the send queue)
VERSION = 5
BUSY_MS = 2000
FOLDER_MODE = 0o700
FILE_MODE = 0o600
# Result codes: a statement that does not fit the tables, a damaged file, not a database.
SQLITE_ERROR, SQLITE_CORRUPT, SQLITE_NOTADB = 1, 11, 26

SCHEMA = """
CREATE TABLE files (
    name TEXT PRIMARY KEY,
    mtime_ns INTEGER NOT NULL,
    ctime_ns INTEGER NOT NULL,
    size INTEGER NOT NULL,
    ino INTEGER NOT NULL,
    checked_ns INTEGER NOT NULL,
    digest TEXT NOT NULL,
    problem TEXT,
    closed INTEGER, ends_at REAL, owed INTEGER, last_sent REAL, reminders INTEGER,
    interview_at REAL,
    company TEXT, position TEXT, interview_iso TEXT, replied_iso TEXT, ends_iso TEXT,
    closed_reason TEXT, owed_to TEXT, everyone TEXT, last_sent_iso TEXT, search TEXT,
    scheduled_at REAL, review INTEGER, scheduled_iso TEXT, next_send_iso TEXT,
    reminder_to TEXT,
    trusted BLOB  -- the packed signature once the row is past the racy window, else NULL
);
CREATE TABLE config (
    name TEXT PRIMARY KEY,
    mtime_ns INTEGER NOT NULL,
    ctime_ns INTEGER NOT NULL,
    size INTEGER NOT NULL,
    ino INTEGER NOT NULL,
    checked_ns INTEGER NOT NULL,
    digest TEXT NOT NULL,
    problem TEXT,
    ideal_hours REAL, deadline_hours REAL, reminder_days REAL, max_reminders INTEGER,
    reply_wait_days REAL
);
"""


def memory() -> sqlite3.Connection:
    """An empty cache that lives only as long as the process (the cache cannot be used)."""
    connection = sqlite3.connect(":memory:", isolation_level=None, check_same_thread=False)
    connection.executescript(SCHEMA)
    return connection


def _private_folder(folder: str) -> bool:
    """Whether ``folder`` is a real folder of the user's own that only they can write.

    Created 0700 when missing; tightened to 0700 when it is the user's own
    but open to others. Never follows a symlink.
    """
    try:
        os.mkdir(folder, FOLDER_MODE)
    except FileExistsError:
        pass
    except OSError:
        return False
    try:
        fd = os.open(folder, os.O_RDONLY | os.O_DIRECTORY | os.O_NOFOLLOW)
    except OSError:
        return False  # a symlink (ELOOP), not a folder, or unreadable
    try:
        info = os.fstat(fd)
        if not stat.S_ISDIR(info.st_mode) or info.st_uid != os.getuid():
            return False
        if info.st_mode & 0o077:
            os.fchmod(fd, FOLDER_MODE)  # from now on nobody else can add or swap entries
        return True
    except OSError:
        return False
    finally:
        os.close(fd)


def _sound(path: str) -> bool | None:
    """True: a regular file of the user's own that others cannot write; None: absent."""
    try:
        info = os.lstat(path)
    except FileNotFoundError:
        return None
    except OSError:
        return False
    return stat.S_ISREG(info.st_mode) and info.st_uid == os.getuid() and not info.st_mode & 0o022


def _clear_unsound(path: str) -> bool:
    """Remove any of the database's files that cannot be trusted; False if one stays."""
    for candidate in (path, *(path + side for side in SIDE_FILES)):
        if _sound(candidate) is False:
            try:
                os.unlink(candidate)
            except OSError:
                return False
    return True


def _remove(path: str) -> None:
    for candidate in (path, *(path + side for side in SIDE_FILES)):
        try:
            os.unlink(candidate)
        except FileNotFoundError:
            pass


def damaged(error: sqlite3.Error) -> bool:
    """Whether ``error`` says the file is corrupt, not a database or of another shape.

    Not busy, locked, read-only or full: those pass, and the file is left alone.
    """
    code = getattr(error, "sqlite_errorcode", 0) & 0xFF
    return code in (SQLITE_ERROR, SQLITE_CORRUPT, SQLITE_NOTADB)


def _prepare(connection: sqlite3.Connection) -> None:
    """WAL, the busy timeout, and this version's tables (rebuilt when the version differs)."""
    connection.execute(f"PRAGMA busy_timeout = {BUSY_MS}")
    (version,) = connection.execute("PRAGMA user_version").fetchone()
    if version == VERSION:
        return
    connection.execute("PRAGMA journal_mode = WAL")
    connection.execute("BEGIN IMMEDIATE")
    try:
        (version,) = connection.execute("PRAGMA user_version").fetchone()
        if version != VERSION:  # another process may have built it meanwhile
            tables = connection.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
            ).fetchall()
            for (table,) in tables:
                connection.execute(f'DROP TABLE "{table}"')
            for statement in SCHEMA.split(";"):
                if statement.strip():
                    connection.execute(statement)
            connection.execute(f"PRAGMA user_version = {VERSION}")
        connection.execute("COMMIT")
    except BaseException:
        connection.execute("ROLLBACK")
        raise


def connect(root: str, *, fresh: bool = False) -> sqlite3.Connection | None:
    """The home's cache database, opened safely; None when it cannot be used.

    ``fresh``: remove the old one first (it proved damaged). Never creates the
    home itself (``followup status`` on a missing home writes nothing).
    """
    if not os.path.isdir(root):
        return None
    folder = os.path.join(root, ".cache")
    if not _private_folder(folder):
        return None
    path = os.path.join(folder, NAME)
    if fresh:
        try:
            _remove(path)
        except OSError:
            return None
    for attempt in range(2):
        if not _clear_unsound(path):
            return None
        try:
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW, FILE_MODE)
            os.close(fd)
        except FileExistsError:
            pass
        except OSError:
            return None
        try:
            before = os.lstat(path)
            connection = sqlite3.connect(
                path, timeout=BUSY_MS / 1000, isolation_level=None, check_same_thread=False
            )
        except (OSError, sqlite3.Error):
            return None
        try:
            connection.execute("PRAGMA synchronous = NORMAL")
            # Rows are read once per load: a small page cache (the OS keeps the file's
            # pages anyway) instead of SQLite's default 2 MB in every process.
            connection.execute("PRAGMA cache_size = -512")
            _prepare(connection)
            after = os.lstat(path)
            if (after.st_ino, after.st_dev) != (before.st_ino, before.st_dev) or not _sound(path):
                connection.close()
                return None  # swapped while it was opened
            return connection
        except sqlite3.DatabaseError as error:
            connection.close()
            if attempt or not damaged(error):
                return None  # busy beyond the timeout, read-only, ...: no cache this time
            _remove(path)  # corrupt or not a database: start afresh, once
        except (OSError, sqlite3.Error):
            connection.close()
            return None
    return None
