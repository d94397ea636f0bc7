"""Journeys through a follow-up: draft, send over SMTP, $EDITOR, clipboard, reminder, reply.

Each runs the installed ``followup`` in a real pseudo-terminal with its own
home and a pinned clock, types keys and asserts on the screen a person sees.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import datetime

import pytest

from followup_tui.core.model import Followup, Interviewer
from followup_tui.storage.paths import Home
from followup_tui.storage.store import Store
from tests.conftest import CET, make_interview
from tests.e2e.conftest import FakeEditor, Launch, SmtpServer, editor_env, seed
from tests.e2e.terminal import STARTUP_TIMEOUT, Cell, Terminal

pytestmark = pytest.mark.e2e

WAIT = 60.0
"""Seconds per wait: these journeys run on loaded machines."""

SUBJECT = "Thank You - Sam Lee Interview for Backend Engineer"
STATE_COLUMN = re.compile(r"^\W*(overdue|reminder due|due|no reply|upcoming|waiting|closed)\b")


def write_config(home: Home, port: int = 0) -> None:
    """A profile (the sender) and, when ``port`` is given, a plain SMTP server on 127.0.0.1."""
    text = '[profile]\nname = "Sam Lee"\nemail = "sam@example.org"\nsignature = "Sam Lee"\n'
    if port:
        text += f'\n[mail]\nhost = "127.0.0.1"\nport = {port}\nsecurity = "none"\n'
    home.config_file.write_text(text, encoding="utf-8")


def overdue_interview(home: Home) -> None:
    """Acme, interviewed 23 Nov 14:00 by Dana Reyes alone: overdue at the pinned NOW.

    A second, upcoming interview (Umbrella Health) lets the cursor leave Acme's row
    so its own colour can be judged.
    """
    seed(
        home,
        make_interview(
            interview_at=datetime(2026, 11, 23, 14, 0, tzinfo=CET),
            interviewers=[Interviewer("Dana Reyes", "dana@acme.example", "Engineering Manager")],
        ),
        make_interview(
            company="Umbrella Health",
            position="Platform Engineer",
            interview_at=datetime(2026, 11, 27, 14, 0, tzinfo=CET),
        ),
    )


def row_word_cell(terminal: Terminal, company: str, word: str) -> Cell:
    """The cell of ``word`` on ``company``'s row (not the title bar's counts)."""
    row = terminal.find(company)[0]
    column = terminal.lines()[row].find(word)
    assert column >= 0, f"{word!r} not on {company}'s row"
    return terminal.cell(row, column)


def state_of(terminal: Terminal, company: str) -> str:
    """The state word at the start of ``company``'s row."""
    match = STATE_COLUMN.match(terminal.line_with(company))
    return match.group(1) if match else ""


def wait_state(terminal: Terminal, company: str, word: str) -> None:
    """Wait until ``company``'s row starts with ``word``."""

    def shows(text: str) -> bool:
        for line in text.split("\n"):
            if company in line:
                match = STATE_COLUMN.match(line)
                return bool(match and match.group(1) == word)
        return False

    terminal.wait_until(shows, f"{company}'s row to show {word!r}", timeout=WAIT)


def open_thank_you(terminal: Terminal) -> None:
    """From the list (cursor on Acme), `w` opens the editor on the thank-you draft."""
    terminal.send_keys("w")
    terminal.wait_for("Dear Dana Reyes", timeout=WAIT)


# ------------------------------------------------------------------ journey 2


def test_overdue_thank_you_is_drafted_and_sent_over_smtp(
    launch: Launch, e2e_home: Home, smtp_server: SmtpServer
) -> None:
    """Overdue on launch -> `w` drafts the thank-you -> ctrl+g, confirm -> waiting; one email."""
    write_config(e2e_home, smtp_server.port)
    overdue_interview(e2e_home)
    # The body field does not soft-wrap: a wide terminal shows the topic on line 3.
    terminal = launch(cols=220)
    terminal.wait_for("Acme", timeout=STARTUP_TIMEOUT)
    terminal.wait_for(re.compile(r"\b1 follow-up overdue\b"), timeout=WAIT)
    assert state_of(terminal, "Acme") == "overdue"
    assert state_of(terminal, "Umbrella Health") == "upcoming"
    assert terminal.find("Acme")[0] < terminal.find("Umbrella Health")[0], "overdue is not first"
    terminal.send_keys("down")
    terminal.wait_until(
        lambda _text: row_word_cell(terminal, "Acme", "overdue").is_reddish(),
        "'overdue' on Acme's row to be drawn in red once the cursor left it",
        timeout=WAIT,
    )
    overdue = row_word_cell(terminal, "Acme", "overdue")
    quiet = row_word_cell(terminal, "Umbrella Health", "upcoming")
    assert overdue.bold, f"overdue is not highlighted: {overdue}"
    assert not quiet.is_reddish(), f"upcoming is drawn like overdue: {quiet}"
    terminal.send_keys("up")

    open_thank_you(terminal)
    assert SUBJECT in terminal.screen_text()
    assert "conversation about moving billing to event sourcing" in terminal.screen_text()

    terminal.send_keys("ctrl+g")
    terminal.wait_for("Send this email?", timeout=WAIT)
    assert "dana@acme.example" in terminal.screen_text()
    terminal.send_keys("enter")
    terminal.wait_for("Sent to dana@acme.example", timeout=WAIT)
    wait_state(terminal, "Acme", "waiting")

    messages = smtp_server.wait_for_messages(1, timeout=WAIT)
    assert len(messages) == 1, [m["Subject"] for m in messages]
    message = messages[0]
    assert message["To"].addresses[0].addr_spec == "dana@acme.example"
    assert message["From"].addresses[0].addr_spec == "sam@example.org"
    assert message["Subject"] == SUBJECT
    assert smtp_server.envelopes[0][1] == ["dana@acme.example"]
    body = message.get_body(preferencelist=("plain",))
    assert body is not None
    text = body.get_content()
    assert "Dear Dana Reyes," in text and "moving billing to event sourcing" in text

    saved = [i for i in Store(e2e_home).load_all().interviews if i.company == "Acme"]
    assert len(saved) == 1
    sent = [f for f in saved[0].followups if f.state == "sent"]
    assert len(sent) == 1 and sent[0].message_id == message["Message-ID"]
    terminal.send_keys("ctrl+q")
    assert terminal.wait_exit(timeout=WAIT) == 0
    assert b"Traceback" not in terminal.raw_output()


