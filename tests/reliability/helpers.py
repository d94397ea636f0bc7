"""Pure helpers shared by the reliability suites (and their child processes).

Nothing here imports pytest, so the worker scripts run with the plain venv
python can use the same definitions of "version N of file K" as the tests.
"""

from __future__ import annotations

import os
import stat
import subprocess
import sys
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import IO

from followup_tui.core.model import Interview, Interviewer
from followup_tui.storage.paths import Home
from followup_tui.storage.store import TEMP_PATTERN, dump_interview

ROOT = Path(__file__).resolve().parents[2]
CET = timezone(timedelta(hours=1))
CRASH_FILES = 3


def crash_id(index: int) -> str:
    """The id of the ``index``-th file the crash worker rewrites."""
    return f"crash-{index}"


def crash_version(index: int, version: int) -> Interview:
    """Version ``version`` of crash file ``index``: deterministic, tens of KB, size varies."""
    filler = "".join(
        f"line {n} of version {version} of file {index}\n" for n in range(version % 7 * 40 + 120)
    )
    return Interview(
        id=crash_id(index),
        company=f"Crash {index}",
        position="Engineer",
        interview_at=datetime(2026, 11, 24, 14, 0, tzinfo=CET),
        topics=[f"version {version}"],
        notes=f"version {version}\n{filler}",
        interviewers=[Interviewer("Dana Reyes", "dana@acme.example")],
    )


def crash_bytes(index: int, version: int) -> bytes:
    """The exact bytes the store writes for that version."""
    return dump_interview(crash_version(index, version))


def crash_version_of(data: bytes) -> int:
    """Which version a crash file holds, read from its ``topics`` line."""
    marker = b'topics = [\n    "version '
    start = data.index(marker) + len(marker)
    return int(data[start : data.index(b'"', start)])


def temp_files(folder: Path) -> list[str]:
    """Names of leftover save temp files in ``folder``."""
    return sorted(name for name in os.listdir(folder) if TEMP_PATTERN.match(name))


def child_env() -> dict[str, str]:
    """Environment for a worker run with the venv python: src and the repo on the path."""
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join([str(ROOT / "src"), str(ROOT)])
    return env


def spawn(module: str, *args: str, **kwargs: object) -> subprocess.Popen[bytes]:
    """Start ``python -m module args`` as a child process of the test."""
    return subprocess.Popen(  # type: ignore[call-overload, no-any-return]
        [sys.executable, "-m", module, *args], env=child_env(), **kwargs
    )


def private_mode_problems(root: Path) -> list[str]:
    """Every folder under ``root`` not 0700 and every file not 0600 (symlinks skipped)."""
    problems = []
    for folder, dirs, files in os.walk(root):
        for name in [*dirs, *files, *([""] if folder == str(root) else [])]:
            path = Path(folder, name) if name else Path(folder)
            info = os.lstat(path)
            if stat.S_ISLNK(info.st_mode):
                continue
            want = 0o700 if stat.S_ISDIR(info.st_mode) else 0o600
            if stat.S_IMODE(info.st_mode) != want:
                problems.append(f"{path.relative_to(root)}: {stat.S_IMODE(info.st_mode):o}")
    return problems


RMW_FILES = 3


def rmw_id(index: int) -> str:
    """The id of the ``index``-th file the read-modify-write workers share."""
    return f"shared-{index}"


HOLD = """
import sys
from pathlib import Path
from followup_tui.storage.paths import open_home
from followup_tui.storage.store import Store

with Store(open_home(Path(sys.argv[1]))).locked():
    print("held", flush=True)
    sys.stdin.read()  # until the test closes our stdin
"""


class OtherFollowup:
    """A second process holding the home's write lock until ``release``."""

    def __init__(self, home: Home) -> None:
        self.process = subprocess.Popen(
            [sys.executable, "-c", HOLD, str(home.root)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )
        assert self.process.stdout is not None
        assert self.process.stdout.readline().strip() == "held"

    def release(self) -> None:
        stdin: IO[str] | None = self.process.stdin
        if stdin is not None and not stdin.closed:
            stdin.close()
        self.process.wait(timeout=30)
