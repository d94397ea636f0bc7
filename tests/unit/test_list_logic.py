"""The list's Textual-free logic: filter tokens, sort orders, undo stack, rounds, actions."""

from __future__ import annotations

from datetime import timedelta

import pytest

from followup_tui.core import actions
from followup_tui.core.model import Followup, Interview, Interviewer, Response
from followup_tui.core.rounds import first_round_id, link, next_round, rounds_of
from followup_tui.core.rows import Row, rank
from followup_tui.core.schedule import State, next_action
from followup_tui.core.search import ListFilter, Query, parse_query
from followup_tui.core.sorting import SORT_KEYS, next_sort, sort_pairs
from followup_tui.core.undo import Change, Step, UndoStack
from tests.conftest import NOW, make_interview

DAY = timedelta(days=1)


@pytest.mark.parametrize(
    ("text", "query"),
    [
        ("", Query()),
        ("acme eng", Query(words=("acme", "eng"))),
        ("state:overdue", Query(states=("overdue",))),
        ("State:Reminder-Due acme", Query(words=("acme",), states=("reminder due",))),
        ("company:acme person:dana", Query(companies=("acme",), people=("dana",))),
        ("state: re:billing", Query(words=("state:", "re:billing"))),
    ],
)
def test_parse_query(text: str, query: Query) -> None:
    assert parse_query(text) == query


def _home() -> list[Interview]:
    overdue = make_interview(company="Acme", interview_at=NOW - 5 * DAY)
    due = make_interview(
        company="Globex",
        interview_at=NOW - timedelta(hours=3),
        interviewers=[Interviewer("Lee Park", "lee@globex.example")],
    )
    upcoming = make_interview(company="Acme Labs", position="SRE", interview_at=NOW + 2 * DAY)
    closed = make_interview(company="Initech", interview_at=NOW - 20 * DAY)
    closed.response = Response(received_at=NOW - 10 * DAY)
    for number, item in enumerate((overdue, due, upcoming, closed)):
        item.id = f"i{number}"
    return [overdue, due, upcoming, closed]


@pytest.mark.parametrize(
    ("text", "show_closed", "ids"),
    [
        ("state:overdue", False, ["i0"]),
        ("state:due", False, ["i1"]),
        ("state:up", False, ["i2"]),
        ("state:closed", False, ["i3"]),  # asked for by name: shown though hidden
        ("company:acme", True, ["i0", "i2"]),
        ("company:acme sre", True, ["i2"]),
        ("person:lee", True, ["i1"]),
        ("person:dana state:overdue", True, ["i0"]),
        ("company:nobody", True, []),
    ],
)
def test_filter_tokens(text: str, show_closed: bool, ids: list[str]) -> None:
    pairs = rank([Row.of(item) for item in _home()], NOW)
    shown = ListFilter().apply(pairs, parse_query(text), show_closed)
    assert [row.id for row, _ in shown] == ids


def test_filter_narrowing_with_tokens_matches_a_fresh_search() -> None:
    pairs = rank([Row.of(item) for item in _home()], NOW)
    kept = ListFilter()
    for text in ("company:a", "company:a s", "company:a sr", "company:ac sr", "person:d"):
        assert kept.apply(pairs, parse_query(text), True) == ListFilter().apply(
            pairs, parse_query(text), True
        )


def test_sort_orders() -> None:
    home = _home()
    home[1].followups.append(
        Followup(kind="thank_you", state="sent", sent_at=NOW - timedelta(hours=1), subject="s")
    )
    pairs = rank([Row.of(item) for item in home], NOW)
    order = {key: [row.id for row, _ in sort_pairs(pairs, key)] for key in SORT_KEYS}
    assert order["urgency"] == [row.id for row, _ in pairs]
    assert order["date"] == ["i2", "i1", "i0", "i3"]
    assert order["company"] == ["i0", "i2", "i1", "i3"]
    assert order["activity"] == ["i2", "i1", "i0", "i3"]  # the upcoming one ends latest
    assert [next_sort(key) for key in SORT_KEYS] == [*SORT_KEYS[1:], SORT_KEYS[0]]
    assert next_sort("nonsense") == "urgency"


