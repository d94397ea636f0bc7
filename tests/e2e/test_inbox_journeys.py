"""The app picks up a reply on its own: a thank-you sent, a reply dropped into the Maildir.

The real ``followup`` in a pty, on a home whose [inbox] reads a Maildir every
few seconds (``scan_minutes`` is configurable for exactly this); no key is
pressed between the reply's arrival and the row turning "Replied".
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest

from followup_tui.core.model import Followup, Interviewer
from followup_tui.storage.paths import Home
from followup_tui.storage.store import Store
from tests.conftest import CET, make_interview
from tests.e2e.conftest import Launch, seed
from tests.e2e.terminal import STARTUP_TIMEOUT
from tests.mailboxes import drop, message

pytestmark = pytest.mark.e2e

WAIT = 90.0
ME = "sam@example.org"


def test_a_reply_in_the_maildir_turns_the_row_replied(
    launch: Launch, e2e_home: Home, tmp_path: Path
) -> None:
    inbox = tmp_path / "Mail" / "INBOX"
    drop(
        inbox,
        message("news@list.example", ME, "Weekly", datetime(2026, 11, 20, tzinfo=CET), "<n@x>"),
    )
    e2e_home.config_file.write_text(
        f'[profile]\nname = "Sam Lee"\nemail = "{ME}"\n\n'
        f'[inbox]\nmaildir = ["{inbox}"]\nscan_minutes = 0.02\n',
        encoding="utf-8",
    )
    e2e_home.config_file.chmod(0o600)
    interview = make_interview(
        interview_at=datetime(2026, 11, 24, 14, 0, tzinfo=CET),
        interviewers=[Interviewer("Dana Reyes", "dana@acme.example", "Engineering Manager")],
    )
    interview.followups.append(
        Followup(
            to="dana@acme.example",
            interviewer="Dana Reyes",
            subject="Thank you, Dana",
            body="Thanks!",
            state="sent",
            sent_at=datetime(2026, 11, 24, 18, 0, tzinfo=CET),
            message_id="<thanks@example.org>",
        )
    )
    [saved] = seed(e2e_home, interview)
    terminal = launch(cols=130)
    terminal.wait_for("Waiting for a reply", timeout=STARTUP_TIMEOUT)
    drop(
        inbox,
        message(
            "Dana Reyes <dana@acme.example>",
            ME,
            "Re: Thank you, Dana",
            datetime(2026, 11, 25, 10, 0, tzinfo=CET),
            "<reply@acme.example>",
            in_reply_to="<thanks@example.org>",
        ),
    )
    terminal.wait_for("Replied: Dana Reyes", timeout=WAIT)
    terminal.wait_for("1 reply found: Acme (Dana Reyes)", timeout=WAIT)
    response = Store(e2e_home).load(saved.id).response
    assert response is not None and response.matched == "thread"
    assert response.message_id == "<reply@acme.example>"
    terminal.send_keys("M")
    terminal.wait_for("Undone: what the mailbox scan recorded here.", timeout=WAIT)
    terminal.wait_for("Waiting for a reply", timeout=WAIT)
    assert Store(e2e_home).load(saved.id).response is None


def test_quitting_does_not_wait_for_a_silent_mail_server(launch: Launch, e2e_home: Home) -> None:
    import socket

    seed(e2e_home, make_interview())
    with socket.socket() as silent:  # accepts, never greets: the scan waits on its read
        silent.bind(("127.0.0.1", 0))
        silent.listen()
        e2e_home.config_file.write_text(
            f'[profile]\nemail = "{ME}"\n\n[inbox]\nimap_host = "127.0.0.1"\n'
            f'imap_port = {silent.getsockname()[1]}\nimap_security = "starttls"\n'
            'imap_username = "me"\nimap_password_env = "HOME"\ntimeout = 600\n',
            encoding="utf-8",
        )
        e2e_home.config_file.chmod(0o600)
        terminal = launch()
        terminal.wait_for("Acme", timeout=STARTUP_TIMEOUT)
        silent.settimeout(WAIT)
        accepted, _ = silent.accept()  # the scan is now waiting for a greeting
        with accepted:
            terminal.send_keys("ctrl+q")
            # Far less than the 600 s the scan would wait: quitting did not join it.
            assert terminal.wait_exit(timeout=WAIT) == 0
