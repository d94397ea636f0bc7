"""SVG snapshots of the editor and the checklist on demo data (clock pinned).

The live checklist line and the checklist screen fill in from thread workers,
so each snapshot waits until the checks have run before it is taken.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot

from followup_tui.storage.config import load_config
from followup_tui.storage.demo import create_demo_home
from followup_tui.tui.app import FollowupApp
from followup_tui.tui.screens.checklist_screen import ChecklistScreen
from followup_tui.tui.widgets.live_checklist import LiveChecklist
from tests.conftest import NOW, until


async def _open_editor(pilot: Pilot[None]) -> None:
    await pilot.press("w")  # the first row is the overdue Acme Corp interview
    await until(pilot, lambda: bool(pilot.app.screen.query(LiveChecklist)))
    live = pilot.app.screen.query_one(LiveChecklist)
    await until(pilot, lambda: live.up_to_date)
    # The launch toast may or may not still be showing on a loaded machine;
    # clear it so the picture depends only on the editor.
    pilot.app.clear_notifications()
    await pilot.pause()


async def _open_checklist(pilot: Pilot[None]) -> None:
    await _open_editor(pilot)
    await pilot.press("ctrl+n")
    await until(pilot, lambda: isinstance(pilot.app.screen, ChecklistScreen))
    await until(pilot, lambda: "of" in str(pilot.app.screen.query_one("#checklist-score").render()))


@pytest.mark.parametrize("theme", ["followup-dark", "followup-light"])
@pytest.mark.parametrize("size", [(100, 30), (60, 18)])
def test_editor(snap_compare: Any, tmp_path: Path, theme: str, size: tuple[int, int]) -> None:
    home = create_demo_home(NOW, tmp_path / "demo")
    app = FollowupApp(home, load_config(home), theme=theme, demo=True)
    assert snap_compare(app, terminal_size=size, run_before=_open_editor)


@pytest.mark.parametrize("theme", ["followup-dark", "followup-high-contrast"])
def test_checklist(snap_compare: Any, tmp_path: Path, theme: str) -> None:
    home = create_demo_home(NOW, tmp_path / "demo")
    app = FollowupApp(home, load_config(home), theme=theme, demo=True)
    assert snap_compare(app, terminal_size=(100, 30), run_before=_open_checklist)
