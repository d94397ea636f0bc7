"""The screens' footer: every key that applies now, drawn as one line of text."""

from __future__ import annotations

from typing import NamedTuple

from rich.cells import cell_len
from rich.style import Style
from rich.text import Text
from textual import events
from textual.app import ComposeResult
from textual.css.query import NoMatches
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import Footer as TextualFooter
from textual.widgets._footer import FooterKey

PALETTE_CELLS = 12  # "▏^p palette" at the right end of the footer


class Hint(NamedTuple):
    """One key as the footer shows it."""

    key: str
    display: str
    description: str
    enabled: bool
    rank: int = 0  # when the line is too narrow, the highest ranks go first


def _cells(hint: Hint) -> int:
    return (
        cell_len(hint.display) + 2 + cell_len(hint.description) + 1
        if hint.description
        else (cell_len(hint.display))
    )


def fitting(hints: tuple[Hint, ...], width: int) -> tuple[Hint, ...]:
    """The hints that fit ``width`` cells, in their order, the highest ranks dropped first.

    Among equal ranks the rightmost goes first, as a plain cut would.
    """
    kept = list(hints)
    total = sum(_cells(hint) for hint in kept)
    order = sorted(range(len(kept)), key=lambda index: (-kept[index].rank, -index))
    dropped: set[int] = set()
    for index in order:
        if total <= width:
            break
        if kept[index].rank <= 0:
            continue  # the keys the screen always keeps
        dropped.add(index)
        total -= _cells(kept[index])
    return tuple(hint for index, hint in enumerate(kept) if index not in dropped)


class KeyHints(Widget):
    """Every shown binding of the screen, as one widget drawing one line.

    Textual's footer makes one widget per key and mounts them all again on
    every binding update: 5 times before the list's first paint, and again
    on each key that changes what applies ("/" opening the filter), a visible
    delay. This draws the same keys, in the same styles, as text.
    A click on a key presses it, as in Textual's footer.
    """

    ALLOW_SELECT = False
    COMPONENT_CLASSES = {"footer-key--key", "footer-key--description", "key-hints--hover"}
    DEFAULT_CSS = """
    KeyHints {
        width: 1fr;
        height: 1;
        text-wrap: nowrap;
        background: $footer-item-background;
        & > .footer-key--key {
            color: $footer-key-foreground;
            background: $footer-key-background;
            text-style: bold;
        }
        & > .footer-key--description {
            color: $footer-description-foreground;
            background: $footer-description-background;
        }
        & > .key-hints--hover {
            color: $footer-key-foreground;
            background: $block-hover-background;
        }
    }
    """

    def __init__(self) -> None:
        super().__init__()
        self._hints: tuple[Hint, ...] = ()
        self._all: tuple[Hint, ...] = ()  # every key, before narrow widths dropped some
        self._spans: list[tuple[int, int, Hint]] = []  # (start, end, hint) in cells
        self._hover: int | None = None

    @staticmethod
    def _texts(hint: Hint) -> tuple[str, str]:
        """The key's text and the description's text, as drawn (padded like FooterKey)."""
        if hint.description:
            return f" {hint.display} ", f"{hint.description} "
        return hint.display, ""

    def show(self, hints: tuple[Hint, ...]) -> None:
        """Draw these keys (a no-op when they are the ones drawn)."""
        self._all = hints
        hints = fitting(hints, self._room())
        if hints == self._hints:
            return
        self._hints, self._hover, self._spans = hints, None, []
        start = 0
        for hint in hints:
            key, description = self._texts(hint)
            end = start + cell_len(key) + cell_len(description)
            self._spans.append((start, end, hint))
            start = end
        self.refresh()

    def render(self) -> Text:
        key_style = self.get_component_rich_style("footer-key--key")
        description_style = self.get_component_rich_style("footer-key--description")
        hover_style = self.get_component_rich_style("key-hints--hover")
        line = Text(no_wrap=True, end="")
        for index, hint in enumerate(self._hints):
            key, description = self._texts(hint)
            dim = Style(dim=True) if not hint.enabled else Style()
            over = hover_style if index == self._hover else Style()
            line.append(key, key_style + dim + over)
            if description:
                line.append(description, description_style + dim + over)
        line.stylize_before(self.rich_style)
        return line

    def _room(self) -> int:
        """Cells the keys may take (before the first layout: the line less the palette key)."""
        return self.size.width or max(self.app.size.width - PALETTE_CELLS, 0)

    def on_resize(self, _event: events.Resize) -> None:
        if self._all:
            self.show(self._all)

    def _hint_at(self, x: int) -> int | None:
        for index, (start, end, _) in enumerate(self._spans):
            if start <= x < end:
                return index
        return None

    def on_mouse_move(self, event: events.MouseMove) -> None:
        hover = self._hint_at(event.x)
        if hover != self._hover:
            self._hover = hover
            self.refresh()

    def on_leave(self, _event: events.Leave) -> None:
        if self._hover is not None:
            self._hover = None
            self.refresh()

    def on_mouse_down(self, event: events.MouseDown) -> None:
        index = self._hint_at(event.x)
        if index is None:
            return
        hint = self._spans[index][2]
        if hint.enabled:
            self.app.simulate_key(hint.key)
        else:
            self.app.bell()


