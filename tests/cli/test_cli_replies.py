"""``followup replies``: the scan from the command line, its dry run, JSON and undo."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from followup_tui.cli import main
from followup_tui.storage.paths import Home
from followup_tui.storage.store import Store
from tests.cli.test_inbox_sources import DANA, REPLY_AT, THANKS_ID, thanked, write_config
from tests.mailboxes import USER, drop, message

ID = "2026-11-24-acme-backend-engineer"


def run(home: Home, *args: str, capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    code = main(["--home", str(home.root), "replies", *args])
    out = capsys.readouterr()
    return code, out.out, out.err


@pytest.fixture
def mailbox_home(home: Home, store: Store, tmp_path: Path) -> Home:
    inbox = tmp_path / "mail" / "INBOX"
    drop(inbox, message(DANA, USER, "Re: Thank you", REPLY_AT, "<r1@acme>", in_reply_to=THANKS_ID))
    write_config(home, f'maildir = ["{inbox}"]')
    interview = thanked()
    interview.id = ID
    store.save(interview)
    return home


def test_dry_run_prints_one_line_and_records_nothing(
    mailbox_home: Home, store: Store, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = run(mailbox_home, "--dry-run", capsys=capsys)
    assert code == 0 and err == ""
    assert out == (
        "would record: Acme · Backend Engineer: reply from Dana Reyes (thread match): "
        '"Re: Thank you"\n'
    )
    assert store.load(ID).response is None
    assert not (mailbox_home.cache / "inbox.json").exists()


def test_scan_json_then_undo_for_good(
    mailbox_home: Home, store: Store, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = run(mailbox_home, "--json", capsys=capsys)
    payload = json.loads(out)
    assert code == 0 and payload["dry_run"] is False and payload["read"] == 1
    [change] = payload["changes"]
    assert change["kind"] == "reply" and change["matched"] == "thread"
    assert change["message_id"] == "<r1@acme>" and change["from"] == DANA
    assert store.load(ID).response is not None
    code, out, _ = run(mailbox_home, capsys=capsys)
    assert code == 0 and out == "No new replies (0 new messages read).\n"
    code, out, _ = run(mailbox_home, "--undo", "<r1@acme>", capsys=capsys)
    assert code == 0 and out == "Undone: Acme · Backend Engineer\n"
    assert store.load(ID).response is None
    (mailbox_home.cache / "inbox.json").unlink()  # even a full rescan...
    (mailbox_home.cache / "inbox.json").write_text(
        json.dumps({"version": 1, "ignored": ["<r1@acme>"], "sources": {}})
    )
    code, out, _ = run(mailbox_home, capsys=capsys)
    assert out == "No new replies (1 new messages read).\n"  # ...never records it again
    assert store.load(ID).response is None


def test_plain_output_is_the_notice(mailbox_home: Home, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(mailbox_home, capsys=capsys)
    assert code == 0
    assert out.splitlines()[-1] == "1 reply found: Acme (Dana Reyes)."


def test_no_inbox_configured_is_one_sentence(
    home: Home, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = run(home, capsys=capsys)
    assert code == 1 and out == ""
    assert err.startswith("followup: No mailbox is set up: add maildir, notmuch or imap_host")
    assert len(err.splitlines()) == 1


def test_a_failing_source_exits_1_with_one_line(
    home: Home, store: Store, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    write_config(home, f'maildir = ["{tmp_path / "gone"}"]')
    store.save(thanked())
    code, _, err = run(home, capsys=capsys)
    assert code == 1
    assert (
        err
        == f"followup: The Maildir {tmp_path / 'gone'} cannot be read (is it a Maildir folder?).\n"
    )
