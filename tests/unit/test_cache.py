"""The parsed-interview cache never shows a stale or foreign interview."""

from __future__ import annotations

import os
import pickle
import time
from pathlib import Path

import pytest

from followup_tui.storage.cache import FILE_NAME, InterviewCache
from followup_tui.storage.paths import Home
from followup_tui.storage.store import ConflictError, Store
from tests.conftest import count_parses, make_interview


def _cache_path(home: Home) -> Path:
    return home.cache / FILE_NAME


def _age_cache(home: Home) -> None:
    """Pretend the cache was written well after the files last changed."""
    later = time.time() + 100
    os.utime(_cache_path(home), (later, later))


def _fill(store: Store) -> list[str]:
    ids = []
    for company in ("Acme", "Globex", "Initech"):
        ids.append(store.save(make_interview(company=company)).id)
    return ids


def test_second_load_uses_the_cache(
    store: Store, home: Home, monkeypatch: pytest.MonkeyPatch
) -> None:
    ids = _fill(store)
    first = Store(home).load_all()
    assert _cache_path(home).stat().st_mode & 0o777 == 0o600
    _age_cache(home)
    parsed = count_parses(monkeypatch)
    second = Store(home).load_all()
    assert parsed == []
    assert [i.id for i in second.interviews] == sorted(ids)
    assert second.interviews == first.interviews


def test_recent_files_are_not_trusted(
    store: Store, home: Home, monkeypatch: pytest.MonkeyPatch
) -> None:
    ids = _fill(store)
    Store(home).load_all()
    parsed = count_parses(monkeypatch)
    before = _cache_path(home).stat().st_ino
    Store(home).load_all()  # files changed within RACY_NS of the cache write
    assert sorted(parsed) == sorted(ids)
    assert _cache_path(home).stat().st_ino != before  # rewritten, to be trusted later
    cache = InterviewCache.open(_cache_path(home))
    assert len(cache) == 3


def test_same_size_edit_with_restored_mtime_is_reread(
    store: Store, home: Home, monkeypatch: pytest.MonkeyPatch
) -> None:
    saved = store.save(make_interview(company="Acme"))
    Store(home).load_all()
    _age_cache(home)
    path = home.interviews / f"{saved.id}.toml"
    before = path.stat()
    path.write_bytes(path.read_bytes().replace(b'"Acme"', b'"Acne"'))
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))
    assert path.stat().st_size == before.st_size
    result = Store(home).load_all()
    assert [i.company for i in result.interviews] == ["Acne"]


def test_new_and_removed_files(store: Store, home: Home, monkeypatch: pytest.MonkeyPatch) -> None:
    ids = _fill(store)
    Store(home).load_all()
    (home.interviews / f"{ids[0]}.toml").unlink()
    added = store.save(make_interview(company="Hooli")).id
    _age_cache(home)
    result = Store(home).load_all()
    assert sorted(i.id for i in result.interviews) == sorted([*ids[1:], added])
    cache = InterviewCache.open(_cache_path(home))
    assert len(cache) == 3


@pytest.mark.parametrize(
    "content",
    [b"", b"garbage", pickle.dumps({"layout": None})[:-3], pickle.dumps({"layout": 1})],
)
def test_corrupt_cache_is_ignored_and_rewritten(store: Store, home: Home, content: bytes) -> None:
    ids = _fill(store)
    _cache_path(home).write_bytes(content)
    result = Store(home).load_all()
    assert [i.id for i in result.interviews] == sorted(ids)
    assert len(InterviewCache.open(_cache_path(home))) == 3


class _Evil:
    def __reduce__(self) -> tuple[object, tuple[str]]:
        return (os.system, ("touch /tmp/followup-cache-pwned",))


def test_foreign_objects_are_never_built(store: Store, home: Home, tmp_path: Path) -> None:
    _fill(store)
    home.cache.mkdir(exist_ok=True)
    _cache_path(home).write_bytes(pickle.dumps({"layout": _Evil()}))
    assert len(Store(home).load_all().interviews) == 3
    assert not Path("/tmp/followup-cache-pwned").exists()


def test_cache_writable_by_others_is_ignored(
    store: Store, home: Home, monkeypatch: pytest.MonkeyPatch
) -> None:
    ids = _fill(store)
    Store(home).load_all()
    _age_cache(home)
    os.chmod(_cache_path(home), 0o666)
    parsed = count_parses(monkeypatch)
    Store(home).load_all()
    assert sorted(parsed) == sorted(ids)


def test_cached_load_keeps_conflict_detection(store: Store, home: Home) -> None:
    saved = store.save(make_interview(company="Acme"))
    Store(home).load_all()
    _age_cache(home)
    fresh = Store(home)
    interview = fresh.load_all().interviews[0]
    interview.notes = "mine"
    fresh.save(interview)  # the cached digest matches the file: no false conflict
    other = Store(home)
    stale = other.load_all().interviews[0]
    path = home.interviews / f"{saved.id}.toml"
    path.write_bytes(path.read_bytes().replace(b"mine", b"hand"))
    stale.notes = "again"
    with pytest.raises(ConflictError):
        other.save(stale)


def test_broken_file_is_reported_then_loaded_once_fixed(store: Store, home: Home) -> None:
    saved = store.save(make_interview(company="Acme"))
    Store(home).load_all()
    path = home.interviews / f"{saved.id}.toml"
    good = path.read_bytes()
    path.write_bytes(b"company = ")
    _age_cache(home)
    result = Store(home).load_all()
    assert result.interviews == [] and len(result.problems) == 1
    path.write_bytes(good)
    assert [i.company for i in Store(home).load_all().interviews] == ["Acme"]


def test_use_cache_false_writes_no_cache(store: Store, home: Home) -> None:
    _fill(store)
    Store(home).load_all(use_cache=False)
    assert not _cache_path(home).exists()


def test_temp_files_of_a_killed_writer_are_removed(store: Store, home: Home) -> None:
    """A process killed while writing the cache leaves its temp file; the next write removes it."""
    import subprocess
    import sys

    gone = subprocess.Popen([sys.executable, "-c", "pass"])
    gone.wait()
    home.cache.mkdir(parents=True, exist_ok=True)
    orphan = home.cache / f".{FILE_NAME}.{gone.pid}.tmp"
    alive = home.cache / f".{FILE_NAME}.{os.getppid()}.tmp"  # a writer still at work
    other = home.cache / ".status-index.123.tmp"  # not this cache's
    for path in (orphan, alive, other):
        path.write_bytes(b"half a cache")
    _fill(store)
    Store(home).load_all()
    assert _cache_path(home).exists()
    assert not orphan.exists()
    assert alive.exists() and other.exists()
