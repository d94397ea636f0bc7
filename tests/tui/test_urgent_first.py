"""Big homes open urgent-first: the most urgent rows from the cache, the rest later.

The promise: the rows shown before the full load are exactly the top of the
full list, the counts are the whole home's, and nothing saved while the rest
loads is replaced by the older copy the loading thread read.
"""

from __future__ import annotations

import contextlib
import gc
from collections.abc import AsyncIterator
from datetime import timedelta
from pathlib import Path

import pytest
from benchmarks.make_home import make_interviews, write_home
from textual.pilot import Pilot

from followup_tui.core.schedule import State, Timing, by_urgency, counts
from followup_tui.storage import ahead as ahead_module
from followup_tui.storage import cache_db
from followup_tui.storage.cache import Cache
from followup_tui.storage.cache_sql import timing_tuple
from followup_tui.storage.config import Config
from followup_tui.storage.paths import Home
from followup_tui.storage.store import Store
from followup_tui.tui.app import FollowupApp
from followup_tui.tui.screens import list_base
from followup_tui.tui.screens.list_screen import InterviewListScreen
from followup_tui.tui.widgets.interview_table import InterviewTable
from tests.conftest import NOW, count_parses, make_interview, rewrite_in_place, until


@pytest.fixture
def big_home(tmp_path: Path) -> Home:
    return write_home(tmp_path / "big", make_interviews(150, 3, NOW))


def test_most_urgent_is_the_top_of_the_full_list(big_home: Home) -> None:
    interviews = Store(big_home).load_all().interviews
    for timing in (Timing(), Timing(thank_you_deadline_hours=36, reminder_after_days=5)):
        for days in (0, 1.5, 4, 9, 30):
            now = NOW + timedelta(days=days)
            pairs = by_urgency(interviews, now, timing)
            full = [item.id for item, _ in pairs]
            for limit in (1, 7, 40, 149, 500):
                rows, tally, total = Store(big_home).most_urgent(
                    now.timestamp(), timing_tuple(timing), limit
                )
                ids = [row.id for row in rows]
                assert total == 150
                assert tally == {s.value: n for s, n in counts(a for _, a in pairs).items()}
                assert len(ids) >= min(limit, len(full))
                # Sorted the real way, the chosen ids are exactly the head of the full list.
                assert sorted(ids, key=full.index) == full[: len(ids)], (days, limit)


def _app(home: Home) -> FollowupApp:
    return FollowupApp(home, Config())


def _ids(app: FollowupApp) -> list[str]:
    table = app.screen.query_one(InterviewTable)
    return [table._pairs[row][0].id for row in range(table.row_count)]


@contextlib.asynccontextmanager
async def _still_loading(
    home: Home, monkeypatch: pytest.MonkeyPatch
) -> AsyncIterator[tuple[FollowupApp, Pilot[None], InterviewListScreen]]:
    """The app on ``home`` showing its urgent rows, the rest of the load held back."""
    monkeypatch.setattr(list_base, "URGENT_FIRST_FROM", 100)
    monkeypatch.setattr(list_base.InterviewListBase, "_load_the_rest", lambda self: None)
    app = _app(home)
    async with app.run_test(size=(120, 30)) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, InterviewListScreen)
        yield app, pilot, screen


@pytest.mark.usefixtures("lasting_launch_toast")
async def test_first_rows_come_from_the_index_then_the_whole_home(
    big_home: Home, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(list_base, "URGENT_FIRST_FROM", 100)
    held: list[InterviewListScreen] = []
    real = list_base.InterviewListBase._load_the_rest
    monkeypatch.setattr(
        list_base.InterviewListBase, "_load_the_rest", lambda self: held.append(self)
    )
    full = by_urgency(Store(big_home).load_all().interviews, NOW)
    app = _app(big_home)
    async with app.run_test(size=(120, 30), notifications=True) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, InterviewListScreen)
        # The thread starts after the first paint (so it does not slow it down).
        await until(pilot, lambda: held == [screen])
        first = _ids(app)
        assert 60 <= len(first) < 150
        assert first == [item.id for item, _ in full[: len(first)]]
        tally = counts(action for _, action in full)
        assert "150 interviews" in screen.sub_title
        assert "loading the rest" in screen.sub_title
        assert f"{tally[State.OVERDUE]} overdue" in screen.sub_title
        # The launch toast counts the whole home, not the rows loaded so far.
        await until(pilot, lambda: bool(app._notifications))  # posted after the first paint
        toast = [n.message for n in app._notifications]
        assert any(f"{tally[State.OVERDUE]} follow-ups overdue" in m for m in toast), toast
        await pilot.press("down", "down")
        chosen = screen.query_one(InterviewTable).selected_id
        frozen = gc.get_freeze_count()
        real(screen)
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert _ids(app) == [item.id for item, _ in full]
        # The whole home is out of the cyclic collector's reach (no full-GC pauses).
        assert gc.get_freeze_count() > frozen + len(full)
        assert "loading" not in screen.sub_title
        assert screen.query_one(InterviewTable).selected_id == chosen  # the cursor stays put


