"""The status index: a small cache that makes ``followup status`` instant.

For every interview file it keeps the file's stat signature and the few
schedule inputs needed to work out the state at any "now" (end of the
interview, whether a thank-you is still owed, the last sent follow-up, the
number of reminders, whether it is closed). ``refresh`` lists the folder,
stats each file and re-parses only files whose signature changed, so a hand
edit, a sync tool or another writer can never leave the answer wrong.

Trust rules (the cache is only ever a shortcut, never the truth):
- the signature is (mtime_ns, ctime_ns, size, inode); ctime cannot be set by
  users or sync tools, and the inode changes on every atomic save;
- an entry whose file changed less than ``SLACK_NS`` before it was recorded is
  "racy" (a same-size edit in the same timestamp tick would keep the same
  signature), so its content digest is re-checked on the next call;
- the file is versioned; anything unreadable is ignored and rebuilt.

The file is ``<home>/.cache/status-index``: a magic line, then a ``marshal``
payload (built in, so loading costs no imports). It is written atomically,
without fsync: a torn file after a crash is detected and simply rebuilt.

A save must not cost more in a bigger home, so saves and deletes do not
rewrite the index: they append one record to ``<home>/.cache/status-journal``
(a length, then a ``marshal`` payload). ``refresh`` reads the journal over the
index, folds it in when it writes the index, and removes it. When nothing runs
``refresh`` for a long time, a save folds the journal in itself once it passes
``JOURNAL_FOLD_BYTES`` (one whole-index write per few hundred saves). Journal
records are hints like the rest: a torn tail is ignored, a record lost to a
race only means one file is parsed again.

A big home's app start runs ``refresh`` in a child process while it imports
Textual (``refresh_ahead``): the stat calls then cost the first paint nothing
on a machine with a second core.

This module is imported on every status call: it imports only ``os``,
``marshal`` and ``time`` at load time; parsing and hashing come in lazily.
"""

from __future__ import annotations

import marshal
import os
import time

TYPE_CHECKING = False  # not typing.TYPE_CHECKING: importing typing costs milliseconds
if TYPE_CHECKING:
    from typing import Any

    from followup_tui.core.model import Interview

VERSION = 3  # 2: summaries hold interview_at; 3: the queue's time and its review flag
MAGIC = b"followup-tui status index %d\n" % VERSION
INDEX_NAME = "status-index"
JOURNAL_NAME = "status-journal"
JOURNAL_FOLD_BYTES = 64 * 1024  # about 400 records: then a save folds them into the index
SUFFIX = ".toml"
_CUT = -len(SUFFIX)  # a file name without SUFFIX is name[:_CUT]
BIG_HOME = 300  # from this many interview files the app opens urgent-first (tui list_base)
SLACK_NS = 2_000_000_000  # covers coarse timestamp ticks, FAT's 2 s and small clock skew
SCHEDULE_SLACK_S = 15 * 60.0  # schedule.SCHEDULE_SLACK (a test keeps them equal)

# Summary of a healthy file: (closed, ends_at, owed, last_sent or None, reminders,
# interview_at, scheduled_at or None, review), times as POSIX seconds. A broken
# file's summary is its error message (str).
Summary = tuple[bool, float, bool, float | None, int, float, float | None, bool]
# Timing as a tuple: (ideal_hours, deadline_hours, reminder_after_days, max_reminders).
TimingTuple = tuple[float, float, float, int]
DEFAULT_TIMING: TimingTuple = (24.0, 48.0, 7.0, 1)

STATES = ("overdue", "due", "reminder due", "upcoming", "scheduled", "waiting", "closed")


def digest(data: bytes) -> bytes:
    """A 128-bit content digest (blake2b; ``_blake2`` avoids loading OpenSSL)."""
    try:
        from _blake2 import blake2b
    except ImportError:  # pragma: no cover - every CPython build has it
        from hashlib import blake2b
    return blake2b(data, digest_size=16).digest()


def holds_at_least(root: str, count: int) -> bool:
    """Whether the home's interview folder has ``count`` entries or more.

    Listed only that far: the app asks before its first paint, and listing
    10,000 names to compare with 300 cost 3.3 ms there (0.16 ms this way).
    """
    from itertools import islice

    try:
        with os.scandir(os.path.join(root, "interviews")) as entries:
            return sum(1 for _ in islice(entries, count)) >= count
    except OSError:
        return False


