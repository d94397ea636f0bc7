"""SVG snapshots of the list on demo data at the three sizes users run it at."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from followup_tui.storage.config import load_config
from followup_tui.storage.demo import create_demo_home
from followup_tui.tui.app import FollowupApp
from tests.conftest import NOW, launch_toast_settled

pytestmark = pytest.mark.usefixtures("lasting_launch_toast")


@pytest.mark.parametrize("size", [(120, 40), (80, 24), (60, 18)])
def test_list_on_demo_data(snap_compare: Any, tmp_path: Path, size: tuple[int, int]) -> None:
    home = create_demo_home(NOW, tmp_path / "demo")
    app = FollowupApp(home, load_config(home), demo=True)
    assert snap_compare(app, terminal_size=size, run_before=launch_toast_settled)
