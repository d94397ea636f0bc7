"""Journeys through a job search as it really goes, in a real pseudo-terminal.

A reminder leaves the interview waiting; a reply records its outcome and can
lead to a linked next round; ``u`` undoes; a sent email opens read-only; and
lazygit-grade moving around: ``q``, the split, filter tokens, a narrow footer,
id prefixes on the command line and whole ids on a pipe.
"""

from __future__ import annotations

import re
import shlex
from datetime import datetime, timedelta

import pytest

from followup_tui.core.model import Followup, Interviewer
from followup_tui.mail.sending import default_eml_name
from followup_tui.storage.paths import Home
from followup_tui.storage.store import Store
from tests.conftest import CET, NOW, make_interview
from tests.e2e.conftest import Launch, seed
from tests.e2e.terminal import STARTUP_TIMEOUT, followup_command
from tests.e2e.test_followup_journeys import (
    WAIT,
    row_word_cell,
    state_of,
    wait_state,
    write_config,
)

pytestmark = pytest.mark.e2e

THANKED = datetime(2026, 11, 17, 10, 0, tzinfo=CET)  # nine days before NOW


def thanked_a_week_ago(home: Home) -> str:
    """Acme, thanked nine days ago (a reminder is due), and an upcoming Umbrella Health."""
    [acme, _] = seed(
        home,
        make_interview(
            interview_at=THANKED - timedelta(hours=20),
            followups=[
                Followup(
                    kind="thank_you",
                    to="dana@acme.example",
                    interviewer="Dana Reyes",
                    subject="Thank you",
                    body="Dear Dana Reyes,\n\nThank you for your time.",
                    state="sent",
                    sent_at=THANKED,
                    message_id="<thanks-1@example.org>",
                )
            ],
        ),
        make_interview(
            company="Umbrella Health",
            position="Platform Engineer",
            interview_at=NOW + timedelta(days=1),
        ),
    )
    return acme.id


def test_a_reminder_sent_today_leaves_the_interview_waiting_and_u_undoes_it(
    launch: Launch, e2e_home: Home
) -> None:
    """reminder due -> s: "waiting" (not closed) -> u: reminder due again, and says so."""
    write_config(e2e_home)
    thanked_a_week_ago(e2e_home)
    terminal = launch(cols=240)  # the list's action column beside the split
    terminal.wait_for("Acme", timeout=STARTUP_TIMEOUT)
    wait_state(terminal, "Acme", "reminder due")
    assert "Send a brief reminder to Dana Reyes" in terminal.line_with("Acme")
    terminal.send_keys("s")
    terminal.wait_for("Marked the reminder to Dana Reyes as sent", timeout=WAIT)
    wait_state(terminal, "Acme", "waiting")
    assert "closed" not in terminal.line_with("Acme")
    acme = Store(e2e_home).load_all().interviews
    assert [f.kind for f in next(i for i in acme if i.company == "Acme").sent_followups] == [
        "thank_you",
        "reminder",
    ]
    terminal.send_keys("u")
    terminal.wait_for("Undid the reminder to Dana Reyes marked sent", timeout=WAIT)
    wait_state(terminal, "Acme", "reminder due")
    acme = next(i for i in Store(e2e_home).load_all().interviews if i.company == "Acme")
    assert [f.kind for f in acme.sent_followups] == ["thank_you"]
    terminal.send_keys("q")
    assert terminal.wait_exit() == 0
    assert b"Traceback" not in terminal.raw_output()


