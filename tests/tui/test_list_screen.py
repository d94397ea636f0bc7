"""The interview list driven through Pilot: ordering, colours, keys, reload, conflicts."""

from __future__ import annotations

from collections import Counter
from datetime import datetime, timedelta
from typing import Any

import pytest
from rich.text import Text
from textual.widgets import Input

from followup_tui.core.model import Interview
from followup_tui.core.schedule import State, Timing, by_urgency, next_action
from followup_tui.storage.config import Config
from followup_tui.storage.paths import Home
from followup_tui.storage.store import Store
from followup_tui.tui.app import FollowupApp
from followup_tui.tui.modals.choice_modal import ChoiceModal
from followup_tui.tui.modals.confirm import ConfirmModal
from followup_tui.tui.modals.conflict import ConflictModal
from followup_tui.tui.screens import list_base
from followup_tui.tui.screens.detail_screen import DetailScreen
from followup_tui.tui.screens.form_screen import FormScreen
from followup_tui.tui.screens.list_screen import InterviewListScreen
from followup_tui.tui.widgets.interview_table import InterviewTable
from tests.conftest import NOW, make_interview, rewrite_in_place, until


def _seed(store: Store) -> list[Interview]:
    items = [
        make_interview(company="Waiting Co", interview_at=NOW - timedelta(days=3)),
        make_interview(company="Overdue Co", interview_at=NOW - timedelta(days=5)),
        make_interview(company="Due Co", interview_at=NOW - timedelta(hours=20)),
        make_interview(company="Ahead Co", interview_at=NOW + timedelta(days=1)),
    ]
    from followup_tui.core.actions import mark_sent

    mark_sent(items[0], NOW - timedelta(days=2))
    for item in items:
        store.save(item, now=NOW)
    return items


async def _launch_toast(pilot: Any) -> None:
    """Wait for the launch toast: it is posted after the first paint, late on a busy machine."""
    await until(pilot, lambda: pilot.app._notifications, what="the launch notification")


def _app(home: Home, **config: object) -> FollowupApp:
    return FollowupApp(home, Config(**config))  # type: ignore[arg-type]


def _screen(app: FollowupApp) -> InterviewListScreen:
    assert isinstance(app.screen, InterviewListScreen)
    return app.screen


def _state_of(app: FollowupApp, company: str) -> str:
    """The state cell of a company's row, as shown."""
    table = app.screen.query_one(InterviewTable)
    columns = [c.key for c in table.visible_columns]
    row = _companies(app).index(company)
    return str(table.get_row_at(row)[columns.index("state")]).strip()


def _companies(app: FollowupApp) -> list[str]:
    table = app.screen.query_one(InterviewTable)
    column = [c.key for c in table.visible_columns].index("company")
    return [str(table.get_row_at(row)[column]) for row in range(table.row_count)]


@pytest.mark.usefixtures("lasting_launch_toast")
async def test_launch_orders_by_urgency_with_state_words_and_theme_colours(
    home: Home, store: Store
) -> None:
    _seed(store)
    app = _app(home, split=False)  # the whole table: the split has its own tests
    async with app.run_test(size=(120, 40), notifications=True) as pilot:
        await pilot.pause()
        assert _companies(app) == ["Overdue Co", "Due Co", "Ahead Co", "Waiting Co"]
        table = app.screen.query_one(InterviewTable)
        state_cell = table.get_row_at(0)[0]
        assert isinstance(state_cell, Text) and "overdue" in state_cell.plain
        overdue = app.theme_variables["overdue"]
        assert state_cell.style.color is not None  # type: ignore[union-attr]
        assert state_cell.style.bold  # type: ignore[union-attr]
        assert table.style_for(State.OVERDUE).color.name.lower() == overdue.lower()  # type: ignore[union-attr]
        assert "overdue by 3 days" in str(table.get_row_at(0)[3])
        await _launch_toast(pilot)
        messages = [n.message for n in app._notifications]
        assert "1 follow-up overdue, 1 due" in messages
        assert _screen(app).sub_title.startswith("1 overdue · 1 due · 4 interviews")


