"""Another followup holding the home's lock never freezes the app (#22, item 12).

Another process holds ``<home>/.lock`` the way a running ``followup import``
or a mailbox scan from a timer does (``Store.locked`` in a real second
process). A change made in the app meanwhile waits for it off the UI thread:
the app keeps answering keys, says what is waiting and for whom, saves it
once the lock is free, in order, and gives up after a bounded time saying
what was not saved. Before this, the change waited for the lock on the UI
thread: the app froze for up to 10 s and no key was answered.
"""

from __future__ import annotations

import threading
from datetime import timedelta
from typing import Any

import pytest
from textual.widgets import TextArea

from followup_tui.storage.paths import Home
from followup_tui.storage.store import Store
from followup_tui.tui import writes
from followup_tui.tui.app import FollowupApp
from followup_tui.tui.modals.choice_modal import ChoiceModal
from followup_tui.tui.screens import editor_keeping, list_base
from followup_tui.tui.screens.editor_screen import EditorScreen
from followup_tui.tui.screens.list_screen import InterviewListScreen
from followup_tui.tui.widgets.interview_table import InterviewTable
from tests.conftest import NOW, make_interview, until
from tests.reliability.helpers import OtherFollowup
from tests.tui.test_conflicts import _app


@pytest.fixture
def ids(home: Home) -> list[str]:
    """Two interviews that owe a thank-you (written before anyone holds the lock)."""
    return _two_due(home)


@pytest.fixture
def other(home: Home, ids: list[str]) -> Any:
    holder = OtherFollowup(home)
    yield holder
    holder.release()


@pytest.fixture(autouse=True)
def _quiet(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(list_base, "POLL_SECONDS", 3600.0)  # no reload mid-test
    monkeypatch.setattr(editor_keeping, "AUTOSAVE_SECONDS", 3600.0)


def _messages(app: FollowupApp) -> list[str]:
    return [f"{item.title}: {item.message}" for item in app._notifications]


def _said(app: FollowupApp, text: str) -> bool:
    return any(text in message for message in _messages(app))


def _two_due(home: Home) -> list[str]:
    store = Store(home)
    first = store.save(make_interview(company="Acme"), now=NOW)
    second = store.save(
        make_interview(company="Globex", interview_at=NOW - timedelta(days=1)), now=NOW
    )
    return [first.id, second.id]


def _sent(home: Home, interview_id: str) -> bool:
    return any(item.state == "sent" for item in Store(home).load(interview_id).followups)


async def test_the_list_answers_keys_while_another_followup_writes(
    home: Home, ids: list[str], other: OtherFollowup
) -> None:
    app = _app(home)
    async with app.run_test(size=(110, 30), notifications=True) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, InterviewListScreen)
        table = screen.query_one(InterviewTable)
        first = screen.selected_row()
        assert first is not None
        await pilot.press("s")  # mark sent: the lock is taken, so it waits
        await until(pilot, lambda: _said(app, "Waiting for another followup"), what="notice")
        assert "It holds" not in " ".join(_messages(app))  # one sentence, no leftovers
        assert _said(app, str(home.lock_file))
        assert not _sent(home, first.id)
        assert app.writes.waiting_for(first.id)
        # The app goes on: the cursor moves, a second change waits behind the first.
        await pilot.press("j")
        second = screen.selected_row()
        assert second is not None and second.id != first.id
        assert table.cursor_row == 1
        await pilot.press("s")
        await pilot.press("k", "s")  # the first again: refused, its change still waits
        await until(pilot, lambda: _said(app, "still waiting"), what="the refusal")
        other.release()
        await until(pilot, lambda: not app.writes.waiting, what="the waiting writes")
        assert _sent(home, ids[0]) and _sent(home, ids[1])
        assert _said(app, "after waiting")
        assert not _said(app, "Waiting for another followup")  # taken back once saved
        assert len(screen.undo_stack) == 2


