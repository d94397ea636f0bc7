"""The footer is rebuilt once per burst of binding updates, and only when its keys change."""

from __future__ import annotations

from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.widgets import Static
from textual.widgets._footer import FooterKey

from followup_tui.tui.widgets.footer import Footer


class _FooterApp(App[None]):
    BINDINGS = [
        Binding("a", "add", "Add", id="add"),
        Binding("s", "mark_sent", "Mark sent"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.can_send = True
        self.rebuilds = 0

    def compose(self) -> ComposeResult:
        yield Static("body")
        yield Footer()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "mark_sent":
            return self.can_send
        return True

    def action_add(self) -> None:
        """Nothing: only the footer is looked at."""

    def action_mark_sent(self) -> None:
        """Nothing: only the footer is looked at."""


def _keys(app: _FooterApp) -> list[str]:
    return [
        key.description
        for key in app.screen.query(FooterKey)
        if key.description and "command_palette" not in key.action
    ]


async def _counting(app: _FooterApp) -> Footer:
    footer = app.screen.query_one(Footer)
    recompose = footer.recompose

    async def counted() -> None:
        app.rebuilds += 1
        await recompose()

    footer.recompose = counted  # type: ignore[method-assign]
    return footer


async def test_a_burst_of_binding_updates_is_one_rebuild_and_the_same_keys_none() -> None:
    app = _FooterApp()
    async with app.run_test() as pilot:
        await pilot.pause()
        assert _keys(app) == ["Add", "Mark sent"]
        await _counting(app)
        app.can_send = False
        for _ in range(5):
            app.refresh_bindings()
        await pilot.pause()
        await pilot.pause()
        assert app.rebuilds == 1
        assert _keys(app) == ["Add"]
        for _ in range(3):
            app.refresh_bindings()  # nothing changed: nothing to rebuild
        await pilot.pause()
        await pilot.pause()
        assert app.rebuilds == 1
        assert _keys(app) == ["Add"]
        app.can_send = True
        app.refresh_bindings()
        await pilot.pause()
        await pilot.pause()
        assert app.rebuilds == 2
        assert _keys(app) == ["Add", "Mark sent"]


async def test_a_new_key_map_is_shown() -> None:
    app = _FooterApp()
    async with app.run_test() as pilot:
        await pilot.pause()
        app.set_keymap({"add": "n"})
        app.refresh_bindings()
        await pilot.pause()
        await pilot.pause()
        assert [key.key for key in app.screen.query(FooterKey) if key.description == "Add"] == ["n"]
