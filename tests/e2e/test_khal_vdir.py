"""A vdir export read by a real khal: the thank-you is there before the send, not after."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from followup_tui.core.model import Followup
from followup_tui.mail.sending import send_followup
from followup_tui.storage.config import Config, MailSettings, Profile
from followup_tui.storage.paths import Home
from followup_tui.storage.store import Store
from tests.conftest import NOW, make_interview
from tests.e2e.conftest import SmtpServer

KHAL = shutil.which("khal", path=os.pathsep.join([str(Path(sys.executable).parent), os.defpath]))
pytestmark = pytest.mark.skipif(KHAL is None, reason="khal is a test dependency (pip)")


def khal_list(config: Path) -> str:
    """What ``khal list`` shows from a week before NOW to three weeks after."""
    assert KHAL is not None
    done = subprocess.run(
        [KHAL, "-c", str(config), "list", "--format", "{start} {title}", "2026-11-19", "30d"],
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, "TZ": "Europe/Berlin"},
        check=False,
    )
    assert done.returncode == 0, done.stderr
    return done.stdout


def export(home: Home, folder: Path) -> str:
    done = subprocess.run(
        [
            str(Path(sys.executable).parent / "followup"),
            "--home",
            str(home.root),
            "export",
            "ics",
            "--vdir",
            str(folder),
        ],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    return done.stderr


def test_khal_shows_the_thank_you_before_a_send_and_not_after(
    tmp_path: Path, home: Home, store: Store, smtp_server: SmtpServer
) -> None:
    folder = tmp_path / "calendars" / "followups"
    foreign = folder / "dentist.ics"  # another app's event in the same vdir
    folder.mkdir(parents=True)
    foreign.write_text(
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//other//EN\r\nBEGIN:VEVENT\r\n"
        "UID:dentist-1@example.org\r\nDTSTAMP:20261101T000000Z\r\n"
        "DTSTART:20261127T080000Z\r\nDTEND:20261127T090000Z\r\nSUMMARY:Dentist\r\n"
        "END:VEVENT\r\nEND:VCALENDAR\r\n"
    )
    config = tmp_path / "khal.conf"
    config.write_text(
        "[calendars]\n[[followups]]\n"
        f"path = {folder}\ntype = calendar\n"
        "[locale]\ntimeformat = %H:%M\ndateformat = %Y-%m-%d\nlongdateformat = %Y-%m-%d\n"
        "datetimeformat = %Y-%m-%d %H:%M\nlongdatetimeformat = %Y-%m-%d %H:%M\n"
        "default_timezone = Europe/Berlin\nlocal_timezone = Europe/Berlin\n"
        f"[sqlite]\npath = {tmp_path / 'khal.db'}\n"
    )
    acme = store.save(make_interview(), now=NOW)  # thank-you due by 2026-11-26 15:00 CET
    store.save(make_interview(company="Globex", position="SRE"), now=NOW)

    assert "2 written" in export(home, folder)
    before = khal_list(config)
    assert "2026-11-26 15:00 Send thank-you to Dana Reyes: Acme · Backend Engineer" in before
    assert "Send thank-you to Dana Reyes: Globex · SRE" in before
    assert "Dentist" in before
    assert export(home, folder) == ""  # nothing changed: nothing said, nothing rewritten

    draft = Followup(
        kind="thank_you",
        to="dana@acme.example",
        interviewer="Dana Reyes",
        subject="Thank you",
        body="Dear Dana,\n\nThank you.\n\nSam\n",
    )
    acme.followups.append(draft)
    settings = MailSettings(host=smtp_server.host, port=smtp_server.port, security="none")
    profile = Profile(name="Sam Lee", email="sam.lee@example.com")
    send_followup(
        acme, draft, store=store, home=home, config=Config(profile=profile, mail=settings), now=NOW
    )
    assert len(smtp_server.wait_for_messages(1)) == 1

    assert "1 written, 1 unchanged, 1 removed" in export(home, folder)
    after = khal_list(config)
    assert "Send thank-you to Dana Reyes: Acme" not in after
    assert "2026-12-03 09:00 Send reminder to Dana Reyes: Acme · Backend Engineer" in after
    assert "Send thank-you to Dana Reyes: Globex · SRE" in after
    assert "Dentist" in after and foreign.exists()
    assert sorted(path.name for path in folder.iterdir()) == [
        "dentist.ics",
        "followup-tui-2026-11-24-acme-backend-engineer-reminder.ics",
        "followup-tui-2026-11-24-globex-sre-thank_you.ics",
    ]
