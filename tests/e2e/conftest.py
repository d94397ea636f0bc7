"""Fixtures for end-to-end journeys: a home, the real command in a pty, SMTP, $EDITOR.

Every journey gets its own temporary home and TMPDIR and a pinned clock
(``FOLLOWUP_TUI_NOW``). Terminals started through ``launch`` are killed
(whole process group) after the test; when a test fails, the last screen of
each terminal is printed so the CI log alone explains what happened.
"""

from __future__ import annotations

import socket
import stat
import sys
import threading
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from email import message_from_bytes, policy
from email.message import EmailMessage
from pathlib import Path

import pytest

from followup_tui.core.model import Interview
from followup_tui.storage.paths import Home, open_home
from followup_tui.storage.store import Store
from tests.conftest import NOW
from tests.e2e.terminal import Terminal, base_env, followup_command

Launch = Callable[..., Terminal]


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_runtest_makereport(
    item: pytest.Item, call: pytest.CallInfo[None]
) -> Iterator[pytest.TestReport]:
    """Remember each phase's outcome on the test item, for the teardown below."""
    report: pytest.TestReport = yield
    setattr(item, f"e2e_report_{report.when}", report)
    return report


@pytest.fixture
def e2e_home(tmp_path: Path) -> Home:
    """An empty home for the app under test (created like the app creates it)."""
    return open_home(tmp_path / "home")


@pytest.fixture
def e2e_tmpdir(tmp_path: Path) -> Path:
    """The TMPDIR the app sees: lets a journey check it left nothing behind."""
    path = tmp_path / "tmp"
    path.mkdir()
    return path


def seed(home: Home, *interviews: Interview, now: datetime = NOW) -> list[Interview]:
    """Write interviews into a home the way the app would (durable store)."""
    store = Store(home)
    return [store.save(interview, now=now) for interview in interviews]


@pytest.fixture
def launch(request: pytest.FixtureRequest, e2e_home: Home, e2e_tmpdir: Path) -> Iterator[Launch]:
    """Start ``followup ARGS`` in a pseudo-terminal; ``launch(*args, cols=, rows=, env=)``.

    Defaults: the test's home, the pinned NOW of the unit tests, 120x40.
    Pass ``env={"FOLLOWUP_TUI_NOW": ...}`` to move the clock, ``home=None`` to
    leave FOLLOWUP_TUI_HOME unset (``--demo`` does not need it).
    """
    started: list[Terminal] = []

    def start(
        *args: str,
        cols: int = 120,
        rows: int = 40,
        env: Mapping[str, str] | None = None,
        home: Home | None = e2e_home,
        command: Sequence[str] | None = None,
    ) -> Terminal:
        argv, extra = followup_command()
        variables = {
            **extra,
            "FOLLOWUP_TUI_NOW": NOW.isoformat(),
            "TMPDIR": str(e2e_tmpdir),
            "HOME": str(e2e_tmpdir),
        }
        if home is not None:
            variables["FOLLOWUP_TUI_HOME"] = str(home.root)
        variables.update(env or {})
        terminal = Terminal(
            list(command) if command is not None else [*argv, *args],
            env=base_env(variables),
            cols=cols,
            rows=rows,
            cwd=e2e_tmpdir,
        )
        started.append(terminal)
        return terminal

    yield start
    call = getattr(request.node, "e2e_report_call", None)
    failed = call is not None and call.failed
    for number, terminal in enumerate(started, 1):
        if failed:
            print(f"\n=== terminal {number}: {' '.join(terminal.argv)} — last screen ===")
            print(terminal.screen_text())
        terminal.close()


# ------------------------------------------------------------------ SMTP


@dataclass
class SmtpServer:
    """A local SMTP server (aiosmtpd) and the messages it received."""

    host: str
    port: int
    messages: list[EmailMessage] = field(default_factory=list)
    envelopes: list[tuple[str, list[str]]] = field(default_factory=list)
    received: threading.Event = field(default_factory=threading.Event)

    def wait_for_messages(self, count: int = 1, timeout: float = 20.0) -> list[EmailMessage]:
        """Block until ``count`` messages arrived; return them."""
        if not self.received.wait(timeout) or len(self.messages) < count:
            raise AssertionError(
                f"the SMTP server on {self.host}:{self.port} received "
                f"{len(self.messages)} message(s), expected {count}"
            )
        return self.messages


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


@pytest.fixture
def smtp_server() -> Iterator[SmtpServer]:
    """An SMTP server on 127.0.0.1 (free port, plain, no auth) collecting every message."""
    from aiosmtpd.controller import Controller

    server = SmtpServer("127.0.0.1", _free_port())

    class Handler:
        async def handle_DATA(self, _server: object, _session: object, envelope: object) -> str:  # noqa: N802 aiosmtpd's hook name
            content = envelope.content  # type: ignore[attr-defined]
            data = content if isinstance(content, bytes) else content.encode()
            message = message_from_bytes(data, policy=policy.default)
            assert isinstance(message, EmailMessage)
            server.envelopes.append(
                (envelope.mail_from, list(envelope.rcpt_tos))  # type: ignore[attr-defined]
            )
            server.messages.append(message)
            server.received.set()
            return "250 Message accepted for delivery"

    controller = Controller(Handler(), hostname=server.host, port=server.port)
    controller.start()
    try:
        yield server
    finally:
        controller.stop()


# ------------------------------------------------------------------ $EDITOR


@dataclass
class FakeEditor:
    """An ``$EDITOR`` script: logs the file it was given, then applies an edit to it.

    ``command`` goes into ``EDITOR``/``VISUAL``. The script appends
    ``append`` to the file (or replaces ``old`` by ``new`` when set), and
    copies what it was handed to ``seen`` so a test can check the draft.
    """

    command: str
    log: Path
    seen: Path

    def calls(self) -> list[str]:
        """Paths the editor was opened on, in order."""
        if not self.log.exists():
            return []
        return self.log.read_text(encoding="utf-8").splitlines()


@pytest.fixture
def fake_editor(tmp_path: Path) -> Callable[..., FakeEditor]:
    """Factory: ``fake_editor(append="...")`` or ``fake_editor(old="teh", new="the")``."""

    def make(append: str = "", old: str = "", new: str = "", exit_code: int = 0) -> FakeEditor:
        folder = tmp_path / "editor"
        folder.mkdir(exist_ok=True)
        script = folder / "fake-editor"
        log = folder / "calls.log"
        seen = folder / "seen.txt"
        script.write_text(
            f"""#!{sys.executable}
import pathlib, sys
path = pathlib.Path(sys.argv[-1])
with open({str(log)!r}, "a", encoding="utf-8") as log:
    log.write(str(path) + "\\n")
text = path.read_text(encoding="utf-8")
pathlib.Path({str(seen)!r}).write_text(text, encoding="utf-8")
old, new, append = {old!r}, {new!r}, {append!r}
if old:
    text = text.replace(old, new)
text += append
path.write_text(text, encoding="utf-8")
sys.exit({exit_code!r})
""",
            encoding="utf-8",
        )
        script.chmod(script.stat().st_mode | stat.S_IXUSR)
        return FakeEditor(command=str(script), log=log, seen=seen)

    return make


def editor_env(editor: FakeEditor) -> dict[str, str]:
    """Environment that makes the app use the fake editor."""
    return {"EDITOR": editor.command, "VISUAL": editor.command}


__all__ = ["FakeEditor", "Launch", "SmtpServer", "editor_env", "seed"]