def test_a_next_round_reply_leads_to_a_linked_second_interview(
    launch: Launch, e2e_home: Home
) -> None:
    """r, "next round", a note -> add round 2 (carried over) -> its detail shows both rounds."""
    write_config(e2e_home)
    first_id = thanked_a_week_ago(e2e_home)
    terminal = launch()
    terminal.wait_for("Acme", timeout=STARTUP_TIMEOUT)
    wait_state(terminal, "Acme", "reminder due")
    terminal.send_keys("r")
    terminal.wait_for("what did they say?", timeout=WAIT)
    terminal.send_keys("2", "tab")
    terminal.type("onsite next week")
    terminal.send_keys("enter")
    terminal.wait_for("Add round 2 with Acme now?", timeout=WAIT)
    terminal.send_keys("y")
    terminal.wait_for("Company", timeout=WAIT)
    assert "Dana Reyes" in terminal.screen_text()  # the people came along
    terminal.send_keys("ctrl+s")
    terminal.wait_for("Added round 2 of Acme", timeout=WAIT)

    interviews = {i.id: i for i in Store(e2e_home).load_all().interviews}
    first = interviews[first_id]
    assert first.response is not None and first.response.outcome == "next_round"
    assert first.response.note == "onsite next week"
    [second_id] = first.rounds
    second = interviews[second_id]
    assert (second.round, second.first_round, second.company) == (2, first_id, "Acme")
    assert [p.name for p in second.interviewers] == ["Dana Reyes"]

    # The new round is the highlighted row: its detail lists both rounds.
    wait_state(terminal, "Acme", "upcoming")
    terminal.send_keys("enter")
    terminal.wait_for("All rounds of this application", timeout=WAIT)
    terminal.send_keys("G")  # to the bottom of the detail
    terminal.wait_for("Round 2:", timeout=WAIT)
    text = terminal.screen_text()
    assert "Round 1:" in text and "(this one)" in text
    # "(next round" without its ")": a toast at the right edge may cover the last cell.
    assert "reply received" in text and "(next round" in text
    terminal.send_keys("ctrl+q")
    assert terminal.wait_exit() == 0


def test_a_sent_email_opens_read_only_from_the_detail(launch: Launch, e2e_home: Home) -> None:
    """The detail lists the sent email; Enter shows its headers and text; nothing is editable."""
    write_config(e2e_home)
    acme_id = thanked_a_week_ago(e2e_home)
    acme = Store(e2e_home).load(acme_id)
    name = f"20261117T100000-{default_eml_name(acme, acme.followups[0])}"
    (e2e_home.sent / name).write_bytes(
        b"From: Sam Lee <sam@example.org>\r\nTo: dana@acme.example\r\n"
        b"Subject: Thank you\r\nDate: Tue, 17 Nov 2026 10:00:00 +0100\r\n"
        b"Message-ID: <thanks-1@example.org>\r\n\r\nDear Dana Reyes,\r\n\r\n"
        b"Thank you for the talk about event sourcing.\r\n"
    )
    terminal = launch(cols=100)
    terminal.wait_for("Acme", timeout=STARTUP_TIMEOUT)
    terminal.send_keys("enter")
    terminal.wait_for("Sent mail (Enter opens one)", timeout=WAIT)
    terminal.send_keys("enter")
    terminal.wait_for("Message-ID: <thanks-1@example.org>", timeout=WAIT)
    text = terminal.screen_text()
    assert "From: Sam Lee <sam@example.org>" in text
    assert "Thank you for the talk about event sourcing." in text
    before = (e2e_home.sent / name).read_bytes()
    terminal.type("xyz")  # read-only: typing changes nothing
    terminal.send_keys("escape")
    terminal.wait_for("Sent mail (Enter opens one)", timeout=WAIT)
    assert (e2e_home.sent / name).read_bytes() == before
    terminal.send_keys("escape")
    terminal.wait_for("Umbrella Health", timeout=WAIT)
    terminal.send_keys("q")
    assert terminal.wait_exit() == 0


