"""Promise 4 on the screens: hostile interview text is shown literally and fires nothing.

Every screen is opened with the interview of ``hostile.py`` (Textual markup,
``[@click=app.quit]``, ESC/CSI/OSC/C1 sequences, bidi overrides, combining
marks, 1 MB of notes). What the screen renders (the compositor's strips,
toasts included) must hold the markup as plain text, no control or bidi
character, and clicking the rendered ``[@click=app.quit]`` must not quit.
"""

from __future__ import annotations

from functools import partial
from pathlib import Path

import pytest
from textual.command import CommandPalette
from textual.pilot import Pilot
from textual.widgets import Input, Select, TextArea

from followup_tui.storage.config import Config, Profile
from followup_tui.storage.paths import Home
from followup_tui.storage.store import Store
from followup_tui.tui.app import FollowupApp
from followup_tui.tui.modals.confirm import ConfirmModal
from followup_tui.tui.screens import editor_keeping
from followup_tui.tui.screens.checklist_screen import ChecklistScreen
from followup_tui.tui.screens.detail_screen import DetailScreen
from followup_tui.tui.screens.editor_screen import EditorScreen
from followup_tui.tui.screens.form_screen import FormScreen
from tests.conftest import NOW
from tests.reliability.hostile import hostile_interview, leaks
from tests.reliability.test_template_limits import NESTED, write_template

SIZE = (160, 50)


@pytest.fixture
def app(home: Home, monkeypatch: pytest.MonkeyPatch) -> FollowupApp:
    monkeypatch.setattr(editor_keeping, "AUTOSAVE_SECONDS", 3600.0)
    Store(home).save(hostile_interview(), now=NOW)
    return FollowupApp(home, Config(profile=Profile(name="Sam Lee", email="sam@example.com")))


def screen_text(app: FollowupApp) -> str:
    """Everything the current screen renders (toasts included), as plain text."""
    return "\n".join(strip.text for strip in app.screen._compositor.render_strips())


def assert_safe(app: FollowupApp, *literal: str) -> str:
    """No control character on screen; each of ``literal`` shown as typed."""
    text = screen_text(app)
    assert leaks(text) == [], leaks(text)
    for part in literal:
        assert part in text, f"{part!r} not on screen:\n{text[:3000]}"
    return text


async def click_text(app: FollowupApp, pilot: object, needle: str) -> None:
    """Click the first screen cell where ``needle`` is rendered; the app must live on."""
    lines = screen_text(app).split("\n")
    row = next(number for number, line in enumerate(lines) if needle in line)
    column = lines[row].index(needle) + 2  # on the link text, not its first bracket
    await pilot.click(offset=(column, row))  # type: ignore[attr-defined]
    await pilot.pause()  # type: ignore[attr-defined]
    assert app.is_running and app.return_code is None


async def test_list_detail_and_clicks(app: FollowupApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert_safe(app, "Evil [bold]bold[/", "Pos [2J[31mgnp.exe\\")
        await click_text(app, pilot, "Evil [bold]")
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, DetailScreen)
        text = assert_safe(app, "[@click=app.quit]quit[/] end\\", "[link=https://x]link[/link]")
        assert "e\u0301\u0301\u0301" in text  # combining marks kept
        await click_text(app, pilot, "[@click=app.quit]quit")
        assert isinstance(app.screen, DetailScreen)  # the click ran no action


async def test_editor_and_checklist(app: FollowupApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("w")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, EditorScreen)
        subject = screen.query_one("#subject", Input).value
        assert subject.endswith("Interview for Pos [2J[31mgnp.exe\\"), subject  # cleaned
        assert "[bold]bold[/bold]" in screen.query_one("#body", TextArea).text
        assert_safe(app, "Interview for Pos [2J", "Evil [bold]bold[/bold]")  # Input, sub-title
        assert str(screen.query_one("#interviewer", Select).value).startswith("Dana ")
        await click_text(app, pilot, "Evil [bold]")
        await pilot.press("ctrl+n")
        await pilot.pause()
        assert isinstance(app.screen, ChecklistScreen)
        assert_safe(app, "Evil [bold]bold[/bold]")
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, EditorScreen)


async def test_edit_form(app: FollowupApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        # The form puts the 1 MB of notes in a TextArea; on a loaded 2-core CI
        # machine that took longer than Pilot's 30 s wait for the screen.
        pilot._wait_for_screen = partial(Pilot._wait_for_screen, pilot, timeout=300.0)  # type: ignore[method-assign]
        await pilot.pause()
        await pilot.press("e")
        await pilot.pause()
        assert isinstance(app.screen, FormScreen)
        assert_safe(app, "Evil [bold]bold[/bold]")
        await pilot.press("escape")
        await pilot.pause()
        assert app.is_running


async def test_delete_and_undo_toasts(app: FollowupApp) -> None:
    app.NOTIFICATION_TIMEOUT = 600  # a loaded machine must not expire the toast unseen
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await pilot.pause()
        await pilot.press("d")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmModal)
        assert_safe(app, "Delete Evil [bold]bold")
        await pilot.press("y")
        await pilot.pause()
        messages = [str(note.message) for note in app._notifications]
        assert any(m.startswith("Deleted Evil [bold]bold") for m in messages), messages
        assert_safe(app, "Deleted Evil [bold]bold")
        await pilot.press("u")
        await pilot.pause()
        assert_safe(app, "Undid the delete of Evil [bold]bold")
        assert all(not leaks(str(note.message)) for note in app._notifications)


async def test_command_palette_with_hostile_data(app: FollowupApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("ctrl+p")
        await pilot.pause()
        assert isinstance(app.screen, CommandPalette)
        await pilot.press("d", "e")
        await pilot.pause(0.3)
        assert_safe(app)
        await pilot.press("escape")
        await pilot.pause()
        assert app.is_running


async def test_runaway_template_is_stopped_and_the_editor_keeps_working(
    app: FollowupApp, home: Home
) -> None:
    write_template(Path(home.templates), "runaway", NESTED)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await pilot.pause()
        await pilot.press("w")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, EditorScreen)
        body_before = screen.query_one("#body", TextArea).text
        screen.query_one("#template", Select).value = "runaway"
        await pilot.pause()
        messages = [str(note.message) for note in app._notifications]
        assert any("runaway.j2, line 6 was stopped" in m for m in messages), messages
        assert screen.query_one("#body", TextArea).text == body_before
        screen.query_one("#body", TextArea).focus()
        await pilot.press("end", "!")
        await pilot.pause()
        assert screen.query_one("#body", TextArea).text != body_before  # still editable
        assert app.is_running