def summarize(interview: Interview) -> Summary:
    """The schedule inputs of one interview, independent of "now" and timing.

    ``schedule.facts_of`` as POSIX seconds: one reading of the rules for both.
    """
    from followup_tui.core.schedule import facts_of

    facts = facts_of(interview)
    return (
        bool(facts.closed),
        facts.ends_at.timestamp(),
        facts.owes_thank_you,
        facts.last_sent.timestamp() if facts.last_sent is not None else None,
        facts.reminders,
        interview.interview_at.timestamp(),
        facts.scheduled_at.timestamp() if facts.scheduled_at is not None else None,
        facts.review,
    )


def _group_and_moment(
    summary: Summary, now: float, deadline_s: float, reminder_s: float, max_reminders: int
) -> tuple[int, float]:
    """The rules of schedule.next_action on a summary: (index in STATES, moment).

    The moment orders a state's interviews: the deadline, the reminder's
    date, or (closed) minus the interview's date, most recent first. One
    function for the three callers below: at 10,000 interviews a call per
    interview is what the app's start pays for them.
    """
    closed, ends, owed, last_sent, reminders, interview_at, scheduled_at, _ = summary
    if closed:
        return 6, -interview_at
    if scheduled_at is not None and now < scheduled_at + SCHEDULE_SLACK_S:
        return 4, scheduled_at
    if now < ends:
        return 3, ends + deadline_s
    if owed:
        moment = ends + deadline_s
        return (1 if now <= moment else 0), moment
    if reminders >= max_reminders or last_sent is None:
        return 6, -interview_at
    moment = last_sent + reminder_s
    return (5 if now < moment else 2), moment


def state_at(summary: Summary, now: float, timing: TimingTuple = DEFAULT_TIMING) -> str:
    """The interview's state at ``now`` (POSIX seconds); mirrors schedule.next_action."""
    return STATES[urgency_at(summary, now, timing)[0]]


def urgency_at(
    summary: Summary, now: float, timing: TimingTuple = DEFAULT_TIMING
) -> tuple[int, float]:
    """(urgency group, moment): schedule.urgency_key without the company tie-break."""
    _, deadline_hours, reminder_days, max_reminders = timing
    return _group_and_moment(
        summary, now, deadline_hours * 3600, reminder_days * 86400, max_reminders
    )


def most_urgent(
    snapshot: Snapshot, now: float, limit: int, timing: TimingTuple | None = None
) -> list[str]:
    """Ids of at least the ``limit`` most urgent interviews (all of them if fewer).

    The order of schedule.by_urgency starts with exactly these ids: everything
    tied with the last one (or within a second of it, for float rounding) is
    included, so sorting the loaded interviews gives the true top of the list.
    """
    return head_and_tally(snapshot, now, limit, timing)[0]


def head_and_tally(
    snapshot: Snapshot, now: float, limit: int, timing: TimingTuple | None = None
) -> tuple[list[str], dict[str, int]]:
    """``most_urgent`` and how many interviews are in each state.

    The app's start needs both before its first paint: at 10,000 interviews
    this takes 3.6 ms of CPU (13 ms when each summary took three calls and
    all of them were sorted).
    """
    timing = timing or snapshot.timing
    _, deadline_hours, reminder_days, max_reminders = timing
    deadline_s, reminder_s = deadline_hours * 3600, reminder_days * 86400
    keyed = [
        (*_group_and_moment(summary, now, deadline_s, reminder_s, max_reminders), name[:_CUT])
        for name, summary in snapshot.summaries.items()
    ]
    numbers = [0] * len(STATES)
    for group, _, _ in keyed:
        numbers[group] += 1
    tally = {state: number for state, number in zip(STATES, numbers, strict=True) if number}
    if len(keyed) <= limit:
        keyed.sort()
        return [interview_id for _, _, interview_id in keyed], tally
    # The limit-th key, then everything up to it (or tied within a second), in order:
    # a full sort of 10,000 keys took 3.2 ms of CPU before the first paint, this 0.8.
    from heapq import nsmallest  # only the app's start needs it, not ``followup status``

    group, moment, _ = nsmallest(limit, keyed)[-1]
    head = sorted(
        key for key in keyed if key[0] < group or (key[0] == group and key[1] <= moment + 1.0)
    )
    return [interview_id for _, _, interview_id in head], tally


def timing_tuple(timing: Any) -> TimingTuple:
    """Turn a schedule.Timing into the tuple kept in the index."""
    return (
        float(timing.thank_you_ideal_hours),
        float(timing.thank_you_deadline_hours),
        float(timing.reminder_after_days),
        int(timing.max_reminders),
    )