def test_split_filter_tokens_and_no_match(launch: Launch, e2e_home: Home) -> None:
    """120 columns: list + detail; state:overdue filters; no match keeps the header and says so."""
    write_config(e2e_home)
    seed(
        e2e_home,
        make_interview(interview_at=datetime(2026, 11, 23, 14, 0, tzinfo=CET)),
        make_interview(
            company="Umbrella Health",
            position="Platform Engineer",
            interview_at=NOW + timedelta(days=1),
            interviewers=[Interviewer("Alice Wong", "alice@umbrella.example", "CTO")],
        ),
    )
    terminal = launch(cols=120, rows=30)
    terminal.wait_for("Acme", timeout=STARTUP_TIMEOUT)
    # The detail of the row under the cursor, beside the list.
    terminal.wait_for("Send thank-you to Dana Reyes", timeout=WAIT)
    # The cursor starts on the overdue row, which still shows its urgency colour.
    terminal.wait_until(
        lambda _text: row_word_cell(terminal, "Acme", "overdue").is_reddish(),
        "'overdue' under the cursor to stay red",
        timeout=WAIT,
    )
    row = terminal.line_with("Umbrella")
    assert "Interviewers" in terminal.screen_text() or "Next action" in terminal.screen_text()
    terminal.send_keys("j")
    terminal.wait_for("Alice Wong", timeout=WAIT)  # the pane follows the cursor
    assert row.startswith(" ◷ upcoming") or "upcoming" in row

    terminal.type("/state:overdue")
    terminal.send_keys("enter")
    terminal.wait_gone("Umbrella", timeout=WAIT)
    assert state_of(terminal, "Acme") == "overdue"
    terminal.wait_for("1 of 2 interviews shown", timeout=WAIT)

    terminal.type("/")
    terminal.send_keys("end")
    terminal.type(" company:nobody")
    terminal.send_keys("enter")
    terminal.wait_for("No interviews match 'state:overdue company:nobody'", timeout=WAIT)
    header = terminal.lines()[1]
    assert re.search(r"State\s+Company", header), f"the header went: {header!r}"
    terminal.send_keys("escape")
    terminal.wait_for("Umbrella", timeout=WAIT)

    terminal.send_keys("v")  # the split goes, the table takes the width
    terminal.wait_gone("Alice Wong", timeout=WAIT)
    terminal.send_keys("q")
    assert terminal.wait_exit() == 0
    assert b"Traceback" not in terminal.raw_output()


def test_a_60x18_footer_keeps_w_and_help(launch: Launch) -> None:
    """A small pane: the footer keeps w, ? and / (and drops the rest first)."""
    terminal = launch("--demo", home=None, cols=60, rows=18)
    terminal.wait_for("Wayne Enterprises", timeout=STARTUP_TIMEOUT)
    footer = terminal.lines()[-1]
    for key in (" w ", " ? ", " / "):
        assert key in f" {footer} ", f"{key.strip()!r} missing from the footer: {footer!r}"
    terminal.send_keys("j", "j", "j")  # Soylent: no reply, the row's action is X
    terminal.wait_until(lambda _t: " ? " in f" {terminal.lines()[-1]} ", "help in the footer")
    terminal.send_keys("q")
    assert terminal.wait_exit() == 0


def test_draft_takes_an_id_prefix_and_list_on_a_pipe_prints_whole_ids(
    launch: Launch, e2e_home: Home
) -> None:
    """`followup draft <prefix>` drafts; `followup list | cat` keeps every id whole."""
    write_config(e2e_home)
    [acme] = seed(
        e2e_home,
        make_interview(
            company="Acme Widgets And Sons International",
            position="Principal Backend Platform Engineer",
        ),
    )
    assert len(acme.id) > 60
    terminal = launch("draft", acme.id[:16], cols=100)
    assert terminal.wait_exit(timeout=STARTUP_TIMEOUT) == 0
    assert "Dear Dana Reyes" in terminal.screen_text()

    argv, extra = followup_command()
    line = " ".join(shlex.quote(part) for part in argv) + " list | cat"
    env = {**extra}
    terminal = launch(command=["sh", "-c", line], cols=60, env=env)
    assert terminal.wait_exit(timeout=STARTUP_TIMEOUT) == 0
    output = terminal.raw_output().decode("utf-8", "replace")
    assert acme.id in output, output
    assert "Acme Widgets And Sons International\t" in output
