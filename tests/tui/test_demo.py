"""The demo home has an interview in every state, and the app shows them."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from followup_tui.core.schedule import State, by_urgency
from followup_tui.storage.config import load_config
from followup_tui.storage.demo import create_demo_home
from followup_tui.storage.store import Store
from followup_tui.tui.app import FollowupApp
from followup_tui.tui.widgets.interview_table import InterviewTable


def test_demo_covers_every_state(tmp_path: Path, now: datetime) -> None:
    home = create_demo_home(now, tmp_path / "demo")
    result = Store(home).load_all()
    assert result.problems == []
    config = load_config(home)
    assert config.profile.name == "Sam Lee"
    states = [action.state for _, action in by_urgency(result.interviews, now, config.timing)]
    assert set(states) == set(State)
    assert states[0] is State.OVERDUE


async def test_app_opens_on_demo_data(tmp_path: Path, now: datetime) -> None:
    home = create_demo_home(now, tmp_path / "demo")
    app = FollowupApp(home, load_config(home), demo=True)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        table = pilot.app.screen.query_one(InterviewTable)
        assert table.row_count == 9
        first = table.get_row_at(0)
        assert str(first[0]) == "‼ overdue"
        assert str(first[1]) == "Acme Corp"
