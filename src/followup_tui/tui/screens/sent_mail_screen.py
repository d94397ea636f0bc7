"""One sent email, read-only: its headers, then its text."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Static

from followup_tui.core.text import printable
from followup_tui.mail.sent_copies import SentMail
from followup_tui.tui.widgets.footer import Footer
from followup_tui.tui.widgets.header import Header


class SentMailScreen(Screen[None]):
    """An email as it went out; nothing here can change it."""

    BINDINGS = [
        Binding("escape,q", "app.pop_screen", "Back", id="sent.back"),
        Binding("j", "scroll(1)", "Down", show=False, id="sent.down"),
        Binding("k", "scroll(-1)", "Up", show=False, id="sent.up"),
        Binding("g", "top", "Top", show=False, id="sent.top"),
        Binding("G", "bottom", "Bottom", show=False, id="sent.bottom"),
        Binding("ctrl+d", "page(1)", "Half page down", show=False, id="sent.page_down"),
        Binding("ctrl+u", "page(-1)", "Half page up", show=False, id="sent.page_up"),
    ]
    DEFAULT_CSS = """
    SentMailScreen VerticalScroll { padding: 0 2; }
    SentMailScreen #headers { color: $text-muted; margin-bottom: 1; }
    """

    def __init__(self, mail: SentMail) -> None:
        super().__init__()
        self.mail = mail

    def compose(self) -> ComposeResult:
        mail = self.mail
        lines = [f"{name}: {printable(value)}" for name, value in mail.headers]
        if mail.path is not None:
            lines.append(f"File: {printable(str(mail.path))}")
        else:
            lines.append("(only the record: no copy of this email is kept in sent/)")
        yield Header()
        with VerticalScroll():
            yield Static(Content("\n".join(lines)), id="headers")
            yield Static(Content(printable(mail.body, newlines=True) or "(no text)"), id="body")
        yield Footer()

    def on_mount(self) -> None:
        self.title = printable(f"Sent: {self.mail.subject}")
        self.query_one(VerticalScroll).focus()

    def _scroller(self) -> VerticalScroll:
        return self.query_one(VerticalScroll)

    def action_scroll(self, lines: int) -> None:
        """One line down or up."""
        self._scroller().scroll_relative(y=lines, animate=False)

    def action_page(self, direction: int) -> None:
        """Half a page down or up."""
        scroller = self._scroller()
        scroller.scroll_relative(y=direction * max(1, scroller.size.height // 2), animate=False)

    def action_top(self) -> None:
        """To the top."""
        self._scroller().scroll_home(animate=False)

    def action_bottom(self) -> None:
        """To the bottom."""
        self._scroller().scroll_end(animate=False)
