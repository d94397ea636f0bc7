"""Promise 11: sync conflict copies are shown, never hidden.

Syncthing writes ``x.sync-conflict-<date>-<time>-<device>.toml``, Dropbox and
Nextcloud ``x (… conflicted copy …).toml``, people ``x copy.toml``. None is a
valid interview id, so they used to be counted by ``status`` and silently
left out by ``list``, ``export`` and the app. Each is now a problem that
names the interview it shadows, and every command counts it the same way.
"""

from __future__ import annotations

import json

import pytest

from followup_tui.cli.main import main
from followup_tui.storage.paths import Home
from followup_tui.storage.store import Store
from tests.conftest import NOW, make_interview

COPIES = {
    "syncthing": ("{id}.sync-conflict-20261124-101500-ABCDEF1.toml", "Syncthing"),
    "dropbox": ("{id} (Sam's conflicted copy 2026-11-24).toml", "conflicted copy"),
    "nextcloud": ("{id} (conflicted copy 2026-11-24 101500).toml", "conflicted copy"),
    "hand": ("{id} copy.toml", "copy"),
    "odd-name": ("Notes From Call.toml", ""),
}


@pytest.mark.parametrize("kind", sorted(COPIES))
def test_conflict_copy_is_shown_and_counted(
    home: Home, capsys: pytest.CaptureFixture[str], kind: str
) -> None:
    original = Store(home).save(make_interview(), now=NOW)
    pattern, _ = COPIES[kind]
    name = pattern.format(id=original.id)
    copy = home.interviews / name
    copy.write_bytes(Store(home).path_for(original.id).read_bytes())
    for loaded in (Store(home).load_all(), Store(home).load_rows()):
        [problem] = loaded.problems
        assert problem.path == copy
        if kind != "odd-name":
            assert f"{original.id}.toml" in problem.message, problem.message
            assert "copy" in problem.message
        else:
            assert "rename" in problem.message
    main(["--home", str(home.root), "status", "--json"])
    status = json.loads(capsys.readouterr().out)
    assert status["total"] == 2 and status["broken"] == 1, status
    assert main(["--home", str(home.root), "list"]) == 0
    out, err = capsys.readouterr()
    assert name in err or name in out, (out, err)
    assert copy.read_bytes() == Store(home).path_for(original.id).read_bytes()  # untouched


async def test_the_app_lists_the_copy_in_its_problems_panel(home: Home) -> None:
    from textual.widgets import Static

    from followup_tui.storage.config import Config
    from followup_tui.tui.app import FollowupApp
    from tests.conftest import until

    original = Store(home).save(make_interview(), now=NOW)
    name = f"{original.id}.sync-conflict-20261124-101500-ABCDEF1.toml"
    (home.interviews / name).write_bytes(Store(home).path_for(original.id).read_bytes())
    app = FollowupApp(home, Config())
    async with app.run_test(size=(160, 40)) as pilot:

        def panel() -> str:
            found = app.screen.query("#problems")
            return str(found.first(Static).content) if found else ""

        await until(pilot, lambda: "sync-conflict" in panel(), what="the problems panel")
        assert f"{original.id}.toml" in panel()
