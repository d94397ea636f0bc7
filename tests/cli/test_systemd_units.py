"""contrib/systemd: the calendar units pass systemd-analyze verify and their command runs."""

from __future__ import annotations

import os
import shlex
import shutil
import subprocess
import sys
from datetime import timedelta
from pathlib import Path

import pytest

from followup_tui.storage.paths import open_home
from followup_tui.storage.store import Store
from tests.conftest import NOW, make_interview

UNITS = Path(__file__).resolve().parents[2] / "contrib" / "systemd"
NAMES = ("followup-calendar.service", "followup-calendar.path", "followup-calendar.timer")
SCRIPT = Path(sys.executable).parent / "followup"


@pytest.fixture
def fake_home(tmp_path: Path) -> Path:
    """A HOME laid out as docs/guide/install.md says: followup linked into ~/.local/bin."""
    home = tmp_path / "home"
    (home / ".local" / "bin").mkdir(parents=True)
    (home / ".local" / "bin" / "followup").symlink_to(SCRIPT)
    return home


@pytest.mark.skipif(shutil.which("systemd-analyze") is None, reason="needs systemd-analyze")
def test_units_verify(fake_home: Path, tmp_path: Path) -> None:
    env = {**os.environ, "HOME": str(fake_home)}
    paths = [str(UNITS / name) for name in NAMES]
    done = subprocess.run(
        ["systemd-analyze", "verify", *paths],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    broken = tmp_path / "followup-calendar.service"
    broken.write_text((UNITS / NAMES[0]).read_text().replace("%h/.local/bin/", "%h/nowhere/"))
    done = subprocess.run(
        ["systemd-analyze", "verify", str(broken)],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
        check=False,
    )
    assert done.returncode != 0 and "nowhere/followup" in done.stderr


def test_the_service_command_exports_the_default_home(fake_home: Path) -> None:
    line = next(
        line for line in (UNITS / NAMES[0]).read_text().splitlines() if line.startswith("Exec")
    )
    argv = shlex.split(line.partition("=")[2].replace("%h", str(fake_home)))
    data = open_home(fake_home / ".config" / "followup-tui")
    Store(data).save(make_interview(interview_at=NOW - timedelta(days=1)))
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in ("FOLLOWUP_TUI_HOME", "XDG_CONFIG_HOME")
    }
    env["HOME"] = str(fake_home)
    done = subprocess.run(argv, capture_output=True, text=True, env=env, timeout=120, check=False)
    assert done.returncode == 0, done.stderr
    folder = fake_home / ".local" / "share" / "calendars" / "followups"
    assert [path.name for path in folder.iterdir()] == [
        "followup-tui-2026-11-25-acme-backend-engineer-thank_you.ics"
    ]
    watched = next(
        line for line in (UNITS / NAMES[1]).read_text().splitlines() if line.startswith("Path")
    )
    assert Path(watched.partition("=")[2].replace("%h", str(fake_home))) == data.interviews
