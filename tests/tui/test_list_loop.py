"""The list's new keys in Pilot: undo, skip, close, sort, filter tokens, split, detail keys, q."""

from __future__ import annotations

from datetime import timedelta

import pytest

from followup_tui.core.model import Interview
from followup_tui.storage.config import Config, load_config
from followup_tui.storage.paths import Home
from followup_tui.storage.store import Store
from followup_tui.tui.app import FollowupApp
from followup_tui.tui.modals.pick_modal import PickModal
from followup_tui.tui.screens.detail_screen import DetailScreen
from followup_tui.tui.screens.list_screen import InterviewListScreen
from followup_tui.tui.widgets.footer import Hint, KeyHints, fitting
from followup_tui.tui.widgets.interview_table import InterviewTable
from tests.conftest import NOW, make_interview, until


def _seed(store: Store) -> list[Interview]:
    items = [
        make_interview(company="Overdue Co", interview_at=NOW - timedelta(days=5)),
        make_interview(company="Due Co", interview_at=NOW - timedelta(hours=20)),
        make_interview(company="Ahead Co", interview_at=NOW + timedelta(days=1)),
    ]
    return [store.save(item, now=NOW) for item in items]


def _app(home: Home, **config: object) -> FollowupApp:
    return FollowupApp(home, Config(**config))  # type: ignore[arg-type]


def _screen(app: FollowupApp) -> InterviewListScreen:
    screen = app.screen
    assert isinstance(screen, InterviewListScreen)
    return screen


def _companies(app: FollowupApp) -> list[str]:
    table = _screen(app).query_one(InterviewTable)
    return [table._pairs[row][0].company for row in range(table.row_count)]


def _messages(app: FollowupApp) -> list[str]:
    return [n.message for n in app._notifications]


def _on_disk(home: Home, company: str) -> Interview:
    return next(i for i in Store(home).load_all().interviews if i.company == company)


async def test_u_undoes_each_change_latest_first_and_says_what(home: Home, store: Store) -> None:
    _seed(store)
    app = _app(home)
    async with app.run_test(size=(100, 30), notifications=True) as pilot:
        await pilot.pause()
        assert not _screen(app).check_action("undo", ())
        await pilot.press("s")  # the thank-you to Overdue Co
        await until(pilot, lambda: _on_disk(home, "Overdue Co").sent_followups)
        _screen(app).query_one(InterviewTable).select_id(_on_disk(home, "Due Co").id)
        await pilot.press("r")
        await until(pilot, lambda: isinstance(app.screen, PickModal))
        await pilot.press("6", "enter")  # other
        await until(pilot, lambda: _on_disk(home, "Due Co").response is not None)
        assert _on_disk(home, "Due Co").response.outcome == "other"  # type: ignore[union-attr]
        await pilot.press("u")
        await until(pilot, lambda: _on_disk(home, "Due Co").response is None)
        assert any(m.startswith("Undid the reply from Due Co") for m in _messages(app))
        await pilot.press("u")
        await until(pilot, lambda: not _on_disk(home, "Overdue Co").followups)
        assert any("Undid the thank-you to Dana Reyes marked sent" in m for m in _messages(app))
        assert not _screen(app).undo_stack
        assert not _screen(app).check_action("undo", ())  # the key goes from the footer


async def test_skip_with_a_reason_clears_the_overdue_count(home: Home, store: Store) -> None:
    _seed(store)
    app = _app(home)
    async with app.run_test(size=(100, 30), notifications=True) as pilot:
        await pilot.pause()
        assert _screen(app).sub_title.startswith("1 overdue")
        await pilot.press("x")
        await until(pilot, lambda: isinstance(app.screen, PickModal))
        await pilot.press("1", "enter")  # too late
        await until(pilot, lambda: _on_disk(home, "Overdue Co").followups)
        skipped = _on_disk(home, "Overdue Co").followups[0]
        assert (skipped.state, skipped.reason) == ("skipped", "too late")
        assert "overdue" not in _screen(app).sub_title
        await pilot.press("u")
        await until(pilot, lambda: not _on_disk(home, "Overdue Co").followups)
        await until(pilot, lambda: _screen(app).sub_title.startswith("1 overdue"))


