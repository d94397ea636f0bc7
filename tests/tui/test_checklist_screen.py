"""The checklist screen, driven with Pilot: ticking persists, Enter jumps, no draft."""

from __future__ import annotations

import pytest

from followup_tui.checks import Status
from followup_tui.storage.config import load_config
from followup_tui.storage.paths import Home
from followup_tui.storage.store import Store
from followup_tui.tui.app import FollowupApp
from followup_tui.tui.modals.conflict import ConflictModal
from followup_tui.tui.screens.checklist_screen import CheckItem, ChecklistScreen, JumpTo
from tests.conftest import make_interview
from tests.unit.checks_data import FILLED_BODY, filled_followup

PROFILE = '[profile]\nname = "Sam Lee"\nemail = "sam.lee@example.com"\n'


def make_app(home: Home) -> FollowupApp:
    home.config_file.write_text(PROFILE, encoding="utf-8")
    return FollowupApp(home, load_config(home))


async def open_checklist(app: FollowupApp, pilot: object, interview_id: str) -> ChecklistScreen:
    screen = ChecklistScreen(interview_id)
    app.push_screen(screen, app.jumps.append)  # type: ignore[attr-defined]
    for _ in range(600):  # the worker loads the word list once per process
        await pilot.pause(0.05)  # type: ignore[attr-defined]
        if screen.results or screen.interview is not None:
            break
    await pilot.pause()  # type: ignore[attr-defined]
    return screen


@pytest.fixture
def app(home: Home) -> FollowupApp:
    app = make_app(home)
    app.jumps = []  # type: ignore[attr-defined]
    return app


async def test_manual_tick_is_saved(app: FollowupApp, home: Home, store: Store) -> None:
    interview = store.save(make_interview(followups=[filled_followup()]))
    async with app.run_test(size=(60, 18)) as pilot:
        screen = await open_checklist(app, pilot, interview.id)
        items = screen.query_one("#checklist-items")
        assert len(screen.query(CheckItem)) == 11
        assert "9 of 11" in str(screen.query_one("#checklist-score").content)
        ids = [result.id for result in screen.results]
        items.index = ids.index("read-aloud")  # type: ignore[attr-defined]
        await pilot.press("space")
        await pilot.pause()
        assert "10 of 11" in str(screen.query_one("#checklist-score").content)
        assert Store(home).load(interview.id).followups[0].ticked == ["read-aloud"]
        await pilot.press("space")
        await pilot.pause()
        assert Store(home).load(interview.id).followups[0].ticked == []


async def test_tick_conflict_is_reported_not_overwritten(
    app: FollowupApp, home: Home, store: Store
) -> None:
    interview = store.save(make_interview(followups=[filled_followup()]))
    async with app.run_test(size=(60, 18), notifications=True) as pilot:
        screen = await open_checklist(app, pilot, interview.id)
        other = Store(home)
        changed = other.load(interview.id)
        changed.notes = "edited elsewhere"
        other.save(changed)
        screen.query_one("#checklist-items").index = 9  # type: ignore[attr-defined]
        await pilot.press("space")
        await pilot.pause()
        assert isinstance(app.screen, ConflictModal)  # the one conflict flow: reload offered
        assert Store(home).load(interview.id).notes == "edited elsewhere"
        assert not screen.results[9].ticked


async def test_enter_on_a_failing_item_returns_jump(app: FollowupApp, store: Store) -> None:
    body = "Dear Dana,\nThank you for the chat about the the on-call rotation.\nSam Lee"
    interview = store.save(make_interview(followups=[filled_followup(body=body)]))
    async with app.run_test(size=(60, 18)) as pilot:
        screen = await open_checklist(app, pilot, interview.id)
        position = screen.row_index("proofread")
        screen.query_one("#checklist-items").index = position  # type: ignore[attr-defined]
        await pilot.press("enter")
        await pilot.pause()
        start = body.index("the the")
        assert app.jumps == [JumpTo("body", start, start + len("the the"))]  # type: ignore[attr-defined]
        assert not isinstance(app.screen, ChecklistScreen)


