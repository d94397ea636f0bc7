"""The benchmark home generator: deterministic, every state, files the store would write."""

from __future__ import annotations

import subprocess
from collections import Counter
from pathlib import Path

import pytest
from benchmarks.make_home import make_interviews, write_home

from followup_tui.core.schedule import State, by_urgency
from followup_tui.storage.store import Store, dump_interview
from tests.conftest import NOW


def test_same_seed_same_files(tmp_path: Path) -> None:
    first = write_home(tmp_path / "a", make_interviews(40, 7, NOW))
    second = write_home(tmp_path / "b", make_interviews(40, 7, NOW))
    names = sorted(p.name for p in first.interviews.iterdir())
    assert names == sorted(p.name for p in second.interviews.iterdir())
    for name in names:
        assert (first.interviews / name).read_bytes() == (second.interviews / name).read_bytes()
    other = make_interviews(40, 8, NOW)
    assert sorted(i.id for i in other) != [n.removesuffix(".toml") for n in names]


def test_every_state_and_store_round_trip(tmp_path: Path) -> None:
    home = write_home(tmp_path / "h", make_interviews(120, 1, NOW))
    result = Store(home).load_all()
    assert result.problems == []
    assert len(result.interviews) == 120
    for interview in result.interviews:
        path = home.interviews / f"{interview.id}.toml"
        assert dump_interview(interview) == path.read_bytes()
        assert path.stat().st_mode & 0o777 == 0o600
    tally = Counter(action.state for _, action in by_urgency(result.interviews, NOW))
    assert set(tally) == set(State)
    drafts = [len(f.body.split()) for i in result.interviews for f in i.drafts]
    assert drafts and min(drafts) >= 140 and max(drafts) <= 310


def test_peer_cases_use_each_peers_venv_and_leave_out_what_does_not_install(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from benchmarks import peers

    ready = tmp_path / "peers" / "venv-toolong"
    ready.mkdir(parents=True)
    (ready / ".installed").write_text("toolong\n")
    failed = subprocess.CompletedProcess([], 1, "", "ERROR: No matching distribution found\n")
    monkeypatch.setattr(peers.subprocess, "run", lambda *a, **k: failed)
    cases, notes = peers.peer_cases(tmp_path, Path("/x/hello_app.py"))
    assert notes == ["posting did not install (ERROR: No matching distribution found)"]
    assert [case.split("::")[0] for case in cases] == ["toolong", "hello-toolong"]
    toolong = cases[0].split("::")
    assert toolong[1] == f"{ready}/bin/tl {tmp_path}/peers/small.log"
    assert toolong[2] == "id=1999"  # the log's last line, on screen once toolong has painted
    assert f"env.HOME={tmp_path}/peers/home" in toolong
    log = (tmp_path / "peers" / "small.log").read_text()
    assert log.count("\n") == 2000 and "id=1999 " in log
    peers.peer_cases(tmp_path, Path("/x/hello_app.py"))
    assert (tmp_path / "peers" / "small.log").read_text() == log  # deterministic, kept
