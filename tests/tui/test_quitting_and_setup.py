"""ctrl+q asks before dropping typed text; the setup screen; live config reloads."""

from __future__ import annotations

import pytest
from textual.widgets import Input

from followup_tui.storage.config import DEFAULT_CONFIG, Config, Profile, load_config
from followup_tui.storage.paths import Home
from followup_tui.storage.store import Store
from followup_tui.tui import app as app_module
from followup_tui.tui.app import FollowupApp
from followup_tui.tui.modals.choice_modal import ChoiceModal
from followup_tui.tui.screens.editor_screen import EditorScreen
from followup_tui.tui.screens.form_screen import FormScreen
from followup_tui.tui.screens.list_screen import InterviewListScreen
from followup_tui.tui.screens.setup_screen import SetupScreen
from tests.conftest import NOW, make_interview, until

PROFILE = Profile(name="Sam Lee", email="sam@example.org")


async def test_ctrl_q_without_unsaved_text_quits_at_once(home: Home) -> None:
    app = FollowupApp(home, Config(profile=PROFILE))
    async with app.run_test() as pilot:
        await until(pilot, lambda: isinstance(app.screen, InterviewListScreen))
        await pilot.press("ctrl+q")
        await until(pilot, lambda: not app.is_running, what="the app to exit")


async def test_ctrl_q_on_a_typed_form_saves_by_default(home: Home) -> None:
    app = FollowupApp(home, Config(profile=PROFILE))
    async with app.run_test(size=(100, 40)) as pilot:
        await until(pilot, lambda: isinstance(app.screen, InterviewListScreen))
        await pilot.press("a")
        await until(pilot, lambda: isinstance(app.screen, FormScreen))
        form = app.screen
        form.query_one("#company", Input).value = "Typed Co"
        form.query_one("#when", Input).value = "2026-11-25 10:00"
        await pilot.pause()
        await pilot.press("ctrl+q")
        await until(pilot, lambda: isinstance(app.screen, ChoiceModal))
        assert "interview form" in str(app.screen.message)
        assert app.screen.focused is not None and app.screen.focused.id == "save"
        await pilot.press("enter")
        await until(pilot, lambda: not app.is_running, what="the app to exit")
    assert [item.company for item in Store(home).load_all().interviews] == ["Typed Co"]


async def test_ctrl_q_on_an_invalid_form_stays_and_says_why(home: Home) -> None:
    app = FollowupApp(home, Config(profile=PROFILE), demo=False)
    async with app.run_test(size=(100, 40), notifications=True) as pilot:
        await until(pilot, lambda: isinstance(app.screen, InterviewListScreen))
        await pilot.press("a")
        await until(pilot, lambda: isinstance(app.screen, FormScreen))
        form = app.screen
        form.query_one("#position", Input).value = "No company given"
        await pilot.pause()
        await pilot.press("ctrl+q")
        await until(pilot, lambda: isinstance(app.screen, ChoiceModal))
        await pilot.press("enter")
        await until(pilot, lambda: app.screen is form)
        assert app.is_running
        assert "Enter the company name." in str(form.query_one("#error-company").render())


async def test_ctrl_q_in_the_editor_asks_and_cancel_stays(home: Home) -> None:
    interview_id = Store(home).save(make_interview(), now=NOW).id
    app = FollowupApp(home, Config(profile=PROFILE))
    async with app.run_test(size=(100, 30)) as pilot:
        editor = EditorScreen(interview_id)
        await app.push_screen(editor)
        await pilot.pause()
        editor.query_one("#subject", Input).value = "Changed"
        await pilot.pause()
        await pilot.press("ctrl+q")
        await until(pilot, lambda: isinstance(app.screen, ChoiceModal))
        assert editor._held, "autosave ran on while the quit question was open"
        await pilot.press("escape")
        await until(pilot, lambda: app.screen is editor)
        assert not editor._held and app.is_running


