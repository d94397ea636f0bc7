"""Promise 7: folders 0700 and files 0600 on creation, even under umask 000,
and one warning sentence when the home is readable by others."""

from __future__ import annotations

import argparse
import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from followup_tui.cli.common import open_context
from followup_tui.storage.config import load_config, save_setting
from followup_tui.storage.paths import open_home, permission_warning
from followup_tui.storage.store import Store
from tests.conftest import NOW, make_interview
from tests.reliability.helpers import private_mode_problems


@pytest.fixture
def open_umask() -> Iterator[None]:
    """The most permissive umask: only explicit modes keep files private."""
    previous = os.umask(0)
    yield
    os.umask(previous)


def test_everything_created_is_private(fast_dir: Path, open_umask: None) -> None:
    home = open_home(fast_dir / "home")
    load_config(home)
    save_setting(home, "ui", "theme", "nord")
    store = Store(home)
    saved = store.save(make_interview(), now=NOW)
    saved.notes = "edited"
    store.save(saved)
    store.delete(store.save(make_interview(company="Globex"), now=NOW).id)
    assert home.lock_file.exists() and home.config_file.exists()
    assert private_mode_problems(home.root) == []


def test_permission_warning_names_the_first_open_file_by_name(fast_dir: Path) -> None:
    home = open_home(fast_dir / "home")
    store = Store(home)
    for company in ("Acme", "Beta", "Cyan", "Delta"):
        store.save(make_interview(company=company), now=NOW)
    names = sorted(path.name for path in home.interviews.iterdir())
    for name in (names[3], names[1], names[2]):
        os.chmod(home.interviews / name, 0o640)
    warning = permission_warning(home) or ""
    assert str(home.interviews / names[1]) in warning
    assert all(name not in warning for name in (names[0], names[2], names[3]))
    os.chmod(home.interviews, 0o750)  # the home's folders are named before any interview
    assert (permission_warning(home) or "").startswith(f"{home.interviews} can be read")


def test_permission_warning(fast_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    home = open_home(fast_dir / "home")
    Store(home).save(make_interview(), now=NOW)
    assert permission_warning(home) is None
    open_context(argparse.Namespace(home=str(home.root)))
    assert capsys.readouterr().err == ""
    victim = next(home.interviews.iterdir())
    os.chmod(victim, 0o644)
    warning = permission_warning(home)
    assert warning is not None and str(victim) in warning and "chmod -R go-rwx" in warning
    os.chmod(victim, 0o600)
    os.chmod(home.root, 0o755)
    assert str(home.root) in (permission_warning(home) or "")
    open_context(argparse.Namespace(home=str(home.root)))
    err = capsys.readouterr().err
    assert err.startswith("followup: warning: ") and err.count("\n") == 1


async def test_the_app_shows_the_privacy_warning_as_a_toast(fast_dir: Path) -> None:
    """On stderr it would be hidden behind the app until it quit."""
    from followup_tui.tui.app import FollowupApp
    from tests.conftest import until

    home = open_home(fast_dir / "home")
    saved = Store(home).save(make_interview(), now=NOW)
    victim = home.interviews / f"{saved.id}.toml"
    assert victim.exists()
    os.chmod(victim, 0o644)
    app = FollowupApp(home, load_config(home))
    async with app.run_test(size=(100, 30), notifications=True) as pilot:

        def warned() -> list[str]:
            return [n.message for n in app._notifications if "other users" in n.message]

        await until(pilot, warned, what="the privacy warning")
        assert warned() == [
            f"{victim} can be read by other users of this computer; "
            f"run chmod -R go-rwx {home.root} to keep your interview notes private."
        ]


async def test_a_private_home_gets_no_privacy_toast(
    fast_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import followup_tui.tui.app as app_module
    from followup_tui.tui.app import FollowupApp
    from tests.conftest import until

    checked: list[str | None] = []

    def recorded(home: object) -> str | None:
        checked.append(permission_warning(home))  # type: ignore[arg-type]
        return checked[-1]

    monkeypatch.setattr(app_module, "permission_warning", recorded)
    home = open_home(fast_dir / "home")
    Store(home).save(make_interview(), now=NOW)
    app = FollowupApp(home, load_config(home))
    async with app.run_test(size=(100, 30), notifications=True) as pilot:
        await until(pilot, lambda: checked, what="the privacy check")
        await pilot.pause()
        assert checked == [None]
        assert not [n for n in app._notifications if "other users" in n.message]