@pytest.mark.usefixtures("lasting_launch_toast")
async def test_empty_home_welcomes(home: Home) -> None:
    app = _app(home)
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await pilot.pause()
        empty = app.screen.query_one("#empty")
        assert empty.display and "Press a" in str(empty.render())
        assert "followup --demo" in str(empty.render())
        await _launch_toast(pilot)
        assert "Nothing due" in [n.message for n in app._notifications][0]


@pytest.mark.usefixtures("lasting_launch_toast")
async def test_a_late_launch_note_does_not_cover_a_screen_opened_before_it(
    home: Home, store: Store
) -> None:
    """On a starved machine the note can come after the user pressed `enter`: then it is dropped."""
    _seed(store)
    app = _app(home)
    async with app.run_test(size=(120, 40), notifications=True) as pilot:
        await _launch_toast(pilot)
        listing = _screen(app)
        app.clear_notifications()
        await pilot.press("enter")
        await until(pilot, lambda: isinstance(app.screen, DetailScreen), what="the detail")
        listing._announce(Counter({State.OVERDUE: 1}))
        for _ in range(5):
            await pilot.pause()
        assert not app._notifications
        await pilot.press("escape")
        await until(pilot, lambda: app.screen is listing, what="the list again")
        listing._announce(Counter({State.OVERDUE: 1}))
        await _launch_toast(pilot)
        assert [n.message for n in app._notifications] == ["1 follow-up overdue"]


async def test_broken_file_is_listed_and_rest_works(home: Home, store: Store) -> None:
    _seed(store)
    broken = home.interviews / "2026-11-20-broken.toml"
    broken.write_text("company = [", encoding="utf-8")
    app = _app(home)
    async with app.run_test(size=(120, 40), notifications=True) as pilot:
        await pilot.pause()
        panel = app.screen.query_one("#problems")
        assert panel.display and "2026-11-20-broken.toml" in str(panel.render())
        assert len(_companies(app)) == 4
        assert broken.read_text(encoding="utf-8") == "company = ["


async def test_add_with_bad_then_good_input(home: Home, store: Store) -> None:
    app = _app(home)
    async with app.run_test(size=(100, 40), notifications=True) as pilot:
        await pilot.press("a")
        form = app.screen
        assert isinstance(form, FormScreen)
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert "Enter the company name" in str(form.query_one("#error-company").render())
        assert form.focused is form.query_one("#company")
        await pilot.press(*"Initech")
        form.query_one("#when", Input).value = "next week"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert "is not a date and time" in str(form.query_one("#error-when").render())
        assert form.focused is form.query_one("#when")
        assert store.ids_on_disk() == []
        form.query_one("#when", Input).value = "tomorrow 9am"
        await pilot.pause()
        assert "27 Nov 2026 09:00" in str(form.query_one("#when-preview").render())
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, InterviewListScreen)
        assert store.ids_on_disk() == ["2026-11-27-initech"]
        assert _companies(app) == ["Initech"]


async def test_edit_and_escape_asks_before_discarding(home: Home, store: Store) -> None:
    _seed(store)
    app = _app(home)
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.press("e")
        form = app.screen
        assert isinstance(form, FormScreen)
        form.query_one("#company", Input).value = "Overdue Corp"
        await pilot.press("escape")
        assert isinstance(app.screen, ChoiceModal)
        assert app.screen.focused is not None and app.screen.focused.id == "save"
        await pilot.press("escape")  # Stay
        assert app.screen is form
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert "Overdue Corp" in _companies(app)
        saved = Store(home).load(
            store.ids_on_disk()[
                [*store.ids_on_disk()].index(next(i for i in store.ids_on_disk() if "overdue" in i))
            ]
        )
        assert saved.company == "Overdue Corp"


