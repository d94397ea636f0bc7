"""The draft editor driven with Pilot: type, autosave, leave, template switch, hand-offs."""

from __future__ import annotations

import contextlib
import stat
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from textual.widgets import Input, Select, TextArea

from followup_tui.core.model import Interviewer
from followup_tui.core.schedule import State, next_action
from followup_tui.storage.config import Config, Profile
from followup_tui.storage.paths import Home
from followup_tui.storage.store import Store
from followup_tui.tui.app import FollowupApp
from followup_tui.tui.modals.choice_modal import ChoiceModal
from followup_tui.tui.modals.conflict import ConflictModal
from followup_tui.tui.modals.send_modal import SendConfirmModal
from followup_tui.tui.screens import editor_keeping
from followup_tui.tui.screens.editor_handoffs import split_edited
from followup_tui.tui.screens.editor_screen import EditorScreen
from tests.conftest import NOW, make_interview


@pytest.fixture(autouse=True)
def _no_autosave_unless_asked(monkeypatch: pytest.MonkeyPatch) -> None:
    """A slow machine must not autosave in the middle of a test that checks dirtiness."""
    monkeypatch.setattr(editor_keeping, "AUTOSAVE_SECONDS", 3600.0)


def make_app(home: Home, **interview: object) -> tuple[FollowupApp, str]:
    saved = Store(home).save(make_interview(**interview), now=NOW)
    config = Config(profile=Profile(name="Sam Lee", email="sam.lee@example.com"))
    return FollowupApp(home, config), saved.id


async def open_editor(app: FollowupApp, pilot: object, interview_id: str) -> EditorScreen:
    screen = EditorScreen(interview_id)
    await app.push_screen(screen)
    await pilot.pause()  # type: ignore[attr-defined]
    return screen


async def test_opens_filled_thank_you_and_saves_it(home: Home) -> None:
    app, interview_id = make_app(home)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_editor(app, pilot, interview_id)
        assert screen.query_one("#to", Input).value == "dana@acme.example"
        assert screen.query_one("#subject", Input).value == (
            "Thank You - Sam Lee Interview for Backend Engineer"
        )
        assert screen.query_one("#body", TextArea).text.startswith("Dear Dana Reyes,")
        assert screen.query_one("#template", Select).value == "thank-you"
        assert "words" in str(screen.query_one("#word-count").content)
    on_disk = Store(home).load(interview_id)
    assert on_disk.drafts[0].body.startswith("Dear Dana Reyes,")


async def test_typing_is_autosaved(home: Home, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(editor_keeping, "AUTOSAVE_SECONDS", 0.05)
    app, interview_id = make_app(home)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_editor(app, pilot, interview_id)
        body = screen.query_one("#body", TextArea)
        body.focus()
        body.move_cursor((0, 0))
        await pilot.press("H", "i", "!", "enter")
        for _ in range(100):
            await pilot.pause(0.05)
            if not screen.dirty:
                break
        assert not screen.dirty
    assert Store(home).load(interview_id).drafts[0].body.startswith("Hi!\nDear Dana")


async def test_leaving_with_unsaved_changes_asks(home: Home) -> None:
    app, interview_id = make_app(home)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_editor(app, pilot, interview_id)
        subject = screen.query_one("#subject", Input)
        subject.value = "Changed subject"
        await pilot.pause()
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, ChoiceModal)
        await pilot.click("#cancel")
        await pilot.pause()
        assert app.screen is screen
        await pilot.press("escape")
        await pilot.pause()
        await pilot.click("#save")
        await pilot.pause()
        assert not isinstance(app.screen, EditorScreen | ChoiceModal)
    assert Store(home).load(interview_id).drafts[0].subject == "Changed subject"


async def test_discard_leaves_file_untouched(home: Home) -> None:
    app, interview_id = make_app(home)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_editor(app, pilot, interview_id)
        screen.query_one("#subject", Input).value = "Not wanted"
        await pilot.pause()
        await pilot.press("escape")
        await pilot.pause()
        await pilot.click("#discard")
        await pilot.pause()
        assert not isinstance(app.screen, EditorScreen)
    assert Store(home).load(interview_id).drafts[0].subject.startswith("Thank You")


async def test_template_switch_refills(home: Home) -> None:
    app, interview_id = make_app(home)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_editor(app, pilot, interview_id)
        screen.query_one("#template", Select).value = "clarification"
        for _ in range(100):  # the Changed message is handled on a later turn of the loop
            await pilot.pause(0.05)
            if "glad to go into more detail" in screen.query_one("#body", TextArea).text:
                break
        assert "glad to go into more detail" in screen.query_one("#body", TextArea).text
        assert screen.draft is not None and screen.draft.kind == "clarification"
    assert Store(home).load(interview_id).drafts[0].template == "clarification"


