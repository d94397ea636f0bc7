"""The form's per-interviewer greeting name and topics: proposed, edited, saved."""

from __future__ import annotations

from textual.widgets import Input

from followup_tui.core.model import Interviewer
from followup_tui.storage.config import load_config
from followup_tui.storage.paths import Home
from followup_tui.storage.store import Store
from followup_tui.tui.app import FollowupApp
from followup_tui.tui.screens.form_screen import FormScreen
from followup_tui.tui.widgets.interviewer_row import InterviewerRow
from tests.conftest import NOW, make_interview


async def test_greet_and_topics_are_edited_and_saved(home: Home, store: Store) -> None:
    person = Interviewer("Nguyễn Văn Minh", "minh@halden.example", topics=["error budgets"])
    item = make_interview(company="Halden", interviewers=[person])
    store.save(item, now=NOW)
    app = FollowupApp(home, load_config(home))
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("e")
        form = app.screen
        assert isinstance(form, FormScreen)
        row = form.query_one(InterviewerRow)
        greet = row.query_one(".greet", Input)
        assert greet.value == "" and greet.placeholder == "Greet as (Nguyễn)"
        assert row.query_one(".topics", Input).value == "error budgets"
        greet.value = "Minh"
        row.query_one(".topics", Input).value = "error budgets; the Kafka migration ;"
        await pilot.press("ctrl+s")
        await pilot.pause()
    [saved] = Store(home).load(item.id).interviewers
    assert saved.greet == "Minh"
    assert saved.topics == ["error budgets", "the Kafka migration"]
    assert saved.greeting_name == "Minh"


async def test_the_proposal_follows_the_name_as_it_is_typed(home: Home) -> None:
    app = FollowupApp(home, load_config(home))
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("a")
        form = app.screen
        assert isinstance(form, FormScreen)
        row = form.query_one(InterviewerRow)
        row.query_one(".name", Input).value = "Dana Reyes"
        await pilot.pause()
        assert row.query_one(".greet", Input).placeholder == "Greet as (Dana)"
