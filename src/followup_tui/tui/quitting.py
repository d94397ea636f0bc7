"""Leaving the app never drops text: ctrl+q asks, SIGHUP/SIGTERM save first.

Screens that hold typed text not yet on disk (the draft editor, the add/edit
form) implement ``KeepsText``. ctrl+q asks with "Save and quit" as the
default; a dropped SSH session (SIGHUP) or a ``kill`` (SIGTERM) saves what
can be saved, then exits.
"""

from __future__ import annotations

import asyncio
import contextlib
import signal
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, Protocol, runtime_checkable

from followup_tui.core.text import printable

if TYPE_CHECKING:
    from textual.app import App

    from followup_tui.tui.writes import Writes

EXIT_SIGNALS = (signal.SIGHUP, signal.SIGTERM)


@runtime_checkable
class KeepsText(Protocol):
    """A screen whose typed text may not be on disk yet."""

    def unsaved_text(self) -> str:
        """What is unsaved, for the quit question ("" when everything is saved)."""

    def keep_text(self, done: Callable[[bool], object]) -> None:
        """Save it without asking; ``done(False)`` when it could not be saved.

        ``done`` hears it at once, or once the home's lock is free
        (``tui/writes.py``).
        """

    def hold_autosave(self, holding: bool) -> None:
        """Pause autosaving while a dialog decides about the same changes."""


def holders(app: App[Any]) -> list[KeepsText]:
    """Screens on the stack, top first, that have unsaved text."""
    found: list[KeepsText] = []
    for screen in reversed(app.screen_stack):
        if isinstance(screen, KeepsText) and screen.unsaved_text():
            found.append(screen)
    return found


def keep_all(app: App[Any], done: Callable[[bool], object]) -> None:
    """Save every screen's unsaved text; ``done(True)`` once all of it is on disk."""
    from followup_tui.tui.writes import gather

    pending = holders(app)
    one = gather(len(pending), done)
    for screen in pending:
        try:
            screen.keep_text(one)
        except Exception:  # noqa: BLE001 on the way out one failure must not stop the others
            one(False)


def ask_to_quit(app: App[Any]) -> None:
    """ctrl+q: quit at once when all is saved, else ask (Save and quit is the default)."""
    from followup_tui.tui.modals.choice_modal import ChoiceModal

    if getattr(app.screen, "about", "") == "quit":
        return  # already asking
    pending = holders(app)
    writes: Writes | None = getattr(app, "writes", None)
    waiting = writes.waiting_what() if writes is not None else []
    if not pending and not waiting:
        app.exit()
        return
    for screen in pending:
        screen.hold_autosave(True)

    def chosen(choice: str | None) -> None:
        for screen in pending:
            screen.hold_autosave(False)
        if choice == "save":
            if writes is None:
                keep_all(app, kept)
            else:  # then whatever waits for the lock (quit once it is all on disk)
                keep_all(app, lambda ok: writes.when_done(lambda done: kept(ok and done)))
        elif choice == "discard":
            app.exit()

    def kept(ok: bool) -> None:
        if ok:
            app.exit()
        else:
            app.notify(
                "Not everything could be saved (see the messages); nothing was lost yet.",
                severity="error",
                markup=False,
                timeout=15,
            )

    lines = [screen.unsaved_text() for screen in pending]
    if waiting:
        lines.append(
            "Waiting to be saved (another followup is writing): "
            + "; ".join(printable(item) for item in waiting)
            + "."
        )
    what = "\n".join(lines)
    modal = ChoiceModal(
        "Quit followup?",
        f"{what}\nSave it before quitting?",
        [("save", "Save and quit"), ("discard", "Quit without saving"), ("cancel", "Stay")],
        about="quit",
    )
    app.push_screen(modal, chosen)


def install_exit_signals(app: App[Any]) -> None:
    """On SIGHUP (the terminal or SSH session went away) and SIGTERM: save, then exit."""

    def received(number: int) -> None:
        keep_all(app, lambda _kept: None)
        writes = getattr(app, "writes", None)
        if writes is not None:  # no one is looking now: waiting for the lock freezes nothing
            writes.flush()
        app.exit(return_code=128 + number)

    with contextlib.suppress(NotImplementedError, RuntimeError, ValueError):
        loop = asyncio.get_running_loop()
        for number in EXIT_SIGNALS:
            loop.add_signal_handler(number, received, int(number))
