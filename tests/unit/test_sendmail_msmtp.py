"""A failing sendmail command keeps its reason: real msmtp against a closed port."""

from __future__ import annotations

import shlex
import shutil
import sys
from pathlib import Path

import pytest

from followup_tui.mail.errors import MailError
from followup_tui.mail.transport import STDERR_LIMIT, stderr_reason
from followup_tui.storage.config import MailSettings
from tests.unit.test_smtp_send import free_port, send

MSMTP = shutil.which("msmtp")


@pytest.mark.skipif(MSMTP is None, reason="msmtp is not installed (.ci/run installs it)")
def test_msmtp_connection_refused_is_in_the_message(tmp_path: Path) -> None:
    port = free_port()  # bound, then closed: nothing listens there
    config = tmp_path / "msmtprc"
    config.write_text(
        "defaults\nauth off\ntls off\n"
        f"account default\nhost 127.0.0.1\nport {port}\nfrom sam.lee@example.com\n"
    )
    config.chmod(0o600)
    command = f"{shlex.quote(str(MSMTP))} -C {shlex.quote(str(config))} -t"
    with pytest.raises(MailError) as caught:
        send(MailSettings(sendmail_command=command, timeout=20))
    message = str(caught.value)
    assert f"cannot connect to 127.0.0.1, port {port}: Connection refused" in message
    assert "could not send mail" in message  # msmtp's last line is kept too
    assert "exit status 75" in message and message.endswith("the email was not sent.")
    assert "\n" not in message


def test_every_stderr_line_is_kept_in_order(tmp_path: Path) -> None:
    script = (
        "import sys; sys.stderr.write('\\x1b[31mfirst: why\\x1b[0m\\r\\n\\n  second\\x07 \\n"
        "last\\n'); sys.exit(3)"
    )
    command = f"{shlex.quote(sys.executable)} -c {shlex.quote(script)}"
    with pytest.raises(MailError, match=r"exit status 3\): first: why; second; last; the email"):
        send(MailSettings(sendmail_command=command))


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        (b"", ""),
        (b"\n \n", ""),
        (b"one\ntwo\n", "one; two"),
        (b"tab\there  and   spaces\n", "tab here and spaces"),
        (b"\x1b]0;window title\x07colour \x1b[1;31mred\x1b[m\n", "colour red"),
        (b"bidi \xe2\x80\xae reversed\xc2\x9b\n", "bidi reversed"),
        (b"not utf-8: \xff\n", "not utf-8: \ufffd"),
    ],
)
def test_stderr_reason_is_one_clean_line(raw: bytes, expected: str) -> None:
    assert stderr_reason(raw) == expected


def test_stderr_reason_is_cut_at_the_limit() -> None:
    reason = stderr_reason(b"x" * (STDERR_LIMIT * 3))
    assert len(reason) == STDERR_LIMIT and reason.endswith("…")
