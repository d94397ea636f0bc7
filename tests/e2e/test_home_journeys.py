"""Journeys on a home: the first launch and an interview added from the keyboard; two windows.

Each runs the installed ``followup`` in a real pseudo-terminal with its own
home and a pinned clock (Thu 26 Nov 2026 09:00 +01:00), types keys and
asserts on the screen a person sees, then on the files on disk.
"""

from __future__ import annotations

import re
from datetime import datetime

import pytest

from followup_tui.storage.paths import Home
from followup_tui.storage.store import Store
from tests.conftest import CET, make_interview
from tests.e2e.conftest import Launch, seed
from tests.e2e.terminal import STARTUP_TIMEOUT, Cell, Terminal

pytestmark = pytest.mark.e2e

WAIT = 60.0
"""Seconds per wait: these journeys run on loaded machines."""

CET_TZ = "CET-1CEST,M3.5.0,M10.5.0/3"
"""The user's local time zone (POSIX form, needs no tz database): the pinned NOW's +01:00."""

STATE_COLUMN = re.compile(r"^\W*(overdue|reminder due|due|no reply|upcoming|waiting|closed)\b")


def wait_state(terminal: Terminal, company: str, word: str) -> str:
    """Wait until ``company``'s row starts with ``word``; return that row."""
    found: list[str] = []

    def shows(text: str) -> bool:
        for line in text.split("\n"):
            match = STATE_COLUMN.match(line)
            if company in line and match and match.group(1) == word:
                found.append(line)
                return True
        return False

    terminal.wait_until(shows, f"{company}'s row to show {word!r}", timeout=WAIT)
    return found[0]


def _bright(cell: Cell) -> bool:
    rgb = cell.rgb()
    return rgb is not None and sum(rgb) > 300


def focused_box(terminal: Terminal) -> tuple[int, int] | None:
    """(row, column) of the focused field's left edge: the one bright tall border."""
    lines = terminal.lines()
    for row, line in enumerate(lines):
        for column, char in enumerate(line):
            if char != "▊" or column + 1 >= len(line) or line[column + 1] in "▔▁":
                continue
            if _bright(terminal.cell(row, column)):
                return row, column
    return None


def wait_focus(terminal: Terminal, label: str, row: int = 0, box: int = 0) -> None:
    """Wait until the ``box``-th field of the ``row``-th line of fields under ``label`` has focus.

    Keys typed before the focus moved would land in the wrong field, so every
    tab in the form is followed by this wait.
    """

    def there(_text: str) -> bool:
        where = focused_box(terminal)
        if where is None:
            return False
        try:
            top = terminal.find(label)[0]
        except AssertionError:
            return False
        line = terminal.lines()[where[0]]
        boxes = [i for i, char in enumerate(line) if char == "▊"]
        return where[0] == top + 2 + 3 * row and boxes.index(where[1]) == box

    terminal.wait_until(there, f"the field under {label!r} to have the focus", timeout=WAIT)


# ------------------------------------------------------------------ journey 1


def test_first_launch_then_add_an_interview_from_the_keyboard(
    launch: Launch, e2e_home: Home
) -> None:
    """Empty home: the welcome text; `a`, all fields by keyboard, ctrl+s: a due row, one file."""
    terminal = launch(cols=200, rows=50, env={"TZ": CET_TZ})
    terminal.wait_for("Set up followup", timeout=STARTUP_TIMEOUT)  # a newcomer is asked
    terminal.send_keys("escape")  # not now
    terminal.wait_for("No interviews yet.", timeout=STARTUP_TIMEOUT)
    assert "Press a to add your first interview" in terminal.screen_text()

    terminal.send_keys("a")
    terminal.wait_for("Add interview", timeout=WAIT)
    wait_focus(terminal, "Company *")
    terminal.type("Acme")
    terminal.wait_for("Acme", timeout=WAIT)
    terminal.send_keys("tab")
    wait_focus(terminal, "Position")
    terminal.type("Backend Engineer")
    terminal.wait_for("Backend Engineer", timeout=WAIT)
    terminal.send_keys("tab")
    wait_focus(terminal, "Date and time *")
    terminal.type("yesterday 14:00")
    # The friendly date is read back at once, exactly.
    terminal.wait_for("→ Wed 25 Nov 2026 14:00 +01:00", timeout=WAIT)
    # Duration (60) and format (video) keep their defaults.
    terminal.send_keys("tab")
    wait_focus(terminal, "Duration (minutes)")
    terminal.send_keys("tab")
    wait_focus(terminal, "Duration (minutes)", box=1)
    # Location and outcome stay empty (an interview ahead is still open).
    terminal.send_keys("tab")
    wait_focus(terminal, "Location (address, room or link)")
    terminal.send_keys("tab")
    wait_focus(terminal, "Location (address, room or link)", box=1)
    terminal.send_keys("tab")
    wait_focus(terminal, "Interviewers (name, email, title)")
    terminal.type("Dana Reyes")
    terminal.wait_for("Dana Reyes", timeout=WAIT)
    terminal.send_keys("tab")
    wait_focus(terminal, "Interviewers (name, email, title)", box=1)
    terminal.type("dana@acme.example")
    terminal.wait_for("dana@acme.example", timeout=WAIT)
    # A second interviewer: ctrl+n adds a row and puts the cursor in its name.
    terminal.send_keys("ctrl+n")
    wait_focus(terminal, "Interviewers (name, email, title)", row=1)
    terminal.type("Tom Becker")
    terminal.wait_for("Tom Becker", timeout=WAIT)
    terminal.send_keys("tab")
    wait_focus(terminal, "Interviewers (name, email, title)", row=1, box=1)
    terminal.type("tom@acme.example")
    terminal.wait_for("tom@acme.example", timeout=WAIT)
    terminal.send_keys("tab")
    wait_focus(terminal, "Interviewers (name, email, title)", row=1, box=2)
    # Past the row's greeting and topics fields, its remove button and
    # "+ Add interviewer" to the interview's topics, one per line.
    terminal.send_keys("tab", "tab", "tab", "tab", "tab")
    wait_focus(terminal, "Topics discussed (one per line)")
    terminal.type("event sourcing\nthe on-call rotation")
    terminal.wait_for("the on-call rotation", timeout=WAIT)

    terminal.send_keys("ctrl+s")
    terminal.wait_gone("Add interview", timeout=WAIT)
    row = wait_state(terminal, "Acme", "due")
    assert "Backend Engineer" in row
    assert "due in 30 hours" in row  # the deadline: Fri 15:00, 48 h after it ended
    assert "Send thank-you to Dana Reyes" in row
    assert "No interviews yet." not in terminal.screen_text()

    # The detail view gives the whole next action and its deadline exactly.
    terminal.send_keys("enter")
    terminal.wait_for("Deadline: Fri 27 Nov 2026 15:00 +01:00", timeout=WAIT)
    assert "Do: Send thank-you to Dana Reyes, Tom Becker" in terminal.screen_text()
    assert "the on-call rotation" in terminal.screen_text()
    terminal.send_keys("escape")
    terminal.wait_for("Send thank-you to Dana Reyes, Tom Becker", timeout=WAIT)
    terminal.send_keys("ctrl+q")
    assert terminal.wait_exit(timeout=WAIT) == 0
    assert b"Traceback" not in terminal.raw_output()

    files = sorted(path.name for path in e2e_home.interviews.iterdir())
    assert files == ["2026-11-25-acme-backend-engineer.toml"]
    result = Store(e2e_home).load_all()
    assert not result.problems
    [acme] = result.interviews
    assert acme.interview_at == datetime(2026, 11, 25, 14, 0, tzinfo=CET)
    assert [(p.name, p.email) for p in acme.interviewers] == [
        ("Dana Reyes", "dana@acme.example"),
        ("Tom Becker", "tom@acme.example"),
    ]
    assert acme.topics == ["event sourcing", "the on-call rotation"]


