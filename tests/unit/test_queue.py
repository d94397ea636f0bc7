"""The send queue against a real aiosmtpd on 127.0.0.1, with the clock passed in."""

from __future__ import annotations

import json
import shlex
import shutil
from collections.abc import Iterator
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from aiosmtpd.controller import Controller

from followup_tui.checks.at_send import QueueChecks
from followup_tui.core.model import Followup
from followup_tui.core.schedule import State, next_action
from followup_tui.mail.queue import (
    QueueBusyError,
    QueueError,
    Runner,
    listed,
    queue_lock,
    resolve,
    schedule,
    unschedule,
)
from followup_tui.storage.config import load_config
from followup_tui.storage.paths import Home
from followup_tui.storage.store import Store
from tests.conftest import NOW
from tests.unit.queue_helpers import BODY as BODY_TEMPLATE
from tests.unit.queue_helpers import Handler, Inbox, free_port, queued_interview, write_config

INTERVIEW_AT = NOW - timedelta(hours=20)  # ended 19 hours before NOW: a thank-you is due
SEND_AT = NOW + timedelta(hours=2)


@pytest.fixture
def inbox() -> Iterator[tuple[Inbox, int]]:
    box = Inbox()
    port = free_port()
    controller = Controller(Handler(box), hostname="127.0.0.1", port=port)
    controller.start()
    yield box, port
    controller.stop()


def runner(home: Home, now: datetime, **kwargs: object) -> Runner:
    config = load_config(home)
    return Runner(
        Store(home),
        home,
        config,
        now,
        checks=QueueChecks(config, home),
        **kwargs,  # type: ignore[arg-type]
    )


def queue_one(home: Home, port: int, send_at: datetime = SEND_AT, **kwargs: object) -> Followup:
    write_config(home, port)
    interview = queued_interview("acme", send_at, interview_at=INTERVIEW_AT, **kwargs)  # type: ignore[arg-type]
    Store(home).save(interview, now=NOW)
    return interview.followups[0]


def the_followup(home: Home) -> Followup:
    return Store(home).read("acme").followups[0]


def test_nothing_before_its_time_one_message_after_and_a_second_run_sends_nothing(
    home: Home, inbox: tuple[Inbox, int]
) -> None:
    box, port = inbox
    queue_one(home, port)
    assert runner(home, SEND_AT - timedelta(seconds=1)).run() == []
    assert box.ids() == []
    assert the_followup(home).state == "scheduled"

    outcomes = runner(home, SEND_AT).run()
    assert [outcome.result for outcome in outcomes] == ["sent"]
    followup = the_followup(home)
    assert followup.state == "sent" and followup.sent_at == SEND_AT
    assert box.ids() == [followup.message_id]
    assert list(home.sent.iterdir()), "the sent copy is kept like a send from the editor"

    assert runner(home, SEND_AT + timedelta(minutes=5)).run() == []
    assert len(box.ids()) == 1


def test_timing_words_are_judged_at_the_send_time(home: Home, inbox: tuple[Inbox, int]) -> None:
    from followup_tui.checks.at_send import failures_at

    box, port = inbox
    write_config(home, port)
    # Written the day of the interview ("today"), queued for the next morning.
    body = BODY_TEMPLATE.replace("meeting with me", "meeting with me today")
    tomorrow = NOW + timedelta(days=1)
    interview = queued_interview("acme", tomorrow, interview_at=NOW - timedelta(hours=2), body=body)
    Store(home).save(interview)
    config = load_config(home)
    assert failures_at(interview, interview.followups[0], config, home, NOW) == []
    outcomes = runner(home, tomorrow).run()
    assert [outcome.result for outcome in outcomes] == ["held"]
    assert "'today' is not true" in the_followup(home).notice
    assert box.ids() == []


