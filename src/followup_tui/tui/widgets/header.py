"""Textual's header, with a title watcher that survives the header's teardown."""

from __future__ import annotations

from textual import events
from textual.css.query import NoMatches
from textual.dom import NoScreen
from textual.widget import Widget
from textual.widgets import Header as TextualHeader
from textual.widgets._header import HeaderTitle


class Header(TextualHeader):
    """The stock header, minus one crash.

    Textual's header (8.2.8) updates its title from watchers on the app and the
    screen, and a watcher may run after the header's children are gone: a
    screen pushed and the app quit in one burst, or a summary set while a
    screen is being removed. The stock watcher then raises
    NoMatches('HeaderTitle') and the app exits with a traceback. Here a title
    with nowhere to go is simply dropped: the next mount draws the right one.
    """

    def _on_mount(self, event: events.Mount) -> None:
        event.prevent_default()  # replaces the stock handler, not added to it
        Widget._on_mount(self, event)

        async def set_title() -> None:
            try:
                self.query_one(HeaderTitle).update(self.format_title())
            except (NoMatches, NoScreen):
                pass

        self.watch(self.app, "title", set_title)
        self.watch(self.app, "sub_title", set_title)
        self.watch(self.screen, "title", set_title)
        self.watch(self.screen, "sub_title", set_title)
