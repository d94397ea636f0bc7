"""A first run needs no config file editing; settings are live; failing checks do not send.

The real app in a pty: a home without a profile asks for it on the setup
screen, and a draft with missing data shows placeholders the checklist
fails on (never an empty draft); a ``[mail]`` section added while the app
runs is used by the next send; Enter on a confirmation with failing
checks goes back to the draft.
"""

from __future__ import annotations

import re
import time
from datetime import datetime

import pytest

from followup_tui.core.model import Interviewer
from followup_tui.storage.config import load_config
from followup_tui.storage.paths import Home
from tests.conftest import CET, make_interview
from tests.e2e.conftest import Launch, SmtpServer, seed
from tests.e2e.terminal import STARTUP_TIMEOUT
from tests.e2e.test_editor_trust_journeys import _draft
from tests.e2e.test_followup_journeys import WAIT, overdue_interview, write_config

pytestmark = pytest.mark.e2e


def _flat(text: str) -> str:
    return re.sub(r"[\s▊▎▌▔▁]", "", text)


def no_topic_interview(home: Home) -> None:
    seed(
        home,
        make_interview(
            interview_at=datetime(2026, 11, 25, 14, 0, tzinfo=CET),
            topics=[],
            interviewers=[Interviewer("Dana Reyes", "dana@acme.example", "Engineering Manager")],
        ),
    )


def test_no_profile_and_no_topic_give_placeholders_the_checklist_fails(
    launch: Launch, e2e_home: Home
) -> None:
    no_topic_interview(e2e_home)
    terminal = launch(cols=200)
    terminal.wait_for("Write follow-up", timeout=STARTUP_TIMEOUT)
    terminal.send_keys("w")
    terminal.wait_for("Set up followup", timeout=WAIT)  # no name yet: asked first, once
    terminal.send_keys("escape")  # not now
    frame = terminal.wait_for("Dear Dana Reyes,", timeout=WAIT)
    assert "Thank You - [your name] Interview for Backend Engineer" in frame
    assert "our conversation about [a topic you discussed]" in frame
    frame = terminal.wait_for(re.compile(r"Missing: your name \(f3\), a topic"), timeout=WAIT)
    terminal.wait_for(re.compile(r"Checklist .*fix: .*Proofread"), timeout=WAIT)
    draft = _draft(e2e_home)
    assert draft is not None and "[your name]" in draft.subject, "no draft, or an empty one"
    assert "[a topic you discussed]" in draft.body
    terminal.send_keys("ctrl+n")
    terminal.wait_until(
        lambda text: "[yourname]inthesubject:yournameisnotrecorded" in _flat(text),
        "the proofread item saying what is missing and where to add it",
        timeout=WAIT,
    )
    assert "setupscreen" in _flat(terminal.screen_text())


def test_setup_screen_writes_the_profile_and_keeps_the_comments(
    launch: Launch, e2e_home: Home
) -> None:
    """A newcomer (no interviews yet) is asked at once."""
    terminal = launch()
    terminal.wait_for("Set up followup", timeout=STARTUP_TIMEOUT)
    terminal.type("Sam Lee")
    terminal.send_keys("tab")
    terminal.type("sam@example.org")
    terminal.wait_for("sam@example.org", timeout=WAIT)
    terminal.send_keys("ctrl+s")
    terminal.wait_for("Saved to", timeout=WAIT)
    terminal.wait_for("No interviews yet.", timeout=WAIT)
    text = e2e_home.config_file.read_text(encoding="utf-8")
    assert "# your name, used in subject lines and signatures" in text
    config = load_config(e2e_home, create=False)
    assert (config.profile.name, config.profile.email) == ("Sam Lee", "sam@example.org")


def test_a_mail_section_added_while_running_is_used_by_the_next_send(
    launch: Launch, e2e_home: Home, smtp_server: SmtpServer
) -> None:
    write_config(e2e_home)  # a profile, no [mail]
    overdue_interview(e2e_home)
    terminal = launch(cols=200)
    terminal.wait_for("Acme", timeout=STARTUP_TIMEOUT)
    terminal.send_keys("w")
    terminal.wait_for("Dear Dana Reyes,", timeout=WAIT)
    terminal.wait_for("(^n)", timeout=WAIT)
    with e2e_home.config_file.open("a", encoding="utf-8") as handle:
        handle.write(
            f'\n[mail]\nhost = "127.0.0.1"\nport = {smtp_server.port}\nsecurity = "none"\n'
        )
    terminal.wait_for("Settings reloaded from config.toml: mail", timeout=WAIT)
    terminal.send_keys("ctrl+g")
    terminal.wait_for("Send this email?", timeout=WAIT)
    terminal.send_keys("enter")
    terminal.wait_for("Sent to dana@acme.example", timeout=WAIT)
    messages = smtp_server.wait_for_messages(1, timeout=WAIT)
    assert messages[0]["To"].addresses[0].addr_spec == "dana@acme.example"


def test_a_broken_config_edit_keeps_the_old_settings_and_says_where(
    launch: Launch, e2e_home: Home
) -> None:
    write_config(e2e_home)
    overdue_interview(e2e_home)
    terminal = launch(cols=200)
    terminal.wait_for("Acme", timeout=STARTUP_TIMEOUT)
    with e2e_home.config_file.open("a", encoding="utf-8") as handle:
        handle.write("\n[timing]\nreminder_after_days = -3\n")
    terminal.wait_for("config.toml not reloaded", timeout=WAIT)
    assert "timing.reminder_after_days" in _flat(terminal.screen_text())
    terminal.send_keys("w")  # the old profile still signs the draft
    terminal.wait_for("Thank You - Sam Lee Interview for Backend Engineer", timeout=WAIT)


def test_enter_on_a_confirmation_with_failing_checks_does_not_send(
    launch: Launch, e2e_home: Home, smtp_server: SmtpServer
) -> None:
    write_config(e2e_home, smtp_server.port)
    no_topic_interview(e2e_home)
    terminal = launch(cols=200)
    terminal.wait_for("Acme", timeout=STARTUP_TIMEOUT)
    terminal.send_keys("w")
    terminal.wait_for("Dear Dana Reyes,", timeout=WAIT)
    terminal.wait_for(re.compile(r"Checklist .*fix: .*Proofread"), timeout=WAIT)
    terminal.send_keys("ctrl+g")
    frame = terminal.wait_for("Send this email?", timeout=WAIT)
    assert "Back to the draft" in frame and "Send anyway" in frame
    terminal.wait_until(
        lambda text: "Notticked:Readitoncealoud" in _flat(text) and "Proofread:" in text,
        "the failing and unticked items in the confirmation",
        timeout=WAIT,
    )
    terminal.send_keys("enter")
    terminal.wait_gone("Send this email?", timeout=WAIT)
    time.sleep(2)  # a send would have reached the local server by now
    assert smtp_server.messages == []
    draft = _draft(e2e_home)
    assert draft is not None and draft.state == "draft"
    assert "Dear Dana Reyes," in terminal.screen_text()