async def test_a_wait_is_bounded_and_says_what_was_not_saved(
    home: Home, ids: list[str], other: OtherFollowup, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(writes, "LOCK_TIMEOUT", 1.0)
    interview_id = ids[0]
    before = Store(home).path_for(interview_id).read_bytes()
    app = _app(home)
    async with app.run_test(size=(110, 30), notifications=True) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, InterviewListScreen)
        await pilot.press("s")
        await until(pilot, lambda: _said(app, "Not saved"), what="the give-up")
        assert _said(app, "thank-you to Dana Reyes marked sent")
        assert not app.writes.waiting
        assert len(screen.undo_stack) == 0  # nothing to undo: nothing changed
        assert Store(home).path_for(interview_id).read_bytes() == before
        other.release()
        await pilot.press("s")  # free now: at once, as always
        assert _sent(home, interview_id)


async def test_what_is_typed_while_the_save_waits_is_saved_with_it(
    home: Home, ids: list[str], other: OtherFollowup
) -> None:
    interview_id = ids[0]
    app = _app(home)
    async with app.run_test(size=(120, 40), notifications=True) as pilot:
        await pilot.pause()
        await pilot.press("w")  # the editor, a thank-you drafted from the template
        await until(pilot, lambda: isinstance(app.screen, EditorScreen), what="the editor")
        editor = app.screen
        assert isinstance(editor, EditorScreen)
        await until(pilot, lambda: app.writes.waiting, what="the new draft's save to wait")
        body = editor.query_one("#body", TextArea)
        body.focus()
        body.move_cursor((0, 0))
        await pilot.press(*"First. ")
        await pilot.press("ctrl+s")  # joins the waiting save
        await pilot.press(*"Second. ")
        assert editor.dirty
        other.release()
        await until(pilot, lambda: not app.writes.waiting, what="the save")
        draft = Store(home).load(interview_id).drafts[0]
        assert draft.body.startswith("First. Second. Dear")
        assert not editor.dirty
        assert _said(app, "Draft saved.")


async def test_quitting_waits_for_what_waits_and_then_quits(
    home: Home, ids: list[str], other: OtherFollowup
) -> None:
    interview_id = ids[0]
    app = _app(home)
    async with app.run_test(size=(110, 30), notifications=True) as pilot:
        await pilot.pause()
        await pilot.press("s")
        await until(pilot, lambda: app.writes.waiting, what="the waiting write")
        await pilot.press("ctrl+q")  # nothing typed, but a change still waits: ask
        await until(pilot, lambda: isinstance(app.screen, ChoiceModal), what="the question")
        modal = app.screen
        assert isinstance(modal, ChoiceModal)
        assert "thank-you to Dana Reyes marked sent" in modal.message
        await pilot.press("enter")  # Save and quit: quits once it is on disk
        await pilot.pause(0.3)
        assert app.is_running and not _sent(home, interview_id)
        other.release()
        await until(pilot, lambda: not app.is_running, what="the quit")
    assert _sent(home, interview_id)


async def test_the_list_waits_for_its_own_loading_thread_without_freezing(
    home: Home, ids: list[str]
) -> None:
    """The list's hold on the store (shared with the thread loading a big home)."""
    app = _app(home)
    async with app.run_test(size=(110, 30), notifications=True) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, InterviewListScreen)
        release = threading.Event()
        held = threading.Event()

        def loading() -> None:
            with screen._lock:
                held.set()
                release.wait(30)

        thread = threading.Thread(target=loading)
        thread.start()
        held.wait(10)
        first = screen.selected_row()
        await pilot.press("s")
        await pilot.press("j")  # answered meanwhile
        assert screen.query_one(InterviewTable).cursor_row == 1
        moved_to = screen.selected_row()
        assert first is not None and moved_to is not None and moved_to.id != first.id
        assert not _sent(home, first.id)
        release.set()
        thread.join()
        await until(pilot, lambda: not app.writes.waiting, what="the write")
        assert _sent(home, first.id)
        assert screen.selected_row() == moved_to  # the late save did not pull the cursor back


async def test_a_lost_session_blocks_for_the_lock_since_no_one_is_looking(
    home: Home, ids: list[str], other: OtherFollowup
) -> None:
    """SIGHUP's path: ``flush`` waits (bounded) for what is queued, then it is on disk."""
    interview_id = ids[0]
    app = _app(home)
    async with app.run_test(size=(110, 30), notifications=True) as pilot:
        await pilot.pause()
        await pilot.press("s")
        await until(pilot, lambda: app.writes.waiting, what="the waiting write")
        threading.Timer(0.5, other.release).start()
        app.writes.flush()
        assert not app.writes.waiting
        assert _sent(home, interview_id)
