"""The guide's timing rules: each state and every boundary."""

from __future__ import annotations

import os
import time
from datetime import datetime, timedelta, timezone

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from followup_tui.core.model import Followup, Interview, Interviewer, Response
from followup_tui.core.rows import Row, next_change, rank, with_changes
from followup_tui.core.schedule import (
    State,
    Timing,
    by_urgency,
    counts,
    next_action,
    summary_sentence,
)
from tests.conftest import CET, make_interview

START = datetime(2026, 11, 24, 14, 0, tzinfo=CET)  # 60 minutes long
END = START + timedelta(minutes=60)


def sent(kind: str, when: datetime, to: str = "dana@acme.example", who: str = "") -> Followup:
    return Followup(kind=kind, to=to, interviewer=who, state="sent", sent_at=when, subject="s")


@pytest.mark.parametrize(
    ("now", "state"),
    [
        (START - timedelta(days=1), State.UPCOMING),
        (END - timedelta(seconds=1), State.UPCOMING),
        (END, State.DUE),
        (END + timedelta(hours=24), State.DUE),
        (END + timedelta(hours=48), State.DUE),
        (END + timedelta(hours=48, seconds=1), State.OVERDUE),
        (END + timedelta(days=30), State.OVERDUE),
    ],
)
def test_thank_you_window(now: datetime, state: State) -> None:
    action = next_action(make_interview(), now)
    assert action.state is state
    assert action.deadline == END + timedelta(hours=48)
    assert action.ideal_by == END + timedelta(hours=24)
    assert action.kind == "thank_you"


def test_due_names_who_is_owed() -> None:
    action = next_action(make_interview(), END + timedelta(hours=1))
    assert action.owed_to == ("Dana Reyes",)
    assert "Dana Reyes" in action.summary


def test_panel_stays_due_until_everyone_is_thanked() -> None:
    panel = make_interview(
        interviewers=[
            Interviewer("Dana Reyes", "dana@acme.example"),
            Interviewer("Lee Kim", "lee@acme.example"),
        ],
        followups=[sent("thank_you", END + timedelta(hours=2))],
    )
    action = next_action(panel, END + timedelta(hours=3))
    assert action.state is State.DUE
    assert action.owed_to == ("Lee Kim",)
    panel.followups.append(sent("thank_you", END + timedelta(hours=4), to="lee@acme.example"))
    assert next_action(panel, END + timedelta(hours=5)).state is State.WAITING


def test_thank_you_matched_by_interviewer_name_or_marked_for_all() -> None:
    named = make_interview(followups=[sent("thank_you", END, to="", who="Dana Reyes")])
    assert next_action(named, END + timedelta(hours=1)).state is State.WAITING
    everyone = make_interview(followups=[sent("thank_you", END, to="")])
    assert next_action(everyone, END + timedelta(hours=1)).state is State.WAITING


def test_no_interviewers_needs_one_thank_you() -> None:
    interview = make_interview(interviewers=[])
    assert next_action(interview, END + timedelta(hours=1)).state is State.DUE
    interview.followups.append(sent("thank_you", END + timedelta(hours=2), to="hr@acme.example"))
    assert next_action(interview, END + timedelta(hours=3)).state is State.WAITING


@pytest.mark.parametrize(
    ("after", "state"),
    [
        (timedelta(days=1), State.WAITING),
        (timedelta(days=7) - timedelta(seconds=1), State.WAITING),
        (timedelta(days=7), State.REMINDER_DUE),
        (timedelta(days=20), State.REMINDER_DUE),
    ],
)
def test_reminder_a_week_after_the_last_followup(after: timedelta, state: State) -> None:
    thanked = END + timedelta(hours=5)
    interview = make_interview(followups=[sent("thank_you", thanked)])
    action = next_action(interview, thanked + after)
    assert action.state is state
    assert action.deadline == thanked + timedelta(days=7)