# -- the file ------------------------------------------------------------------


def index_path(root: str) -> str:
    return os.path.join(root, ".cache", INDEX_NAME)


def read_index(root: str) -> dict[str, Any]:
    """The stored index, or an empty one when it is missing, old or corrupt."""
    try:
        with open(index_path(root), "rb") as handle:
            data = handle.read()
    except OSError:
        return {}
    if not data.startswith(MAGIC):
        return {}
    try:
        loaded = marshal.loads(data[len(MAGIC) :])
    except (EOFError, ValueError, TypeError):
        return {}
    if not isinstance(loaded, dict) or not isinstance(loaded.get("files"), dict):
        return {}
    return loaded


def journal_path(root: str) -> str:
    return os.path.join(root, ".cache", JOURNAL_NAME)


def read_journal(root: str) -> list[tuple[str, Any]]:
    """The journal's records in order: (file name, entry, or None for a delete).

    Reading stops at the first record that is torn or not of this version.
    """
    return _journal_records(_journal_bytes(root))


def _journal_bytes(root: str) -> bytes:
    try:
        with open(journal_path(root), "rb") as handle:
            return handle.read()
    except OSError:
        return b""


def _journal_records(data: bytes) -> list[tuple[str, Any]]:
    records: list[tuple[str, Any]] = []
    at = 0
    while at + 4 <= len(data):
        size = int.from_bytes(data[at : at + 4], "little")
        payload = data[at + 4 : at + 4 + size]
        if len(payload) != size:
            break
        try:
            record = marshal.loads(payload)
        except (EOFError, ValueError, TypeError):
            break
        if (
            type(record) is not tuple
            or len(record) != 3
            or record[0] != VERSION
            or type(record[1]) is not str
        ):
            break
        records.append((record[1], record[2]))
        at += 4 + size
    return records


def read_current(root: str) -> dict[str, Any]:
    """The index with the journal's records applied (empty when there is neither).

    Its ``"journal"`` key, when present, is the journal's size in bytes: a
    journal that has anything in it, even only junk, is to be folded and
    removed, or a damaged one would grow for ever.
    """
    index = read_index(root)
    data = _journal_bytes(root)
    if data:
        if not index:
            index = {"version": VERSION, "files": {}}
        files = index["files"]
        for name, entry in _journal_records(data):
            if entry is None:
                files.pop(name, None)
            else:
                files[name] = entry
        index["journal"] = len(data)
    return index


