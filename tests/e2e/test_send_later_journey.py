"""Journey: write the thank-you at night, Send later (ctrl+f) for tomorrow 09:00, the
list says so, and ``followup queue run`` at 09:00 sends exactly one email."""

from __future__ import annotations

import subprocess

import pytest

from followup_tui.storage.paths import Home
from followup_tui.storage.store import Store
from tests.e2e.conftest import Launch, SmtpServer
from tests.e2e.terminal import STARTUP_TIMEOUT, base_env, followup_command
from tests.e2e.test_followup_journeys import (
    WAIT,
    open_thank_you,
    overdue_interview,
    write_config,
)

pytestmark = pytest.mark.e2e
BERLIN = {"TZ": "Europe/Berlin"}  # the pinned NOW (+01:00 in November) is local time


def run_cli(home: Home, now: str, *args: str) -> subprocess.CompletedProcess[str]:
    argv, extra = followup_command()
    env = base_env(
        {**extra, **BERLIN, "FOLLOWUP_TUI_HOME": str(home.root), "FOLLOWUP_TUI_NOW": now}
    )
    return subprocess.run(
        [*argv, *args], env=env, capture_output=True, text=True, timeout=120, check=False
    )


def test_send_later_from_the_editor_then_the_queue_sends_it_at_nine(
    launch: Launch, e2e_home: Home, smtp_server: SmtpServer
) -> None:
    write_config(e2e_home, smtp_server.port)
    e2e_home.config_file.chmod(0o600)
    overdue_interview(e2e_home)
    terminal = launch(cols=200, env=BERLIN)
    terminal.wait_for("Acme", timeout=STARTUP_TIMEOUT)
    open_thank_you(terminal)
    terminal.send_keys("ctrl+f")
    terminal.wait_for("Send later", timeout=WAIT)
    terminal.wait_for("tomorrow 09:00  (tomorrow morning)", timeout=WAIT)
    terminal.send_keys("enter")
    terminal.wait_for("Scheduled for tomorrow 09:00", timeout=WAIT)
    terminal.wait_until(
        lambda _text: "scheduled tomorrow 09:00" in terminal.line_with("Acme"),
        "Acme's row to say when it goes out",
        timeout=WAIT,
    )
    assert terminal.line_with("Acme").lstrip(" »").startswith("scheduled")
    terminal.send_keys("ctrl+q")
    assert terminal.wait_exit(timeout=WAIT) == 0
    assert b"Traceback" not in terminal.raw_output()

    status = run_cli(e2e_home, "2026-11-26T23:00:00+01:00", "status")
    assert status.stdout == "1 scheduled\n", status.stderr
    early = run_cli(e2e_home, "2026-11-27T08:59:00+01:00", "queue", "run")
    assert (early.returncode, early.stdout) == (0, ""), early.stderr
    assert smtp_server.messages == []
    done = run_cli(e2e_home, "2026-11-27T09:00:00+01:00", "queue", "run")
    assert done.returncode == 0 and done.stdout.startswith("Sent: "), done.stderr
    [message] = smtp_server.wait_for_messages(1, timeout=WAIT)
    assert message["To"].addresses[0].addr_spec == "dana@acme.example"
    again = run_cli(e2e_home, "2026-11-27T09:05:00+01:00", "queue", "run")
    assert (again.returncode, again.stdout) == (0, "")
    assert len(smtp_server.messages) == 1
    [acme] = [i for i in Store(e2e_home).load_all().interviews if i.company == "Acme"]
    [sent] = acme.sent_followups
    assert sent.message_id == message["Message-ID"]