def test_failing_checks_leave_a_draft_with_a_notice(home: Home, inbox: tuple[Inbox, int]) -> None:
    box, port = inbox
    queue_one(home, port, body="Dear Dana Reyes,\n\nThanks.\n")  # no signature, no topic
    outcomes = runner(home, SEND_AT).run()
    assert [outcome.result for outcome in outcomes] == ["held"]
    followup = the_followup(home)
    assert followup.state == "draft" and followup.send_at is None
    assert followup.notice.startswith("Not sent at ")
    assert "Ready to send: Sign it with your name" in followup.notice
    assert box.ids() == []
    # The interview is owed again, and flagged for review at the next launch.
    interview = Store(home).read("acme")
    assert next_action(interview, SEND_AT).state is State.DUE
    found, _ = listed(Store(home))
    assert [queued.followup.notice for queued in found] == [followup.notice]


def test_checks_accepted_when_queueing_do_not_stop_it(home: Home, inbox: tuple[Inbox, int]) -> None:
    box, port = inbox
    queue_one(home, port, body="Dear Dana Reyes,\n\nThanks.\n")
    store = Store(home)
    interview = store.load("acme")
    interview.followups[0].send_anyway = ["personal", "interest", "gratitude", "ready"]
    store.save(interview)
    outcomes = runner(home, SEND_AT).run()
    assert [outcome.result for outcome in outcomes] == ["sent"], outcomes
    assert len(box.ids()) == 1


def test_a_server_that_is_down_leaves_it_scheduled_and_says_so(home: Home) -> None:
    queue_one(home, free_port())  # nothing listens there
    outcomes = runner(home, SEND_AT).run()
    assert [outcome.result for outcome in outcomes] == ["retry"]
    followup = the_followup(home)
    assert followup.state == "scheduled" and followup.send_at == SEND_AT
    assert followup.message_id == ""
    assert "refused the connection" in followup.notice
    assert "The next run tries again." in followup.notice


def test_the_next_run_after_the_server_is_back_sends_it(
    home: Home, inbox: tuple[Inbox, int]
) -> None:
    box, port = inbox
    queue_one(home, free_port())
    runner(home, SEND_AT).run()
    write_config(home, port)
    outcomes = runner(home, SEND_AT + timedelta(minutes=5)).run()
    assert [outcome.result for outcome in outcomes] == ["sent"]
    assert the_followup(home).notice == ""
    assert len(box.ids()) == 1


def test_a_missed_time_within_the_grace_period_is_sent(
    home: Home, inbox: tuple[Inbox, int]
) -> None:
    box, port = inbox
    queue_one(home, port)
    outcomes = runner(home, SEND_AT + timedelta(hours=11)).run()
    assert [outcome.result for outcome in outcomes] == ["sent"]
    assert len(box.ids()) == 1


def test_a_missed_time_past_the_grace_period_waits_for_the_user(
    home: Home, inbox: tuple[Inbox, int]
) -> None:
    box, port = inbox
    queue_one(home, port)
    outcomes = runner(home, SEND_AT + timedelta(hours=13)).run()
    assert [outcome.result for outcome in outcomes] == ["missed"]
    followup = the_followup(home)
    assert followup.state == "draft"
    assert "passed 13 hours ago" in followup.notice and "12 hours" in followup.notice
    assert box.ids() == []


def test_the_grace_period_is_a_setting(home: Home, inbox: tuple[Inbox, int]) -> None:
    box, port = inbox
    queue_one(home, port)
    write_config(home, port, "\n[queue]\ngrace_hours = 1\n")
    outcomes = runner(home, SEND_AT + timedelta(hours=2)).run()
    assert [outcome.result for outcome in outcomes] == ["missed"]
    assert box.ids() == []