async def test_editing_keeps_tabs_in_notes_and_topics(home: Home, store: Store) -> None:
    """Tabs are ordinary text in a text area: a save from the form keeps them."""
    item = make_interview(company="Tabs Co", notes="step\tone\nstep\ttwo", topics=["a\tb"])
    store.save(item, now=NOW)
    app = _app(home)
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.press("e")
        form = app.screen
        assert isinstance(form, FormScreen)
        form.query_one("#company", Input).value = "Tabs Corp"
        await pilot.press("ctrl+s")
        await pilot.pause()
    saved = Store(home).load(item.id)
    assert saved.company == "Tabs Corp"
    assert saved.notes == "step\tone\nstep\ttwo"
    assert saved.topics == ["a\tb"]


async def test_delete_then_undo(home: Home, store: Store) -> None:
    _seed(store)
    app = _app(home)
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.pause()
        first = _screen(app).selected_interview()
        assert first is not None and first.company == "Overdue Co"
        await pilot.press("d")
        assert isinstance(app.screen, ConfirmModal)
        await pilot.press("y")
        await pilot.pause()
        assert "Overdue Co" not in _companies(app)
        assert first.id not in store.ids_on_disk()
        assert len(list(home.trash.iterdir())) == 1
        await pilot.press("u")
        await pilot.pause()
        assert "Overdue Co" in _companies(app)
        assert first.id in store.ids_on_disk()


async def test_filter_is_incremental_and_escape_clears(home: Home, store: Store) -> None:
    _seed(store)
    app = _app(home)
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.press("slash", *"due")
        await pilot.pause()
        assert _companies(app) == ["Overdue Co", "Due Co"]
        await pilot.press("backspace", "backspace", "backspace", *"dana")
        await pilot.pause()
        assert len(_companies(app)) == 4  # interviewer name matches everywhere
        await pilot.press("escape")
        await pilot.pause()
        assert len(_companies(app)) == 4
        assert not app.screen.query_one("#filter").display


async def test_mark_sent_and_reply_received_update_at_once(home: Home, store: Store) -> None:
    _seed(store)
    app = _app(home)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await pilot.press("s")
        await pilot.pause()
        assert _companies(app)[0] == "Due Co"
        saved = Store(home).load_all().interviews
        overdue = next(i for i in saved if i.company == "Overdue Co")
        assert overdue.sent_followups and overdue.sent_followups[0].sent_at == NOW
        # The cursor follows the interview it acted on (now "waiting", lower down):
        # the reply is recorded for that same interview, which then closes.
        assert _screen(app).selected_interview().company == "Overdue Co"  # type: ignore[union-attr]
        await pilot.press("r")  # asks for the outcome and a note
        await until(pilot, lambda: app.screen.__class__.__name__ == "PickModal")
        await pilot.press("3", "tab", *"call Friday", "enter")
        await until(pilot, lambda: _companies(app)[-1] == "Overdue Co")
        reloaded = next(i for i in Store(home).load_all().interviews if i.company == "Overdue Co")
        assert reloaded.response is not None and reloaded.response.received_at == NOW
        assert (reloaded.response.outcome, reloaded.response.note) == ("offer", "call Friday")
        untouched = next(i for i in Store(home).load_all().interviews if i.company == "Due Co")
        assert untouched.response is None


async def test_live_reload_after_outside_write(home: Home, store: Store) -> None:
    app = _app(home)
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.pause()
        Store(home).save(make_interview(company="Outside Co"), now=NOW)
        _screen(app).poll_store()
        await until(pilot, lambda: _companies(app))  # the poll runs in a thread
        assert _companies(app) == ["Outside Co"]