# ------------------------------------------------------------------ journey 6


def test_external_editor_round_trip_and_osc52_copy(
    launch: Launch, e2e_home: Home, fake_editor: Callable[..., FakeEditor]
) -> None:
    """ctrl+o runs $EDITOR on the draft and shows its change; ctrl+s saves it; ctrl+b -> OSC 52."""
    write_config(e2e_home)
    overdue_interview(e2e_home)
    editor = fake_editor(old="I enjoyed our conversation", new="I truly enjoyed our talk")
    terminal = launch(cols=220, env=editor_env(editor))
    terminal.wait_for("Acme", timeout=STARTUP_TIMEOUT)
    open_thank_you(terminal)
    assert "I truly enjoyed our talk" not in terminal.screen_text()

    terminal.send_keys("ctrl+o")
    terminal.wait_for("I truly enjoyed our talk about moving billing", timeout=WAIT)
    assert len(editor.calls()) == 1
    assert "I enjoyed our conversation about" in editor.seen.read_text(encoding="utf-8")

    terminal.send_keys("ctrl+s")
    terminal.wait_for("Draft saved.", timeout=WAIT)
    acme = [i for i in Store(e2e_home).load_all().interviews if i.company == "Acme"][0]
    drafts = [f for f in acme.followups if f.state == "draft"]
    assert len(drafts) == 1 and "I truly enjoyed our talk" in drafts[0].body

    terminal.send_keys("ctrl+b")
    # The notice says what was done and where it may not arrive (toasts wrap anywhere).
    terminal.wait_until(
        lambda text: (
            "terminal'sclipboard(OSC52)" in re.sub(r"[\s▊▎▌]", "", text)
            and "set-clipboardon" in re.sub(r"[\s▊▎▌`]", "", text)
        ),
        "the clipboard notice",
        timeout=WAIT,
    )
    payloads = terminal.osc52_payloads()
    assert payloads, "ctrl+b wrote no OSC 52 sequence"
    copied = payloads[-1].decode("utf-8")
    assert SUBJECT in copied and "I truly enjoyed our talk" in copied
    assert "Dear Dana Reyes," in copied and "\x1b" not in copied


# ------------------------------------------------------------------ journey 3


def test_a_week_later_the_reminder_is_due_and_a_reply_closes_it(
    launch: Launch, e2e_home: Home
) -> None:
    """Clock a week after the thank-you: `reminder due`; `r` records the reply: `closed`."""
    write_config(e2e_home)
    seed(
        e2e_home,
        make_interview(
            interview_at=datetime(2026, 11, 23, 14, 0, tzinfo=CET),
            followups=[
                Followup(
                    kind="thank_you",
                    to="dana@acme.example",
                    interviewer="Dana Reyes",
                    subject=SUBJECT,
                    body="Dear Dana Reyes,\n\nThank you for your time.",
                    state="sent",
                    sent_at=datetime(2026, 11, 24, 10, 0, tzinfo=CET),
                )
            ],
        ),
    )
    week_later = "2026-12-02T09:00:00+01:00"
    terminal = launch(env={"FOLLOWUP_TUI_NOW": week_later})
    terminal.wait_for("Acme", timeout=STARTUP_TIMEOUT)
    wait_state(terminal, "Acme", "reminder due")

    terminal.send_keys("r")  # one small dialog: the outcome and a note
    terminal.wait_for("what did they say?", timeout=WAIT)
    terminal.send_keys("4")  # rejected
    terminal.send_keys("tab")
    terminal.type("polite no")
    terminal.send_keys("enter")
    terminal.wait_for("Reply from Acme", timeout=WAIT)
    if "Acme" not in terminal.screen_text():  # closed rows hidden: show them
        terminal.send_keys("t")
    wait_state(terminal, "Acme", "closed")
    acme = Store(e2e_home).load_all().interviews[0]
    assert acme.response is not None
    assert acme.response.received_at == datetime.fromisoformat(week_later)
    assert (acme.response.outcome, acme.response.note) == ("rejected", "polite no")
