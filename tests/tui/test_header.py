"""The screens' header survives a title change that arrives after its children are gone."""

from __future__ import annotations

from textual.app import App, ComposeResult
from textual.widgets._header import HeaderTitle

from followup_tui.tui.widgets.header import Header


class _HeaderApp(App[None]):
    def compose(self) -> ComposeResult:
        yield Header()


async def test_a_title_set_after_the_header_lost_its_title_is_dropped_not_raised() -> None:
    """The race CI caught: a sub-title watcher ran while a screen was torn down.

    Textual's own header raises NoMatches('HeaderTitle') here and the app dies.
    """
    app = _HeaderApp()
    async with app.run_test() as pilot:
        await pilot.pause()
        header = app.screen.query_one(Header)
        app.screen.sub_title = "before"
        await pilot.pause()
        assert "before" in str(header.query_one(HeaderTitle).render())
        await header.query_one(HeaderTitle).remove()
        app.screen.sub_title = "3 overdue · 10 interviews"
        app.title = "followup"
        await pilot.pause()
        assert app.is_running
        assert app._exception is None


async def test_the_header_still_shows_titles() -> None:
    app = _HeaderApp()
    async with app.run_test() as pilot:
        app.title = "followup"
        app.screen.sub_title = "2 due · 5 interviews"
        await pilot.pause()
        shown = str(app.screen.query_one(HeaderTitle).render())
        assert "followup" in shown and "2 due · 5 interviews" in shown
