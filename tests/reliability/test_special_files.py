"""Special files and planted links: one line naming the file, never a hang, never a write through.

A FIFO, a device, a folder or a link to ``/dev/zero`` named like an interview
file is reported in one line by ``followup status``, ``followup list`` and the
app, and everything else loads (issue 19; issue 22 item 6). A symlink planted
in a ``.cache/`` others could write, at any name the cache uses, never makes a
command write through it (issue 22 item 5).
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from followup_tui.storage import cache_db
from followup_tui.storage.config import Config
from followup_tui.storage.paths import Home
from followup_tui.storage.store import Store
from followup_tui.tui.app import FollowupApp
from tests.conftest import NOW, make_interview, until
from tests.reliability.helpers import child_env

NAME = "2026-11-24-special"
# Generous: only a hang (a blocking open, an endless read) can take this long.
HANG = 60


def _fifo(path: Path) -> None:
    os.mkfifo(path)


def _folder(path: Path) -> None:
    path.mkdir()


def _zero(path: Path) -> None:
    path.symlink_to("/dev/zero")


def _null(path: Path) -> None:
    path.symlink_to("/dev/null")


SPECIAL: dict[str, tuple[Callable[[Path], None], str]] = {
    "fifo": (_fifo, "FIFO"),
    "directory": (_folder, "directory"),
    "link-to-dev-zero": (_zero, "device"),
    "link-to-dev-null": (_null, "device"),
}


def _followup(home: Home, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**child_env(), "FOLLOWUP_TUI_NOW": NOW.isoformat()}
    return subprocess.run(
        [sys.executable, "-m", "followup_tui", "--home", str(home.root), *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=HANG,
    )


@pytest.fixture(params=sorted(SPECIAL))
def special(request: pytest.FixtureRequest, fast_home: Home) -> tuple[Home, str]:
    make, word = SPECIAL[request.param]
    Store(fast_home).save(make_interview(company="Acme"), now=NOW)
    make(fast_home.interviews / f"{NAME}.toml")
    return fast_home, word


def test_status_names_it_in_one_line_and_counts_the_rest(special: tuple[Home, str]) -> None:
    home, word = special
    done = _followup(home, "status", "--json")
    assert done.returncode == 0, done.stderr
    data = json.loads(done.stdout)
    assert data["total"] == 2 and data["broken"] == 1 and data["due"] == 1
    [problem] = data["broken_files"]
    assert problem["id"] == NAME
    assert f"{NAME}.toml" in problem["problem"] and word in problem["problem"]
    assert "\n" not in problem["problem"]
    again = _followup(home, "status")  # the problem is kept: the file is not opened again
    assert again.stdout == "1 due · 1 broken\n"


def test_list_names_it_in_one_line_and_lists_the_rest(special: tuple[Home, str]) -> None:
    home, word = special
    done = _followup(home, "list")
    assert done.returncode == 0, done.stderr
    # (A FIFO made 0644 may also draw the "others can read it" warning.)
    [line] = [line for line in done.stderr.splitlines() if "warning" not in line]
    assert line.startswith("followup: skipped") and f"{NAME}.toml" in line and word in line
    assert "Acme" in done.stdout


async def test_the_app_names_it_and_shows_the_rest(special: tuple[Home, str]) -> None:
    home, word = special
    app = FollowupApp(home, Config())
    async with app.run_test(size=(120, 30)) as pilot:
        await until(pilot, lambda: bool(getattr(app.screen, "problems", None)), seconds=HANG)
        screen = app.screen
        [(path, message)] = screen.problems.items()  # type: ignore[attr-defined]
        assert path.name == f"{NAME}.toml" and word in message
        assert [row.company for row in screen.rows.values()] == ["Acme"]  # type: ignore[attr-defined]


def test_a_file_over_the_size_cap_is_refused_unread(
    fast_home: Home, monkeypatch: pytest.MonkeyPatch
) -> None:
    from followup_tui.storage import files

    store = Store(fast_home)
    store.save(make_interview(company="Acme"), now=NOW)
    big = fast_home.interviews / f"{NAME}.toml"
    big.write_bytes(b"# " + b"x" * 4096)
    monkeypatch.setattr(files, "MAX_BYTES", 1024)
    result = store.load_rows()
    [problem] = result.problems
    assert problem.path == big and "too big" in problem.message
    assert [row.company for row in result.rows] == ["Acme"]


# -- planted links in a .cache/ others could write -----------------------------------

CACHE_NAMES = [cache_db.NAME, *(cache_db.NAME + side for side in cache_db.SIDE_FILES)]


def _plant(home: Home, names: list[str], victim: Path) -> None:
    home.cache.mkdir(exist_ok=True)
    home.cache.chmod(0o777)  # as if others could write it
    for name in names:
        target = home.cache / name
        if target.exists() or target.is_symlink():
            target.unlink()
        target.symlink_to(victim)


def _commands(home: Home) -> None:
    """Every kind of command that reads or writes the cache, one after the other."""
    for args in (
        ("status",),
        ("list",),
        ("add", "--company", "Planted", "--at", "2026-11-25 10:00"),
        ("status", "--json"),
    ):
        done = _followup(home, *args)
        assert done.returncode == 0, (args, done.stderr)
    store = Store(home)
    store.load_rows()
    interview = store.read(store.ids_on_disk()[0])
    interview.notes = "saved past the planted links"
    store.save(interview)


@pytest.mark.parametrize("name", CACHE_NAMES)
def test_a_link_planted_at_a_cache_name_is_never_written_through(
    fast_home: Home, fast_dir: Path, name: str
) -> None:
    victim = fast_dir / "victim"
    victim.write_bytes(b"precious")
    before = victim.stat()
    Store(fast_home).save(make_interview(company="Acme"), now=NOW)
    _plant(fast_home, [name], victim)
    _commands(fast_home)
    assert victim.read_bytes() == b"precious"
    assert (victim.stat().st_mtime_ns, victim.stat().st_size) == (before.st_mtime_ns, 8)
    assert not (fast_home.cache / name).is_symlink()  # removed, not followed
    assert fast_home.cache.stat().st_mode & 0o777 == 0o700


def test_links_at_every_cache_name_at_once(fast_home: Home, fast_dir: Path) -> None:
    victim = fast_dir / "victim"
    victim.write_bytes(b"precious")
    Store(fast_home).save(make_interview(company="Acme"), now=NOW)
    _plant(fast_home, CACHE_NAMES, victim)
    _commands(fast_home)
    assert victim.read_bytes() == b"precious"
    done = _followup(fast_home, "status", "--json")
    assert json.loads(done.stdout)["total"] == 2  # and the answers are right


def test_a_cache_folder_that_is_a_link_is_never_followed(fast_home: Home, fast_dir: Path) -> None:
    elsewhere = fast_dir / "elsewhere"
    elsewhere.mkdir()
    Store(fast_home).save(make_interview(company="Acme"), now=NOW)
    shutil.rmtree(fast_home.cache)
    fast_home.cache.symlink_to(elsewhere)
    _commands(fast_home)
    assert list(elsewhere.iterdir()) == []
    done = _followup(fast_home, "status", "--json")
    assert json.loads(done.stdout)["total"] == 2


def test_a_cache_of_another_user_is_not_read(
    fast_home: Home, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Owned by someone else (here: the owner check sees another uid): ignored, answers right."""
    Store(fast_home).save(make_interview(company="Acme"), now=NOW)
    real = os.getuid()
    monkeypatch.setattr(os, "getuid", lambda: real + 1)
    store = Store(fast_home)
    assert [row.company for row in store.load_rows().rows] == ["Acme"]
    assert store.cache.persistent is False


def test_a_fifo_as_config_toml_is_one_sentence_never_a_hang(fast_home: Home) -> None:
    from followup_tui.storage.config import ConfigError, load_config

    Store(fast_home).save(make_interview(company="Acme"), now=NOW)
    fast_home.config_file.unlink(missing_ok=True)
    os.mkfifo(fast_home.config_file)
    with pytest.raises(ConfigError, match="FIFO"):
        load_config(fast_home)
    done = _followup(fast_home, "status", "--json")
    data = json.loads(done.stdout)
    assert data["broken"] == 1 and data["total"] == 1
    assert "FIFO" in data["broken_files"][0]["problem"]