class Footer(TextualFooter):
    """Textual's footer frame (its look, the palette key on the right), cheaper inside.

    The keys are one KeyHints widget redrawn in place when the bindings
    change; only a change to the palette key rebuilds the footer, and a
    burst of binding updates is handled once.
    """

    _update_pending = False
    _palette: tuple[object, ...] | None = None

    def compose(self) -> ComposeResult:
        yield KeyHints()
        palette = self._palette_key()
        self._palette = palette
        if palette is not None:
            key, display, description, action, enabled, tooltip = palette
            yield FooterKey(
                key,
                display,
                description,
                action,
                classes="-command-palette",
                disabled=not enabled,
                tooltip=tooltip,
            )

    def on_mount(self) -> None:
        # Textual's Footer.on_mount (which subscribes to binding updates) runs too.
        # Mounted after the screen's bindings settled (the list's footer comes after
        # the first paint), no update may follow: show the keys that apply now.
        self.bindings_changed(self.screen)

    def bindings_changed(self, screen: Screen[object]) -> None:
        """Handle a burst of binding updates once, right after the current message.

        Not after the next refresh, as Textual's footer does: then the new keys
        need a frame of their own, and a key typed meanwhile ("/" then "zz")
        waited one more frame to be shown.
        """
        self._bindings_ready = True
        if not screen.app.app_focus:
            return
        if self.is_attached and screen is self.screen and not self._update_pending:
            self._update_pending = True
            self.call_next(self._update)

    async def _update(self) -> None:
        self._update_pending = False
        if not self.is_attached:
            return
        if self._palette_key() != self._palette:
            await self.recompose()
        self._show_hints()

    def _show_hints(self) -> None:
        try:
            hints = self.query_one(KeyHints)
        except NoMatches:  # mid-rebuild: _update shows them once the rebuild is done
            return
        hints.show(self._hints())  # only ever after bindings_changed

    def _hints(self) -> tuple[Hint, ...]:
        """Every shown binding, one per action (the first key bound to it), in order."""
        app = self.app
        seen: set[str] = set()
        out: list[Hint] = []
        # A screen may rank its keys (0: always kept) for narrow terminals.
        rank = getattr(self.screen, "footer_rank", None)
        for key, (_, binding, enabled, _tooltip) in self.screen.active_bindings.items():
            if not binding.show or binding.action in seen or key == app.COMMAND_PALETTE_BINDING:
                continue
            seen.add(binding.action)
            display = app.get_key_display(binding)
            order = rank(binding.action) if rank is not None else len(out) + 1
            out.append(Hint(binding.key, display, binding.description, enabled, order))
        return tuple(out)

    def _palette_key(self) -> tuple[str, str, str, str, bool, str] | None:
        app = self.app
        if not (self.show_command_palette and app.ENABLE_COMMAND_PALETTE):
            return None
        found = self.screen.active_bindings.get(app.COMMAND_PALETTE_BINDING)
        if found is None:
            return None
        _, binding, enabled, _tooltip = found
        return (
            binding.key,
            app.get_key_display(binding),
            binding.description,
            binding.action,
            enabled,
            binding.tooltip or binding.description,
        )
