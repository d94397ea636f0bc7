"""Scheduled follow-ups in the schedule, the status index, the proposed times and the units."""

from __future__ import annotations

import os
import shutil
import subprocess
from datetime import datetime, time, timedelta
from pathlib import Path

import pytest

from followup_tui.core.humantime import when_phrase
from followup_tui.core.model import Followup, Interviewer
from followup_tui.core.schedule import SCHEDULE_SLACK, State, facts_of, next_action
from followup_tui.core.sendtimes import next_working_morning, proposals, within_window
from followup_tui.mail import queue_units
from followup_tui.storage.cache import Cache
from followup_tui.storage.cache_sql import DEFAULT_TIMING, SCHEDULE_SLACK_S
from followup_tui.storage.paths import Home
from followup_tui.storage.store import Store
from tests.conftest import CET, NOW, make_interview

ENDED = datetime(2026, 11, 25, 15, 0, tzinfo=CET)  # the interview ended 18 hours before NOW


def queued(send_at: datetime, **fields: object) -> Followup:
    values: dict[str, object] = {
        "kind": "thank_you",
        "to": "dana@acme.example",
        "interviewer": "Dana Reyes",
        "state": "scheduled",
        "send_at": send_at,
    }
    values.update(fields)
    return Followup(**values)  # type: ignore[arg-type]


def interview_with(*followups: Followup, people: int = 1) -> object:
    panel = [
        Interviewer("Dana Reyes", "dana@acme.example"),
        Interviewer("Lee Park", "lee@acme.example"),
    ]
    return make_interview(
        interview_at=ENDED - timedelta(hours=1),
        interviewers=panel[:people],
        followups=list(followups),
    )


def test_a_queued_thank_you_is_scheduled_not_owed() -> None:
    interview = interview_with(queued(NOW + timedelta(hours=15)))
    action = next_action(interview, NOW)  # type: ignore[arg-type]
    assert action.state is State.SCHEDULED and not action.needs_action
    assert action.deadline == NOW + timedelta(hours=15)
    assert when_phrase(interview, action, NOW) == "scheduled tomorrow 00:00"  # type: ignore[arg-type]


def test_it_is_owed_again_when_its_time_passes_without_a_send() -> None:
    send_at = NOW + timedelta(hours=1)
    interview = interview_with(queued(send_at))
    assert next_action(interview, send_at + SCHEDULE_SLACK - timedelta(seconds=1)).state is (  # type: ignore[arg-type]
        State.SCHEDULED
    )
    assert next_action(interview, send_at + SCHEDULE_SLACK).state is State.DUE  # type: ignore[arg-type]


def test_a_panel_with_one_queued_thank_you_still_owes_the_other() -> None:
    interview = interview_with(queued(NOW + timedelta(hours=2)), people=2)
    action = next_action(interview, NOW)  # type: ignore[arg-type]
    assert action.state is State.DUE and action.owed_to == ("Dana Reyes", "Lee Park")
    both = interview_with(
        queued(NOW + timedelta(hours=2)),
        queued(NOW + timedelta(hours=3), to="lee@acme.example", interviewer="Lee Park"),
        people=2,
    )
    assert next_action(both, NOW).deadline == NOW + timedelta(hours=2)  # type: ignore[arg-type]


def test_a_queued_reminder_covers_the_wait() -> None:
    sent = Followup(kind="thank_you", state="sent", sent_at=NOW - timedelta(days=3))
    interview = interview_with(sent, queued(NOW + timedelta(days=4), kind="reminder"))
    assert next_action(interview, NOW).state is State.SCHEDULED  # type: ignore[arg-type]


@pytest.mark.parametrize(
    "followups",
    [
        (queued(NOW + timedelta(hours=3)),),
        (queued(NOW - timedelta(hours=3)),),
        (queued(NOW + timedelta(hours=3)), Followup(notice="Not sent")),
        (Followup(state="unsure", send_at=NOW + timedelta(minutes=5), message_id="<a@b>"),),
        (),
    ],
)
def test_the_cache_agrees_with_the_schedule(home: Home, followups: tuple[Followup, ...]) -> None:
    interview = interview_with(*followups)
    interview.id = "acme"  # type: ignore[attr-defined]
    Store(home).save(interview)  # type: ignore[arg-type]
    store_cache = Cache(str(home.root))
    store_cache.sync()
    for hours in (-30, 0, 2, 3, 5, 40, 24 * 9):
        moment = NOW + timedelta(hours=hours)
        state = next_action(interview, moment).state  # type: ignore[arg-type]
        assert store_cache.tally(moment.timestamp(), DEFAULT_TIMING) == {state.value: 1}
    status = store_cache.status(NOW.timestamp())
    assert status.review == int(any(item.notice or item.state == "unsure" for item in followups))
    [(_, _, row)] = store_cache.load().rows
    assert row.facts == facts_of(interview)  # type: ignore[arg-type]


def test_the_cache_slack_is_the_schedule_slack() -> None:
    assert SCHEDULE_SLACK_S == SCHEDULE_SLACK.total_seconds()


