"""Journeys at launch: the README's demo, overdue on launch, NO_COLOR, a small pane, a broken file.

Each runs the installed ``followup`` in a real pseudo-terminal with its own
home and a pinned clock, and asserts on the screen a person would see.
"""

from __future__ import annotations

import re
from datetime import datetime
from pathlib import Path

import pytest

from followup_tui.core.model import Followup, Interviewer
from followup_tui.storage.paths import Home
from tests.conftest import CET, make_interview
from tests.e2e.conftest import Launch, seed
from tests.e2e.terminal import STARTUP_TIMEOUT, Terminal

pytestmark = pytest.mark.e2e

STATE_WORDS = ("overdue", "due", "reminder due", "no reply", "upcoming", "waiting", "closed")
STATE_COLUMN = re.compile(r"^\W*(overdue|reminder due|due|no reply|upcoming|waiting|closed)\b")
LAUNCH_NOTE = re.compile(r"\b1 follow-up overdue\b")


def states_in_order(terminal: Terminal, companies: list[str]) -> list[str]:
    """The state word shown on each company's row, top to bottom."""
    rows = sorted((terminal.find(company)[0], company) for company in companies)
    lines = terminal.lines()
    words = []
    for row, company in rows:
        match = STATE_COLUMN.match(lines[row])
        assert match, f"no state word at the start of {company}'s row: {lines[row]!r}"
        words.append(match.group(1))
    return words


def assert_overdue_highlighted(terminal: Terminal, quiet_word: str) -> None:
    """The word ``overdue`` is drawn bold in a red, ``quiet_word`` is not.

    The cursor is moved off the first row first, so the row's own colour shows
    rather than the cursor's.
    """
    terminal.send_keys("down")
    terminal.wait_until(
        # "‼ overdue" is the row's state cell; the title bar also says "1 overdue".
        lambda _text: terminal.style_of("‼ overdue").is_reddish(),
        "'overdue' to be drawn in red once the cursor left its row",
    )
    overdue = terminal.style_of("‼ overdue")
    quiet = terminal.style_of(quiet_word)  # a state word the title bar never shows
    assert overdue.is_reddish() and overdue.bold, f"overdue is not highlighted: {overdue}"
    assert not quiet.is_reddish(), f"{quiet_word} is drawn like overdue: {quiet}"


# ------------------------------------------------------------------ the README's demo


def test_demo_from_the_readme(launch: Launch, e2e_tmpdir: Path) -> None:
    """`followup --demo`, look around, ctrl+q: exit 0 and the demo home is gone."""
    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text(encoding="utf-8")
    assert "followup --demo" in readme and "Quit with `ctrl+q`" in readme

    terminal = launch("--demo", home=None)
    terminal.wait_for("Wayne Enterprises", timeout=STARTUP_TIMEOUT)
    terminal.wait_for(LAUNCH_NOTE)
    assert "demo data" in terminal.screen_text()
    demo_homes = list(e2e_tmpdir.glob("followup-demo-*"))
    assert len(demo_homes) == 1 and (demo_homes[0] / "interviews").is_dir()

    companies = [
        "Acme Corp",
        "Globex",
        "Initech",
        "Soylent",
        "Umbrella Health",
        "Hooli",
        "Stark Industries",
        "Wayne Enterprises",
    ]
    assert states_in_order(terminal, companies) == [
        "overdue",
        "due",
        "reminder due",
        "no reply",
        "upcoming",
        "waiting",
        "closed",
        "closed",
    ]
    # At 120 columns the next action of the row under the cursor is in the split beside it.
    terminal.wait_for("Do: Send thank-you to Dana Reyes")
    assert_overdue_highlighted(terminal, "waiting")

    terminal.send_keys("ctrl+q")
    assert terminal.wait_exit() == 0
    assert not list(e2e_tmpdir.glob("followup-demo-*")), "the demo home was left behind"
    assert b"Traceback" not in terminal.raw_output()


# ------------------------------------------------------------------ a prepared home


def prepared_home(home: Home) -> None:
    """One interview in each of overdue, waiting and upcoming."""
    seed(
        home,
        make_interview(
            company="Acme",
            interview_at=datetime(2026, 11, 23, 14, 0, tzinfo=CET),
        ),
        make_interview(
            company="Hooli",
            position="Senior Python Developer",
            interview_at=datetime(2026, 11, 24, 15, 0, tzinfo=CET),
            interviewers=[Interviewer("Gavin Belson", "gavin@hooli.example", "CEO")],
            followups=[
                Followup(
                    kind="thank_you",
                    to="gavin@hooli.example",
                    interviewer="Gavin Belson",
                    subject="Thank You - Sam Lee Interview for Senior Python Developer",
                    body="Thank you for your time.",
                    state="sent",
                    sent_at=datetime(2026, 11, 25, 9, 0, tzinfo=CET),
                )
            ],
        ),
        make_interview(
            company="Umbrella Health",
            position="Platform Engineer",
            interview_at=datetime(2026, 11, 27, 14, 0, tzinfo=CET),
        ),
    )


def test_launch_with_an_overdue_interview(launch: Launch, e2e_home: Home) -> None:
    """The overdue interview is first, highlighted, and the launch notification says so."""
    prepared_home(e2e_home)
    terminal = launch()
    terminal.wait_for("Umbrella Health", timeout=STARTUP_TIMEOUT)
    terminal.wait_for(LAUNCH_NOTE)
    assert states_in_order(terminal, ["Acme", "Umbrella Health", "Hooli"]) == [
        "overdue",
        "upcoming",
        "waiting",
    ]
    terminal.wait_for("Do: Send thank-you to Dana Reyes")  # in the split, for the cursor's row
    assert_overdue_highlighted(terminal, "upcoming")
    terminal.send_keys("ctrl+q")
    assert terminal.wait_exit() == 0


