"""One conflict flow: the list, the editor and the checklist offer the same three choices.

A save refused because the file changed on disk shows one dialog everywhere:
reload theirs, keep mine as a copy (a new interview beside theirs, nothing
lost), compare (a diff of the two files); escape writes nothing.
"""

from __future__ import annotations

from datetime import timedelta

import pytest
from textual.widgets import Button, Input

from followup_tui.storage.config import Config, Profile
from followup_tui.storage.paths import Home
from followup_tui.storage.store import Store
from followup_tui.tui.app import FollowupApp
from followup_tui.tui.modals.conflict import ConflictModal
from followup_tui.tui.screens import editor_keeping, list_base
from followup_tui.tui.screens.checklist_screen import ChecklistScreen
from followup_tui.tui.screens.editor_screen import EditorScreen
from followup_tui.tui.screens.list_screen import InterviewListScreen
from tests.conftest import NOW, make_interview, until
from tests.unit.checks_data import filled_followup

CHOICES = ["reload", "copy", "compare", "cancel"]


@pytest.fixture(autouse=True)
def _quiet(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(list_base, "POLL_SECONDS", 3600.0)  # no reload before the save
    monkeypatch.setattr(editor_keeping, "AUTOSAVE_SECONDS", 3600.0)


def _app(home: Home) -> FollowupApp:
    return FollowupApp(home, Config(profile=Profile(name="Sam Lee", email="sam@example.com")))


def _change_elsewhere(home: Home, interview_id: str) -> None:
    other = Store(home)
    theirs = other.load(interview_id)
    theirs.notes = "changed elsewhere"
    other.save(theirs, now=NOW)


def _choices(app: FollowupApp) -> list[str]:
    assert isinstance(app.screen, ConflictModal)
    return [str(button.id) for button in app.screen.query(Button)]


def _copies(home: Home, keep: str) -> list[str]:
    return [i for i in Store(home).ids_on_disk() if i != keep]


async def test_the_list_offers_the_three_choices_and_keeps_mine_as_a_copy(home: Home) -> None:
    saved = Store(home).save(make_interview(interview_at=NOW - timedelta(days=3)), now=NOW)
    app = _app(home)
    async with app.run_test(size=(110, 40), notifications=True) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, InterviewListScreen)
        mine = screen.selected_interview()
        assert mine is not None
        _change_elsewhere(home, saved.id)
        mine.notes = "changed here"
        assert not screen.save(mine)
        await until(pilot, lambda: isinstance(app.screen, ConflictModal), what="the dialog")
        assert _choices(app) == CHOICES
        await pilot.press("c")  # compare: the two versions, line by line
        await pilot.pause()
        diff = str(app.screen.query_one("#diff-text").content)
        assert '-notes = "changed elsewhere"' in diff and '+notes = "changed here"' in diff
        assert app.screen.query_one("#diff").display
        await pilot.press("k")
        await until(pilot, lambda: len(screen.rows) == 2, what="the copy in the list")
    assert Store(home).load(saved.id).notes == "changed elsewhere"  # theirs, untouched
    [copy] = _copies(home, saved.id)
    assert Store(home).load(copy).notes == "changed here"  # mine, kept


async def test_escape_writes_nothing(home: Home) -> None:
    saved = Store(home).save(make_interview(interview_at=NOW - timedelta(days=3)), now=NOW)
    app = _app(home)
    async with app.run_test(size=(110, 40)) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, InterviewListScreen)
        mine = screen.selected_interview()
        assert mine is not None
        _change_elsewhere(home, saved.id)
        mine.notes = "changed here"
        assert not screen.save(mine)
        await until(pilot, lambda: isinstance(app.screen, ConflictModal), what="the dialog")
        await pilot.press("escape")
        await until(pilot, lambda: app.screen is screen, what="the list")
    assert Store(home).ids_on_disk() == [saved.id]
    assert Store(home).load(saved.id).notes == "changed elsewhere"


async def test_the_editor_offers_the_same_choices(home: Home) -> None:
    saved = Store(home).save(make_interview(), now=NOW)
    app = _app(home)
    async with app.run_test(size=(100, 30), notifications=True) as pilot:
        screen = EditorScreen(saved.id)
        await app.push_screen(screen)
        await pilot.pause()
        _change_elsewhere(home, saved.id)
        screen.query_one("#subject", Input).value = "my subject"
        await pilot.pause()
        await pilot.press("ctrl+s")
        await until(pilot, lambda: isinstance(app.screen, ConflictModal), what="the dialog")
        assert _choices(app) == CHOICES
        await pilot.press("k")
        await until(pilot, lambda: app.screen is screen, what="the editor")
        await pilot.pause()
        assert screen.interview is not None and screen.interview.notes == "changed elsewhere"
    [copy] = _copies(home, saved.id)
    assert Store(home).load(copy).followups[0].subject == "my subject"
    assert Store(home).load(saved.id).notes == "changed elsewhere"


async def test_the_checklist_offers_the_same_choices(home: Home) -> None:
    saved = Store(home).save(make_interview(followups=[filled_followup()]), now=NOW)
    app = _app(home)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = ChecklistScreen(saved.id)
        app.push_screen(screen)
        await until(pilot, lambda: bool(screen.results), what="the checklist")
        _change_elsewhere(home, saved.id)
        ids = [result.id for result in screen.results]
        screen.query_one("#checklist-items").index = ids.index("read-aloud")  # type: ignore[attr-defined]
        await pilot.press("space")
        await until(pilot, lambda: isinstance(app.screen, ConflictModal), what="the dialog")
        assert _choices(app) == CHOICES
        await pilot.press("r")
        await until(pilot, lambda: app.screen is screen, what="the checklist")
    assert Store(home).ids_on_disk() == [saved.id]
    on_disk = Store(home).load(saved.id)
    assert on_disk.notes == "changed elsewhere" and on_disk.followups[0].ticked == []


async def test_a_refused_delete_offers_only_a_reload(home: Home) -> None:
    saved = Store(home).save(make_interview(interview_at=NOW - timedelta(days=3)), now=NOW)
    app = _app(home)
    async with app.run_test(size=(110, 40)) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, InterviewListScreen)
        row = screen.selected_row()
        assert row is not None
        _change_elsewhere(home, saved.id)
        screen._delete(row)
        await until(pilot, lambda: isinstance(app.screen, ConflictModal), what="the dialog")
        assert _choices(app) == ["reload", "cancel"]
        await pilot.press("k")  # nothing of ours to keep: ignored
        await pilot.pause()
        assert isinstance(app.screen, ConflictModal)
        await pilot.press("r")
        await until(pilot, lambda: app.screen is screen, what="the list")
    assert Store(home).ids_on_disk() == [saved.id]
