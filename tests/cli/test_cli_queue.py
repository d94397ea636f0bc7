"""``followup send --at`` and ``followup queue ...`` end to end against a local aiosmtpd."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from aiosmtpd.controller import Controller

from followup_tui.cli import main
from followup_tui.storage.paths import Home
from followup_tui.storage.store import Store
from tests.unit.queue_helpers import Handler, Inbox, free_port, queued_interview, write_config

BERLIN = ZoneInfo("Europe/Berlin")
pytestmark = pytest.mark.usefixtures("berlin")


@pytest.fixture
def inbox() -> Iterator[tuple[Inbox, int]]:
    box = Inbox()
    port = free_port()
    controller = Controller(Handler(box), hostname="127.0.0.1", port=port)
    controller.start()
    yield box, port
    controller.stop()


def at(monkeypatch: pytest.MonkeyPatch, moment: datetime) -> None:
    monkeypatch.setenv("FOLLOWUP_TUI_NOW", moment.isoformat())


def run(home: Home, capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(["--home", str(home.root), *args])
    out = capsys.readouterr()
    return code, out.out, out.err


def draft_home(home: Home, port: int, interview_at: datetime) -> None:
    write_config(home, port)
    interview = queued_interview("acme", interview_at, interview_at=interview_at)
    interview.followups[0].state, interview.followups[0].send_at = "draft", None
    Store(home).save(interview)


@pytest.mark.parametrize(
    ("written", "expected"),
    [
        # Spring forward (28 Mar 2027, 02:00 -> 03:00): 13 hours later would be 10:00.
        (datetime(2027, 3, 27, 20, 0, tzinfo=BERLIN), "2027-03-28T09:00:00+02:00"),
        # Fall back (25 Oct 2026, 03:00 -> 02:00): 13 hours later would be 08:00.
        (datetime(2026, 10, 24, 20, 0, tzinfo=BERLIN), "2026-10-25T09:00:00+01:00"),
    ],
)
def test_tomorrow_nine_goes_out_at_nine_local_across_a_clock_change(
    home: Home,
    inbox: tuple[Inbox, int],
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    written: datetime,
    expected: str,
) -> None:
    box, port = inbox
    draft_home(home, port, written - timedelta(hours=6))
    at(monkeypatch, written)
    code, out, err = run(home, capsys, "send", "acme", "--at", "tomorrow 9:00", "--yes")
    assert code == 0, err
    assert "(tomorrow 09:00)" in out
    followup = Store(home).read("acme").followups[0]
    assert followup.state == "scheduled"
    assert followup.send_at is not None and followup.send_at.isoformat() == expected
    nine = datetime.fromisoformat(expected)

    at(monkeypatch, nine - timedelta(minutes=1))
    assert run(home, capsys, "queue", "run") == (0, "", "")
    assert box.ids() == []
    listing = json.loads(run(home, capsys, "queue", "--json")[1])
    assert [(item["id"], item["state"], item["send_at"]) for item in listing] == [
        ("acme", "scheduled", expected)
    ]

    at(monkeypatch, nine)
    code, out, _ = run(home, capsys, "queue", "run")
    assert code == 0 and out.startswith("Sent: acme to dana@acme.example.")
    assert len(box.ids()) == 1
    assert box.messages[0]["Date"] == nine.strftime("%a, %d %b %Y %H:%M:%S %z")

    at(monkeypatch, nine + timedelta(minutes=5))
    assert run(home, capsys, "queue", "run") == (0, "", "")
    assert len(box.ids()) == 1


def test_status_list_show_and_cancel(
    home: Home,
    inbox: tuple[Inbox, int],
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    _, port = inbox
    now = datetime.fromisoformat("2026-11-26T09:00:00+01:00")  # the pinned NOW
    draft_home(home, port, now - timedelta(hours=20))
    assert run(home, capsys, "status")[1] == "1 due\n"
    code, _, err = run(home, capsys, "send", "acme", "--at", "2026-11-27 09:00", "--yes")
    assert code == 0, err
    assert run(home, capsys, "status")[1] == "1 scheduled\n"
    counts = json.loads(run(home, capsys, "status", "--json")[1])
    assert (counts["scheduled"], counts["due"], counts["review"]) == (1, 0, 0)
    listed = run(home, capsys, "queue")[1]
    assert listed.startswith("scheduled") and "thank-you to dana@acme.example  acme" in listed
    shown = json.loads(run(home, capsys, "list", "--json")[1])
    assert shown[0]["state"] == "scheduled"

    assert run(home, capsys, "queue", "cancel", "acme")[0] == 0
    assert Store(home).read("acme").followups[0].state == "draft"
    assert run(home, capsys, "status")[1] == "1 due\n"
    code, _, err = run(home, capsys, "queue", "cancel", "acme")
    assert code == 1 and "has no scheduled or draft follow-up" in err


def test_send_at_refuses_the_past_and_nonsense(
    home: Home, inbox: tuple[Inbox, int], capsys: pytest.CaptureFixture[str]
) -> None:
    _, port = inbox
    draft_home(home, port, datetime.fromisoformat("2026-11-25T13:00:00+01:00"))
    code, _, err = run(home, capsys, "send", "acme", "--at", "yesterday 9:00", "--yes")
    assert code == 1 and "is in the past; pick a later time" in err
    code, _, err = run(home, capsys, "send", "acme", "--at", "soonish", "--yes")
    assert code == 1 and err.startswith("followup: --at: 'soonish' is not a date and time")
    assert Store(home).read("acme").followups[0].state == "draft"


def test_send_at_lists_checks_that_would_fail_and_asks(
    home: Home,
    inbox: tuple[Inbox, int],
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    import io

    _, port = inbox
    # The interview is tomorrow: a thank-you sent before it ends fails the timing check.
    draft_home(home, port, datetime.fromisoformat("2026-11-27T14:00:00+01:00"))
    monkeypatch.setattr("sys.stdin", io.StringIO("n\n"))
    code, _, err = run(home, capsys, "send", "acme", "--at", "tomorrow 9:00")
    assert code == 1
    assert "If it went out tomorrow 09:00, these checks would fail:" in err
    assert "Timing: The interview has not ended yet" in err and "Not scheduled" in err
    assert Store(home).read("acme").followups[0].state == "draft"
    monkeypatch.setattr("sys.stdin", io.StringIO("y\n"))
    assert run(home, capsys, "send", "acme", "--at", "tomorrow 9:00")[0] == 0
    followup = Store(home).read("acme").followups[0]
    assert followup.state == "scheduled" and followup.send_anyway == ["timing"]


def test_resolve_an_unsure_send(
    home: Home, inbox: tuple[Inbox, int], capsys: pytest.CaptureFixture[str]
) -> None:
    _, port = inbox
    now = datetime.fromisoformat("2026-11-26T09:00:00+01:00")
    write_config(home, port)
    interview = queued_interview("acme", now, interview_at=now - timedelta(hours=20))
    interview.followups[0].state = "unsure"
    interview.followups[0].message_id = "<x@example.com>"
    interview.followups[0].notice = "A send was interrupted."
    Store(home).save(interview)
    assert run(home, capsys, "status")[1] == "1 to review · 1 scheduled\n"
    code, _, err = run(home, capsys, "send", "acme", "--yes")
    assert code == 1 and "may already have gone out" in err
    assert run(home, capsys, "queue", "resolve", "acme", "--sent")[0] == 0
    followup = Store(home).read("acme").followups[0]
    assert followup.state == "sent" and followup.notice == ""
    assert run(home, capsys, "status", "--always")[1] == "nothing due\n"


def test_install_writes_units_and_enables_nothing(
    home: Home, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "units"
    code, out, _ = run(home, capsys, "queue", "install", "--dir", str(folder), "--every", "10")
    assert code == 0
    assert sorted(path.name for path in folder.iterdir()) == [
        "followup-queue.service",
        "followup-queue.timer",
    ]
    assert "systemctl --user enable --now followup-queue.timer" in out
    assert "loginctl enable-linger" in out and "Nothing is enabled yet" in out
    service = (folder / "followup-queue.service").read_text()
    assert f"--home {home.root} queue run" in service
    assert "OnCalendar=*:0/10" in (folder / "followup-queue.timer").read_text()
    # Run again: same content, fine. Changed by hand: refused without --force.
    assert run(home, capsys, "queue", "install", "--dir", str(folder), "--every", "10")[0] == 0
    (folder / "followup-queue.timer").write_text("# mine\n")
    code, _, err = run(home, capsys, "queue", "install", "--dir", str(folder))
    assert code == 1 and "add --force" in err
    assert (folder / "followup-queue.timer").read_text() == "# mine\n"
    code, out, _ = run(home, capsys, "queue", "install", "--cron")
    assert code == 0 and "*/5 * * * * " in out and out.rstrip().endswith("queue run")
    assert "nothing was changed" in out


@pytest.mark.parametrize("in_sent", [True, False])
def test_an_interrupted_send_is_looked_for_in_the_inbox_maildir(
    home: Home,
    inbox: tuple[Inbox, int],
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    in_sent: bool,
) -> None:
    box, port = inbox
    now = datetime.fromisoformat("2026-11-26T09:00:00+01:00")
    sent = tmp_path / "Mail" / "Sent"
    for part in ("cur", "new", "tmp"):
        (sent / part).mkdir(parents=True)
    if in_sent:
        (sent / "cur" / "1764144000.1.host:2,S").write_text(
            "Message-ID: <crashed@example.com>\nFrom: sam.lee@example.com\n"
            "To: dana@acme.example\nSubject: Thank You\n"
            "Date: Thu, 26 Nov 2026 08:55:00 +0100\n\nThank you.\n"
        )
    write_config(home, port, f"\n[inbox]\nmaildir = [{json.dumps(str(sent))}]\n")
    interview = queued_interview(
        "acme", now - timedelta(minutes=5), interview_at=now - timedelta(hours=20)
    )
    interview.followups[0].state = "sending"
    interview.followups[0].message_id = "<crashed@example.com>"
    Store(home).save(interview)
    code, out, err = run(home, capsys, "queue", "run")
    assert code == 0, err
    followup = Store(home).read("acme").followups[0]
    if in_sent:
        assert out == "Sent: acme to dana@acme.example. It was in the Sent folder.\n"
        assert followup.state == "sent"
    else:
        assert out.startswith("Unsure: acme to dana@acme.example. A send at ")
        assert followup.state == "unsure"
    assert box.ids() == []