async def test_escape_in_the_reply_dialog_records_nothing(home: Home, store: Store) -> None:
    _seed(store)
    app = _app(home)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await pilot.press("r")
        await until(pilot, lambda: isinstance(app.screen, PickModal))
        await pilot.press("escape")
        await until(pilot, lambda: isinstance(app.screen, InterviewListScreen))
        assert _on_disk(home, "Overdue Co").response is None
        assert not _screen(app).undo_stack


async def test_filter_tokens_and_a_header_that_stays(home: Home, store: Store) -> None:
    _seed(store)
    app = _app(home)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await pilot.press("slash", *"state:due")
        await until(pilot, lambda: _companies(app) == ["Due Co"])
        assert "1 of 3 interviews shown" in _screen(app).sub_title
        await pilot.press(*" company:zzz")
        await until(pilot, lambda: not _companies(app))
        table = _screen(app).query_one(InterviewTable)
        assert table.display and table.has_class("-header-only")
        empty = _screen(app).query_one("#empty")
        assert "No interviews match 'state:due company:zzz'" in str(empty.content)  # type: ignore[attr-defined]
        assert _screen(app).selected_row() is None
        await pilot.press("escape")
        await until(pilot, lambda: len(_companies(app)) == 3)


async def test_sort_key_cycles_and_is_remembered(home: Home, store: Store) -> None:
    _seed(store)
    app = FollowupApp(home, load_config(home))
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        assert _companies(app) == ["Overdue Co", "Due Co", "Ahead Co"]
        await pilot.press("o")  # latest interview first
        await until(pilot, lambda: _companies(app) == ["Ahead Co", "Due Co", "Overdue Co"])
        await pilot.press("o")  # company
        await until(pilot, lambda: _companies(app) == ["Ahead Co", "Due Co", "Overdue Co"])
        await app.workers.wait_for_complete()
    assert load_config(home).sort == "company"


async def test_split_from_110_columns_follows_the_cursor_and_v_toggles(
    home: Home, store: Store
) -> None:
    _seed(store)
    app = _app(home)
    async with app.run_test(size=(120, 30)) as pilot:
        await pilot.pause()
        screen = _screen(app)
        await until(pilot, lambda: screen.split_shown)
        text = screen.query_one("#pane-text")
        await until(pilot, lambda: "Send thank-you to Dana Reyes" in str(text.content))  # type: ignore[attr-defined]
        await pilot.press("j", "j")
        await until(pilot, lambda: "Interview ahead" in str(text.content))  # type: ignore[attr-defined]
        await pilot.press("v")
        await until(pilot, lambda: not screen.split_shown)
        await pilot.press("v")
        await until(pilot, lambda: screen.split_shown)
        await pilot.resize_terminal(100, 30)
        await until(pilot, lambda: not screen.split_shown)


async def test_the_detail_carries_the_list_keys(home: Home, store: Store) -> None:
    _seed(store)
    app = _app(home)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await pilot.press("enter")
        await until(pilot, lambda: isinstance(app.screen, DetailScreen))
        await pilot.press("s")  # marked sent, and back on the detail
        await until(pilot, lambda: bool(_on_disk(home, "Overdue Co").sent_followups))
        await until(pilot, lambda: isinstance(app.screen, DetailScreen))
        assert "waiting" in str(app.screen.query_one("#detail").content)  # type: ignore[attr-defined]
        await pilot.press("u")
        await until(pilot, lambda: not _on_disk(home, "Overdue Co").followups)
        await until(pilot, lambda: isinstance(app.screen, DetailScreen))
        await pilot.press("escape")
        await until(pilot, lambda: isinstance(app.screen, InterviewListScreen))


