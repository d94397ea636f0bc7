"""The SQLite cache never shows a stale or foreign row, and losing it loses nothing."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
import tracemalloc
from pathlib import Path

import pytest
from benchmarks.make_home import make_interviews, write_home

from followup_tui.core.rows import Row, rank
from followup_tui.storage import cache, cache_db, cache_sql, files
from followup_tui.storage.paths import Home
from followup_tui.storage.store import ConflictError, Store
from tests.conftest import NOW, count_parses, make_interview, rewrite_in_place


def _db(home: Home) -> Path:
    return home.cache / cache_db.NAME


def _sql(home: Home, query: str, *args: object) -> list[tuple[object, ...]]:
    connection = sqlite3.connect(_db(home), isolation_level=None)
    try:
        return connection.execute(query, args).fetchall()
    finally:
        connection.close()


def _age_cache(home: Home) -> None:
    """Pretend every row was checked well after its file last changed."""
    age_rows(_db(home), 100 * files.RACY_NS)


def age_rows(database: Path | str, by_ns: int) -> None:
    """Move every row's check ``by_ns`` later, with the trust that gives (as a sync would)."""
    connection = sqlite3.connect(database, isolation_level=None)
    try:
        rows = connection.execute(
            "SELECT name, mtime_ns, ctime_ns, size, ino, checked_ns FROM files"
        ).fetchall()
        connection.executemany(
            "UPDATE files SET checked_ns = ?, trusted = ? WHERE name = ?",
            [
                (checked + by_ns, cache.trusted_key((m, c, size, ino), checked + by_ns), name)
                for name, m, c, size, ino, checked in rows
            ],
        )
    finally:
        connection.close()


def _fill(store: Store) -> list[str]:
    return [store.save(make_interview(company=c)).id for c in ("Acme", "Globex", "Initech")]


def _remove_cache(store: Store) -> None:
    """No cache file, and no connection to one left open (as after the last process quit)."""
    store.cache.close()
    for side in ("", "-wal", "-shm"):
        Path(f"{_db(store.home)}{side}").unlink(missing_ok=True)


def _fields(rows: list[Row]) -> list[list[object]]:
    return [[getattr(row, name) for name in Row.__slots__] for row in rows]