@pytest.mark.parametrize(
    ("after", "state", "summary"),
    [
        (timedelta(0), State.WAITING, "Waiting for a reply to the reminder"),
        (
            timedelta(days=7) - timedelta(seconds=1),
            State.WAITING,
            "Waiting for a reply to the reminder",
        ),
        (timedelta(days=7), State.NO_REPLY, "No reply; close it?"),
        (timedelta(days=300), State.NO_REPLY, "No reply; close it?"),
    ],
)
def test_after_the_reminder_wait_then_suggest_closing(
    after: timedelta, state: State, summary: str
) -> None:
    """A reminder sent today leaves the interview waiting; it is never closed by the clock."""
    thanked = END + timedelta(hours=5)
    reminded = thanked + timedelta(days=7)
    interview = make_interview(followups=[sent("thank_you", thanked), sent("reminder", reminded)])
    action = next_action(interview, reminded + after)
    assert (action.state, action.summary) == (state, summary)
    assert action.deadline == reminded + timedelta(days=7)
    assert action.kind is None  # nothing more to send


def test_reply_wait_is_a_setting_and_more_reminders_still_allowed() -> None:
    thanked = END + timedelta(hours=5)
    interview = make_interview(
        followups=[sent("thank_you", thanked), sent("reminder", thanked + timedelta(days=7))]
    )
    short = Timing(reply_wait_days=2)
    assert next_action(interview, thanked + timedelta(days=9), short).state is State.NO_REPLY
    assert next_action(interview, thanked + timedelta(days=8), short).state is State.WAITING
    two = Timing(max_reminders=2)
    action = next_action(interview, thanked + timedelta(days=15), two)
    assert action.state is State.REMINDER_DUE


def test_no_reminders_at_all_waits_for_a_reply_to_the_follow_up() -> None:
    thanked = END + timedelta(hours=5)
    interview = make_interview(followups=[sent("thank_you", thanked)])
    action = next_action(interview, thanked + timedelta(days=1), Timing(max_reminders=0))
    assert (action.state, action.summary) == (
        State.WAITING,
        "Waiting for a reply to your follow-up",
    )


PANEL = [
    Interviewer("Dana Smith", "dana@acme.example", "Engineering Manager"),
    Interviewer("Lee Park", "lee@acme.example", "Staff Engineer"),
]


@pytest.mark.parametrize(
    ("people", "followups", "expected"),
    [
        # whoever was thanked last
        (
            PANEL,
            [
                sent("thank_you", END + timedelta(hours=1), "dana@acme.example", "Dana Smith"),
                sent("thank_you", END + timedelta(hours=3), "lee@acme.example", "Lee Park"),
            ],
            ("Lee Park",),
        ),
        # thanked in one email: both of them
        (
            PANEL,
            [sent("thank_you", END + timedelta(hours=1), "dana@acme.example, lee@acme.example")],
            ("Dana Smith", "Lee Park"),
        ),
        # a recruiter recorded: the recruiter
        (
            [*PANEL, Interviewer("Rae Chen", "rae@acme.example", "Technical Recruiter")],
            [sent("thank_you", END + timedelta(hours=1), "", "")],
            ("Rae Chen",),
        ),
        # marked sent for everyone, nobody named: everyone
        (PANEL, [sent("thank_you", END + timedelta(hours=1), "", "")], ("Dana Smith", "Lee Park")),
    ],
)
def test_reminder_names_its_recipients(
    people: list[Interviewer], followups: list[Followup], expected: tuple[str, ...]
) -> None:
    interview = make_interview(interviewers=people, followups=followups)
    action = next_action(interview, END + timedelta(days=9))
    assert action.state is State.REMINDER_DUE
    assert action.owed_to == expected
    assert action.summary == f"Send a brief reminder to {', '.join(expected)}"


