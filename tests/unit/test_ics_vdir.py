"""Calendar events that stay true: stable UIDs, cancelled when done, overdue due now, the vdir."""

from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path

import pytest
from icalendar import Calendar, Component

from followup_tui.core.model import Followup, Interview, Response
from followup_tui.core.schedule import Timing
from followup_tui.storage import ics, vdir
from tests.conftest import NOW, make_interview

TIMING = Timing()
YESTERDAY = NOW - timedelta(days=1)  # an interview whose thank-you is due, ideally in 1 h


def events(data: bytes) -> dict[str, Component]:
    return {str(e["uid"]): e for e in Calendar.from_ical(data).walk("VEVENT")}


def sent_thank_you(at: datetime = NOW) -> Followup:
    return Followup(kind="thank_you", state="sent", sent_at=at, subject="Thanks", body="Hi\n")


def one(interview: Interview, now: datetime = NOW) -> Component:
    items = ics.pending([interview], now, TIMING) + ics.lately_done([interview], now, TIMING)
    found = events(ics.calendar(items, now))
    assert len(found) == 1
    return next(iter(found.values()))


def test_due_event_at_its_deadline_alarm_at_the_ideal_time() -> None:
    interview = make_interview(id="acme", interview_at=YESTERDAY)
    event = one(interview)
    assert str(event["uid"]) == "acme-thank_you@followup-tui"
    assert event.decoded("dtstart") == interview.ends_at + timedelta(hours=48)
    assert str(event["status"]) == "CONFIRMED" and event["sequence"] == 0
    alarm = next(iter(event.walk("VALARM")))
    assert alarm.decoded("trigger") == -timedelta(hours=24)


def test_overdue_is_due_now_with_the_alarm_a_few_minutes_ahead() -> None:
    interview = make_interview(id="old", interview_at=NOW - timedelta(days=5))
    event = one(interview)
    start = event.decoded("dtstart")
    assert start == NOW + ics.LEAD and start.date() == NOW.date()
    alarm = next(iter(event.walk("VALARM")))
    assert alarm.decoded("trigger") == timedelta(0)  # at the start: five minutes from now
    assert "overdue: send it now" in str(event["description"])


def test_a_passed_ideal_time_alarms_soon_not_in_the_past() -> None:
    interview = make_interview(id="late", interview_at=NOW - timedelta(hours=30))
    event = one(interview)
    alarm = next(iter(event.walk("VALARM")))
    alarm_at = event.decoded("dtstart") + alarm.decoded("trigger")
    assert alarm_at == NOW + ics.LEAD
    # in a vdir, exported again and again, it alarms once: at the deadline
    item = ics.pending([interview], NOW, TIMING)[0]
    stored = events(ics.event_file(item, NOW))
    stored_event = next(iter(stored.values()))
    stored_alarm = next(iter(stored_event.walk("VALARM")))
    assert stored_alarm.decoded("trigger") == timedelta(0)
    assert stored_event.decoded("dtstart") == item.action.deadline


def test_sent_thank_you_is_cancelled_with_a_higher_sequence_then_dropped() -> None:
    interview = make_interview(id="acme", followups=[sent_thank_you()])
    data = ics.calendar(
        ics.pending([interview], NOW, TIMING) + ics.lately_done([interview], NOW, TIMING), NOW
    )
    found = events(data)
    done, reminder = found["acme-thank_you@followup-tui"], found["acme-reminder@followup-tui"]
    assert str(done["status"]) == "CANCELLED" and done["sequence"] == 1
    assert not list(done.walk("VALARM"))
    assert str(reminder["status"]) == "CONFIRMED"
    later = NOW + ics.KEEP_DONE + timedelta(hours=1)
    assert ics.lately_done([interview], later, TIMING) == []


