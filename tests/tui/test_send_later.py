"""Send later in the app, with Pilot: the editor's action, the launch note, sending while open."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta

import pytest
from aiosmtpd.controller import Controller
from textual.command import CommandList, CommandPalette
from textual.widgets import Input, OptionList, Static, TextArea

from followup_tui.storage.config import Config, Profile, load_config
from followup_tui.storage.paths import Home
from followup_tui.storage.store import Store
from followup_tui.tui.app import FollowupApp
from followup_tui.tui.modals.choice_modal import ChoiceModal
from followup_tui.tui.modals.send_later_modal import SendLaterModal
from followup_tui.tui.screens import editor_keeping
from followup_tui.tui.screens.editor_screen import EditorScreen
from tests.conftest import NOW, make_interview, until
from tests.unit.queue_helpers import Handler, Inbox, free_port, queued_interview, write_config

ENDED_AGO = timedelta(hours=20)
pytestmark = pytest.mark.usefixtures("berlin")


@pytest.fixture(autouse=True)
def _no_autosave(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(editor_keeping, "AUTOSAVE_SECONDS", 3600.0)


def config() -> Config:
    return Config(profile=Profile(name="Sam Lee", email="sam.lee@example.com"))


async def test_send_later_from_the_editor_queues_the_draft(home: Home) -> None:
    saved = Store(home).save(make_interview(interview_at=NOW - ENDED_AGO), now=NOW)
    app = FollowupApp(home, config())
    async with app.run_test(size=(100, 34), notifications=True) as pilot:
        screen = EditorScreen(saved.id)
        await app.push_screen(screen)
        await pilot.pause()
        await pilot.press("ctrl+f")
        await until(pilot, lambda: isinstance(app.screen, SendLaterModal), what="the modal")
        options = app.screen.query_one(OptionList)
        labels = [str(options.get_option_at_index(i).prompt) for i in range(options.option_count)]
        assert labels[0] == "today 13:00  (inside the 24-hour ideal window)", labels
        assert any("(tomorrow morning)" in label for label in labels)
        # Tomorrow morning: the template's "yesterday" would be false then, so it asks.
        await pilot.press("down", "enter")
        await until(pilot, lambda: isinstance(app.screen, ChoiceModal), what="the question")
        assert "'yesterday' is not true" in str(app.screen.query_one("#details", Static).content)
        await pilot.press("escape")
        await until(pilot, lambda: isinstance(app.screen, EditorScreen), what="the editor")
        assert Store(home).read(saved.id).drafts[0].state == "draft"
        # Inside the ideal window, today: nothing fails, it is queued at once.
        await pilot.press("ctrl+f")
        await until(pilot, lambda: isinstance(app.screen, SendLaterModal), what="the modal")
        await pilot.press("enter")
        await until(pilot, lambda: not isinstance(app.screen, EditorScreen), what="leaving")
    followup = Store(home).read(saved.id).drafts[0]
    assert followup.state == "scheduled"
    assert followup.send_at is not None and followup.send_at > NOW


async def test_a_typed_time_is_read_like_the_form_and_bad_ones_explained(home: Home) -> None:
    saved = Store(home).save(make_interview(interview_at=NOW - ENDED_AGO), now=NOW)
    app = FollowupApp(home, config())
    async with app.run_test(size=(100, 34)) as pilot:
        await app.push_screen(EditorScreen(saved.id))
        await pilot.pause()
        await pilot.press("ctrl+f")
        await until(pilot, lambda: isinstance(app.screen, SendLaterModal), what="the modal")
        modal = app.screen
        field = modal.query_one("#when", Input)
        field.focus()
        field.value = "yesterday 9:00"
        await pilot.press("enter")
        await until(pilot, lambda: "passed" in str(modal.query_one("#problem", Static).content))
        field.value = "whenever"
        await pilot.press("enter")
        await until(
            pilot,
            lambda: "is not a date and time" in str(modal.query_one("#problem", Static).content),
        )
        field.value = "2026-11-26 16:30"
        await pilot.press("enter")
        await until(pilot, lambda: not isinstance(app.screen, (SendLaterModal, EditorScreen)))
    followup = Store(home).read(saved.id).drafts[0]
    assert followup.send_at is not None and followup.send_at.hour == 16


async def test_failing_checks_at_the_chosen_time_ask_first(home: Home) -> None:
    # The interview is tomorrow: a thank-you before it ends fails the timing check.
    saved = Store(home).save(make_interview(interview_at=NOW + timedelta(days=1)), now=NOW)
    app = FollowupApp(home, config())
    async with app.run_test(size=(100, 34)) as pilot:
        await app.push_screen(EditorScreen(saved.id))
        await pilot.pause()
        await pilot.press("ctrl+f")
        await until(pilot, lambda: isinstance(app.screen, SendLaterModal), what="the modal")
        await pilot.press("enter")
        await until(pilot, lambda: isinstance(app.screen, ChoiceModal), what="the question")
        details = str(app.screen.query_one("#details", Static).content)
        assert "Timing: The interview has not ended yet" in details
        await pilot.press("enter")  # Schedule anyway
        await until(pilot, lambda: not isinstance(app.screen, (ChoiceModal, EditorScreen)))
    followup = Store(home).read(saved.id).drafts[0]
    assert followup.state == "scheduled" and followup.send_anyway == ["timing"]


async def test_the_launch_note_names_held_sends(home: Home) -> None:
    interview = queued_interview("acme", NOW, interview_at=NOW - ENDED_AGO)
    interview.followups[0].state, interview.followups[0].send_at = "draft", None
    interview.followups[0].notice = "Not sent at 09:00: Ready to send: sign it."
    Store(home).save(interview)
    app = FollowupApp(home, config())
    async with app.run_test(size=(100, 34), notifications=True) as pilot:
        await until(
            pilot,
            lambda: any("1 queued send needs you" in str(n.message) for n in app._notifications),
            what="the note",
        )


@pytest.fixture
def inbox() -> Iterator[tuple[Inbox, int]]:
    box = Inbox()
    port = free_port()
    controller = Controller(Handler(box), hostname="127.0.0.1", port=port)
    controller.start()
    yield box, port
    controller.stop()


async def test_the_open_app_sends_what_is_due(home: Home, inbox: tuple[Inbox, int]) -> None:
    box, port = inbox
    write_config(home, port)
    Store(home).save(queued_interview("acme", NOW, interview_at=NOW - ENDED_AGO))
    app = FollowupApp(home, load_config(home))
    async with app.run_test(size=(100, 34), notifications=True) as pilot:
        await until(pilot, lambda: bool(app.screen.query("InterviewTable")), what="the list")
        app.sender.tick()  # what the half-minute timer does
        await until(pilot, lambda: len(box.ids()) == 1, what="the send")
        await until(
            pilot,
            lambda: any(str(n.message).startswith("Sent to") for n in app._notifications),
            what="the toast",
        )
    assert Store(home).read("acme").followups[0].state == "sent"


async def test_a_scheduled_draft_stays_scheduled_while_edited(home: Home) -> None:
    interview = queued_interview("acme", NOW + timedelta(days=1), interview_at=NOW - ENDED_AGO)
    Store(home).save(interview)
    app = FollowupApp(home, config())
    async with app.run_test(size=(100, 34)) as pilot:
        screen = EditorScreen("acme")
        await app.push_screen(screen)
        await pilot.pause()
        status = screen.query_one("#status", Static)
        assert "scheduled tomorrow" in str(status.content)
        body = screen.query_one("#body", TextArea)
        body.focus()
        body.move_cursor((0, 0))
        await pilot.press("H", "i")
        await pilot.press("ctrl+s")
        await until(pilot, lambda: not screen.dirty, what="the save")
        assert "Saved · scheduled tomorrow" in str(status.content)
    followup = Store(home).read("acme").followups[0]
    assert followup.state == "scheduled" and followup.body.startswith("HiDear")


async def test_send_later_is_in_the_editors_palette(home: Home) -> None:
    saved = Store(home).save(make_interview(interview_at=NOW - ENDED_AGO), now=NOW)
    app = FollowupApp(home, config())
    async with app.run_test(size=(100, 34)) as pilot:
        await app.push_screen(EditorScreen(saved.id))
        await pilot.pause()
        app.action_command_palette()
        await until(pilot, lambda: isinstance(app.screen, CommandPalette), what="the palette")
        await pilot.press(*"send later")
        await until(
            pilot,
            lambda: (
                "Send later" in str(app.screen.query_one(CommandList).get_option_at_index(0).prompt)
            ),
            what="the hit",
        )
        await pilot.press("enter")
        await until(pilot, lambda: isinstance(app.screen, SendLaterModal), what="the modal")
