"""The matcher as a table: which message is a reply, a thank-you sent elsewhere, or nothing."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest

from followup_tui.core.model import Followup, Interview, Interviewer
from followup_tui.inbox.headers import BrokenMessageError, Headers, build, from_bytes
from followup_tui.inbox.matching import find
from tests.conftest import CET, make_interview
from tests.mailboxes import message

ME = "me@home.example"
SENT_AT = datetime(2026, 11, 24, 18, 0, tzinfo=CET)
AFTER = SENT_AT + timedelta(hours=16)
BEFORE = SENT_AT - timedelta(hours=1)


def interview(*, sent: bool = True, replied: bool = False, outcome: str = "") -> Interview:
    item = make_interview(
        id="acme",
        interviewers=[
            Interviewer("Dana Reyes", "dana@acme.example"),
            Interviewer("Tom Becker", "tom@acme.example"),
        ],
        outcome=outcome,
    )
    if sent:
        item.followups.append(
            Followup(
                to="dana@acme.example, tom@acme.example",
                subject="Thank you",
                state="sent",
                sent_at=SENT_AT,
                message_id="<ty@home.example>",
            )
        )
    if replied:
        from followup_tui.core.model import Response

        item.response = Response(received_at=SENT_AT)
    return item


def mail(
    sender: str,
    when: datetime | None = AFTER,
    *,
    to: str = ME,
    thread: str = "",
    auto: bool = False,
    mid: str = "<m@x>",
) -> Headers:
    fields = {"from": sender, "to": to, "subject": "Re: Thank you", "message-id": mid}
    if when is not None:
        fields["date"] = when.strftime("%a, %d %b %Y %H:%M:%S %z")
    if thread:
        fields["in-reply-to"] = thread
    if auto:
        fields["auto-submitted"] = "auto-replied"
    return build(fields, "INBOX")


CASES = [
    # (what, interview, message, expected (kind, strength) or None)
    (
        "thread reply",
        interview(),
        mail("x@else.example", thread="<ty@home.example>"),
        ("reply", "thread"),
    ),
    ("from the interviewer", interview(), mail("Dana <dana@acme.example>"), ("reply", "sender")),
    ("same domain only", interview(), mail("hr@acme.example"), ("reply", "domain")),
    ("a shared-domain stranger", interview(), mail("bob@gmail.com"), None),
    (
        "from the interviewer, before the follow-up",
        interview(),
        mail("dana@acme.example", BEFORE),
        None,
    ),
    ("from the interviewer, no date", interview(), mail("dana@acme.example", None), None),
    (
        "from the interviewer, nothing sent yet",
        interview(sent=False),
        mail("dana@acme.example"),
        None,
    ),
    (
        "an auto-reply in the thread",
        interview(),
        mail("dana@acme.example", thread="<ty@home.example>", auto=True),
        None,
    ),
    (
        "my own message in the thread",
        interview(),
        mail(ME, thread="<ty@home.example>", to="x@y.example"),
        None,
    ),
    ("already replied", interview(replied=True), mail("dana@acme.example"), None),
    ("closed with an outcome", interview(outcome="rejected"), mail("dana@acme.example"), None),
    (
        "my thank-you sent elsewhere",
        interview(sent=False),
        mail(ME, BEFORE, to="Dana <dana@acme.example>"),
        ("sent", "sender"),
    ),
    (
        "my mail before the interview",
        interview(sent=False),
        mail(ME, datetime(2026, 11, 20, tzinfo=CET), to="dana@acme.example"),
        None,
    ),
    ("my mail to someone else", interview(sent=False), mail(ME, BEFORE, to="x@else.example"), None),
    (
        "the thank-you the app sent, in Sent",
        interview(),
        mail(ME, SENT_AT, to="dana@acme.example", mid="<ty@home.example>"),
        None,
    ),
]


@pytest.mark.parametrize(("what", "item", "message_", "expected"), CASES, ids=[c[0] for c in CASES])
def test_matching_table(
    what: str, item: Interview, message_: Headers, expected: tuple[str, str] | None
) -> None:
    found = find([item], [message_], [ME])
    got = [(f.kind, f.strength) for f in found]
    assert got == ([expected] if expected else []), what
    if expected:
        assert found[0].acts is (expected[1] != "domain")


def test_thank_you_then_its_reply_in_one_scan() -> None:
    item = interview(sent=False)
    sent = mail(ME, BEFORE, to="dana@acme.example", mid="<mine@home.example>")
    reply = mail("dana@acme.example", AFTER, thread="<mine@home.example>", mid="<r@acme>")
    found = find([item], [reply, sent], [ME])
    assert [(f.kind, f.strength, f.people) for f in found] == [
        ("sent", "sender", ("Dana Reyes",)),
        ("reply", "thread", ("Dana Reyes",)),
    ]


def test_ignored_messages_are_never_found_again() -> None:
    assert find([interview()], [mail("dana@acme.example")], [ME], ignored=["<m@x>"]) == []


def test_a_sender_reply_goes_to_the_latest_interview_with_that_person() -> None:
    first = interview()
    second = interview()
    second.id = "acme-2"
    second.followups[0].sent_at = SENT_AT + timedelta(hours=2)
    [found] = find([first, second], [mail("dana@acme.example")], [ME])
    assert found.interview_id == "acme-2"


@pytest.mark.parametrize(
    ("headers", "auto"),
    [
        ({"Auto-Submitted": "auto-replied"}, True),
        ({"Auto-Submitted": "no"}, False),
        ({"X-Autoreply": "yes"}, True),
        ({"Precedence": "bulk"}, True),
        ({"List-Id": "<jobs.list.example>"}, True),
        ({"Subject": "Out of Office: back Monday"}, True),
        ({"Subject": "Automatic reply: Thank you"}, True),
        ({"Subject": "Re: Thank you"}, False),
    ],
)
def test_auto_replies(headers: dict[str, str], auto: bool) -> None:
    subject = headers.pop("Subject", "Hello")
    data = message("dana@acme.example", ME, subject, AFTER, "<a@acme>", headers=headers)
    assert from_bytes(data).auto is auto


def test_headers_are_decoded_and_broken_ones_refused() -> None:
    data = message(
        "=?utf-8?q?Ren=C3=A9e_Dubois?= <renee@acme.example>", ME, "Merci", AFTER, "<x@acme>"
    )
    parsed = from_bytes(data)
    assert parsed.from_name == "Renée Dubois" and parsed.from_address == "renee@acme.example"
    assert parsed.date == AFTER
    with pytest.raises(BrokenMessageError):
        from_bytes(b"Subject: nobody sent this\n\nbody")
    with pytest.raises(BrokenMessageError):
        from_bytes(b"")
