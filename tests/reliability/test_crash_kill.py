"""Promise 1a: SIGKILL at random instants never leaves a broken or mixed file.

A forked worker saves three ~40 KB interviews in a fixed sequence while the
test kills it after a random few milliseconds, KILLS times. After every kill
each file must be byte-for-byte some version the worker wrote, the versions
must be exactly "the sequence up to some save" (old or new, nothing else),
progress never goes backwards, and temp files left by a kill mid-save are
never loaded and are gone once the next worker has opened the home.
"""

from __future__ import annotations

import os
import random
import signal
import subprocess
import time
from pathlib import Path

from followup_tui.storage.paths import open_home
from followup_tui.storage.store import Store
from tests.reliability.helpers import (
    CRASH_FILES,
    crash_bytes,
    crash_id,
    crash_version_of,
    spawn,
    temp_files,
)

KILLS = int(os.environ.get("FOLLOWUP_REL_KILLS", "250"))


def check_sequence(interviews: Path) -> int:
    """Assert the files hold the save sequence up to some point; return its length."""
    versions = []
    for index in range(CRASH_FILES):
        path = interviews / f"{crash_id(index)}.toml"
        if not path.exists():
            versions.append(0)
            continue
        data = path.read_bytes()
        version = crash_version_of(data)
        assert data == crash_bytes(index, version), f"{path.name} is not exactly version {version}"
        versions.append(version)
    done = sum(versions)
    expected = [
        done // CRASH_FILES + (1 if index < done % CRASH_FILES else 0)
        for index in range(CRASH_FILES)
    ]
    assert versions == expected, f"files are not old-or-new: {versions}"
    return done


def test_sigkill_during_saves_loses_nothing(fast_dir: Path) -> None:
    home = open_home(fast_dir / "home")
    tmp_path = fast_dir
    rng = random.Random(8)
    server = spawn(
        "tests.reliability.crash_worker",
        str(home.root),
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=(tmp_path / "stderr").open("wb"),
    )
    assert server.stdin and server.stdout
    progress, mid_save_kills, left_before = 0, 0, set[str]()
    try:
        for _ in range(KILLS):
            server.stdin.write(b"go\n")
            server.stdin.flush()
            line = server.stdout.readline().split()
            assert line[:1] == [b"ready"], (line, (tmp_path / "stderr").read_text())
            # The worker opened the home: temp files from the previous kill are gone.
            assert left_before.isdisjoint(temp_files(home.interviews))
            pid = int(line[1])
            time.sleep(rng.uniform(0.0, 0.03))
            os.kill(pid, signal.SIGKILL)
            exited = server.stdout.readline().split()
            assert exited[:2] == [b"exit", str(pid).encode()]
            status = int(exited[2])
            assert os.WIFSIGNALED(status) and os.WTERMSIG(status) == signal.SIGKILL, (
                f"worker ended by itself: {(tmp_path / 'stderr').read_text()}"
            )
            done = check_sequence(home.interviews)
            assert done >= progress, "a save that had completed was undone"
            progress = done
            left_before = set(temp_files(home.interviews))
            mid_save_kills += bool(left_before)
    finally:
        server.stdin.close()
        server.wait(timeout=30)
    # Leftover temp files are never loaded, and the next start cleans them.
    result = Store(home).load_all()
    assert result.problems == []
    assert sorted(i.id for i in result.interviews) == [crash_id(i) for i in range(CRASH_FILES)]
    assert temp_files(home.interviews) == []
    print(f"\n{KILLS} kills, {progress} saves completed, {mid_save_kills} kills left a temp file")
    # Half as many saves as kills is plenty of proof; a loaded machine saves fewer per kill.
    assert progress > KILLS // 2, "the worker barely saved anything: the kills proved nothing"
    assert mid_save_kills > 0, "no kill landed inside a save: the test proved nothing"
