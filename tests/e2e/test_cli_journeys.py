"""Command-line mistakes seen from a real terminal: one line, no traceback, right exit status."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.e2e.conftest import Launch
from tests.e2e.terminal import STARTUP_TIMEOUT, Terminal

pytestmark = pytest.mark.e2e


def finished_lines(terminal: Terminal) -> tuple[int, list[str]]:
    """Exit status and the non-blank lines the command left on the screen."""
    status = terminal.wait_exit(timeout=STARTUP_TIMEOUT)
    return status, [line for line in terminal.lines() if line.strip()]


def test_unknown_option_is_one_line(launch: Launch) -> None:
    terminal = launch("--frobnicate")
    status, lines = finished_lines(terminal)
    assert status == 2
    assert lines == [
        "followup: error: unrecognized arguments: --frobnicate (see followup --help)"
    ], lines
    assert b"Traceback" not in terminal.raw_output()


def test_home_that_is_a_file_is_one_line(launch: Launch, tmp_path: Path) -> None:
    target = tmp_path / "not-a-folder"
    target.write_text("x")
    terminal = launch("--home", str(target), cols=200)
    status, lines = finished_lines(terminal)
    assert status == 1
    assert len(lines) == 1 and lines[0].startswith("followup: "), lines
    assert "is a file, not a folder" in lines[0]
    assert b"Traceback" not in terminal.raw_output()


def test_bad_pinned_clock_is_one_line(launch: Launch) -> None:
    terminal = launch("--demo", home=None, env={"FOLLOWUP_TUI_NOW": "next tuesday"}, cols=200)
    status, lines = finished_lines(terminal)
    assert status == 1
    assert len(lines) == 1 and "FOLLOWUP_TUI_NOW" in lines[0], lines
    assert b"Traceback" not in terminal.raw_output()
