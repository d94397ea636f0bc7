"""Promise 6: the mail password never shows, not even in Textual's crash report.

Textual prints a traceback with the local variables of every frame when the
app crashes. These tests send from the editor through a fake SMTP class,
force an unexpected exception at two points of the send, and read the crash
report the app would print: the password must not be in it (nor in any file
of the home, nor in a notification).
"""

from __future__ import annotations

import smtplib
import ssl
from email.message import EmailMessage
from pathlib import Path
from typing import Any

import pytest
from rich.segment import Segments

from followup_tui.core import actions
from followup_tui.storage.config import load_config
from followup_tui.storage.paths import Home
from followup_tui.storage.store import Store
from followup_tui.tui.app import FollowupApp
from followup_tui.tui.screens import editor_keeping
from followup_tui.tui.screens.editor_screen import EditorScreen
from tests.conftest import NOW, make_interview, until

SECRET = "hunter2Zq9x"
CONFIG = """\
[profile]
name = "Sam Lee"
email = "sam.lee@example.com"

[mail]
host = "mail.example.com"
username = "sam"
{password}
"""


class FakeSMTP:
    """Stands in for smtplib.SMTP; ``crash_in`` names the method that raises."""

    crash_in = ""
    logins: list[str] = []

    def __init__(self, host: str, port: int, timeout: float = 0) -> None:
        self.host = host

    def __enter__(self) -> FakeSMTP:
        return self

    def __exit__(self, *exc: object) -> None:
        return None

    def ehlo(self) -> None:
        return None

    def starttls(self, context: object = None) -> None:
        return None

    def login(self, user: str, password: str) -> None:
        if self.crash_in == "login":  # like smtplib, this frame holds the plain password
            raise RuntimeError("injected crash during login")
        self.logins.append(password)

    def send_message(self, message: EmailMessage) -> dict[str, Any]:
        return {}


def boom(*args: object, **kwargs: object) -> None:
    raise RuntimeError("injected crash")


def setup(home: Home, monkeypatch: pytest.MonkeyPatch, *, in_env: bool) -> tuple[FollowupApp, str]:
    monkeypatch.setattr(editor_keeping, "AUTOSAVE_SECONDS", 3600.0)
    monkeypatch.setattr(smtplib, "SMTP", FakeSMTP)
    FakeSMTP.logins = []
    if in_env:
        monkeypatch.setenv("FOLLOWUP_TEST_PASSWORD", SECRET)
        line = 'password_env = "FOLLOWUP_TEST_PASSWORD"'
    else:
        line = f'password = "{SECRET}"'
    home.config_file.write_text(CONFIG.format(password=line), encoding="utf-8")
    saved = Store(home).save(make_interview(), now=NOW)
    return FollowupApp(home, load_config(home)), saved.id


async def crash_report(app: FollowupApp, interview_id: str) -> str:
    """Send from the editor and return the crash report Textual would print."""
    reports: list[str] = []
    fatal = app._fatal_error

    def spy() -> None:
        fatal()
        for renderable in app._exit_renderables:
            assert isinstance(renderable, Segments)
            reports.append("".join(segment.text for segment in renderable.segments))

    app._fatal_error = spy  # type: ignore[method-assign]
    with pytest.raises(Exception, match="injected crash"):  # WorkerFailed
        async with app.run_test(size=(100, 30)) as pilot:
            screen = EditorScreen(interview_id)
            await app.push_screen(screen)
            await pilot.pause()
            screen._send_worker()
            await app.workers.wait_for_complete()
            await pilot.pause()
    return "\n".join(reports)


def assert_hidden(text: str) -> None:
    """The password is nowhere in ``text``, even split across wrapped lines."""
    assert SECRET not in "".join(text.split())


@pytest.mark.parametrize(
    ("in_env", "point"),
    [(False, "after-send"), (True, "tls-setup")],
    ids=["config-toml-after-send", "password-env-tls-setup"],
)
async def test_crash_during_send_shows_no_password(
    home: Home, monkeypatch: pytest.MonkeyPatch, in_env: bool, point: str
) -> None:
    app, interview_id = setup(home, monkeypatch, in_env=in_env)
    if point == "after-send":  # the password was used; config is in the locals
        monkeypatch.setattr(actions, "mark_sent", boom)
    else:  # the password is resolved and held by _smtp when TLS setup fails
        monkeypatch.setattr(ssl, "create_default_context", boom)
    report = await crash_report(app, interview_id)
    assert_hidden(report)
    # The report is Textual's real one: the exception and the locals of the send.
    assert "injected crash" in report and "send_followup" in report
    assert "config = " in report and "MailSettings(" in report, report[-3000:]
    if point == "after-send":
        assert FakeSMTP.logins == [SECRET]  # the password was really used
    else:
        assert "password = Secret('********')" in report, report[-3000:]


async def test_crash_inside_login_is_one_sentence_without_password(
    home: Home, monkeypatch: pytest.MonkeyPatch
) -> None:
    app, interview_id = setup(home, monkeypatch, in_env=False)
    monkeypatch.setattr(FakeSMTP, "crash_in", "login")
    async with app.run_test(size=(100, 30), notifications=True) as pilot:
        screen = EditorScreen(interview_id)
        await app.push_screen(screen)
        await pilot.pause()
        screen._send_worker()
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert app.is_running and app.return_code is None
        messages = [str(note.message) for note in app._notifications]
        assert any("RuntimeError" in message for message in messages), messages
        for message in messages:
            assert_hidden(message)
            assert "\n" not in message


async def test_sent_mail_leaves_no_password_in_any_file(
    home: Home, monkeypatch: pytest.MonkeyPatch
) -> None:
    app, interview_id = setup(home, monkeypatch, in_env=True)
    async with app.run_test(size=(100, 30), notifications=True) as pilot:
        screen = EditorScreen(interview_id)
        await app.push_screen(screen)
        await pilot.pause()
        screen._send_worker()
        # Not workers.wait_for_complete(): a sent draft dismisses the editor from
        # inside the worker's call_from_thread, and Textual then marks the
        # worker cancelled (under load, before it could finish), so it raises.
        await until(pilot, lambda: app.screen is not screen, what="the editor to close")
        await pilot.pause()
        messages = [str(note.message) for note in app._notifications]
    assert FakeSMTP.logins == [SECRET] and any("Sent to" in m for m in messages), messages
    for message in messages:
        assert_hidden(message)
    files = [path for path in Path(home.root).rglob("*") if path.is_file()]
    assert any(path.parent == home.sent for path in files)  # the sent copy is checked too
    for path in files:
        assert SECRET.encode() not in path.read_bytes(), path