# ------------------------------------------------------------------ journey 4


def wait_position(terminal: Terminal, value: str) -> None:
    """Wait until the form's position field reads ``value``."""

    def reads(_text: str) -> bool:
        lines = terminal.lines()
        row = next((i for i, line in enumerate(lines) if line.strip() == "Position"), None)
        return row is not None and lines[row + 2].strip("▊▎ ") == value

    terminal.wait_until(reads, f"the position field to read {value!r}", timeout=WAIT)


def change_position(terminal: Terminal, position: str) -> None:
    """In the open edit form: replace the position and save (ctrl+s)."""
    wait_focus(terminal, "Company *")
    terminal.send_keys("tab")
    wait_focus(terminal, "Position")
    terminal.send_keys("end", "ctrl+u")
    wait_position(terminal, "")
    terminal.type(position)
    wait_position(terminal, position)
    terminal.send_keys("ctrl+s")


def test_two_windows_on_one_home_reload_live_and_refuse_a_stale_save(
    launch: Launch, e2e_home: Home
) -> None:
    """An edit in one window shows in the other; a stale save there is refused, not applied."""
    [acme] = seed(e2e_home, make_interview())
    first = launch()
    second = launch()
    first.wait_for("Backend Engineer", timeout=STARTUP_TIMEOUT)
    second.wait_for("Backend Engineer", timeout=STARTUP_TIMEOUT)

    first.send_keys("e")
    first.wait_for("Edit interview", timeout=WAIT)
    change_position(first, "Staff Engineer")
    first.wait_gone("Edit interview", timeout=WAIT)
    first.wait_for("Staff Engineer", timeout=WAIT)
    # The other window notices the file changed (it polls) without a key pressed.
    second.wait_for("Staff Engineer", timeout=WAIT)
    assert "Backend Engineer" not in second.screen_text()

    # Both open the same interview; the first saves, then the second.
    second.send_keys("e")
    second.wait_for("Edit interview", timeout=WAIT)
    first.send_keys("e")
    first.wait_for("Edit interview", timeout=WAIT)
    change_position(first, "Lead Engineer")
    first.wait_gone("Edit interview", timeout=WAIT)
    first.wait_for("Lead Engineer", timeout=WAIT)
    change_position(second, "Other Role")
    second.wait_for("Not saved: the file changed on disk", timeout=WAIT)
    on_disk = Store(e2e_home).load(acme.id)
    assert on_disk.position == "Lead Engineer"
    assert on_disk.interview_at == acme.interview_at, "editing moved the interview's time"

    # Offered a reload, the second window shows what is on disk.
    # (Waits on what stays on screen, not on the 5-second "Reloaded from disk."
    # toast: on a loaded machine the toast can expire before a frame shows it.)
    second.send_keys("r")
    second.wait_gone("Not saved: the file changed on disk", timeout=WAIT)
    second.wait_for("Lead Engineer", timeout=WAIT)
    assert "Other Role" not in second.screen_text()
    assert Store(e2e_home).load(acme.id).position == "Lead Engineer"
