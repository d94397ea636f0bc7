"""The pty driver itself: keys, waits that explain their failure, clean-up, OSC 52, SMTP."""

from __future__ import annotations

import smtplib
import subprocess
import sys
from collections.abc import Callable
from email.message import EmailMessage
from pathlib import Path

import pytest

from tests.e2e.conftest import FakeEditor, SmtpServer
from tests.e2e.terminal import Terminal, TerminalError, base_env, key_bytes

pytestmark = pytest.mark.e2e

PRINTER = r"""
import sys, time, tty
tty.setraw(0)
sys.stdout.write("\x1b[31mred\x1b[0m plain\r\n\x1b]52;c;aGVsbG8gY2xpcA==\x07ready\r\n")
sys.stdout.flush()
while True:
    key = sys.stdin.buffer.read(1)
    if key == b"q":
        break
    sys.stdout.write(f"got {key!r}\r\n")
    sys.stdout.flush()
"""


def python_terminal(code: str) -> Terminal:
    return Terminal([sys.executable, "-c", code], env=base_env(), cols=40, rows=10)


def test_key_names() -> None:
    assert key_bytes("enter") == b"\r"
    assert key_bytes("esc") == b"\x1b"
    assert key_bytes("ctrl+q") == b"\x11"
    assert key_bytes("alt+x") == b"\x1bx"
    assert key_bytes("shift+tab") == b"\x1b[Z"
    assert key_bytes("down") == b"\x1b[B"
    assert key_bytes("/") == b"/"
    with pytest.raises(ValueError):
        key_bytes("hyper+z")


def test_screen_colours_keys_and_osc52() -> None:
    with python_terminal(PRINTER) as terminal:
        terminal.wait_for("ready")
        assert terminal.style_of("red").is_reddish()
        assert not terminal.style_of("plain").is_reddish()
        assert terminal.osc52_payloads() == [b"hello clip"]
        terminal.send_keys("x", "enter")
        terminal.wait_for("got b'\\r'")
        assert "got b'x'" in terminal.screen_text()
        terminal.type("q")
        assert terminal.wait_exit() == 0


def test_a_failed_wait_shows_the_last_screen() -> None:
    with python_terminal(PRINTER) as terminal:
        terminal.wait_for("ready")
        with pytest.raises(TerminalError) as info:
            terminal.wait_for("never printed", timeout=0.5)
    message = str(info.value)
    assert "timed out after 0.5 s waiting for 'never printed'" in message
    assert "red plain" in message and "ready" in message


def test_a_wait_stops_when_the_app_dies() -> None:
    with python_terminal("print('bye'); raise SystemExit(3)") as terminal:
        with pytest.raises(TerminalError) as info:
            terminal.wait_for("never printed", timeout=60)
    assert "the app ended" in str(info.value) and "status 3" in str(info.value)
    assert "bye" in str(info.value)


def test_close_kills_the_whole_process_group(tmp_path: Path) -> None:
    pid_file = tmp_path / "child.pid"
    code = (
        "import subprocess, sys, time\n"
        "child = subprocess.Popen([sys.executable, '-c', 'import time; time.sleep(300)'])\n"
        f"open({str(pid_file)!r}, 'w').write(str(child.pid))\n"
        "print('started', flush=True)\n"
        "time.sleep(300)\n"
    )
    terminal = python_terminal(code)
    terminal.wait_for("started")
    child = int(pid_file.read_text())
    terminal.close()
    # The grandchild was killed with its group: its /proc entry goes (or turns zombie).
    result = subprocess.run(
        ["ps", "-o", "stat=", "-p", str(child)], capture_output=True, text=True, check=False
    )
    assert result.stdout.strip() in {"", "Z"}, result.stdout


def test_smtp_server_collects_messages(smtp_server: SmtpServer) -> None:
    message = EmailMessage()
    message["From"] = "sam.lee@example.com"
    message["To"] = "dana@acme.example"
    message["Subject"] = "Thank You - Sam Lee Interview for Backend Engineer"
    message.set_content("Dear Dana,\n\nThank you.\n")
    with smtplib.SMTP(smtp_server.host, smtp_server.port, timeout=10) as client:
        client.send_message(message)
    (received,) = smtp_server.wait_for_messages(1)
    assert received["To"] == "dana@acme.example"
    assert received.get_content().startswith("Dear Dana,")
    assert smtp_server.envelopes == [("sam.lee@example.com", ["dana@acme.example"])]


def test_fake_editor_edits_and_logs(fake_editor: Callable[..., FakeEditor], tmp_path: Path) -> None:
    editor = fake_editor(old="teh", new="the", append="P.S. edited\n")
    draft = tmp_path / "draft.txt"
    draft.write_text("teh body\n", encoding="utf-8")
    subprocess.run([editor.command, str(draft)], check=True, timeout=30)
    assert draft.read_text(encoding="utf-8") == "the body\nP.S. edited\n"
    assert editor.seen.read_text(encoding="utf-8") == "teh body\n"
    assert editor.calls() == [str(draft)]