async def test_setup_screen_saves_profile_with_comments_kept(home: Home) -> None:
    home.config_file.write_text(DEFAULT_CONFIG, encoding="utf-8")
    app = FollowupApp(home, load_config(home), offer_setup=True)
    async with app.run_test(size=(100, 40)) as pilot:
        await until(pilot, lambda: isinstance(app.screen, SetupScreen))
        screen = app.screen
        screen.query_one("#name", Input).value = "Sam Lee"
        screen.query_one("#email", Input).value = "not an address"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert "Enter your email address" in str(screen.query_one("#setup-error").render())
        assert app.screen is screen
        screen.query_one("#email", Input).value = "sam@example.org"
        await pilot.press("ctrl+s")
        await until(pilot, lambda: isinstance(app.screen, InterviewListScreen))
        assert app.config.profile.name == "Sam Lee"
    text = home.config_file.read_text(encoding="utf-8")
    assert 'name = "Sam Lee"' in text and "# your address, the From: of every email" in text


async def test_no_setup_screen_when_the_profile_is_there(home: Home) -> None:
    app = FollowupApp(home, Config(profile=PROFILE), offer_setup=True)
    async with app.run_test() as pilot:
        await until(pilot, lambda: isinstance(app.screen, InterviewListScreen))
        await pilot.pause(0.2)
        assert not isinstance(app.screen, SetupScreen)


async def test_config_edit_is_picked_up_and_a_broken_one_keeps_the_old(
    home: Home, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(app_module, "CONFIG_POLL_SECONDS", 0.05)
    home.config_file.write_text('[profile]\nname = "Sam Lee"\nemail = "s@x.org"\n')
    app = FollowupApp(home, load_config(home))
    async with app.run_test(notifications=True) as pilot:
        await until(pilot, lambda: isinstance(app.screen, InterviewListScreen))
        home.config_file.write_text('[profile]\nname = "Sam Q. Lee"\nemail = "s@x.org"\n')
        await until(pilot, lambda: app.config.profile.name == "Sam Q. Lee")
        home.config_file.write_text('[profile]\nname = 3\nemail = "s@x.org"\n')
        await until(
            pilot,
            lambda: any("profile.name must be text" in n.message for n in app._notifications),
        )
        assert app.config.profile.name == "Sam Q. Lee"


async def test_status_line_names_missing_values_and_their_keys(home: Home) -> None:
    from followup_tui.core.model import Interviewer

    interview_id = (
        Store(home)
        .save(make_interview(topics=[], interviewers=[Interviewer("Dana Reyes")]), now=NOW)
        .id
    )
    app = FollowupApp(home, Config())
    async with app.run_test(size=(120, 30)) as pilot:
        editor = EditorScreen(interview_id)
        await app.push_screen(editor)
        await pilot.pause()
        status = str(editor.query_one("#status").render())
        assert "Missing: your name (f3), a topic you discussed (f2)" in status
        assert "the interviewer's email (f2)" in status
        assert "[your name]" in editor.query_one("#subject", Input).value


async def test_an_open_editor_follows_a_live_key_remap(
    home: Home, monkeypatch: pytest.MonkeyPatch
) -> None:
    from followup_tui.tui.widgets.live_checklist import LiveChecklist

    monkeypatch.setattr(app_module, "CONFIG_POLL_SECONDS", 0.05)
    home.config_file.write_text('[profile]\nname = "Sam Lee"\nemail = "s@x.org"\n')
    interview_id = Store(home).save(make_interview(), now=NOW).id
    app = FollowupApp(home, load_config(home))
    async with app.run_test(size=(120, 30)) as pilot:
        editor = EditorScreen(interview_id)
        await app.push_screen(editor)
        live = editor.query_one(LiveChecklist)
        await until(pilot, lambda: live.up_to_date)
        assert "(^n)" in str(live.render())
        home.config_file.write_text(
            '[profile]\nname = "Sam Lee"\nemail = "s@x.org"\n\n[keys]\n"editor.checklist" = "f4"\n'
        )
        await until(pilot, lambda: live.key_hint == "f4" and live.up_to_date)
        await until(pilot, lambda: "(f4)" in str(live.render()))
        await pilot.press("f4")
        await until(pilot, lambda: type(app.screen).__name__ == "ChecklistScreen")