def test_activity_puts_the_latest_send_or_reply_first() -> None:
    home = _home()[:2] + [_home()[3]]  # the upcoming one would be "latest" by its end
    home[0].followups.append(
        Followup(kind="thank_you", state="sent", sent_at=NOW - timedelta(minutes=5), subject="s")
    )
    pairs = rank([Row.of(item) for item in home], NOW)
    assert [row.id for row, _ in sort_pairs(pairs, "activity")] == ["i0", "i1", "i3"]


def test_undo_stack_is_last_in_first_out_and_bounded() -> None:
    stack = UndoStack(limit=3)
    assert stack.pop() is None and stack.peek() is None
    for number in range(5):
        stack.push(Change(f"change {number}", (Step(f"i{number}", None),)))
    assert len(stack) == 3
    latest = stack.pop()
    assert latest is not None and latest.what == "change 4"
    stack.put_back(latest)
    assert [stack.pop().what for _ in range(3)] == ["change 4", "change 3", "change 2"]  # type: ignore[union-attr]
    assert stack.pop() is None


def test_next_round_carries_the_application_over_and_links_to_the_first() -> None:
    first = make_interview(id="2026-11-24-acme", location="Berlin")
    second = next_round(first, NOW)
    assert (second.company, second.position, second.location) == ("Acme", first.position, "Berlin")
    assert [p.name for p in second.interviewers] == [p.name for p in first.interviewers]
    assert second.interviewers[0] is not first.interviewers[0]
    assert (second.round, second.first_round, second.id) == (2, "2026-11-24-acme", "")
    assert second.interview_at > NOW and not second.followups and second.response is None
    second.id = "2026-12-08-acme"
    assert link(first, second.id) and not link(first, second.id)
    third = next_round(second, NOW)
    assert (third.round, third.first_round) == (3, "2026-11-24-acme")
    third.id = "2026-12-15-acme"
    link(first, third.id)
    found = {item.id: item for item in (first, second, third)}
    for each in (first, second, third):
        assert [item.round for item in rounds_of(each, found.get)] == [1, 2, 3]
        assert first_round_id(each) == "2026-11-24-acme"
    # the first one gone: a later round still shows itself
    assert [item.id for item in rounds_of(third, lambda _: None)] == [third.id]


def test_reply_outcome_enriches_the_recorded_reply() -> None:
    interview = make_interview()
    found = actions.mark_replied(interview, NOW - DAY)  # e.g. found in the mailbox
    again = actions.mark_replied(interview, NOW, "second round Tuesday", "next_round")
    assert again is found and again.received_at == NOW - DAY
    assert (again.outcome, again.note) == ("next_round", "second round Tuesday")
    with pytest.raises(ValueError, match="unknown outcome"):
        actions.mark_replied(interview, NOW, outcome="maybe")
    data = interview.to_dict()
    assert data["response"]["outcome"] == "next_round"
    assert Interview.from_dict(data, interview.id).response == again


def test_skip_clears_the_owed_thank_you_and_keeps_the_reason() -> None:
    interview = make_interview(interview_at=NOW - 5 * DAY)
    assert next_action(interview, NOW).state is State.OVERDUE
    records = actions.skip_thank_you(interview, NOW, "too late")
    assert [(r.state, r.reason, r.interviewer) for r in records] == [
        ("skipped", "too late", "Dana Reyes")
    ]
    assert next_action(interview, NOW).state is State.WAITING
    again = Interview.from_dict(interview.to_dict(), "x")
    assert again.followups[0].reason == "too late"
    assert next_action(again, NOW).state is State.WAITING


def test_close_without_reply() -> None:
    interview = make_interview()
    actions.close_without_reply(interview)
    assert next_action(interview, NOW).state is State.CLOSED


@pytest.mark.parametrize(
    ("address", "problem"),
    [
        ("", ""),
        ("dana@acme.example", ""),
        ("d.reyes+jobs@mail.acme.co.uk", ""),
        ("bob@", "needs a domain after the @"),
        ("bob@acme", "needs a domain after the @"),
        ("bob@acme.", "needs a domain after the @"),
        ("@acme.example", "missing the part before the @"),
        ("bob", "missing the part before the @"),
        ("a@b@acme.example", "more than one @"),
        ("bob smith@acme.example", "not one email address"),
        ("Bob <bob@acme.example>", "not one email address"),
    ],
)
def test_email_problem(address: str, problem: str) -> None:
    from followup_tui.core.addresses import email_problem

    found = email_problem(address)
    assert (problem in found) if problem else found == ""
    if problem:
        assert found.endswith("use name@example.com.")
