"""Promise 1b: a save that fails at its Nth I/O call, for every N, tells the truth.

Every os call the store makes during a save (open, write, fsync, close,
rename, the folder fsync, stat) and the re-read of the file fail in turn
with ENOSPC, EIO or EROFS. A save reported as failed (plain StoreError) left
the previous file byte-for-byte and no temp file; a save that failed after
the rename is reported as saved (DurabilityError or success) and a following
save goes through without a false conflict.
"""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path
from typing import Any

import pytest

from followup_tui.storage import files as files_module
from followup_tui.storage import store as store_module
from followup_tui.storage.paths import Home
from followup_tui.storage.store import ConflictError, DurabilityError, Store, StoreError
from tests.conftest import NOW, make_interview
from tests.reliability.helpers import temp_files

IO_CALLS = frozenset({"open", "write", "fsync", "close", "replace", "stat", "fstat", "unlink"})


class FaultyOs:
    """Stands in for ``os`` inside store.py and fails the ``fail_at``-th I/O call."""

    def __init__(self, fail_at: int, code: int) -> None:
        self.fail_at, self.code, self.calls = fail_at, code, list[str]()

    def hit(self, name: str) -> bool:
        self.calls.append(name)
        return len(self.calls) == self.fail_at

    def __getattr__(self, name: str) -> Any:
        real = getattr(os, name)
        if name not in IO_CALLS:
            return real

        def call(*args: Any, **kwargs: Any) -> Any:
            if not self.hit(name):
                return real(*args, **kwargs)
            if name == "close":
                real(*args, **kwargs)  # Linux closes the descriptor even when close fails
            raise OSError(self.code, os.strerror(self.code))

        return call


def inject(monkeypatch: pytest.MonkeyPatch, fail_at: int, code: int) -> FaultyOs:
    faulty = FaultyOs(fail_at, code)
    monkeypatch.setattr(store_module, "os", faulty)
    monkeypatch.setattr(files_module, "os", faulty)  # the atomic write and the guarded read
    real_read_bytes = Path.read_bytes

    def read_bytes(path: Path) -> bytes:
        if faulty.hit("read_bytes"):
            raise OSError(code, os.strerror(code))
        return real_read_bytes(path)

    monkeypatch.setattr(Path, "read_bytes", read_bytes)
    return faulty


@pytest.mark.parametrize("code", [errno.ENOSPC, errno.EIO, errno.EROFS])
def test_every_failing_io_call_of_a_save_is_reported_honestly(
    fast_home: Home, code: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    outcomes: dict[str, int] = {}
    fail_at = 0
    while True:
        fail_at += 1
        store = Store(fast_home)
        interview = store.save(make_interview(notes=f"first {fail_at}"), now=NOW)
        path = store.path_for(interview.id)
        before = path.read_bytes()
        interview.notes = f"second {fail_at}"
        with monkeypatch.context() as patch:
            faulty = inject(patch, fail_at, code)
            try:
                store.save(interview)
                outcome = "saved"
            except ConflictError as error:
                pytest.fail(f"I/O call {fail_at} failing gave a false conflict: {error}")
            except DurabilityError:
                outcome = "saved, durability unknown"
            except StoreError as error:
                outcome = "not saved"
                assert "\n" not in str(error)
            except Exception as error:  # noqa: BLE001 - the point: nothing else may escape
                pytest.fail(f"I/O call {fail_at} ({faulty.calls[-1]}) raised {error!r}")
        assert temp_files(fast_home.interviews) == []
        if outcome == "not saved":
            assert path.read_bytes() == before, f"call {fail_at} reported failure but wrote"
        else:
            assert b"second" in path.read_bytes()
        outcomes[outcome] = outcomes.get(outcome, 0) + 1
        # The next save must neither clobber nor be refused as a conflict.
        interview.notes = f"third {fail_at}"
        store.save(interview)
        assert b"third" in path.read_bytes()
        for leftover in fast_home.interviews.iterdir():
            leftover.unlink()
        if len(faulty.calls) < fail_at:
            break  # the save finished before reaching the faulty call: all N covered
    assert outcomes.get("not saved", 0) >= 5
    assert outcomes.get("saved, durability unknown", 0) >= 1


@pytest.mark.parametrize("code", [errno.EIO, errno.ENOSPC])
def test_failing_delete_is_reported_honestly(
    fast_home: Home, code: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    fail_at = 0
    while True:
        fail_at += 1
        store = Store(fast_home)
        interview = store.save(make_interview(), now=NOW)
        path = store.path_for(interview.id)
        with monkeypatch.context() as patch:
            faulty = inject(patch, fail_at, code)
            try:
                store.delete(interview.id)
                moved = True
            except DurabilityError:
                moved = True
            except StoreError:
                moved = False
        assert path.exists() != moved, f"call {fail_at}: reported moved={moved}"
        if moved:  # the store forgot it: a new one with the same id is no conflict
            assert not store.is_known(interview.id)
        else:
            store.delete(interview.id)
        for folder in (fast_home.interviews, fast_home.trash):
            for leftover in folder.iterdir():
                leftover.unlink()
        if len(faulty.calls) < fail_at:
            break


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes into read-only folders")
def test_read_only_folder(fast_home: Home) -> None:
    store = Store(fast_home)
    interview = store.save(make_interview(), now=NOW)
    before = store.path_for(interview.id).read_bytes()
    os.chmod(fast_home.interviews, 0o500)
    try:
        interview.notes = "cannot be written"
        with pytest.raises(StoreError, match="previous version is unchanged"):
            store.save(interview)
    finally:
        os.chmod(fast_home.interviews, 0o700)
    assert store.path_for(interview.id).read_bytes() == before


def test_symlink_survives_saves_and_failed_saves(
    fast_home: Home, fast_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    store = Store(fast_home)
    interview = store.save(make_interview(), now=NOW)
    path = store.path_for(interview.id)
    dotfiles = fast_dir / "dotfiles"
    dotfiles.mkdir()
    real = dotfiles / "acme.toml"
    os.replace(path, real)
    path.symlink_to(real)
    store = Store(fast_home)
    interview = store.load(interview.id)
    before = real.read_bytes()
    interview.notes = "fails"
    with monkeypatch.context() as patch:
        inject(patch, 5, errno.ENOSPC)
        with pytest.raises(StoreError):
            store.save(interview)
    assert path.is_symlink() and real.read_bytes() == before
    interview.notes = "through the link"
    store.save(interview)
    assert path.is_symlink() and "through the link" in real.read_text()
    assert stat.S_IMODE(real.stat().st_mode) == 0o600
    assert temp_files(dotfiles) == []