def _reads(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The interview files the cache reads from now on."""
    seen: list[str] = []
    real = files.read_regular

    def counting(path: object, **kwargs: object) -> object:
        seen.append(os.path.basename(str(path)))
        return real(path, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(files, "read_regular", counting)
    return seen


def test_second_load_uses_the_cache(
    store: Store, home: Home, monkeypatch: pytest.MonkeyPatch
) -> None:
    ids = _fill(store)
    first = Store(home).load_rows()
    assert _db(home).stat().st_mode & 0o777 == 0o600
    assert home.cache.stat().st_mode & 0o777 == 0o700
    _age_cache(home)
    parsed, read = count_parses(monkeypatch), _reads(monkeypatch)
    second = Store(home).load_rows()
    assert parsed == [] and read == []
    assert [row.id for row in second.rows] == sorted(ids)
    assert _fields(second.rows) == _fields(first.rows)


def test_recent_files_are_read_again_until_they_settle(
    store: Store, home: Home, monkeypatch: pytest.MonkeyPatch
) -> None:
    ids = _fill(store)
    Store(home).load_rows()
    parsed, read = count_parses(monkeypatch), _reads(monkeypatch)
    Store(home).load_rows()  # the files changed within RACY_NS of the check
    assert sorted(read) == sorted(f"{i}.toml" for i in ids)  # content checked again ...
    assert parsed == []  # ... and found the same: not parsed
    monkeypatch.setattr(files, "RACY_NS", 0)  # the files are now old enough
    read.clear()
    Store(home).load_rows()
    assert sorted(read) == sorted(f"{i}.toml" for i in ids)  # checked once more: settled
    read.clear()
    Store(home).load_rows()
    assert read == [] and parsed == []  # and from now on trusted on their signature


def test_same_size_edit_with_restored_mtime_is_reread(store: Store, home: Home) -> None:
    saved = store.save(make_interview(company="Acme"))
    Store(home).load_rows()
    _age_cache(home)
    path = home.interviews / f"{saved.id}.toml"
    before = path.stat()
    path.write_bytes(path.read_bytes().replace(b'"Acme"', b'"Acne"'))
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))
    assert path.stat().st_size == before.st_size
    assert [row.company for row in Store(home).load_rows().rows] == ["Acne"]


def test_new_and_removed_files(store: Store, home: Home) -> None:
    ids = _fill(store)
    Store(home).load_rows()
    (home.interviews / f"{ids[0]}.toml").unlink()
    added = store.save(make_interview(company="Hooli")).id
    result = Store(home).load_rows()
    assert sorted(row.id for row in result.rows) == sorted([*ids[1:], added])
    assert len(_sql(home, "SELECT name FROM files")) == 3


@pytest.mark.parametrize(
    "content", [b"", b"garbage", b"SQLite format 3\x00" + b"\x01" * 500, b"\x00" * 4096]
)
def test_corrupt_cache_is_ignored_and_rewritten(store: Store, home: Home, content: bytes) -> None:
    ids = _fill(store)
    _remove_cache(store)
    _db(home).write_bytes(content)
    result = Store(home).load_rows()
    assert [row.id for row in result.rows] == sorted(ids)
    assert len(_sql(home, "SELECT name FROM files")) == 3


def test_a_cache_damaged_under_a_running_process_gives_right_answers(
    store: Store, home: Home
) -> None:
    ids = _fill(store)
    reader = Store(home)
    reader.load_rows()
    _db(home).write_bytes(b"\x00" * 100)  # while both still have it open
    assert [row.id for row in reader.load_rows().rows] == sorted(ids)
    assert [row.id for row in Store(home).load_rows().rows] == sorted(ids)


def test_a_database_of_another_shape_is_never_trusted(store: Store, home: Home) -> None:
    """This version's number on someone else's tables: the queries fail, the answers do not."""
    ids = _fill(store)
    _remove_cache(store)
    _sql(home, "CREATE TABLE files (name TEXT, what TEXT)")
    _sql(home, f"PRAGMA user_version = {cache_db.VERSION}")
    assert [row.id for row in Store(home).load_rows().rows] == sorted(ids)
    fresh = cache.Cache(str(home.root))
    fresh.sync()
    assert fresh.status(NOW.timestamp()).total == 3


def test_cache_writable_by_others_is_not_read(
    store: Store, home: Home, monkeypatch: pytest.MonkeyPatch
) -> None:
    ids = _fill(store)
    Store(home).load_rows()
    _age_cache(home)
    os.chmod(_db(home), 0o666)
    parsed = count_parses(monkeypatch)
    Store(home).load_rows()
    assert sorted(parsed) == sorted(ids)  # built again from the files ...
    assert _db(home).stat().st_mode & 0o777 == 0o600  # ... as the user's own


def test_a_cache_folder_open_to_others_is_made_private(store: Store, home: Home) -> None:
    _fill(store)
    home.cache.chmod(0o777)
    assert len(Store(home).load_rows().rows) == 3
    assert home.cache.stat().st_mode & 0o777 == 0o700


def test_cached_rows_keep_conflict_detection(store: Store, home: Home) -> None:
    saved = store.save(make_interview(company="Acme"))
    Store(home).load_rows()
    _age_cache(home)
    fresh = Store(home)
    fresh.load_rows()
    interview = fresh.read(saved.id)
    interview.notes = "mine"
    fresh.save(interview)  # the cached digest matches the file: no false conflict
    other = Store(home)
    other.load_rows()
    stale = other.read(saved.id)
    path = home.interviews / f"{saved.id}.toml"
    path.write_bytes(path.read_bytes().replace(b"mine", b"hand"))
    stale.notes = "again"
    with pytest.raises(ConflictError):
        other.save(stale)


def test_broken_file_is_reported_then_loaded_once_fixed(store: Store, home: Home) -> None:
    saved = store.save(make_interview(company="Acme"))
    Store(home).load_rows()
    path = home.interviews / f"{saved.id}.toml"
    good = path.read_bytes()
    path.write_bytes(b"company = ")
    result = Store(home).load_rows()
    assert result.rows == [] and len(result.problems) == 1
    path.write_bytes(good)
    assert [row.company for row in Store(home).load_rows().rows] == ["Acme"]


def test_load_all_writes_no_cache(store: Store, home: Home) -> None:
    """load_all parses every file itself (export needs whole interviews)."""
    ids = _fill(store)
    _remove_cache(store)
    assert [i.id for i in Store(home).load_all().interviews] == sorted(ids)
    assert not _db(home).exists()


def test_a_writer_killed_mid_transaction_leaves_a_sound_cache(store: Store, home: Home) -> None:
    """SQLite rolls a killed writer's transaction back: the next reader sees the last commit."""
    ids = _fill(store)
    Store(home).load_rows()
    code = (
        "import os, sqlite3, sys\n"
        "c = sqlite3.connect(sys.argv[1], isolation_level=None)\n"
        "c.execute('BEGIN IMMEDIATE')\n"
        "c.execute(\"UPDATE files SET company = 'Half Written', closed = 1\")\n"
        "os._exit(9)\n"
    )
    done = subprocess.run([sys.executable, "-c", code, str(_db(home))], timeout=60)
    assert done.returncode == 9
    rows = Store(home).load_rows().rows
    assert [row.id for row in rows] == sorted(ids)
    assert "Half Written" not in {row.company for row in rows}


def test_loading_rows_holds_about_the_rows_it_keeps(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The peak of a load from a warm cache is the rows it keeps, not rows plus a file copy."""
    monkeypatch.setattr(files, "RACY_NS", 0)
    home = write_home(tmp_path / "home", make_interviews(1000, 5, NOW))
    Store(home).load_rows()
    store = Store(home)
    before = store.cache.hits
    tracemalloc.start()
    try:
        rows = store.load_rows().rows  # kept with what the store keeps of each file
        kept, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert len(rows) == 1000 and store.cache.hits - before == 1000
    assert peak < 1.25 * kept


# -- the head: the rows a big home's first paint reads ------------------------------


@pytest.fixture
def filled(home: Home) -> Home:
    store = Store(home)
    for n in range(6):
        store.save(make_interview(company=f"Co {n}", interview_at=NOW.replace(day=20 + n)))
    (home.interviews / "broken.toml").write_text("company = [", encoding="utf-8")
    return home


@pytest.mark.parametrize("limit", [1, 2, 3, 6, 50])
def test_most_urgent_is_the_top_of_the_list(filled: Home, limit: int) -> None:
    full = [row.id for row, _ in rank(Store(filled).load_rows().rows, NOW)]
    store = Store(filled)
    rows, tally, total = store.most_urgent(NOW.timestamp(), cache_sql.DEFAULT_TIMING, limit)
    assert total == 7  # the broken file counts, as in ``followup status``
    assert sum(tally.values()) == 6
    ids = [row.id for row, _ in rank(rows, NOW)]
    assert len(ids) >= min(limit, 6)
    assert ids == full[: len(ids)]
    # Remembered as read: saving one of them is no conflict.
    interview = store.read(ids[0])
    interview.notes = "mine"
    store.save(interview)


def test_the_head_is_read_from_the_cache_without_parsing(
    filled: Home, monkeypatch: pytest.MonkeyPatch
) -> None:
    Store(filled).load_rows()
    _age_cache(filled)
    rows = _fields([row for row, _ in rank(Store(filled).load_rows().rows, NOW)])
    edited = Store(filled).load_rows().rows[1]
    rewrite_in_place(Store(filled).path_for(edited.id), edited.company, "Edited Co")
    parsed = count_parses(monkeypatch)
    head, _, _ = Store(filled).most_urgent(NOW.timestamp(), cache_sql.DEFAULT_TIMING, 50)
    assert parsed == [edited.id]  # the changed file only
    companies = {row.id: row.company for row in head}
    assert companies[edited.id] == "Edited Co"
    unchanged = [fields for fields in rows if fields[0] != edited.id]
    assert [f for f in _fields(sorted(head, key=lambda r: r.id)) if f[0] != edited.id] == sorted(
        unchanged, key=lambda f: str(f[0])
    )