async def test_an_in_place_edit_of_a_row_on_screen_shows_at_the_next_poll(
    home: Home, store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Polls sweep a big home in turns, but the rows on screen are looked at every time."""
    from followup_tui.storage import files, watch

    monkeypatch.setattr(list_base, "POLL_SECONDS", 3600.0)  # the test polls by hand
    monkeypatch.setattr(watch, "POLL_SWEEP", 0)  # only what is on screen
    monkeypatch.setattr(files, "RACY_NS", 0)  # trust the folder's stamp at once
    items = _seed(store)
    app = _app(home)
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.pause()
        _screen(app).poll_store()  # the first poll lists the folder
        await app.workers.wait_for_complete()
        rewrite_in_place(store.path_for(items[1].id), "Overdue Co", "Overdue Co (edited)")
        _screen(app).poll_store()
        await until(pilot, lambda: "Overdue Co (edited)" in _companies(app))


async def test_coming_back_to_the_terminal_looks_at_every_file(
    home: Home, store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Where the terminal reports focus, returning to it re-reads rows off screen too."""
    from textual import events

    from followup_tui.storage import files, watch

    monkeypatch.setattr(list_base, "POLL_SECONDS", 3600.0)
    monkeypatch.setattr(watch, "POLL_SWEEP", 0)  # polls look only at the screen
    monkeypatch.setattr(files, "RACY_NS", 0)
    saved = [
        store.save(make_interview(company=f"Co {n:02d}", interview_at=NOW + timedelta(days=n)))
        for n in range(30)
    ]
    app = _app(home)
    async with app.run_test(size=(100, 12)) as pilot:
        await pilot.pause()
        screen = _screen(app)
        screen.poll_store()
        await app.workers.wait_for_complete()
        hidden = next(
            i for i in saved if i.id not in screen.query_one(InterviewTable).visible_ids()
        )
        rewrite_in_place(store.path_for(hidden.id), hidden.company, "Edited Co")
        screen.poll_store()
        await app.workers.wait_for_complete()
        assert screen.rows[hidden.id].company == hidden.company  # off screen: not yet
        app.post_message(events.AppFocus())
        await until(pilot, lambda: screen.rows[hidden.id].company == "Edited Co")


async def test_a_stale_schedule_is_redone_in_a_thread_not_on_a_key(
    home: Home, store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Typing in the filter never waits for the schedule (seconds at 10,000 interviews)."""
    import threading

    from followup_tui.core.rows import rank as real_rank

    _seed(store)
    app = _app(home)
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.pause()
        assert _companies(app)[0] == "Overdue Co"
        assert _state_of(app, "Due Co") == "! due"
        calls: list[bool] = []

        def recording(items: object, *args: object, **kwargs: object) -> object:
            whole = list(items)  # type: ignore[call-overload]
            if len(whole) > 1:  # not the one-row look-ups the footer's keys make
                calls.append(threading.current_thread() is threading.main_thread())
            return real_rank(whole, *args, **kwargs)  # type: ignore[arg-type]

        monkeypatch.setattr(list_base, "rank", recording)
        monkeypatch.setattr(list_base, "PAIRS_FRESH_SECONDS", 0.0)  # every schedule is stale
        # Two days later, Due Co's thank-you is overdue too.
        monkeypatch.setattr(app, "now", lambda: NOW + timedelta(days=2))
        await pilot.press("slash", "c", "o")
        assert True not in calls  # the keys were answered from the schedule at hand
        monkeypatch.setattr(list_base, "PAIRS_FRESH_SECONDS", 30.0)  # the new one is fresh
        await until(pilot, lambda: calls)
        await until(pilot, lambda: _state_of(app, "Due Co") == "‼ overdue", seconds=60)
        assert True not in calls


async def test_a_row_turns_overdue_at_its_deadline_with_nobody_touching_the_list(
    home: Home, store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The list left open in a tmux pane: no key, no save, no change on disk."""
    monkeypatch.setattr(list_base, "POLL_SECONDS", 3600.0)  # no poll redraws meanwhile
    monkeypatch.setattr(list_base, "CLOCK_CHECK_SECONDS", 0.2)  # look again often
    items = _seed(store)
    deadline = next_action(items[2], NOW).deadline
    assert deadline is not None
    clock = [deadline - timedelta(minutes=5)]
    app = _app(home)
    monkeypatch.setattr(app, "now", lambda: clock[0])
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.pause()
        assert _state_of(app, "Due Co") == "! due"
        await pilot.pause(1.0)  # the timer looks several times: not yet
        assert _state_of(app, "Due Co") == "! due"
        clock[0] = deadline  # due up to and at the deadline
        await pilot.pause(1.0)
        assert _state_of(app, "Due Co") == "! due"
        clock[0] = deadline + timedelta(seconds=1)
        await until(pilot, lambda: _state_of(app, "Due Co") == "‼ overdue", what="overdue")
        assert _companies(app)[:2] == ["Overdue Co", "Due Co"]
        assert _screen(app).sub_title.startswith("2 overdue")
        # Between changes of state the "when" column still moves with the clock.
        row = _companies(app).index("Due Co")
        table = app.screen.query_one(InterviewTable)
        when = [c.key for c in table.visible_columns].index("when")
        before = str(table.get_row_at(row)[when])
        clock[0] += timedelta(hours=3)
        await until(pilot, lambda: str(table.get_row_at(row)[when]) != before, what="the when")
        assert _state_of(app, "Due Co") == "‼ overdue"  # no new state: only the words moved
        assert _companies(app).index("Due Co") == row


async def test_a_save_or_an_outside_change_schedules_only_what_changed(
    home: Home, store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    """At 10,000 interviews the whole schedule takes seconds: a save must not redo it."""
    import threading

    from followup_tui.core.rows import rank as real_rank

    monkeypatch.setattr(list_base, "POLL_SECONDS", 3600.0)  # polls only when the test says
    items = _seed(store)
    app = _app(home)
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.pause()
        assert _companies(app) == ["Overdue Co", "Due Co", "Ahead Co", "Waiting Co"]
        whole: list[bool] = []

        def recording(interviews: object, *args: object, **kwargs: object) -> object:
            listed = list(interviews)  # type: ignore[call-overload]
            if len(listed) > 1:  # not the one-row look-ups the footer's keys make
                whole.append(threading.current_thread() is threading.main_thread())
            return real_rank(listed, *args, **kwargs)  # type: ignore[arg-type]

        monkeypatch.setattr(list_base, "rank", recording)
        await pilot.press("s")  # Overdue Co's thank-you marked sent: now it waits
        await until(pilot, lambda: "Overdue Co" not in _companies(app)[:3], what="the save")
        assert _companies(app) == ["Due Co", "Ahead Co", "Waiting Co", "Overdue Co"]
        assert _screen(app).sub_title.startswith("1 due · 4 interviews")
        # Another program closes Due Co and adds one; the poll brings both in.
        other = _change_elsewhere(home, items[2].id, outcome="rejected")
        other.save(make_interview(company="New Co", interview_at=NOW - timedelta(days=4)))
        _screen(app).poll_store(full=True)
        await until(pilot, lambda: "New Co" in _companies(app), what="the poll")
        assert _companies(app) == ["New Co", "Ahead Co", "Waiting Co", "Overdue Co", "Due Co"]
        assert _state_of(app, "Due Co") == "✓ closed"
        await pilot.press("G", "d")  # delete Due Co, the last row
        await until(pilot, lambda: isinstance(app.screen, ConfirmModal), what="the question")
        await pilot.press("y")
        await until(pilot, lambda: "Due Co" not in _companies(app), what="the delete")
        assert whole == []  # never the whole home, on any thread
        assert [a for _, a in _screen(app).pairs(reuse=True)] == [
            a for _, a in by_urgency(Store(home).load_all().interviews, NOW)
        ]


def _change_elsewhere(home: Home, interview_id: str, **changes: str) -> Store:
    """Change an interview the way another instance of the app would; its store."""
    other = Store(home)
    theirs = other.load(interview_id)
    for name, value in changes.items():
        setattr(theirs, name, value)
    other.save(theirs, now=NOW)
    return other


async def test_conflict_on_save_offers_reload(
    home: Home, store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Changed on disk while this app had it open: the save is refused, a reload offered."""
    monkeypatch.setattr(list_base, "POLL_SECONDS", 3600.0)  # no reload before the save
    items = _seed(store)
    app = _app(home)
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.pause()
        screen = _screen(app)
        mine = screen.selected_interview()  # what the edit form would start from
        assert mine is not None and mine.id == items[1].id
        _change_elsewhere(home, items[1].id, notes="changed elsewhere")
        mine.notes = "changed here"
        assert not screen.save(mine)
        await pilot.pause()
        assert isinstance(app.screen, ConflictModal)
        assert Store(home).load(items[1].id).notes == "changed elsewhere"
        await pilot.press("r")
        await pilot.pause()
        reloaded = screen.rows[items[1].id]
        assert reloaded.loaded_digest == Store(home).load(items[1].id).loaded_digest
        assert screen.selected_interview().notes == "changed elsewhere"  # type: ignore[union-attr]


async def test_a_key_acts_on_the_file_as_it_is_now_not_as_the_list_read_it(
    home: Home, store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The list keeps only rows: a key that changes an interview reads its file first.

    So a change made elsewhere that no poll has brought in yet is kept, not
    refused as a conflict and not overwritten.
    """
    monkeypatch.setattr(list_base, "POLL_SECONDS", 3600.0)  # no poll before the key
    items = _seed(store)
    app = _app(home)
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.pause()
        _change_elsewhere(home, items[1].id, notes="changed elsewhere", company="Renamed Co")
        assert _companies(app)[0] == "Overdue Co"  # the list has not seen it
        await pilot.press("s")  # mark Overdue Co's thank-you sent
        await until(pilot, lambda: "Renamed Co" in _companies(app), what="the save")
        assert not isinstance(app.screen, ConflictModal)
        saved = Store(home).load(items[1].id)
        assert saved.notes == "changed elsewhere" and saved.company == "Renamed Co"
        assert [f.kind for f in saved.sent_followups] == ["thank_you"]


async def test_hostile_markup_is_literal(home: Home, store: Store) -> None:
    store.save(make_interview(company="[bold red]Acme[/]", position="[@click=app.quit]x\x1b[2J"))
    app = _app(home)
    async with app.run_test(size=(120, 40), notifications=True) as pilot:
        await pilot.pause()
        assert _companies(app) == ["[bold red]Acme[/]"]
        await pilot.press("enter")
        assert isinstance(app.screen, DetailScreen)
        text = str(app.screen.query_one("#detail").render())
        assert "[bold red]Acme[/]" in text and "[@click=app.quit]x[2J" in text
        assert "\x1b" not in text
        await pilot.press("escape")
        await pilot.pause()
        assert app.is_running


async def test_keymap_and_sibling_bindings(home: Home, store: Store) -> None:
    _seed(store)
    app = _app(home, keys={"add": "n"})
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.pause()
        screen = _screen(app)
        assert screen.check_action("draft", ()) is True  # w opens the editor
        await pilot.press("n")
        assert isinstance(app.screen, FormScreen)
        await pilot.press("escape")
        actions = {b.action for b, _ in screen.palette_bindings()}
        assert {"add", "edit", "delete", "mark_sent", "filter", "help"} <= actions
        assert {"draft", "checklist"} <= actions
        assert "undo" not in actions  # nothing deleted yet, so nothing to undo


async def test_letters_typed_right_after_slash_go_to_the_filter(home: Home, store: Store) -> None:
    """Fast typists (and tmux send-keys) type "/ahead" in one go: no letter is read as a command."""
    _seed(store)
    app = _app(home)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        for key in ("slash", "a", "h", "e", "a", "d"):  # queued before "/" is handled
            app.simulate_key(key)
        await pilot.pause()
        assert isinstance(app.screen, InterviewListScreen)  # "a" did not open the add form
        assert app.screen.query_one("#filter", Input).value == "ahead"
        assert _companies(app) == ["Ahead Co"]
        await pilot.press("slash")  # inside the box, "/" is just a character
        assert app.screen.query_one("#filter", Input).value == "ahead/"


def _companies_seeded_last(store: Store) -> str:
    """The company of the least urgent interview: the table's last row."""
    pairs = by_urgency(store.load_all().interviews, NOW, Timing())
    return pairs[-1][0].company


async def test_enter_typed_fast_opens_the_row_the_keys_before_it_chose(
    home: Home, store: Store
) -> None:
    """ "G" then Enter in one burst opens the last interview, not the first."""
    _seed(store)
    app = _app(home)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        # No wait for the header here: keys queued while it is still composing
        # once made Textual's own header raise NoMatches('HeaderTitle').
        for key in ("G", "enter"):  # queued before the first one is handled
            app.simulate_key(key)
        await until(pilot, lambda: isinstance(app.screen, DetailScreen))
        assert isinstance(app.screen, DetailScreen)
        assert app.screen.interview.company == _companies_seeded_last(store)


async def test_a_key_typed_right_after_escape_in_the_filter_goes_to_the_list(
    home: Home, store: Store
) -> None:
    """Escape then "t" in one burst: the filter closes empty and closed ones hide."""
    items = _seed(store)
    from followup_tui.core.actions import mark_replied

    mark_replied(items[0], NOW)  # Waiting Co is closed now
    store.save(items[0], now=NOW)
    app = _app(home)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await pilot.press("slash", "z", "z")
        await until(pilot, lambda: _companies(app) == [])
        for key in ("escape", "t"):  # queued before the first one is handled
            app.simulate_key(key)
        await until(pilot, lambda: not _screen(app).show_closed)
        await pilot.pause()
        box = app.screen.query_one("#filter", Input)
        assert box.value == "" and not box.display
        assert _companies(app) == ["Overdue Co", "Due Co", "Ahead Co"]


async def test_many_rows_scroll_with_the_cursor(
    home: Home, store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The table is virtual: 300 rows, only a screenful drawn, the cursor always in view."""
    monkeypatch.setattr(list_base, "URGENT_FIRST_FROM", 100_000)  # all rows at once here
    for number in range(300):
        store.save(
            make_interview(
                company=f"Company {number:03d}",
                interview_at=NOW - timedelta(days=20, minutes=number),
            ),
            now=NOW,
        )
    app = _app(home)
    async with app.run_test(size=(100, 20)) as pilot:
        await pilot.pause()
        table = app.screen.query_one(InterviewTable)
        assert table.row_count == 300
        visible_rows = table.size.height - 1  # one line is the header
        await pilot.press("G")
        assert table.cursor_row == 299
        assert table.scroll_y == 300 - visible_rows
        assert table.selected_id is not None
        await pilot.press("g")
        assert (table.cursor_row, table.scroll_y) == (0, 0)
        await pilot.press("pagedown")
        assert table.cursor_row == table.size.height - 2
        assert table.cursor_row < table.scroll_y + visible_rows
        await pilot.click(InterviewTable, offset=(5, 3))  # the third row on screen
        assert table.cursor_row == int(table.scroll_y) + 2
        first = str(table.get_row_at(0)[1])
        assert first == _companies(app)[0]


async def test_hiding_closed_is_remembered_in_the_config(home: Home, store: Store) -> None:
    _seed(store)
    home.config_file.write_text('# mine\n[ui]\ntheme = "followup-dark"\n', encoding="utf-8")
    app = _app(home)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await pilot.press("t")
        await app.workers.wait_for_complete()
    from followup_tui.storage.config import load_config

    assert load_config(home).show_closed is False
    assert home.config_file.read_text(encoding="utf-8").startswith("# mine")


def test_now_is_pinned() -> None:
    assert isinstance(NOW, datetime)


async def test_saving_the_edit_form_unchanged_keeps_the_interview_time(
    home: Home, store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The form shows the time in the zone it parses in: a summer time survives a November edit."""
    import time

    monkeypatch.setenv("TZ", "CET-1CEST,M3.5.0,M10.5.0/3")
    time.tzset()
    try:
        summer = datetime.fromisoformat("2027-06-10T14:00:00+02:00")
        store.save(make_interview(interview_at=summer), now=NOW)
        app = _app(home)
        async with app.run_test(size=(100, 40)) as pilot:
            await pilot.press("e")
            assert isinstance(app.screen, FormScreen)
            assert app.screen.query_one("#when", Input).value == "2027-06-10 14:00"
            await pilot.press("ctrl+s")
            await pilot.pause()
        [saved] = Store(home).load_all().interviews
        assert saved.interview_at == summer
    finally:
        monkeypatch.undo()
        time.tzset()