async def test_q_quits_and_vim_half_pages(home: Home, store: Store) -> None:
    for number in range(40):
        store.save(make_interview(company=f"Co {number:02}"), now=NOW)
    app = _app(home)
    async with app.run_test(size=(100, 20)) as pilot:
        await pilot.pause()
        table = _screen(app).query_one(InterviewTable)
        await pilot.press("ctrl+d")
        assert table.cursor_row == (table.size.height - 1) // 2
        await pilot.press("ctrl+u")
        assert table.cursor_row == 0
        await pilot.press("q")
        await pilot.pause()
    assert app.return_code == 0


@pytest.mark.parametrize(
    ("width", "kept"),
    [
        (200, "a b c d"),
        (30, "a c d"),  # b (rank 3) goes before d (rank 1)
        (20, "a c"),  # then d; rank 0 always stays
        (5, "a c"),
    ],
)
def test_narrow_footers_drop_the_highest_ranks_first(width: int, kept: str) -> None:
    hints = (
        Hint("a", "a", "Write", True, 0),
        Hint("b", "b", "Sort", True, 3),
        Hint("c", "c", "Help", True, 0),
        Hint("d", "d", "Mark sent", True, 1),
    )
    assert " ".join(hint.key for hint in fitting(hints, width)) == kept


async def test_a_60x18_list_footer_keeps_write_and_help(home: Home, store: Store) -> None:
    _seed(store)
    app = _app(home)
    async with app.run_test(size=(60, 18)) as pilot:
        await pilot.pause()
        hints = _screen(app).query_one(KeyHints)
        await until(pilot, lambda: hints._hints)
        keys = [hint.key for hint in hints._hints]
        assert "w" in keys and "question_mark" in keys and "slash" in keys


async def test_an_email_is_checked_where_it_is_typed(home: Home, store: Store) -> None:
    from textual.widgets import Input

    from followup_tui.tui.screens.form_screen import FormScreen

    app = _app(home)
    async with app.run_test(size=(100, 40), notifications=True) as pilot:
        await pilot.press("a")
        await until(pilot, lambda: isinstance(app.screen, FormScreen))
        form = app.screen
        form.query_one("#company", Input).value = "Bad Co"
        form.query_one("#when", Input).value = "tomorrow 9am"
        email = form.query_one(".email", Input)
        form.query_one(".name", Input).value = "Bob"
        email.focus()
        await pilot.press(*"bob@", "tab")  # leaving the box checks it
        error = form.query_one("#error-interviewers")
        await until(pilot, lambda: "needs a domain" in str(error.render()))
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert store.ids_on_disk() == []  # refused, with the same sentence
        email.value = "bob@bad.example"
        await pilot.press("ctrl+s")
        await until(pilot, lambda: isinstance(app.screen, InterviewListScreen))
        assert "Added Bad Co." in _messages(app)  # no " · ." for an empty position


async def test_the_form_has_location_and_outcome_and_goes_compact(home: Home, store: Store) -> None:
    from textual.widgets import Input, Select

    from followup_tui.tui.screens.form_screen import FormScreen

    _seed(store)
    app = _app(home, split=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("e")
        await until(pilot, lambda: isinstance(app.screen, FormScreen))
        form = app.screen
        assert form.has_class("-compact")  # under 26 rows
        form.query_one("#location", Input).value = "Berlin office, room 4"
        form.query_one("#outcome", Select).value = "rejected"
        await pilot.press("ctrl+s")
        await until(pilot, lambda: isinstance(app.screen, InterviewListScreen))
        saved = _on_disk(home, "Overdue Co")
        assert (saved.location, saved.outcome) == ("Berlin office, room 4", "rejected")
        await pilot.resize_terminal(80, 40)
        await pilot.press("e")
        await until(pilot, lambda: isinstance(app.screen, FormScreen))
        assert not app.screen.has_class("-compact")
        assert app.screen.query_one("#outcome", Select).value == "rejected"  # read back
