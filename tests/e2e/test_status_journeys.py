"""`followup status` in a real tmux status line, following an interview from overdue to closed.

A private tmux server (its own ``-L`` socket, no user config) runs
``followup status`` every second in ``status-right``; a tmux client attached
in our pseudo-terminal shows the status line a person would read. The steps
change the home with the store (the TUI is not needed here) and move the
pinned clock through a file the status command reads.
"""

from __future__ import annotations

import os
import shlex
import shutil
import subprocess
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

import pytest

from followup_tui.core.actions import mark_replied, mark_sent
from followup_tui.storage.paths import Home
from followup_tui.storage.store import Store
from tests.conftest import CET, NOW, make_interview
from tests.e2e.conftest import Launch, seed
from tests.e2e.terminal import Terminal, base_env, followup_command

pytestmark = pytest.mark.e2e

WAIT = 60.0
"""Seconds per wait: tmux refreshes every second, the machine may be loaded."""


@pytest.fixture
def tmux_socket(tmp_path: Path) -> Iterator[str]:
    """A private tmux server's socket name; the server is killed afterwards."""
    tmux = shutil.which("tmux")
    if tmux is None:
        pytest.skip("tmux is not installed: the status-line journey needs it")
    name = f"e2e-status-{os.getpid()}-{tmp_path.name}"
    try:
        yield name
    finally:
        subprocess.run([tmux, "-L", name, "kill-server"], capture_output=True, check=False)


def status_line(terminal: Terminal) -> str:
    """The bottom line of the attached tmux client: its status line."""
    return terminal.lines()[-1]


def wait_status(terminal: Terminal, wanted: str, *, absent: tuple[str, ...] = ()) -> None:
    """Wait until the status line shows ``wanted`` and none of ``absent``."""

    def shows(_text: str) -> bool:
        line = status_line(terminal)
        return wanted in line and not any(word in line for word in absent)

    terminal.wait_until(shows, f"the tmux status line to show {wanted!r}", timeout=WAIT)


def test_followup_status_in_the_tmux_status_line(
    launch: Launch, e2e_home: Home, tmux_socket: str, tmp_path: Path
) -> None:
    """overdue -> + due -> both thanked (nothing) -> a week later 2 reminders -> a reply: 1."""
    clock = tmp_path / "now.txt"
    clock.write_text(NOW.isoformat(), encoding="utf-8")
    argv, extra = followup_command()
    exports = " ".join(
        f"{key}={shlex.quote(value)}"
        for key, value in {**extra, "FOLLOWUP_TUI_HOME": str(e2e_home.root)}.items()
    )
    wrapper = tmp_path / "status.sh"
    wrapper.write_text(
        "#!/bin/sh\n"
        f'export {exports} FOLLOWUP_TUI_NOW="$(cat {shlex.quote(str(clock))})"\n'
        f"exec {shlex.join(argv)} status\n",
        encoding="utf-8",
    )
    wrapper.chmod(0o755)
    config = tmp_path / "tmux.conf"
    config.write_text(
        f"set -g status-right '[#({wrapper})]'\n"
        "set -g status-right-length 60\n"
        "set -g status-interval 1\n",
        encoding="utf-8",
    )
    [acme] = seed(e2e_home, make_interview(interview_at=datetime(2026, 11, 23, 14, 0, tzinfo=CET)))
    tmux = ["tmux", "-L", tmux_socket, "-f", str(config)]
    subprocess.run(
        [*tmux, "new-session", "-d", "-s", "s", "-x", "100", "-y", "30", "tail -f /dev/null"],
        check=True,
        env=base_env(),
        timeout=30,
    )
    terminal = launch(command=[*tmux, "attach-session", "-t", "s"], cols=100, rows=30)

    wait_status(terminal, "[1 overdue]")

    # Journey 1: an interview yesterday afternoon is added: its thank-you is due.
    [globex] = seed(
        e2e_home,
        make_interview(company="Globex", interview_at=datetime(2026, 11, 25, 14, 0, tzinfo=CET)),
    )
    wait_status(terminal, "[1 overdue · 1 due]")

    # Journey 2: both thank-yous go out: nothing needs action, the line is empty.
    store = Store(e2e_home)
    for interview in (acme, globex):
        mark_sent(interview, NOW)
        store.save(interview, now=NOW)
    wait_status(terminal, "[]", absent=("overdue", "due"))

    # Journey 3: a week later both reminders are due; Acme's reply closes one.
    week_later = datetime(2026, 12, 3, 9, 0, tzinfo=CET)
    clock.write_text(week_later.isoformat(), encoding="utf-8")
    wait_status(terminal, "[2 reminders]")
    mark_replied(acme, week_later)
    store.save(acme, now=week_later)
    wait_status(terminal, "[1 reminder]")
    assert "overdue" not in status_line(terminal)
    assert terminal.process.poll() is None, "the tmux client ended"
