"""The draft editor never loses or mangles what was typed (the real app in a pty).

The checklist key works from every text field without touching its text;
ctrl+q right after typing and a dropped session (SIGHUP) leave the typed
text on disk; Discard discards even after autosave had time to run.
"""

from __future__ import annotations

import os
import signal
import time
from collections.abc import Callable

import pytest

from followup_tui.core.model import Followup
from followup_tui.storage.paths import Home
from followup_tui.storage.store import Store
from tests.e2e.conftest import Launch
from tests.e2e.terminal import STARTUP_TIMEOUT, Terminal
from tests.e2e.test_followup_journeys import WAIT, open_thank_you, overdue_interview, write_config

pytestmark = pytest.mark.e2e

SUBJECT = "Thank You - Sam Lee Interview for Backend Engineer"


def _draft(home: Home) -> Followup | None:
    store = Store(home)
    for interview_id in store.ids_on_disk():
        interview = store.load(interview_id)
        if interview.company == "Acme" and interview.drafts:
            return interview.drafts[0]
    return None


def wait_on_disk(home: Home, holds: Callable[[Followup], bool], what: str) -> Followup:
    """Poll the interview file until its draft satisfies ``holds``."""
    deadline = time.monotonic() + WAIT
    while time.monotonic() < deadline:
        draft = _draft(home)
        if draft is not None and holds(draft):
            return draft
        time.sleep(0.1)
    raise AssertionError(f"the draft on disk never showed {what}: {_draft(home)!r}")


def start_editor(launch: Launch, home: Home) -> Terminal:
    write_config(home)
    overdue_interview(home)
    terminal = launch(cols=160)
    terminal.wait_for("Acme", timeout=STARTUP_TIMEOUT)
    open_thank_you(terminal)
    terminal.wait_for("(^n)", timeout=WAIT)  # the checklist line, once checked
    return terminal


@pytest.mark.parametrize(("field", "back"), [("To", 2), ("Subject", 1), ("body", 0)])
def test_checklist_key_works_from_every_field_and_keeps_its_text(
    launch: Launch, e2e_home: Home, field: str, back: int
) -> None:
    """The body has the focus when the editor opens; shift+tab goes to Subject, then To."""
    terminal = start_editor(launch, e2e_home)
    before = terminal.screen_text()
    assert "(^n)" in before, "the status line does not advertise the checklist key"
    terminal.send_keys(*["shift+tab"] * back)
    terminal.send_keys("end")
    terminal.send_keys("ctrl+n")
    terminal.wait_for("Read it once aloud", timeout=WAIT)
    terminal.send_keys("escape")
    frame = terminal.wait_for("Dear Dana Reyes,", timeout=WAIT)
    assert "dana@acme.example" in frame
    assert SUBJECT in frame
    assert "Warm regards," in frame
    draft = _draft(e2e_home)
    assert draft is not None
    assert draft.to == "dana@acme.example"
    assert draft.subject == SUBJECT
    assert draft.body.rstrip().endswith("Sam Lee")


def test_ctrl_q_right_after_typing_saves_by_default(launch: Launch, e2e_home: Home) -> None:
    terminal = start_editor(launch, e2e_home)
    terminal.type("Typed just now. ")
    terminal.wait_for("Typed just now.", timeout=WAIT)
    terminal.send_keys("ctrl+q")
    terminal.wait_for("Quit followup?", timeout=WAIT)
    terminal.send_keys("enter")  # the default: save and quit
    assert terminal.wait_exit(WAIT) == 0
    assert "Typed just now. Dear Dana" in (_draft(e2e_home) or Followup()).body


@pytest.mark.parametrize("number", [signal.SIGHUP, signal.SIGTERM])
def test_sighup_and_sigterm_save_what_was_typed(
    launch: Launch, e2e_home: Home, number: signal.Signals
) -> None:
    """A dropped SSH session or a closed window (SIGHUP), or a kill (SIGTERM)."""
    terminal = start_editor(launch, e2e_home)
    terminal.type("Before the line dropped. ")
    terminal.wait_for("Before the line dropped.", timeout=WAIT)
    os.kill(terminal.process.pid, number)
    terminal.wait_exit(WAIT)
    assert "Before the line dropped. Dear Dana" in (_draft(e2e_home) or Followup()).body


def test_typing_reaches_the_disk_within_seconds_without_a_pause(
    launch: Launch, e2e_home: Home
) -> None:
    """Autosave is not pushed back by typing: a kill loses at most a couple of seconds."""
    terminal = start_editor(launch, e2e_home)
    for word in ("one ", "two ", "three ", "four ", "five ", "six ", "seven ", "eight "):
        terminal.type(word)
        time.sleep(0.5)  # typing on: never a 2 s pause
    wait_on_disk(e2e_home, lambda draft: "one two three" in draft.body, "the words typed")
    os.kill(terminal.process.pid, signal.SIGKILL)


def test_discard_discards_even_after_a_pause(launch: Launch, e2e_home: Home) -> None:
    terminal = start_editor(launch, e2e_home)
    terminal.type("Not wanted. ")
    terminal.wait_for("Not wanted.", timeout=WAIT)
    terminal.send_keys("escape")
    terminal.wait_for("Leave the draft?", timeout=WAIT)
    time.sleep(3)  # longer than the autosave delay, with the dialog open
    terminal.send_keys("right", "enter")  # Discard changes
    terminal.wait_for("Write follow-up", timeout=WAIT)
    draft = _draft(e2e_home)
    assert draft is not None and "Not wanted." not in draft.body
    assert draft.body.startswith("Dear Dana Reyes,")
    # Typed, autosaved during a pause, then discarded: also back as opened.
    open_thank_you(terminal)
    terminal.wait_for("(^n)", timeout=WAIT)
    terminal.type("Saved by autosave. ")
    wait_on_disk(e2e_home, lambda d: "Saved by autosave." in d.body, "the autosaved words")
    terminal.send_keys("escape")
    terminal.wait_for("Leave the draft?", timeout=WAIT)
    terminal.send_keys("right", "enter")
    terminal.wait_for("Write follow-up", timeout=WAIT)
    wait_on_disk(e2e_home, lambda d: "Saved by autosave." not in d.body, "the discard")
