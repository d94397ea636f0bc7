"""Promise 2: several processes and instances writing one home lose nothing.

Four processes each do 50 read-modify-write saves of the same three files at
once; every appended tag must be on disk at the end. The same workers using
plain atomic replace (no lock, no re-check of what was loaded) lose updates,
which shows the test can fail. Two Store instances in one process stand in
for two app windows.
"""

from __future__ import annotations

import subprocess
from datetime import datetime
from pathlib import Path

import pytest

from followup_tui.core.model import Interview
from followup_tui.storage.paths import Home
from followup_tui.storage.store import ConflictError, Store
from tests.reliability.helpers import CET, RMW_FILES, rmw_id, spawn
from tests.reliability.rmw_worker import tag

PROCESSES = 4
SAVES = 50


def _seed(home: Home) -> Store:
    store = Store(home)
    for index in range(RMW_FILES):
        interview = Interview(
            id=rmw_id(index),
            company=f"Shared {index}",
            position="Engineer",
            interview_at=datetime(2026, 11, 24, 14, 0, tzinfo=CET),
        )
        store.save(interview)
    return store


def _run_workers(home: Home, mode: str) -> tuple[set[str], set[str], int]:
    """Run the workers; return (tags expected, tags on disk, conflicts retried)."""
    store = _seed(home)
    workers = [
        spawn(
            "tests.reliability.rmw_worker",
            str(home.root),
            str(worker),
            str(SAVES),
            mode,
            stdout=subprocess.PIPE,
        )
        for worker in range(PROCESSES)
    ]
    (home.root / "go").touch()
    retries = 0
    for process in workers:
        out, _ = process.communicate(timeout=120)
        assert process.returncode == 0
        retries += int(out.split()[-1])
    expected = {tag(w, n) for w in range(PROCESSES) for n in range(SAVES)}
    on_disk: set[str] = set()
    result = store.load_all()
    assert not result.problems
    for interview in result.interviews:
        on_disk.update(interview.topics)
        assert len(interview.topics) == len(set(interview.topics)), "an update was applied twice"
    return expected, on_disk, retries


def test_four_processes_lose_no_update(fast_home: Home) -> None:
    expected, on_disk, retries = _run_workers(fast_home, "store")
    assert on_disk == expected, f"lost {len(expected - on_disk)} of {len(expected)} updates"
    print(f"{PROCESSES}x{SAVES} saves, {retries} conflicts retried, 0 lost")


def test_plain_atomic_replace_loses_updates(fast_home: Home) -> None:
    """The test of the test: without lock and re-check, concurrent updates vanish."""
    expected, on_disk, _ = _run_workers(fast_home, "naive")
    assert on_disk < expected, "plain atomic replace lost nothing: the test above proves nothing"
    print(f"naive: lost {len(expected - on_disk)} of {len(expected)} updates")


def test_two_instances_different_interviews_both_land(fast_home: Home) -> None:
    _seed(fast_home)
    first, second = Store(fast_home), Store(fast_home)
    a, b = first.load(rmw_id(0)), second.load(rmw_id(1))
    a.notes, b.notes = "from window one", "from window two"
    first.save(a)
    second.save(b)
    check = Store(fast_home)
    assert check.load(rmw_id(0)).notes == "from window one"
    assert check.load(rmw_id(1)).notes == "from window two"


def test_two_instances_same_interview_second_is_refused(fast_home: Home) -> None:
    _seed(fast_home)
    first, second = Store(fast_home), Store(fast_home)
    a, b = first.load(rmw_id(0)), second.load(rmw_id(0))
    a.notes, b.notes = "first writer", "second writer"
    first.save(a)
    path: Path = first.path_for(rmw_id(0))
    before = path.read_bytes()
    with pytest.raises(ConflictError, match="reload"):
        second.save(b)
    assert path.read_bytes() == before
    assert Store(fast_home).load(rmw_id(0)).notes == "first writer"
    # After reloading, the second window's edit lands on top of the first's.
    b = second.load(rmw_id(0))
    b.topics.append("second writer's topic")
    second.save(b)
    final = Store(fast_home).load(rmw_id(0))
    assert (final.notes, final.topics) == ("first writer", ["second writer's topic"])
