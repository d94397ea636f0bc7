"""The inbox scan against real mailboxes: plain Maildir, a notmuch database, a Dovecot server.

The same cases for each source: a reply in the thread closes the follow-up, a
reply from the interviewer's address without thread headers closes it, an
auto-reply does not, a message in Sent records the thank-you, and the
mailbox is exactly as it was after a scan (files, names, \\Seen flags).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path

import pytest
import trustme

from followup_tui.core.model import Followup, Interview
from followup_tui.core.schedule import State, next_action
from followup_tui.inbox.scan import scan
from followup_tui.inbox.sent import find_sent
from followup_tui.storage.config import load_config
from followup_tui.storage.paths import Home
from followup_tui.storage.store import Store
from tests.conftest import CET, NOW, make_interview
from tests.mailboxes import (
    USER,
    Dovecot,
    drop,
    maildir_state,
    message,
    notmuch_env,
    notmuch_new,
    start_dovecot,
)

THANKS_ID = "<thanks-1@home.example>"
SENT_AT = datetime(2026, 11, 24, 18, 0, tzinfo=CET)
REPLY_AT = datetime(2026, 11, 25, 10, 0, tzinfo=CET)
DANA = "Dana Reyes <dana@acme.example>"


@dataclass
class Box:
    """One kind of mailbox under test: where mail goes, and its [inbox] settings."""

    kind: str
    inbox: Callable[[bytes], None]
    sent: Callable[[bytes], None]
    settings: str
    snapshot: Callable[[], object]
    ready: Callable[[], None] = field(default=lambda: None)  # notmuch new, for one


def write_config(home: Home, inbox: str) -> None:
    home.config_file.write_text(
        f'[profile]\nname = "Sam Lee"\nemail = "{USER}"\n\n[inbox]\n{inbox}\n', encoding="utf-8"
    )
    home.config_file.chmod(0o600)  # else every command warns that others can read it


@pytest.fixture(scope="module")
def certificates(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, Path]:
    folder = tmp_path_factory.mktemp("certs")
    ca = trustme.CA()
    cert = ca.issue_cert("127.0.0.1", "localhost")
    cert.private_key_pem.write_to_path(str(folder / "key.pem"))
    cert.cert_chain_pems[0].write_to_path(str(folder / "cert.pem"))
    ca.cert_pem.write_to_path(str(folder / "ca.pem"))
    for name in ("key.pem", "cert.pem", "ca.pem"):
        (folder / name).chmod(0o644)
    return folder / "cert.pem", folder / "key.pem", folder / "ca.pem"


@pytest.fixture
def dovecot(certificates: tuple[Path, Path, Path]) -> Iterator[Dovecot]:
    yield from start_dovecot(*certificates)


def _maildir_box(root: Path, kind: str = "maildir") -> Box:
    inbox, sent = root / "INBOX", root / "Sent"
    for path in (inbox, sent):
        drop(path, message("news@list.example", USER, "Weekly", NOW - timedelta(days=9), "<n@x>"))
    return Box(
        kind,
        lambda data: drop(inbox, data) and None,
        lambda data: drop(sent, data, seen=True) and None,
        f'maildir = ["{inbox}", "{sent}"]' if kind == "maildir" else "notmuch = true",
        lambda: (maildir_state(inbox), maildir_state(sent)),
    )


@pytest.fixture(params=["maildir", "notmuch", "imap"])
def box(request: pytest.FixtureRequest, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Box:
    kind = request.param
    if kind == "maildir":
        return _maildir_box(tmp_path / "mail")
    if kind == "notmuch":
        notmuch_env(tmp_path / "mail", monkeypatch)
        made = _maildir_box(tmp_path / "mail", "notmuch")
        made.ready = notmuch_new
        return made
    server: Dovecot = request.getfixturevalue("dovecot")
    monkeypatch.setenv("FOLLOWUP_TEST_IMAP", server.password)
    for folder in ("INBOX", "Sent"):
        news = message("news@list.example", USER, "Weekly", NOW - timedelta(days=9), "<n@x>")
        server.append(folder, news, seen=folder == "Sent")
    return Box(
        "imap",
        lambda data: server.append("INBOX", data),
        lambda data: server.append("Sent", data, seen=True),
        f'imap_host = "127.0.0.1"\nimap_port = {server.tls_port}\nimap_security = "tls"\n'
        f'imap_username = "{server.user}"\nimap_password_env = "FOLLOWUP_TEST_IMAP"\n'
        f'imap_folders = ["INBOX", "Sent"]\ncafile = "{server.cafile}"\ntimeout = 10',
        lambda: (server.flags("INBOX"), server.flags("Sent")),
    )


def thanked() -> Interview:
    interview = make_interview()
    interview.followups.append(
        Followup(
            kind="thank_you",
            to="dana@acme.example",
            interviewer="Dana Reyes",
            subject="Thank you, Dana",
            body="Thanks!",
            state="sent",
            sent_at=SENT_AT,
            message_id=THANKS_ID,
        )
    )
    return interview


def run_scan(home: Home, store: Store, box: Box) -> tuple[object, Interview]:
    box.ready()
    before = box.snapshot()
    result = scan(home, store, load_config(home), NOW)
    assert box.snapshot() == before, "the scan changed the mailbox"
    return result, store.load("2026-11-24-acme-backend-engineer")


def _setup(home: Home, store: Store, box: Box, interview: Interview) -> None:
    write_config(home, box.settings)
    interview.id = "2026-11-24-acme-backend-engineer"
    store.save(interview)


def test_reply_in_thread_closes_the_followup(home: Home, store: Store, box: Box) -> None:
    _setup(home, store, box, thanked())
    box.inbox(
        message(DANA, USER, "Re: Thank you, Dana", REPLY_AT, "<r1@acme>", in_reply_to=THANKS_ID)
    )
    result, after = run_scan(home, store, box)
    assert after.response is not None and after.response.matched == "thread"
    assert after.response.sender == DANA and after.response.message_id == "<r1@acme>"
    assert after.response.received_at == REPLY_AT
    assert next_action(after, NOW).state is State.CLOSED
    assert next_action(after, NOW).summary == "Replied: Dana Reyes"
    assert result.notice() == "1 reply found: Acme (Dana Reyes)."  # type: ignore[attr-defined]
    again, unchanged = run_scan(home, store, box)
    assert again.changes == [] and unchanged.loaded_digest == after.loaded_digest  # type: ignore[attr-defined]


def test_reply_from_the_interviewer_without_thread_headers(
    home: Home, store: Store, box: Box
) -> None:
    _setup(home, store, box, thanked())
    box.inbox(message(DANA, USER, "Next steps", REPLY_AT, "<r2@acme>"))
    _, after = run_scan(home, store, box)
    assert after.response is not None and after.response.matched == "sender"


def test_an_auto_reply_does_not_close_it(home: Home, store: Store, box: Box) -> None:
    _setup(home, store, box, thanked())
    auto = {"Auto-Submitted": "auto-replied"}
    box.inbox(
        message(
            DANA, USER, "Out of office", REPLY_AT, "<a1@acme>", in_reply_to=THANKS_ID, headers=auto
        )
    )
    box.inbox(message(DANA, USER, "Out of Office: back Monday", REPLY_AT, "<a2@acme>"))
    result, after = run_scan(home, store, box)
    assert after.response is None and result.changes == []  # type: ignore[attr-defined]
    assert next_action(after, NOW).state is State.WAITING


def test_a_message_in_sent_records_the_thank_you(home: Home, store: Store, box: Box) -> None:
    _setup(home, store, box, make_interview())
    box.sent(message(f"Sam Lee <{USER}>", DANA, "Thank you, Dana", SENT_AT, "<s1@home.example>"))
    result, after = run_scan(home, store, box)
    [sent] = after.sent_followups
    assert (sent.kind, sent.message_id, sent.sent_at) == ("thank_you", "<s1@home.example>", SENT_AT)
    assert sent.subject == "Thank you, Dana" and sent.interviewer == "Dana Reyes" and sent.found_in
    assert next_action(after, NOW).state is State.WAITING
    assert result.changes[0].kind == "sent"  # type: ignore[attr-defined]
    assert find_sent("<s1@home.example>", load_config(home)) is True
    assert find_sent("<never@home.example>", load_config(home)) is False
    again, _ = run_scan(home, store, box)
    assert again.changes == []  # type: ignore[attr-defined]


def test_only_new_mail_is_read_the_second_time(home: Home, store: Store, box: Box) -> None:
    _setup(home, store, box, thanked())
    first, _ = run_scan(home, store, box)
    assert first.changes == []  # type: ignore[attr-defined]
    box.inbox(message(DANA, USER, "Next steps", REPLY_AT, "<r3@acme>"))
    second, after = run_scan(home, store, box)
    assert second.read == 1 and after.response is not None  # type: ignore[attr-defined]


# -- what only one source has ---------------------------------------------------


def _imap_settings(server: Dovecot, *, port: int, security: str, cafile: str | None) -> str:
    lines = [
        'imap_host = "127.0.0.1"',
        f"imap_port = {port}",
        f'imap_security = "{security}"',
        f'imap_username = "{server.user}"',
        'imap_password_env = "FOLLOWUP_TEST_IMAP"',
        'imap_folders = ["INBOX"]',
        "timeout = 10",
    ]
    if cafile:
        lines.append(f'cafile = "{cafile}"')
    return "\n".join(lines)


def test_imap_starttls_reads_and_leaves_seen_flags(
    home: Home, store: Store, dovecot: Dovecot, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("FOLLOWUP_TEST_IMAP", dovecot.password)
    dovecot.append("INBOX", message(DANA, USER, "Seen already", REPLY_AT, "<s@acme>"), seen=True)
    dovecot.append("INBOX", message(DANA, USER, "Next steps", REPLY_AT, "<u@acme>"))
    before = dovecot.flags("INBOX")
    assert sorted(before.values()) == [(), (b"\\Seen",)]
    write_config(
        home,
        _imap_settings(dovecot, port=dovecot.port, security="starttls", cafile=dovecot.cafile),
    )
    interview = thanked()
    interview.id = "2026-11-24-acme-backend-engineer"
    store.save(interview)
    result = scan(home, store, load_config(home), NOW)
    assert result.problems == [] and len(result.changes) == 1
    assert dovecot.flags("INBOX") == before


def test_imap_self_signed_certificate_without_cafile_is_refused(
    home: Home, store: Store, dovecot: Dovecot, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("FOLLOWUP_TEST_IMAP", dovecot.password)
    write_config(home, _imap_settings(dovecot, port=dovecot.tls_port, security="tls", cafile=None))
    store.save(thanked())
    result = scan(home, store, load_config(home), NOW)
    [problem] = result.problems
    assert problem.startswith(f"The certificate of 127.0.0.1:{dovecot.tls_port} could not be")
    assert "set cafile under [inbox]" in problem and "\n" not in problem


def test_imap_wrong_password_is_one_sentence(
    home: Home, store: Store, dovecot: Dovecot, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("FOLLOWUP_TEST_IMAP", "not-the-password")
    write_config(
        home,
        _imap_settings(dovecot, port=dovecot.tls_port, security="tls", cafile=dovecot.cafile),
    )
    store.save(thanked())
    result = scan(home, store, load_config(home), NOW)
    assert result.problems == [
        f"127.0.0.1:{dovecot.tls_port} rejected the login for {dovecot.user}; "
        "check imap_username and the password under [inbox]."
    ]
    assert "not-the-password" not in str(result)


def test_unreachable_imap_server_is_one_line_and_the_rest_still_scans(
    home: Home, store: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from tests.mailboxes import free_port

    monkeypatch.setenv("FOLLOWUP_TEST_IMAP", "x")
    inbox = tmp_path / "mail" / "INBOX"
    drop(inbox, message(DANA, USER, "Next steps", REPLY_AT, "<r9@acme>"))
    port = free_port()
    write_config(
        home,
        f'maildir = ["{inbox}"]\nimap_host = "127.0.0.1"\nimap_port = {port}\n'
        'imap_username = "me"\nimap_password_env = "FOLLOWUP_TEST_IMAP"\ntimeout = 5',
    )
    interview = thanked()
    interview.id = "2026-11-24-acme-backend-engineer"
    store.save(interview)
    result = scan(home, store, load_config(home), NOW)
    assert result.problems == [
        f"127.0.0.1:{port} refused the connection; check imap_host and imap_port under [inbox]."
    ]
    assert [change.kind for change in result.changes] == ["reply"]
    # A source failed: its progress is not saved, so the next scan reads it all again.
    assert store.load(interview.id).response is not None


def test_a_broken_maildir_message_is_skipped_and_counted(
    home: Home, store: Store, tmp_path: Path
) -> None:
    inbox = tmp_path / "mail" / "INBOX"
    drop(inbox, b"\x00\xff not a message at all")
    drop(inbox, b"Subject: no sender\n\nbody\n")
    drop(inbox, message(DANA, USER, "Next steps", REPLY_AT, "<r4@acme>"))
    write_config(home, f'maildir = ["{inbox}"]')
    interview = thanked()
    interview.id = "2026-11-24-acme-backend-engineer"
    store.save(interview)
    result = scan(home, store, load_config(home), NOW)
    assert result.broken == 2 and result.read == 1 and len(result.changes) == 1


def test_a_missing_maildir_is_one_sentence(home: Home, store: Store, tmp_path: Path) -> None:
    write_config(home, f'maildir = ["{tmp_path / "nowhere"}"]')
    store.save(thanked())
    result = scan(home, store, load_config(home), NOW)
    assert result.problems == [
        f"The Maildir {tmp_path / 'nowhere'} cannot be read (is it a Maildir folder?)."
    ]


def test_followup_replies_dry_run_then_for_real(
    home: Home, store: Store, box: Box, capsys: pytest.CaptureFixture[str]
) -> None:
    from followup_tui.cli import main

    _setup(home, store, box, make_interview())
    box.sent(message(f"Sam Lee <{USER}>", DANA, "Thank you, Dana", SENT_AT, "<s2@home.example>"))
    box.inbox(
        message(
            DANA,
            USER,
            "Re: Thank you, Dana",
            REPLY_AT,
            "<r5@acme>",
            in_reply_to="<s2@home.example>",
        )
    )
    box.ready()
    before = box.snapshot()
    assert main(["--home", str(home.root), "replies", "--dry-run"]) == 0
    out = capsys.readouterr()
    assert out.err == "" and out.out.splitlines() == [
        "would record: Acme · Backend Engineer: thank-you to Dana Reyes sent from another "
        'client: "Thank you, Dana"',
        "would record: Acme · Backend Engineer: reply from Dana Reyes (thread match): "
        '"Re: Thank you, Dana"',
    ]
    assert store.load("2026-11-24-acme-backend-engineer").followups == []
    assert main(["--home", str(home.root), "replies"]) == 0
    out = capsys.readouterr()
    assert out.out.splitlines()[-1] == (
        "1 reply found: Acme (Dana Reyes); 1 thank-you sent elsewhere found: Acme (Dana Reyes)."
    )
    after = store.load("2026-11-24-acme-backend-engineer")
    assert after.response is not None and len(after.sent_followups) == 1
    assert box.snapshot() == before


def test_a_silent_imap_server_times_out_in_one_sentence(
    home: Home, store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    import socket

    monkeypatch.setenv("FOLLOWUP_TEST_IMAP", "x")
    with socket.socket() as silent:  # accepts connections, never says a word
        silent.bind(("127.0.0.1", 0))
        silent.listen()
        port = silent.getsockname()[1]
        write_config(
            home,
            f'imap_host = "127.0.0.1"\nimap_port = {port}\nimap_security = "starttls"\n'
            'imap_username = "me"\nimap_password_env = "FOLLOWUP_TEST_IMAP"\ntimeout = 1',
        )
        store.save(thanked())
        result = scan(home, store, load_config(home), NOW)
    assert result.problems == [f"127.0.0.1:{port} did not answer within 1 seconds."]