def test_a_send_left_in_sending_is_never_sent_again_blindly(
    home: Home, inbox: tuple[Inbox, int]
) -> None:
    box, port = inbox
    queue_one(home, port)
    store = Store(home)
    interview = store.load("acme")
    item = interview.followups[0]
    item.state, item.message_id = "sending", "<crashed@example.com>"
    store.save(interview)
    outcomes = runner(home, SEND_AT).run()
    assert [outcome.result for outcome in outcomes] == ["unsure"]
    followup = the_followup(home)
    assert followup.state == "unsure"
    assert "followup queue resolve acme --sent" in followup.notice
    assert box.ids() == []
    # Unsure stays unsure: later runs neither send it nor change it.
    assert runner(home, SEND_AT + timedelta(hours=1)).run() == []
    assert box.ids() == []


def test_the_sent_folder_lookup_settles_an_interrupted_send(
    home: Home, inbox: tuple[Inbox, int]
) -> None:
    box, port = inbox
    queue_one(home, port)
    store = Store(home)
    interview = store.load("acme")
    item = interview.followups[0]
    item.state, item.message_id = "sending", "<crashed@example.com>"
    store.save(interview)
    asked: list[tuple[str, datetime | None]] = []

    def lookup(message_id: str, since: datetime | None) -> bool:
        asked.append((message_id, since))
        return True

    outcomes = runner(home, SEND_AT, lookup=lookup).run()
    assert asked == [("<crashed@example.com>", SEND_AT - timedelta(hours=1))]
    assert [outcome.result for outcome in outcomes] == ["found"]
    assert the_followup(home).state == "sent"
    assert box.ids() == []


def test_resolving_unsure() -> None:
    item = Followup(state="unsure", send_at=SEND_AT, message_id="<a@b>", notice="x")
    resolve(item, sent=True, now=NOW)
    assert (item.state, item.sent_at, item.notice) == ("sent", NOW, "")
    again = Followup(state="unsure", send_at=SEND_AT, message_id="<a@b>", notice="x")
    resolve(again, sent=False, now=NOW)
    assert (again.state, again.send_at, again.message_id) == ("draft", None, "")
    with pytest.raises(QueueError, match="only an unsure send"):
        resolve(Followup(), sent=True, now=NOW)


def test_schedule_and_cancel() -> None:
    item = Followup(notice="old notice")
    with pytest.raises(QueueError, match="is in the past"):
        schedule(item, NOW - timedelta(minutes=1), NOW)
    schedule(item, SEND_AT, NOW, accepted=["timing", "timing"])
    assert (item.state, item.send_at, item.notice, item.send_anyway) == (
        "scheduled",
        SEND_AT,
        "",
        ["timing"],
    )
    unschedule(item, NOW)
    assert (item.state, item.send_at, item.send_anyway) == ("draft", None, [])
    with pytest.raises(QueueError, match="resolve it"):
        unschedule(Followup(state="unsure", send_at=SEND_AT), NOW)


def test_an_edit_made_while_queued_goes_out(home: Home, inbox: tuple[Inbox, int]) -> None:
    box, port = inbox
    queue_one(home, port)
    store = Store(home)
    interview = store.load("acme")
    interview.followups[0].body = interview.followups[0].body.replace("Acme.", "Acme, truly.")
    store.save(interview)  # editing keeps it scheduled
    assert store.read("acme").followups[0].state == "scheduled"
    runner(home, SEND_AT).run()
    [message] = box.messages
    assert "Acme, truly." in message.get_content()


def test_a_second_run_at_once_leaves_it_to_the_first(home: Home) -> None:
    with queue_lock(home), pytest.raises(QueueBusyError, match="Another queue run"):
        runner(home, SEND_AT).run()


def test_the_file_round_trips_the_queue_fields(home: Home) -> None:
    interview = queued_interview("acme", SEND_AT, interview_at=INTERVIEW_AT)
    interview.followups[0].notice = "Not sent yet"
    interview.followups[0].send_anyway = ["timing"]
    Store(home).save(interview)
    again = Store(home).read("acme").followups[0]
    assert (again.state, again.send_at, again.notice, again.send_anyway) == (
        "scheduled",
        SEND_AT,
        "Not sent yet",
        ["timing"],
    )
    text = (home.interviews / "acme.toml").read_text()
    assert 'state = "scheduled"' in text and "send_at = 2026-11-26 11:00:00+01:00" in text


