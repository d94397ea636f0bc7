"""One conflict flow for every screen that saves: the same choices wherever a save is refused.

``save`` writes an interview through the store. When the file changed on
disk since it was read (another window, a hand edit, a shell command), the
save is refused and the same dialog offers, on every screen: reload theirs,
keep mine as a copy (a new interview file beside theirs, nothing lost) or
compare (a diff of the two files).
"""

from __future__ import annotations

import difflib
import threading
from collections.abc import Callable
from dataclasses import replace
from typing import TYPE_CHECKING, Any

from followup_tui.core.model import Interview
from followup_tui.storage.files import read_text
from followup_tui.storage.store import ConflictError, DurabilityError, StoreError
from followup_tui.storage.toml_format import dump_interview

if TYPE_CHECKING:
    from textual.screen import Screen

    from followup_tui.tui.app import FollowupApp


def save(
    screen: Screen[Any],
    interview: Interview,
    *,
    reload: Callable[[], object],
    then: Callable[[bool], object] | None = None,
    lock: threading.Lock | None = None,
    hold: Callable[[bool], object] | None = None,
    what: str = "",
    merge: object | None = None,
    prepare: Callable[[], object] | None = None,
) -> bool:
    """Save ``interview``, now or once the home's lock is free (``tui/writes.py``).

    Returns True when it is on disk now. ``then(saved)`` is called once,
    either way: whatever depends on the save goes there, since a save that
    finds the lock taken finishes later (the app answers keys meanwhile).
    On a conflict, the choices are offered and ``then`` hears False.
    ``reload``: how this screen shows the version on disk (the choices
    "reload theirs" and "keep mine as a copy" end with it). ``hold``: called
    with True while the dialog is open and False once it is answered (the
    editor's autosave waits for the answer). ``lock``: this screen's own
    hold on the store, shared with its loading thread. ``prepare``: runs just
    before each try (the editor reads its widgets again). ``merge``: see
    ``Writes.run``.
    """
    app: FollowupApp = screen.app  # type: ignore[assignment]

    def attempt() -> bool:
        if prepare is not None:
            prepare()
        try:
            app.store.save(interview, now=app.now())
        except ConflictError as error:
            offer(screen, str(error), interview, reload=reload, hold=hold)
            return False
        except DurabilityError as error:
            screen.notify(str(error), severity="warning", markup=False)
        except StoreError as error:
            screen.notify(str(error), severity="error", markup=False, timeout=15)
            return False
        return True

    label = what or f"changes to {interview.title}"
    return app.writes.run(interview.id, label, attempt, then, merge=merge, lock=lock)


def offer(
    screen: Screen[Any],
    message: str,
    mine: Interview | None,
    *,
    reload: Callable[[], object],
    hold: Callable[[bool], object] | None = None,
) -> None:
    """The conflict dialog (once: a second refused save while it is open adds nothing)."""
    from followup_tui.tui.modals.conflict import COPY, RELOAD, ConflictModal

    app: FollowupApp = screen.app  # type: ignore[assignment]
    if isinstance(app.screen, ConflictModal):
        return

    if hold is not None:
        hold(True)

    def chosen(choice: str | None) -> None:
        if hold is not None:
            hold(False)
        if choice == COPY and mine is not None:
            keep_copy(screen, mine, then=lambda _kept: reload())
        elif choice == RELOAD:
            reload()

    diff = _diff(app, mine) if mine is not None else ""
    app.push_screen(ConflictModal(message, diff, mine=mine is not None), chosen)


def keep_copy(
    screen: Screen[Any], mine: Interview, *, then: Callable[[bool], object] | None = None
) -> bool:
    """Save ``mine`` as a new interview beside theirs (now or once the lock is free)."""
    app: FollowupApp = screen.app  # type: ignore[assignment]
    copy = replace(mine, id="", loaded_digest="")

    def attempt() -> bool:
        try:
            app.store.save(copy, now=app.now())
        except DurabilityError as error:
            screen.notify(str(error), severity="warning", markup=False)
        except StoreError as error:
            screen.notify(
                f"Your version could not be kept as a copy: {error}",
                severity="error",
                markup=False,
            )
            return False
        screen.notify(
            f"Your version is kept as {copy.id}, beside theirs.", markup=False, timeout=10
        )
        return True

    return app.writes.run("", f"your copy of {mine.title}", attempt, then)


def _diff(app: FollowupApp, mine: Interview) -> str:
    """The file on disk against the unsaved version, as a unified diff."""
    try:
        theirs = read_text(app.store.path_for(mine.id)).splitlines()
    except (OSError, StoreError, UnicodeDecodeError):
        theirs = []  # deleted or unreadable: everything of mine is new
    ours = dump_interview(mine).decode("utf-8").splitlines()
    lines = difflib.unified_diff(theirs, ours, "on disk", "yours", lineterm="", n=1)
    return "\n".join(lines)
