"""Another followup writing never freezes the app (the real app in a pty).

A second process holds the home's lock, as a long ``followup import`` or a
mailbox scan from a timer does. A change made in the app meanwhile says it
is waiting and for whom, the app keeps answering keys, and the change lands
once the other one is done; typed text and ctrl+q wait for it too.
"""

from __future__ import annotations

import time

import pytest

from followup_tui.core.model import Followup
from followup_tui.storage.paths import Home
from followup_tui.storage.store import Store
from tests.e2e.conftest import Launch
from tests.e2e.terminal import STARTUP_TIMEOUT
from tests.e2e.test_followup_journeys import (
    WAIT,
    open_thank_you,
    overdue_interview,
    wait_state,
    write_config,
)
from tests.reliability.helpers import OtherFollowup

pytestmark = pytest.mark.e2e


def _acme_followups(home: Home) -> list[Followup]:
    store = Store(home)
    for interview_id in store.ids_on_disk():
        interview = store.load(interview_id)
        if interview.company == "Acme":
            return interview.followups
    return []


def test_marking_sent_waits_for_the_other_followup_and_the_app_goes_on(
    launch: Launch, e2e_home: Home
) -> None:
    write_config(e2e_home)
    overdue_interview(e2e_home)
    terminal = launch(cols=130)
    terminal.wait_for("Acme", timeout=STARTUP_TIMEOUT)
    holder = OtherFollowup(e2e_home)
    try:
        terminal.send_keys("s")
        screen = terminal.wait_for("Waiting for another followup", timeout=WAIT)
        assert "Traceback" not in screen
        assert not any(item.state == "sent" for item in _acme_followups(e2e_home))
        terminal.type("?")  # the app answers while it waits
        terminal.wait_for("Command palette", timeout=WAIT)
        terminal.send_keys("escape")
        terminal.wait_gone("Command palette", timeout=WAIT)
    finally:
        holder.release()
    terminal.wait_for("after waiting", timeout=WAIT)
    wait_state(terminal, "Acme", "waiting")
    assert any(item.state == "sent" for item in _acme_followups(e2e_home))


def test_typed_text_and_ctrl_q_wait_for_the_lock_then_quit(launch: Launch, e2e_home: Home) -> None:
    write_config(e2e_home)
    overdue_interview(e2e_home)
    terminal = launch(cols=160)
    terminal.wait_for("Acme", timeout=STARTUP_TIMEOUT)
    open_thank_you(terminal)
    terminal.wait_for("(^n)", timeout=WAIT)
    holder = OtherFollowup(e2e_home)
    try:
        terminal.type("Typed while it waits. ")
        terminal.wait_for("Typed while it waits.", timeout=WAIT)
        terminal.send_keys("ctrl+s")
        terminal.wait_for("Waiting for another followup", timeout=WAIT)
        terminal.type("And more. ")
        terminal.wait_for("And more.", timeout=WAIT)
        terminal.send_keys("ctrl+q")
        terminal.wait_for("Quit followup?", timeout=WAIT)
        terminal.send_keys("enter")  # Save and quit: it quits once the text is on disk
        time.sleep(1.0)
        assert terminal.process.poll() is None, "it quit before the text was saved"
    finally:
        holder.release()
    assert terminal.wait_exit(WAIT) == 0
    drafts = [item for item in _acme_followups(e2e_home) if item.state != "sent"]
    assert drafts and "Typed while it waits. And more. Dear Dana" in drafts[0].body