def _append(root: str, name: str, entry: Any) -> None:
    """Append one record to the journal; fold the journal in once it is big."""
    payload = marshal.dumps((VERSION, name, entry))
    folder = os.path.join(root, ".cache")
    try:
        os.makedirs(folder, mode=0o700, exist_ok=True)
        fd = os.open(journal_path(root), os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
    except OSError:
        return
    try:
        os.write(fd, len(payload).to_bytes(4, "little") + payload)
        size = os.fstat(fd).st_size
    except OSError:
        return
    finally:
        os.close(fd)
    if size >= JOURNAL_FOLD_BYTES:
        fold(root)


def fold(root: str) -> None:
    """Write the journal's records into the index and remove the journal."""
    current = read_current(root)
    if not current.pop("journal", 0):
        return
    write_index(root, current)
    _drop_journal(root)


def _drop_journal(root: str) -> None:
    # A record appended between the read and this unlink is lost: harmless,
    # that file's signature no longer matches and it is simply parsed again.
    try:
        os.unlink(journal_path(root))
    except OSError:
        pass


def write_index(root: str, index: dict[str, Any]) -> None:
    """Replace the index atomically; a cache that cannot be written is skipped."""
    folder = os.path.join(root, ".cache")
    target = index_path(root)
    temp = os.path.join(folder, f".{INDEX_NAME}.{os.getpid()}.{time.time_ns()}.tmp")
    try:
        os.makedirs(folder, mode=0o700, exist_ok=True)
        fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        try:
            os.write(fd, MAGIC + marshal.dumps(index))
        finally:
            os.close(fd)
        os.replace(temp, target)
    except OSError:
        try:
            os.unlink(temp)
        except OSError:
            pass


# -- checking the files --------------------------------------------------------


def _trusted(entry: Any, sig: tuple[int, int, int, int]) -> bool | None:
    """True: entry is valid; False: signature differs; None: racy, check content."""
    if type(entry) is not tuple or len(entry) != 7 or entry[:4] != sig:
        return False
    if max(sig[0], sig[1]) < entry[4] - SLACK_NS:
        return True
    return None


def _read(path: str, dir_fd: int | None) -> tuple[bytes, tuple[int, int, int, int]]:
    fd = os.open(path, os.O_RDONLY, dir_fd=dir_fd)
    try:
        info = os.fstat(fd)
        chunks = []
        while chunk := os.read(fd, 1 << 20):
            chunks.append(chunk)
    finally:
        os.close(fd)
    return b"".join(chunks), (info.st_mtime_ns, info.st_ctime_ns, info.st_size, info.st_ino)


def _parse(name: str, data: bytes) -> Summary | str:
    from followup_tui.storage.store import StoreError, parse_interview

    try:
        return summarize(parse_interview(data, name[:_CUT]))
    except StoreError as error:
        return str(error)


def _entry_for(
    name: str, old: Any, sig: tuple[int, int, int, int], dir_fd: int, check_ns: int
) -> tuple[Any, bool] | None:
    """The current entry for one file and whether it is new; None if it vanished."""
    trusted = _trusted(old, sig)
    if trusted:
        return old, False
    try:
        data, sig = _read(name, dir_fd)
    except FileNotFoundError:
        return None
    except OSError as error:
        return (*sig, check_ns, b"", f"cannot read the file: {error.strerror or error}"), True
    content = digest(data)
    if trusted is None and old[5] == content and old[:4] == sig:
        return (*sig, check_ns, content, old[6]), True
    return (*sig, check_ns, content, _parse(name, data)), True


def _config_timing(root: str, old: Any, check_ns: int) -> tuple[Any, bool]:
    """(entry, changed) for config.toml; the entry's last item is the timing or an error."""
    path = os.path.join(root, "config.toml")
    try:
        info = os.stat(path)
        sig = (info.st_mtime_ns, info.st_ctime_ns, info.st_size, info.st_ino)
    except FileNotFoundError:
        sig = (0, 0, -1, 0)
    except OSError:
        sig = (0, 0, -2, 0)
    trusted = _trusted(old, sig)
    if trusted:
        return old, False
    try:
        data, sig = _read(path, None)
    except FileNotFoundError:
        return (*sig, check_ns, b"", DEFAULT_TIMING), True
    except OSError as error:
        return (*sig, check_ns, b"", f"config.toml: {error.strerror or error}"), True
    content = digest(data)
    if trusted is None and old[5] == content and old[:4] == sig:
        return (*sig, check_ns, content, old[6]), True
    from followup_tui.storage.config import ConfigError, parse_config

    try:
        from pathlib import Path

        timing: TimingTuple | str = timing_tuple(
            parse_config(data.decode("utf-8"), Path(path)).timing
        )
    except (ConfigError, UnicodeDecodeError) as error:
        timing = str(error)
    return (*sig, check_ns, content, timing), True


class Snapshot:
    """What ``refresh`` found: per-file summaries, broken files and the timing."""

    __slots__ = ("summaries", "broken", "timing", "config_problem")

    def __init__(
        self,
        summaries: dict[str, Summary],
        broken: dict[str, str],
        timing: TimingTuple,
        config_problem: str,
    ) -> None:
        self.summaries = summaries
        self.broken = broken
        self.timing = timing
        self.config_problem = config_problem

    def states(self, now: float, timing: TimingTuple | None = None) -> dict[str, str]:
        """Interview id -> state name at ``now`` (with the config's timing unless given)."""
        timing = timing or self.timing
        return {
            name[:_CUT]: state_at(summary, now, timing) for name, summary in self.summaries.items()
        }


def refresh(root: str, *, write: bool = True) -> Snapshot:
    """Bring the index up to date with the interview files and return what it holds."""
    check_ns = time.time_ns()
    old = read_current(root)
    old_files: dict[str, Any] = old.get("files", {}) if old else {}
    journal = old.get("journal", 0) if old else 0
    folder = os.path.join(root, "interviews")
    files: dict[str, Any] = {}
    changed = False
    try:
        names = os.listdir(folder)
        dir_fd: int | None = os.open(folder, os.O_RDONLY)
    except (FileNotFoundError, NotADirectoryError):
        names, dir_fd = [], None
    try:
        for name in names:
            if not name.endswith(SUFFIX) or name.startswith("."):
                continue
            try:
                info = os.stat(name, dir_fd=dir_fd)
            except OSError:
                continue  # deleted while listing, or a dangling link: like Store.load_all
            entry = old_files.get(name)
            sig = (info.st_mtime_ns, info.st_ctime_ns, info.st_size, info.st_ino)
            if _trusted(entry, sig):
                files[name] = entry
                continue
            result = _entry_for(name, entry, sig, dir_fd, check_ns)  # type: ignore[arg-type]
            if result is not None:
                files[name], _ = result
                changed = True
    finally:
        if dir_fd is not None:
            os.close(dir_fd)
    if len(files) != len(old_files) or journal:
        changed = True
    config_entry, config_changed = _config_timing(root, old.get("config"), check_ns)
    if (changed or config_changed) and write and os.path.isdir(root):
        write_index(root, {"version": VERSION, "config": config_entry, "files": files})
        if journal:
            _drop_journal(root)
    summaries: dict[str, Summary] = {}
    broken: dict[str, str] = {}
    for name, entry in files.items():
        if isinstance(entry[6], str):
            broken[name[:_CUT]] = entry[6]
        else:
            summaries[name] = entry[6]
    timing = config_entry[6]
    if isinstance(timing, str):
        return Snapshot(summaries, broken, DEFAULT_TIMING, timing)
    return Snapshot(summaries, broken, tuple(timing), "")


def record_saved(root: str, interview: Interview, data: bytes, before_ns: int, path: str) -> None:
    """Store hook: note a just-saved interview so the next status need not re-parse it.

    ``before_ns`` is the time taken before the write, so the entry counts as
    racy until its content digest is re-checked: another writer slipping in
    between the write and the stat can never be mistaken for this save.
    Costs one stat and one small append, whatever the size of the home.
    """
    try:
        info = os.stat(path)
    except OSError:
        return
    sig = (info.st_mtime_ns, info.st_ctime_ns, info.st_size, info.st_ino)
    entry = (*sig, before_ns, digest(data), summarize(interview))
    _append(root, os.path.basename(path), entry)


def record_deleted(root: str, interview_id: str) -> None:
    """Store hook: note that an interview is gone (one small append)."""
    _append(root, interview_id + SUFFIX, None)


# -- refreshing in a child process ---------------------------------------------


class Ahead:
    """A ``refresh`` running in a child process (``refresh_ahead``); ``result`` waits for it."""

    __slots__ = ("pid", "fd")

    def __init__(self, pid: int, fd: int) -> None:
        self.pid = pid
        self.fd = fd

    def result(self) -> Snapshot | None:
        """The child's snapshot, or None when it failed (then refresh here instead)."""
        chunks = []
        try:
            while chunk := os.read(self.fd, 1 << 20):
                chunks.append(chunk)
        except OSError:
            chunks = []
        finally:
            os.close(self.fd)
        try:
            _, status = os.waitpid(self.pid, 0)
        except ChildProcessError:
            status = -1
        if status != 0:
            return None
        try:
            summaries, broken, timing, problem = marshal.loads(b"".join(chunks))
        except (EOFError, ValueError, TypeError):
            return None
        return Snapshot(summaries, broken, tuple(timing), problem)


def refresh_ahead(root: str) -> Ahead | None:
    """Start ``refresh(root)`` in a child process, so it runs while this one goes on.

    The app needs the refreshed index before its first paint, and at 10,000
    interviews the refresh (one ``stat`` per file) takes 35-40 ms of CPU: a
    child does it on another core while the app imports Textual, and hands
    the snapshot over through a pipe (first paint at 10,000: 346 -> 304 ms
    on two cores, 9 interleaved rounds). Only on Linux (a fork without exec
    is not safe everywhere), and only before the app starts any thread; None
    when it cannot start, and the caller then refreshes itself.
    """
    import sys
    import threading

    if sys.platform != "linux" or threading.active_count() > 1:
        # A thread holding a lock (the import lock, say) as the fork happens would
        # leave the child stuck on it for good, and this process waiting for it.
        return None
    read_fd, write_fd = os.pipe()
    try:
        pid = os.fork()
    except OSError:
        os.close(read_fd)
        os.close(write_fd)
        return None
    if pid == 0:  # the child: refresh, hand the snapshot over, leave without cleanup
        code = 1
        try:
            os.close(read_fd)
            snapshot = refresh(root)
            data = memoryview(
                marshal.dumps(
                    (
                        snapshot.summaries,
                        snapshot.broken,
                        snapshot.timing,
                        snapshot.config_problem,
                    )
                )
            )
            while data:
                data = data[os.write(write_fd, data) :]
            code = 0
        finally:
            os._exit(code)
    os.close(write_fd)
    return Ahead(pid, read_fd)
