"""The footer: every key that applies, drawn by one widget, updated once per burst."""

from __future__ import annotations

from rich.style import Style
from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.widgets import Static
from textual.widgets._footer import FooterKey

from followup_tui.tui.widgets.footer import Footer, KeyHints


class _FooterApp(App[None]):
    BINDINGS = [
        Binding("a", "add", "Add", id="add"),
        Binding("s", "mark_sent", "Mark sent"),
        Binding("x", "hidden", "Hidden", show=False),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.can_send: bool | None = True
        self.pressed: list[str] = []

    def compose(self) -> ComposeResult:
        yield Static("body")
        yield Footer()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "mark_sent":
            return self.can_send
        return True

    def action_add(self) -> None:
        self.pressed.append("add")

    def action_mark_sent(self) -> None:
        self.pressed.append("mark_sent")


def _shown(app: _FooterApp) -> list[tuple[str, str, bool]]:
    hints = app.screen.query_one(KeyHints)
    return [(hint.display, hint.description, hint.enabled) for hint in hints._hints]


def _line(app: _FooterApp) -> str:
    return app.screen.query_one(KeyHints).render().plain


def _count_calls(owner: object, name: str) -> list[int]:
    """Wrap the async method ``name`` of ``owner``; each call appends to the list returned."""
    calls: list[int] = []
    real = getattr(owner, name)

    async def counted() -> None:
        calls.append(1)
        await real()

    setattr(owner, name, counted)
    return calls


async def _settle(pilot: object) -> None:
    await pilot.pause()  # type: ignore[attr-defined]
    await pilot.pause()  # type: ignore[attr-defined]


async def test_the_keys_that_apply_are_shown_and_updated_in_place() -> None:
    app = _FooterApp()
    async with app.run_test() as pilot:
        await _settle(pilot)
        assert _shown(app) == [("a", "Add", True), ("s", "Mark sent", True)]
        assert _line(app) == " a Add  s Mark sent "
        palette = app.screen.query(FooterKey)
        assert [key.description for key in palette] == ["palette"]
        footer = app.screen.query_one(Footer)
        rebuilds = _count_calls(footer, "recompose")
        updates = _count_calls(footer, "_update")
        app.can_send = False  # hidden: check_action False
        for _ in range(5):
            app.refresh_bindings()
        await _settle(pilot)
        assert _shown(app) == [("a", "Add", True)]
        assert (len(updates), rebuilds) == (1, [])  # one update for the burst, no remount
        app.can_send = None  # shown but disabled: dimmed
        app.refresh_bindings()
        await _settle(pilot)
        assert _shown(app) == [("a", "Add", True), ("s", "Mark sent", False)]
        dimmed = [span for span in app.screen.query_one(KeyHints).render().spans if span.style]
        assert any(getattr(span.style, "dim", False) for span in dimmed)
        assert rebuilds == []


async def test_a_click_presses_the_key_and_a_disabled_one_rings() -> None:
    app = _FooterApp()
    async with app.run_test() as pilot:
        await _settle(pilot)
        line = _line(app)
        await pilot.click(KeyHints, offset=(line.index("Add"), 0))
        await _settle(pilot)
        assert app.pressed == ["add"]
        app.can_send = None
        app.refresh_bindings()
        await _settle(pilot)
        await pilot.click(KeyHints, offset=(_line(app).index("Mark sent"), 0))
        await _settle(pilot)
        assert app.pressed == ["add"]


async def test_hovering_a_key_highlights_only_that_key() -> None:
    app = _FooterApp()
    async with app.run_test() as pilot:
        await _settle(pilot)
        hints = app.screen.query_one(KeyHints)
        await pilot.hover(KeyHints, offset=(_line(app).index("Mark"), 0))
        await _settle(pilot)
        assert hints._hover == 1
        hover = hints.get_component_rich_style("key-hints--hover")
        styled = hints.render()
        marked = {
            styled.plain[span.start : span.end]
            for span in styled.spans
            if isinstance(span.style, Style) and span.style.bgcolor == hover.bgcolor
        }
        assert marked == {" s ", "Mark sent "}
        await pilot.hover(Static)
        await _settle(pilot)
        assert hints._hover is None


async def test_a_new_key_map_is_shown() -> None:
    app = _FooterApp()
    async with app.run_test() as pilot:
        await _settle(pilot)
        app.set_keymap({"add": "n"})
        app.refresh_bindings()
        await _settle(pilot)
        assert ("n", "Add", True) in _shown(app)
        assert "a" not in [display for display, _, _ in _shown(app)]