async def test_a_save_while_the_rest_loads_is_not_replaced_by_the_older_read(
    big_home: Home, monkeypatch: pytest.MonkeyPatch
) -> None:
    async with _still_loading(big_home, monkeypatch) as (app, pilot, screen):
        # The loading thread reads everything ...
        older = app.store.load_rows()
        # ... then the user saves the top interview from the list ...
        top = screen.selected_interview()
        assert top is not None
        top.notes = "written while the rest loaded"
        assert screen.save(top)
        # ... and only then does the thread's result arrive.
        screen._rest_loaded(older)
        await pilot.pause()
        on_disk = Store(big_home).load(top.id)
        assert on_disk.notes == "written while the rest loaded"
        assert screen.rows[top.id].loaded_digest == on_disk.loaded_digest  # not the older read
        assert len(screen.rows) == 150
        # And it can still be saved from the list (no false conflict).
        assert screen.selected_row() is screen.rows[top.id]
        again = screen.selected_interview()
        assert again is not None
        again.notes += " and again"
        assert screen.save(again)
    assert "and again" in Store(big_home).load(top.id).notes


async def test_small_homes_load_everything_before_the_first_paint(
    big_home: Home, monkeypatch: pytest.MonkeyPatch
) -> None:
    called: list[object] = []
    monkeypatch.setattr(
        list_base.InterviewListBase, "_load_the_rest", lambda self: called.append(self)
    )
    app = _app(big_home)  # 150 interviews: below URGENT_FIRST_FROM
    async with app.run_test(size=(120, 30)) as pilot:
        await pilot.pause()
        assert called == []
        assert len(_ids(app)) == 150
        assert "loading" not in app.screen.sub_title


async def test_an_add_and_a_delete_while_the_rest_loads_are_kept(
    big_home: Home, monkeypatch: pytest.MonkeyPatch
) -> None:
    async with _still_loading(big_home, monkeypatch) as (app, pilot, screen):
        older = app.store.load_rows()  # the loading thread's read ...
        # ... then the user deletes the top interview and adds a new one ...
        top = screen.selected_row()
        assert top is not None
        screen._delete(top)
        added = make_interview(company="Added While Loading")
        assert screen.save(added)
        # ... and only then does the thread's result arrive.
        screen._rest_loaded(older)
        await pilot.pause()
        assert top.id not in screen.rows
        assert added.id in screen.rows
        assert len(screen.rows) == 150
        shown = [pair[0].id for pair in screen.query_one(InterviewTable)._pairs]
        assert added.id in shown and top.id not in shown