async def test_panel_interviewer_picker_switches_draft(home: Home) -> None:
    people = [Interviewer("Priya N", "priya@globex.example"), Interviewer("Tom B", "tom@g.example")]
    app, interview_id = make_app(home, interviewers=people)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_editor(app, pilot, interview_id)
        picker = screen.query_one("#interviewer", Select)
        assert picker.display and picker.value == "Priya N"
        picker.value = "Tom B"
        await pilot.pause()
        assert screen.query_one("#to", Input).value == "tom@g.example"
        assert screen.query_one("#body", TextArea).text.startswith("Dear Tom B,")
    drafts = Store(home).load(interview_id).drafts
    assert sorted(d.interviewer for d in drafts) == ["Priya N", "Tom B"]


async def test_mark_sent_moves_interview_to_waiting(home: Home) -> None:
    app, interview_id = make_app(home)
    async with app.run_test(size=(100, 30)) as pilot:
        await open_editor(app, pilot, interview_id)
        await pilot.press("ctrl+t")
        await pilot.pause()
        assert not isinstance(app.screen, EditorScreen)
    saved = Store(home).load(interview_id)
    assert saved.followups[0].state == "sent" and saved.followups[0].sent_at == NOW
    assert next_action(saved, NOW).state is State.WAITING


async def test_conflict_offers_reload_and_overwrites_nothing(home: Home) -> None:
    app, interview_id = make_app(home)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_editor(app, pilot, interview_id)
        other = Store(home)
        changed = other.load(interview_id)
        changed.notes = "edited elsewhere"
        other.save(changed)
        screen.query_one("#subject", Input).value = "mine"
        await pilot.pause()
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, ConflictModal)  # the one conflict flow
        await pilot.click("#reload")
        await pilot.pause()
        assert screen.interview is not None and screen.interview.notes == "edited elsewhere"
    assert Store(home).load(interview_id).notes == "edited elsewhere"


async def test_copy_and_send_confirmation(home: Home) -> None:
    app, interview_id = make_app(home)
    async with app.run_test(size=(100, 30)) as pilot:
        await open_editor(app, pilot, interview_id)
        await pilot.press("ctrl+b")
        assert app.clipboard.startswith("Subject: Thank You - Sam Lee")
        await pilot.press("ctrl+l")
        assert app.clipboard.startswith("mailto:dana@acme.example?subject=Thank%20You")
        await pilot.press("ctrl+g")
        await pilot.pause()
        assert isinstance(app.screen, SendConfirmModal)
        await pilot.press("escape")


def fake_editor(tmp_path: Path) -> Path:
    script = tmp_path / "fake-editor"
    script.write_text(
        f"#!{sys.executable}\n"
        "import sys\n"
        "path = sys.argv[-1]\n"
        "text = open(path, encoding='utf-8').read()\n"
        "text = text.replace('Subject: Thank You', 'Subject: Many thanks')\n"
        "open(path, 'w', encoding='utf-8').write(text + 'P.S. edited in vim\\n')\n",
        encoding="utf-8",
    )
    script.chmod(script.stat().st_mode | stat.S_IEXEC)
    return script


async def test_external_editor_round_trip(
    home: Home, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("VISUAL", raising=False)
    monkeypatch.setenv("EDITOR", f"{fake_editor(tmp_path)} --wait")
    app, interview_id = make_app(home)
    suspended: list[bool] = []

    @contextlib.contextmanager
    def suspend() -> Iterator[None]:  # the headless driver cannot suspend
        suspended.append(True)
        yield

    monkeypatch.setattr(app, "suspend", suspend)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_editor(app, pilot, interview_id)
        await pilot.press("ctrl+o")
        await pilot.pause()
        assert suspended == [True]
        assert screen.query_one("#subject", Input).value.startswith("Many thanks - Sam Lee")
        assert screen.query_one("#body", TextArea).text.endswith("P.S. edited in vim\n")
    draft = Store(home).load(interview_id).drafts[0]
    assert draft.subject.startswith("Many thanks") and draft.body.endswith("edited in vim\n")


def test_split_edited() -> None:
    assert split_edited("To: a@b.example\nSubject: Hi\n\nBody\n", "", "") == (
        "a@b.example",
        "Hi",
        "Body\n",
    )
    assert split_edited("Just a body", "x@y.example", "S") == ("x@y.example", "S", "Just a body")
