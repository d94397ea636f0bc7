"""Promise 4 through a real terminal: the data's escape sequences never reach the pty.

The app runs in a pseudo-terminal (tests/e2e/terminal.py) on a home holding
the hostile interview of ``hostile.py``. After walking list -> detail ->
editor -> checklist -> edit form, the raw bytes the app wrote must not
contain any sequence that came from the data. Textual writes CSI sequences
of its own, so only the data's exact sequences are looked for.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from followup_tui.storage.paths import open_home
from followup_tui.storage.store import Store
from tests.conftest import NOW
from tests.e2e.terminal import STARTUP_TIMEOUT, Terminal, base_env, followup_command
from tests.reliability.hostile import hostile_interview

# Byte sequences only the data holds (Textual never writes these).
FROM_DATA = {
    "OSC 52 clipboard write": b"\x1b]52",
    "OSC 8 link": b"\x1b]8;;https://evil.example",
    "clear screen + red (CSI)": b"\x1b[2J\x1b[31m",
    "C1 CSI U+009B": "\x9b".encode(),
    "C1 OSC U+009D": "\x9d".encode(),
    "C1 ST U+009C": "\x9c".encode(),
    "C1 NEL U+0085": "\x85".encode(),
    "bidi override U+202E": "\u202e".encode(),
    "NUL": b"\x00",
    "backspace": b"\x08",
}


def leaked(raw: bytes) -> list[str]:
    """Names of the data's sequences present in ``raw``."""
    return [name for name, sequence in FROM_DATA.items() if sequence in raw]


@pytest.fixture
def terminal(tmp_path: Path) -> Terminal:
    home = open_home(tmp_path / "home")
    home.config_file.write_text('[profile]\nname = "Sam Lee"\nemail = "sam@example.com"\n')
    Store(home).save(hostile_interview(), now=NOW)
    argv, extra = followup_command()
    env = {**extra, "FOLLOWUP_TUI_NOW": NOW.isoformat(), "HOME": str(tmp_path)}
    term = Terminal([*argv, "--home", str(home.root)], env=base_env(env), cols=120, rows=40)
    yield term  # type: ignore[misc]
    term.close()


def test_hostile_data_writes_no_escape_sequence(terminal: Terminal) -> None:
    def check(where: str) -> None:
        assert leaked(terminal.raw_output()) == [], f"leaked by the time of the {where}"

    terminal.wait_for("Evil", timeout=STARTUP_TIMEOUT)
    terminal.wait_for("Evil [bold]bold")  # markup shown literally, in the table
    check("list")
    terminal.send_keys("enter")
    terminal.wait_for("Dana")
    terminal.wait_for("[@click=app.quit]quit")
    check("detail")
    terminal.send_keys("escape")
    terminal.wait_for("Write follow-up")
    terminal.send_keys("w")
    terminal.wait_for("Subject")
    terminal.wait_for("Thank You")
    check("editor")
    terminal.send_keys("ctrl+n")
    # Text only the checklist shows ("Thank You" is in the editor too, so waiting
    # for it sent the Escapes before the checklist had opened). The hostile text
    # has many findings, so the manual items may be below the fold.
    terminal.wait_for(re.compile("Cannot check this draft|Read it once aloud|listed below"))
    check("checklist")
    terminal.send_keys("escape")
    terminal.wait_for("Export .eml")  # the editor's footer: back in the editor
    terminal.send_keys("escape")
    terminal.wait_for("Write follow-up")
    terminal.send_keys("e")
    terminal.wait_for("Company")
    check("form")
    terminal.send_keys("escape")
    terminal.wait_for("Write follow-up")
    terminal.send_keys("ctrl+q")
    assert terminal.wait_exit() == 0  # still responding: it quits cleanly