async def test_every_finding_has_a_row_and_enter_jumps_to_it(
    app: FollowupApp, store: Store
) -> None:
    body = "Dear Dana,\nThank you for the the chat about the on-call rotaton.\nSam Lee"
    interview = store.save(make_interview(followups=[filled_followup(body=body)]))
    async with app.run_test(size=(80, 30)) as pilot:
        screen = await open_checklist(app, pilot, interview.id)
        proofread = next(result for result in screen.results if result.id == "proofread")
        assert [f.kind for f in proofread.findings] == ["doubled-word", "spelling"]
        row = screen.row_index("proofread", 1)
        assert row == screen.row_index("proofread") + 2
        screen.query_one("#checklist-items").index = row  # type: ignore[attr-defined]
        await pilot.press("enter")
        await pilot.pause()
        start = body.index("rotaton")
        assert app.jumps == [JumpTo("body", start, start + len("rotaton"))]  # type: ignore[attr-defined]


async def test_a_adds_an_unknown_word_to_the_dictionary(
    app: FollowupApp, store: Store, home: Home
) -> None:
    body = FILLED_BODY.replace("event-driven", "Zorbulon")
    interview = store.save(make_interview(followups=[filled_followup(body=body)]))
    async with app.run_test(size=(80, 30)) as pilot:
        screen = await open_checklist(app, pilot, interview.id)
        screen.query_one("#checklist-items").index = screen.row_index("proofread", 0)  # type: ignore[attr-defined]
        await pilot.press("a")
        for _ in range(100):
            await pilot.pause(0.05)
            proofread = next(result for result in screen.results if result.id == "proofread")
            if proofread.status is Status.PASS:
                break
        assert proofread.status is Status.PASS
        assert home.dictionary_file.read_text(encoding="utf-8") == "Zorbulon\n"


async def test_enter_on_a_passing_item_stays(app: FollowupApp, store: Store) -> None:
    interview = store.save(make_interview(followups=[filled_followup()]))
    async with app.run_test(size=(60, 18)) as pilot:
        screen = await open_checklist(app, pilot, interview.id)
        await pilot.press("enter")
        await pilot.pause()
        assert app.screen is screen
        await pilot.press("escape")
        await pilot.pause()
        assert app.jumps == [None]  # type: ignore[attr-defined]


async def test_no_draft_says_so(app: FollowupApp, store: Store) -> None:
    interview = store.save(make_interview())
    async with app.run_test(size=(60, 18)) as pilot:
        screen = await open_checklist(app, pilot, interview.id)
        message = str(screen.query_one("#checklist-empty").content)
        assert "no draft yet" in message and "followup check" in message
        assert not screen.query_one("#checklist-items").display
        await pilot.press("space", "enter")  # nothing to tick or jump to
        assert app.screen is screen


async def test_vim_keys_move_through_the_checks(app: FollowupApp, store: Store) -> None:
    interview = store.save(make_interview(followups=[filled_followup()]))
    async with app.run_test(size=(60, 18)) as pilot:
        screen = await open_checklist(app, pilot, interview.id)
        items = screen.query_one("#checklist-items")
        items.index = 0  # type: ignore[attr-defined]
        await pilot.press("j", "j")
        assert items.index == 2  # type: ignore[attr-defined]
        await pilot.press("k")
        assert items.index == 1  # type: ignore[attr-defined]
        await pilot.press("G")
        assert items.index == 10  # type: ignore[attr-defined]
        await pilot.press("g")
        assert items.index == 0  # type: ignore[attr-defined]
        await pilot.press("ctrl+d")
        assert items.index > 0  # type: ignore[attr-defined]
        await pilot.press("ctrl+u")
        assert items.index == 0  # type: ignore[attr-defined]
        await pilot.press("q")
        await pilot.pause()
        assert not isinstance(app.screen, ChecklistScreen)