# -- proposed times --------------------------------------------------------------


def test_next_working_morning_skips_the_weekend(berlin: None) -> None:
    friday_evening = datetime(2026, 11, 27, 23, 0, tzinfo=CET)
    assert next_working_morning(friday_evening, time(9, 0)).astimezone(CET) == datetime(
        2026, 11, 30, 9, 0, tzinfo=CET
    )


def test_within_the_window_falls_in_working_hours(berlin: None) -> None:
    ideal_by = datetime(2026, 11, 26, 15, 0, tzinfo=CET)
    moment = within_window(datetime(2026, 11, 25, 23, 0, tzinfo=CET), ideal_by)
    assert moment is not None and moment.astimezone(CET) == datetime(
        2026, 11, 26, 14, 0, tzinfo=CET
    )
    late = datetime(2026, 11, 26, 14, 55, tzinfo=CET)
    assert within_window(late, ideal_by) is None


def test_proposals_for_a_thank_you_written_late_at_night(berlin: None) -> None:
    now = datetime(2026, 11, 25, 23, 0, tzinfo=CET)  # Wednesday, the interview ended at 15:00
    interview = interview_with()
    labels = {p.label: p.at.astimezone(CET) for p in proposals(now, next_action(interview, now))}  # type: ignore[arg-type]
    assert labels["tomorrow morning"] == datetime(2026, 11, 26, 9, 0, tzinfo=CET)
    # Tomorrow 09:00 is also the next working morning: proposed once.
    assert "next working morning" not in labels
    assert labels["inside the 24-hour ideal window"] == datetime(2026, 11, 26, 14, 0, tzinfo=CET)


def test_a_working_morning_still_ahead_today_is_this_morning(berlin: None) -> None:
    now = datetime(2026, 11, 26, 7, 30, tzinfo=CET)  # Thursday, before 09:00
    interview = interview_with()
    labels = {p.label: p.at.astimezone(CET) for p in proposals(now, next_action(interview, now))}  # type: ignore[arg-type]
    assert labels["this morning"] == datetime(2026, 11, 26, 9, 0, tzinfo=CET)
    assert "next working morning" not in labels


def test_proposals_for_a_reminder_use_its_date(berlin: None) -> None:
    sent = Followup(
        kind="thank_you", state="sent", sent_at=datetime(2026, 11, 20, 10, 10, tzinfo=CET)
    )
    interview = make_interview(
        interview_at=datetime(2026, 11, 19, 14, 0, tzinfo=CET), followups=[sent]
    )
    now = datetime(2026, 11, 22, 20, 0, tzinfo=CET)  # Sunday evening
    found = proposals(now, next_action(interview, now))  # type: ignore[arg-type]
    reminder = [p for p in found if p.label == "the reminder's date"]
    assert reminder and reminder[0].at.astimezone(CET) == datetime(2026, 11, 27, 10, 15, tzinfo=CET)
    assert all(p.at > now for p in found)
    assert found == sorted(found, key=lambda p: p.at)


# -- units ------------------------------------------------------------------------

COMMAND = [
    "/opt/followup env/bin/python",
    "-m",
    "followup_tui",
    "--home",
    "/home/sam/100%",
    "queue",
    "run",
]


def test_the_units_quote_the_command_and_persist() -> None:
    service = queue_units.service_unit(COMMAND)
    assert (
        'ExecStart="/opt/followup env/bin/python" -m followup_tui --home /home/sam/100%% queue run'
        in service
    )
    timer = queue_units.timer_unit(5)
    assert "Persistent=true" in timer and "OnCalendar=*:0/5" in timer
    assert "WantedBy=timers.target" in timer
    line = queue_units.cron_line(COMMAND, 10)
    assert line == (
        "*/10 * * * * '/opt/followup env/bin/python' -m followup_tui "
        "--home /home/sam/100\\% queue run"
    )


@pytest.mark.skipif(
    shutil.which("systemd-analyze") is None, reason="systemd-analyze is not installed"
)
def test_the_generated_units_pass_systemd_analyze_verify(tmp_path: Path) -> None:
    import sys

    runtime = tmp_path / "runtime"
    runtime.mkdir(mode=0o700)
    folder = tmp_path / "units"
    folder.mkdir()
    command = [
        sys.executable,
        "-m",
        "followup_tui",
        "--home",
        str(tmp_path / "my home"),
        "queue",
        "run",
    ]
    (folder / queue_units.SERVICE_NAME).write_text(queue_units.service_unit(command))
    (folder / queue_units.TIMER_NAME).write_text(queue_units.timer_unit())
    done = subprocess.run(
        [
            "systemd-analyze",
            "--user",
            "verify",
            str(folder / queue_units.SERVICE_NAME),
            str(folder / queue_units.TIMER_NAME),
        ],
        capture_output=True,
        text=True,
        env={**os.environ, "XDG_RUNTIME_DIR": str(runtime)},
        cwd=folder,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert done.stderr.strip() == ""