def test_a_skipped_thank_you_is_no_longer_owed() -> None:
    skipped = Followup(kind="thank_you", state="skipped", reason="too late")
    interview = make_interview(followups=[skipped])
    action = next_action(interview, END + timedelta(days=30))
    assert action.state is State.WAITING and action.deadline is None
    assert "skipped" in action.summary
    # one of two skipped: the other is still owed
    panel = make_interview(
        interviewers=PANEL,
        followups=[Followup(kind="thank_you", state="skipped", interviewer="Dana Smith")],
    )
    action = next_action(panel, END + timedelta(days=3))
    assert action.state is State.OVERDUE and action.owed_to == ("Lee Park",)


def test_reply_or_outcome_closes() -> None:
    replied = make_interview(response=Response(END + timedelta(days=1)))
    assert next_action(replied, END + timedelta(days=2)).state is State.CLOSED
    offer = make_interview(outcome="offer")
    assert next_action(offer, END + timedelta(days=2)).state is State.CLOSED


def test_custom_timing() -> None:
    timing = Timing(thank_you_ideal_hours=12, thank_you_deadline_hours=24, reminder_after_days=3)
    interview = make_interview()
    assert next_action(interview, END + timedelta(hours=25), timing).state is State.OVERDUE


def test_mixed_offsets_compare_in_absolute_time() -> None:
    tokyo = timezone(timedelta(hours=9))
    interview = make_interview(interview_at=datetime(2026, 11, 24, 22, 0, tzinfo=tokyo))
    # 22:00 in Tokyo is 14:00 CET: the same absolute deadline as START
    now_in_new_york = (END + timedelta(hours=48, seconds=1)).astimezone(
        timezone(timedelta(hours=-5))
    )
    assert next_action(interview, now_in_new_york).state is State.OVERDUE