def test_a_reply_cancels_the_reminder_that_was_owed() -> None:
    interview = make_interview(
        id="acme",
        followups=[sent_thank_you(NOW - timedelta(days=3))],
        response=Response(NOW - timedelta(hours=1), "Let's talk"),
    )
    assert ics.pending([interview], NOW, TIMING) == []
    kinds = {(item.kind, item.done_at) for item in ics.lately_done([interview], NOW, TIMING)}
    assert kinds == {("thank_you", NOW - timedelta(days=3)), ("reminder", NOW - timedelta(hours=1))}
    assert ics.lately_done([interview], NOW, TIMING)[0].sequence == 2


def test_rescheduling_keeps_the_uid_and_moves_the_event() -> None:
    first = one(make_interview(id="acme", interview_at=YESTERDAY))
    moved = one(make_interview(id="acme", interview_at=NOW + timedelta(days=2)))
    assert first["uid"] == moved["uid"]
    assert moved.decoded("dtstart") - first.decoded("dtstart") == timedelta(days=3)


def items_of(*interviews: Interview) -> list[ics.Item]:
    return ics.pending(list(interviews), NOW, TIMING)


def test_vdir_writes_updates_and_removes_only_its_own(tmp_path: Path) -> None:
    folder = tmp_path / "cal"
    acme = make_interview(id="acme", interview_at=YESTERDAY)
    globex = make_interview(id="globex", company="Globex", interview_at=YESTERDAY)
    done = vdir.sync(folder, items_of(acme, globex), NOW)
    assert done.written == ["followup-tui-acme-thank_you.ics", "followup-tui-globex-thank_you.ics"]
    data = (folder / "followup-tui-acme-thank_you.ics").read_bytes()
    assert list(events(data)) == ["acme-thank_you@followup-tui"]
    # other apps' files, and a file named like ours holding another UID, are never touched
    (folder / "other.ics").write_bytes(data)
    (folder / "followup-tui-mine.ics").write_bytes(data)
    (folder / "followup-tui-notes.txt").write_text("keep")
    again = vdir.sync(folder, items_of(acme, globex), NOW + timedelta(minutes=1))
    assert again.written == [] and len(again.unchanged) == 2  # only DTSTAMP would differ
    acme.followups.append(sent_thank_you())
    moved = make_interview(id="globex", company="Globex", interview_at=NOW)  # rescheduled
    third = vdir.sync(folder, items_of(acme, moved), NOW)
    assert third.removed == ["followup-tui-acme-thank_you.ics"]
    assert third.written == ["followup-tui-acme-reminder.ics", "followup-tui-globex-thank_you.ics"]
    assert third.kept == ["followup-tui-mine.ics"]
    assert sorted(p.name for p in folder.iterdir()) == [
        "followup-tui-acme-reminder.ics",
        "followup-tui-globex-thank_you.ics",
        "followup-tui-mine.ics",
        "followup-tui-notes.txt",
        "other.ics",
    ]
    assert "kept" not in third.sentence(folder) and "left alone 1" in third.sentence(folder)
    assert vdir.sync(folder, [], NOW).removed == [
        "followup-tui-acme-reminder.ics",
        "followup-tui-globex-thank_you.ics",
    ]


def test_vdir_never_follows_a_symlink_to_remove(tmp_path: Path) -> None:
    folder, outside = tmp_path / "cal", tmp_path / "outside.ics"
    acme = make_interview(id="acme")
    vdir.sync(folder, items_of(acme), NOW)
    outside.write_bytes((folder / "followup-tui-acme-thank_you.ics").read_bytes())
    (folder / "followup-tui-acme-reminder.ics").symlink_to(outside)
    assert vdir.sync(folder, [], NOW).removed == ["followup-tui-acme-thank_you.ics"]
    assert outside.exists()


@pytest.mark.parametrize("args", [["ics", "--format", "csv"], ["csv", "--vdir", "x"], []])
def test_export_arguments_are_checked(
    args: list[str], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from followup_tui.cli import main

    code = main(["--home", str(tmp_path / "h"), "export", *args])
    err = capsys.readouterr().err
    assert code == 1 and err.startswith("followup: ") and err.count("\n") == 1