def test_a_scheduled_file_without_its_time_is_reported(home: Home) -> None:
    path = home.interviews / "acme.toml"
    path.write_text(
        'company = "Acme"\nposition = "X"\ninterview_at = 2026-11-24T14:00:00+01:00\n'
        '[[followups]]\nsubject = "S"\nbody = "B"\nstate = "scheduled"\n'
    )
    result = Store(home).load_all()
    assert [problem.message for problem in result.problems] == [
        "field followups[0].send_at: missing; a scheduled follow-up needs the time it is to go out"
    ]


def test_a_follow_up_in_flight_is_never_opened_as_a_draft(home: Home) -> None:
    from followup_tui.drafting.draft import DraftError, open_draft
    from followup_tui.drafting.templates import TemplateLibrary

    interview = queued_interview("acme", SEND_AT, interview_at=INTERVIEW_AT)
    interview.followups[0].state = "unsure"
    config = load_config(home)
    with pytest.raises(DraftError, match="may already have gone out.*queue resolve acme"):
        open_draft(interview, TemplateLibrary(home.templates), config, NOW)
    assert len(interview.followups) == 1, "no second draft was made beside it"


def test_an_unknown_state_is_reported_with_the_known_ones(home: Home) -> None:
    path = home.interviews / "acme.toml"
    path.write_text(
        'company = "Acme"\nposition = "X"\ninterview_at = 2026-11-24T14:00:00+01:00\n'
        '[[followups]]\nsubject = "S"\nbody = "B"\nstate = "queued"\n'
    )
    [problem] = Store(home).load_all().problems
    assert problem.message == (
        "field followups[0].state: 'queued' is not one of "
        "draft, scheduled, sending, unsure, sent, skipped"
    )


def test_sending_a_scheduled_draft_now_takes_it_out_of_the_queue_first(
    home: Home, inbox: tuple[Inbox, int]
) -> None:
    from followup_tui.mail.sending import send_followup
    from followup_tui.storage.store import ConflictError

    box, port = inbox
    queue_one(home, port)
    store = Store(home)
    interview = store.load("acme")
    send_followup(
        interview,
        interview.followups[0],
        store=store,
        home=home,
        config=load_config(home),
        now=NOW,
    )
    assert runner(home, SEND_AT).run() == []
    assert len(box.ids()) == 1
    # The other way round: the queue claimed it first, so the app's send stops unsent.
    (home.interviews / "acme.toml").unlink()
    queue_one(home, port)
    stale = Store(home).load("acme")
    runner(home, SEND_AT).run()
    with pytest.raises(ConflictError):
        send_followup(
            stale,
            stale.followups[0],
            store=Store(home),
            home=home,
            config=load_config(home),
            now=NOW,
        )
    assert len(box.ids()) == 2


@pytest.mark.skipif(shutil.which("msmtp") is None, reason="msmtp is not installed (.ci/run)")
def test_the_queue_sends_through_a_real_sendmail_command(
    home: Home, inbox: tuple[Inbox, int], tmp_path: Path
) -> None:
    box, port = inbox
    queue_one(home, port)
    rc = tmp_path / "msmtprc"
    rc.write_text(
        "defaults\nauth off\ntls off\n"
        f"account default\nhost 127.0.0.1\nport {port}\nfrom sam.lee@example.com\n"
    )
    rc.chmod(0o600)
    command = f"{shlex.quote(str(shutil.which('msmtp')))} -C {shlex.quote(str(rc))} -t"
    text = home.config_file.read_text()
    home.config_file.write_text(text + f"sendmail_command = {json.dumps(command)}\n")
    assert [outcome.result for outcome in runner(home, SEND_AT).run()] == ["sent"]
    followup = the_followup(home)
    assert box.ids() == [followup.message_id]
    assert runner(home, SEND_AT + timedelta(minutes=5)).run() == []
