"""SVG snapshots of the list on demo data in each shipped theme (clock pinned)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from followup_tui.storage.config import load_config
from followup_tui.storage.demo import create_demo_home
from followup_tui.tui.app import FollowupApp
from tests.conftest import NOW, launch_toast_settled

pytestmark = pytest.mark.usefixtures("lasting_launch_toast")


@pytest.mark.parametrize(
    "theme", ["followup-dark", "followup-light", "followup-high-contrast", "followup-ansi"]
)
def test_list_in_theme(snap_compare: Any, tmp_path: Path, theme: str) -> None:
    home = create_demo_home(NOW, tmp_path / "demo")
    app = FollowupApp(home, load_config(home), theme=theme, demo=True)
    assert snap_compare(app, terminal_size=(100, 24), run_before=launch_toast_settled)