def test_no_color_still_shows_the_urgency_words(launch: Launch, e2e_home: Home) -> None:
    """NO_COLOR=1: no red anywhere, so the words alone must carry the urgency."""
    prepared_home(e2e_home)
    terminal = launch(env={"NO_COLOR": "1"})
    terminal.wait_for("Umbrella Health", timeout=STARTUP_TIMEOUT)
    terminal.wait_for(LAUNCH_NOTE)
    terminal.send_keys("down")
    assert states_in_order(terminal, ["Acme", "Umbrella Health", "Hooli"]) == [
        "overdue",
        "upcoming",
        "waiting",
    ]
    reds = [cell for cell in terminal.cells() if cell.is_reddish() and cell.char.strip()]
    assert not reds, f"NO_COLOR was ignored: {reds[:3]}"


def test_small_terminal_keeps_the_state_words(launch: Launch) -> None:
    """A 60x18 pane: every row still shows its whole state word beside its company."""
    terminal = launch("--demo", home=None, cols=60, rows=18)
    terminal.wait_for("Wayne Enterprises", timeout=STARTUP_TIMEOUT)
    pairs = {
        "Acme Corp": "overdue",
        "Globex": "due",
        "Initech": "reminder due",
        "Soylent": "no reply",
        "Umbrella Health": "upcoming",
        "Hooli": "waiting",
        "Stark Industries": "closed",
        "Wayne Enterprises": "closed",
    }
    for company, word in pairs.items():
        line = terminal.line_with(company)
        match = STATE_COLUMN.match(line)
        assert match and match.group(1) == word, f"{company}: state cut or wrong in {line!r}"
    assert max(len(line) for line in terminal.lines()) <= 60
    terminal.send_keys("ctrl+q")
    assert terminal.wait_exit() == 0


# ------------------------------------------------------------------ a broken file


def test_broken_interview_file_is_named_and_the_app_keeps_working(
    launch: Launch, e2e_home: Home
) -> None:
    """A file that does not parse is named on screen, never rewritten; the rest loads."""
    prepared_home(e2e_home)
    broken = e2e_home.interviews / "2026-11-20-broken-by-hand.toml"
    content = b'company = "Initech"\ninterview_at = 2026-11-20T10:00:00+01:00\nposition = \n'
    broken.write_bytes(content)

    terminal = launch()
    terminal.wait_for("Umbrella Health", timeout=STARTUP_TIMEOUT)
    terminal.wait_until(
        lambda _text: "2026-11-20-broken-by-hand.toml" in terminal.flat_text(),
        "the broken file to be named on screen",
    )
    assert "Initech" not in terminal.line_with("Acme")
    # Still responsive: the cursor moves and the app quits cleanly.
    terminal.send_keys("down", "down")
    terminal.send_keys("ctrl+q")
    assert terminal.wait_exit() == 0
    assert broken.read_bytes() == content, "the broken file was rewritten"
    assert b"Traceback" not in terminal.raw_output()


CHECKLIST = [
    ("!", "Timing"),
    ("✓", "Subject line"),
    ("✓", "Personal touch"),
    ("✓", "Continued interest"),
    ("✓", "Gratitude"),
    ("✓", "Concise"),
    ("✓", "Professional tone"),
    ("✓", "Proofread"),
    ("✓", "Ready to send"),
    ("☐", "Read it once aloud"),
    ("☐", "Checked the spelling of the interviewer's name"),
]
"""The demo's overdue thank-you: every rule of the guide, its status symbol and title."""


def test_small_terminal_editor_and_checklist_stay_usable(launch: Launch) -> None:
    """60x18: `w` opens the editor with To, Subject and the greeting; ctrl+n lists every check."""
    terminal = launch("--demo", home=None, cols=60, rows=18)
    terminal.wait_for("Acme Corp", timeout=STARTUP_TIMEOUT)
    terminal.send_keys("w")
    terminal.wait_for("Dear Dana Reyes,")
    screen = terminal.screen_text()
    assert "To       dana@acme.example" in screen
    assert "Subject  Thank You - Sam Lee Interview for Backend" in screen
    assert "Thank you for meeting with me" in screen
    assert max(len(line.rstrip()) for line in terminal.lines()) <= 60

    terminal.send_keys("ctrl+n")
    first, second = (f"{symbol}  {title}" for symbol, title in CHECKLIST[:2])
    # On a starved machine the first item can be drawn before the rest of the list.
    frame = terminal.wait_until(
        lambda text: first in text and second in text and "8 of 11" in text,
        "the checklist's first two items and its score",
    )
    seen = set(frame.split("\n"))
    last = f"{CHECKLIST[-1][0]}  {CHECKLIST[-1][1]}"
    if not any(last in line for line in seen):  # the rest is one page down
        terminal.send_keys("pagedown")
        seen |= set(terminal.wait_for(last).split("\n"))
    for symbol, title in CHECKLIST:
        assert any(f"{symbol}  {title}" in line for line in seen), f"{title!r} never shown"
    assert "8 of 11" in terminal.screen_text()
    terminal.send_keys("escape")
    terminal.wait_for("Dear Dana Reyes,")
    terminal.send_keys("ctrl+q")
    assert terminal.wait_exit() == 0