@pytest.mark.usefixtures("lasting_launch_toast")
async def test_the_loading_thread_works_out_the_search_texts(
    big_home: Home, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The first filter key on a big home works out no search text on the UI thread."""
    import threading

    from followup_tui.core import rows

    monkeypatch.setattr(list_base, "URGENT_FIRST_FROM", 100)
    on_ui: list[str] = []
    real = rows.haystack

    def recorded(interview: object) -> str:
        if threading.current_thread() is threading.main_thread():
            on_ui.append(interview.id)  # type: ignore[attr-defined]
        return real(interview)  # type: ignore[arg-type]

    monkeypatch.setattr(rows, "haystack", recorded)
    app = _app(big_home)
    async with app.run_test(size=(120, 30)) as pilot:
        screen = app.screen
        assert isinstance(screen, InterviewListScreen)
        await until(pilot, lambda: screen._loading is None and len(screen.rows) == 150)
        await pilot.pause()
        word = next(iter(screen.rows.values())).company.split()[0].casefold()
        on_ui.clear()
        await pilot.press("slash", *word)
        await until(pilot, lambda: screen.query_one("#filter").value == word)  # type: ignore[attr-defined]
        await pilot.pause()
        interviews = {item.id: item for item in Store(big_home).load_all().interviews}
        everyone = [item.id for item, _ in by_urgency(interviews.values(), NOW)]
        shown = _ids(app)
        assert shown == [i for i in everyone if word in real(interviews[i])]
        assert 0 < len(shown) < 150
        assert on_ui == []


async def test_opening_a_row_never_waits_for_the_loading_thread(
    big_home: Home, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The thread loading a big home holds the store's lock for seconds on a cold cache.

    Enter and e read the row's file without it, so they answer at once.
    """
    from followup_tui.tui.screens.detail_screen import DetailScreen
    from followup_tui.tui.screens.form_screen import FormScreen

    class Held:
        """The lock as the loading thread holds it: taking it here would wait."""

        def __enter__(self) -> None:
            raise AssertionError("a key waited for the loading thread's lock")

        def __exit__(self, *_: object) -> None:
            return None

    async with _still_loading(big_home, monkeypatch) as (app, pilot, screen):
        assert screen._loading is not None
        screen._lock = Held()  # type: ignore[assignment]
        await pilot.press("enter")
        await until(pilot, lambda: isinstance(app.screen, DetailScreen), what="the detail")
        await pilot.press("escape")
        await until(pilot, lambda: app.screen is screen, what="the list")
        await pilot.press("e")
        await until(pilot, lambda: isinstance(app.screen, FormScreen), what="the form")


async def test_a_second_start_reads_its_first_rows_without_parsing_them(
    big_home: Home, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The rows the last start showed first are kept; only a changed file is parsed."""
    monkeypatch.setattr(list_base, "URGENT_FIRST_FROM", 100)
    app = _app(big_home)
    async with app.run_test(size=(120, 30)) as pilot:
        await pilot.pause()
        await app.workers.wait_for_complete()
        await pilot.pause()
        shown = _ids(app)
    assert (big_home.cache / cache_db.NAME).exists()
    store = Store(big_home)
    edited = store.read(shown[1])
    rewrite_in_place(store.path_for(edited.id), edited.company, "Hand Edited")
    parsed = count_parses(monkeypatch)
    async with _still_loading(big_home, monkeypatch) as (app, _, screen):
        # The cache parses the edited file once, for its state and its row, and the
        # split's detail pane the interview under the cursor; nothing else.
        pane = {_ids(app)[0]}
        assert set(parsed) - pane == {edited.id} - pane
        assert parsed.count(edited.id) == 1 + (edited.id in pane)
        table = screen.query_one(InterviewTable)
        companies = {pair[0].id: pair[0].company for pair in table._pairs}
        assert companies[edited.id] == "Hand Edited"
        assert set(_ids(app)) <= set(shown) | {edited.id}


# -- the cache synced in a child process while the app starts ----------------------


def _status(home: Home) -> tuple[object, ...]:
    cache = Cache(str(home.root))
    found = cache.status(NOW.timestamp())  # no sync: what the file holds now
    return (found.counts, found.broken, found.total, cache.persistent)


def test_refresh_ahead_leaves_what_a_sync_leaves(big_home: Home) -> None:
    (big_home.interviews / "broken.toml").write_text("company = [", encoding="utf-8")
    ahead = ahead_module.refresh_ahead(str(big_home.root))
    assert ahead is not None
    assert ahead.result() is True
    got = _status(big_home)
    here = Cache(str(big_home.root))
    here.sync()
    assert got == _status(big_home)
    assert "broken" in got[1] and got[2] == 151  # type: ignore[operator]


def test_a_child_that_fails_means_refreshing_here(
    big_home: Home, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken_sync(self: Cache) -> list[str]:
        raise OSError("disk on fire")

    monkeypatch.setattr(Cache, "sync", broken_sync)  # the child inherits it
    ahead = ahead_module.refresh_ahead(str(big_home.root))
    assert ahead is not None
    assert ahead.result() is False


def test_a_child_without_a_usable_cache_file_means_refreshing_here(big_home: Home) -> None:
    import shutil

    shutil.rmtree(big_home.cache, ignore_errors=True)
    big_home.cache.symlink_to(big_home.root / "elsewhere")  # never followed
    ahead = ahead_module.refresh_ahead(str(big_home.root))
    assert ahead is not None
    assert ahead.result() is False
    assert not (big_home.root / "elsewhere").exists()


def test_no_child_where_a_fork_is_not_safe(big_home: Home, monkeypatch: pytest.MonkeyPatch) -> None:
    import sys
    import threading

    monkeypatch.setattr(threading, "active_count", lambda: 2)
    assert ahead_module.refresh_ahead(str(big_home.root)) is None
    monkeypatch.setattr(threading, "active_count", lambda: 1)
    monkeypatch.setattr(sys, "platform", "darwin")
    assert ahead_module.refresh_ahead(str(big_home.root)) is None


def test_the_cli_starts_a_child_only_for_a_big_home(big_home: Home, tmp_path: Path) -> None:
    from followup_tui.cli.main import _index_ahead

    small = tmp_path / "small"
    (small / "interviews").mkdir(parents=True)
    assert _index_ahead(str(small)) is None
    assert _index_ahead(str(tmp_path / "missing")) is None
    assert _index_ahead(str(big_home.root)) is None  # 150 files: below the threshold


@pytest.mark.usefixtures("lasting_launch_toast")
async def test_the_list_starts_from_the_childs_sync(
    big_home: Home, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Handed a child's sync, the list does not stat every file again itself."""
    monkeypatch.setattr(list_base, "URGENT_FIRST_FROM", 100)
    monkeypatch.setattr(list_base.InterviewListBase, "_load_the_rest", lambda self: None)
    ahead = ahead_module.refresh_ahead(str(big_home.root))
    synced: list[str] = []
    real = Cache._sync

    def counting(self: Cache) -> list[str]:
        synced.append(self.root)
        return real(self)

    monkeypatch.setattr(Cache, "_sync", counting)  # after the fork: only this process
    full = by_urgency(Store(big_home).load_all().interviews, NOW)
    app = FollowupApp(big_home, Config(), index_ahead=ahead)
    async with app.run_test(size=(120, 30)) as pilot:
        await pilot.pause()
        first = _ids(app)
        assert first == [item.id for item, _ in full[: len(first)]]
        assert "loading the rest" in app.screen.sub_title
    assert synced == []
    assert app.index_ahead is None  # used once