@pytest.mark.skipif(not hasattr(time, "tzset"), reason="needs tzset")
def test_dst_change_keeps_48_real_hours(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TZ", "America/New_York")
    time.tzset()
    try:
        from followup_tui.core.clock import aware

        # 2026-11-01 02:00 EDT -> 01:00 EST: the clocks go back during the window
        start = aware(datetime(2026, 10, 31, 23, 0))
        assert start.utcoffset() == timedelta(hours=-4)
        interview = make_interview(interview_at=start, duration_minutes=60)
        deadline = next_action(interview, start).deadline
        assert deadline is not None
        assert deadline - (start + timedelta(hours=1)) == timedelta(hours=48)
        local_deadline = deadline.astimezone()
        assert local_deadline.utcoffset() == timedelta(hours=-5)
        assert (local_deadline.hour, local_deadline.minute) == (23, 0)  # wall clock shifted by DST
        assert next_action(interview, deadline + timedelta(seconds=1)).state is State.OVERDUE
    finally:
        os.environ.pop("TZ", None)
        time.tzset()


def test_urgency_order_and_summary() -> None:
    now = END + timedelta(days=3)
    overdue = make_interview(company="Overdue")
    due = make_interview(company="Due", interview_at=now - timedelta(hours=5))
    upcoming = make_interview(company="Upcoming", interview_at=now + timedelta(days=1))
    waiting = make_interview(
        company="Waiting", followups=[sent("thank_you", now - timedelta(days=1))]
    )
    reminder = make_interview(
        company="Reminder", followups=[sent("thank_you", now - timedelta(days=8))]
    )
    closed = make_interview(company="Closed", outcome="rejected")
    earlier_overdue = make_interview(company="Older", interview_at=START - timedelta(days=5))
    pairs = by_urgency([closed, waiting, upcoming, reminder, due, overdue, earlier_overdue], now)
    assert [i.company for i, _ in pairs] == [
        "Older",
        "Overdue",
        "Due",
        "Reminder",
        "Upcoming",
        "Waiting",
        "Closed",
    ]
    tally = counts(a for _, a in pairs)
    assert summary_sentence(tally) == "2 follow-ups overdue, 1 due, 1 reminder due"
    assert summary_sentence(counts([])) == "Nothing due. You're all caught up."


def _change_at(interview: Interview, now: datetime) -> datetime | None:
    return next_change([(Row.of(interview), next_action(interview, now))], now)


def test_next_change_names_each_moment_the_clock_moves_a_state() -> None:
    ahead = make_interview()
    assert _change_at(ahead, START - timedelta(days=1)) == END  # turns due when it ends
    assert _change_at(ahead, END) == END + timedelta(hours=48, microseconds=1)  # then overdue
    assert _change_at(ahead, END + timedelta(hours=49)) is None  # overdue stays overdue
    thanked = END + timedelta(hours=5)
    waiting = make_interview(followups=[sent("thank_you", thanked)])
    assert _change_at(waiting, thanked) == thanked + timedelta(days=7)  # reminder due
    assert _change_at(waiting, thanked + timedelta(days=8)) is None
    replied = make_interview(response=Response(received_at=END, note="yes"))
    assert _change_at(replied, END) is None
    pairs = [(Row.of(item), next_action(item, END)) for item in (ahead, waiting, replied)]
    assert next_change(pairs, END) == END + timedelta(hours=48, microseconds=1)  # the soonest


@settings(max_examples=200, deadline=None)
@given(
    hours_since_end=st.floats(min_value=-72, max_value=24 * 20),
    thanked_after=st.one_of(st.none(), st.floats(min_value=0, max_value=96)),
)
def test_next_change_is_exactly_when_the_state_first_differs(
    hours_since_end: float, thanked_after: float | None
) -> None:
    followups = []
    if thanked_after is not None:
        followups = [sent("thank_you", END + timedelta(hours=thanked_after))]
    interview = make_interview(followups=followups)
    now = END + timedelta(hours=hours_since_end)
    if thanked_after is not None:
        now = max(now, END + timedelta(hours=thanked_after))  # sent in the past
    state = next_action(interview, now).state
    change = _change_at(interview, now)
    if change is None:
        assert next_action(interview, now + timedelta(days=365)).state is state
        return
    assert change > now
    assert next_action(interview, change - timedelta(microseconds=1)).state is state
    assert next_action(interview, change).state is not state


@settings(max_examples=150, deadline=None)
@given(
    hours=st.lists(st.integers(min_value=-24 * 12, max_value=48), min_size=0, max_size=12),
    thanked=st.lists(st.booleans(), min_size=12, max_size=12),
    edits=st.dictionaries(st.integers(0, 11), st.integers(-24 * 12, 48), max_size=4),
    gone=st.sets(st.integers(0, 11), max_size=4),
    added=st.lists(st.integers(-24 * 12, 48), max_size=3),
)
def test_with_changes_gives_the_schedule_worked_out_from_scratch(
    hours: list[int],
    thanked: list[bool],
    edits: dict[int, int],
    gone: set[int],
    added: list[int],
) -> None:
    now = END + timedelta(days=3)

    def interview(key: str, hours_before: int, was_thanked: bool) -> Interview:
        start = now - timedelta(hours=hours_before)
        done = [sent("thank_you", start + timedelta(hours=2))] if was_thanked else []
        if done and start + timedelta(hours=2) > now:
            done = []
        return make_interview(id=key, company=f"Co {key}", interview_at=start, followups=done)

    before = {f"i{n}": interview(f"i{n}", h, thanked[n]) for n, h in enumerate(hours)}
    changed = [interview(f"i{n}", h, not thanked[n]) for n, h in edits.items() if f"i{n}" in before]
    changed += [interview(f"new{n}", h, False) for n, h in enumerate(added)]
    removed = {f"i{n}" for n in gone} - {item.id for item in changed}
    after = dict(before)
    after.update({item.id: item for item in changed})
    for key in removed:
        after.pop(key, None)

    rows = {key: Row.of(item) for key, item in after.items()}
    pairs = rank([Row.of(item) for item in before.values()], now)
    got = with_changes(pairs, [rows[item.id] for item in changed], removed, now)
    want = by_urgency(after.values(), now)
    assert [(row.id, action) for row, action in got] == [(item.id, action) for item, action in want]
    assert all(row is rows[row.id] for row, _ in got if row.id in {c.id for c in changed})
