"""Every check, table-driven: at least three good and three bad drafts each."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

import pytest

from followup_tui.checks import DraftInput, Status, run_checks
from followup_tui.checks.personal import check_personal
from followup_tui.checks.proofread import check_proofread
from followup_tui.checks.recipient import check_ready
from followup_tui.checks.rules import (
    check_concise,
    check_gratitude,
    check_interest,
    check_subject,
    check_timing,
)
from followup_tui.checks.tone import check_tone
from followup_tui.core.model import Followup
from followup_tui.storage.config import Profile
from tests.conftest import CET, NOW, make_interview
from tests.unit.checks_data import (
    FILLED_BODY,
    GUIDE_BODY,
    GUIDE_SUBJECT,
    REMINDER_BODY,
    draft,
    filled_followup,
    panel_interview,
    with_body,
    with_subject,
    words,
)

ENDS = make_interview().ends_at  # 2026-11-24 15:00 CET


def sent_thank_you(days_ago: float) -> Followup:
    when = NOW - timedelta(days=days_ago)
    return Followup(
        kind="thank_you",
        to="dana@acme.example",
        subject="Thanks",
        body="x",
        state="sent",
        sent_at=when,
        interviewer="Dana Reyes",
    )


def reminder(days_since_thanks: float | None) -> DraftInput:
    sent = [] if days_since_thanks is None else [sent_thank_you(days_since_thanks)]
    interview = make_interview(interview_at=NOW - timedelta(days=20), followups=sent)
    followup = filled_followup(
        kind="reminder", subject="Following up - Sam Lee, Backend Engineer", body=REMINDER_BODY
    )
    return draft(followup, interview=interview)


TIMING = [
    ("thank-you 2 h after", draft(now=ENDS + timedelta(hours=2)), Status.PASS, "Within 24"),
    ("thank-you 23 h after", draft(now=ENDS + timedelta(hours=23)), Status.PASS, "Within"),
    ("thank-you 30 h after", draft(now=ENDS + timedelta(hours=30)), Status.PASS, "Send today"),
    ("thank-you 47 h after", draft(now=ENDS + timedelta(hours=47)), Status.PASS, "Send today"),
    ("thank-you 3 days after", draft(now=ENDS + timedelta(days=3)), Status.WARN, "Late, but"),
    ("thank-you 10 days after", draft(now=ENDS + timedelta(days=10)), Status.WARN, "Late"),
    ("before it ends", draft(now=ENDS - timedelta(minutes=10)), Status.FAIL, "not ended"),
    ("the day before", draft(now=ENDS - timedelta(days=1)), Status.FAIL, "not ended"),
    ("reminder after 8 days", reminder(8), Status.PASS, "About a week"),
    ("reminder after 7 days", reminder(7), Status.PASS, "About a week"),
    ("reminder after 3 days", reminder(3), Status.FAIL, "Too soon"),
    ("reminder hours after", reminder(0.1), Status.FAIL, "went out today "),
    ("reminder a day after", reminder(1), Status.FAIL, "went out yesterday "),
    ("reminder with nothing sent", reminder(None), Status.FAIL, "send the thank-you first"),
]


@pytest.mark.parametrize(
    ("label", "given", "status", "phrase"), TIMING, ids=[row[0] for row in TIMING]
)
def test_timing(label: str, given: DraftInput, status: Status, phrase: str) -> None:
    # The window alone: the body's "on Tuesday" is checked by the timing-word tests.
    body = given.followup.body.replace(" on Tuesday", "")
    result = check_timing(replace(given, followup=replace(given.followup, body=body)))
    assert result.status is status
    assert phrase in result.reason


SUBJECTS = [
    ("guide form", "Thank You - Sam Lee Interview for Backend Engineer", Status.PASS, ""),
    ("thanks lower case", "thanks from Sam Lee: backend engineer interview", Status.PASS, ""),
    ("grateful, surname", "Grateful for the Backend Engineer interview - Lee", Status.PASS, ""),
    ("empty", "", Status.FAIL, "Add a subject"),
    ("blank", "   ", Status.FAIL, "Add a subject"),
    ("no thanks: a warning", "Sam Lee - Backend Engineer interview", Status.WARN, "thank-you"),
    ("vague", "Following up", Status.FAIL, "too vague"),
    ("bare Re:", "Re:", Status.FAIL, "too vague"),
    ("hi", "Hi!", Status.FAIL, "too vague"),
    ("no position", "Thank you from Sam Lee", Status.FAIL, "Backend Engineer"),
    ("guide placeholders", GUIDE_SUBJECT, Status.FAIL, "position"),
    ("no name", "Thank you - Backend Engineer interview", Status.WARN, "your name"),
    (
        "too long",
        "Thank You - Sam Lee Interview for Backend Engineer on Tuesday afternoon in the office",
        Status.WARN,
        "characters",
    ),
]


@pytest.mark.parametrize(
    ("label", "subject", "status", "phrase"), SUBJECTS, ids=[row[0] for row in SUBJECTS]
)
def test_subject(label: str, subject: str, status: Status, phrase: str) -> None:
    result = check_subject(with_subject(subject))
    assert result.status is status
    assert phrase.lower() in result.reason.lower()
    if status is not Status.PASS:
        assert result.field == "subject"


def test_reminder_subject_needs_its_purpose() -> None:
    good = reminder(8)
    assert check_subject(good).status is Status.PASS
    bad = draft(
        filled_followup(kind="reminder", subject="Sam Lee - Backend Engineer"),
        interview=good.interview,
    )
    assert check_subject(bad).status is Status.WARN
    assert "following up" in check_subject(bad).reason


def test_subject_without_a_profile_name_asks_for_it() -> None:
    result = check_subject(draft(profile=Profile()))
    assert result.status is Status.WARN
    assert "[profile] name" in result.reason


PANEL = panel_interview()
PERSONAL = [
    ("filled guide", draft(), Status.PASS, "Greets Dana"),
    (
        "surname greeting",
        with_body("Dear Ms. Reyes,\n\nThe on-call rotation talk was great."),
        Status.PASS,
        "",
    ),
    (
        "initiative only",
        with_body("Hello Dana,\nThe billing platform rewrite sounds great."),
        Status.PASS,
        "",
    ),
    ("panel, right person", draft(filled_followup(), interview=PANEL), Status.PASS, ""),
    (
        "panel, greets the other",
        draft(filled_followup(body=FILLED_BODY.replace("Dana", "Tom", 1)), interview=PANEL),
        Status.FAIL,
        "Greets Tom Becker",
    ),
    (
        "no name",
        with_body("Dear Sir or Madam,\nThe on-call rotation talk was great."),
        Status.FAIL,
        "Greet Dana Reyes",
    ),
    ("guide greeting", with_body(GUIDE_BODY), Status.FAIL, "Greet Dana Reyes"),
    ("no topic", with_body("Dear Dana,\nThank you for your time."), Status.FAIL, "Refer to"),
    ("empty", with_body(""), Status.FAIL, "Greet"),
    (
        "no one chosen on a panel",
        draft(filled_followup(interviewer="", to=""), interview=PANEL),
        Status.WARN,
        "Choose which interviewer",
    ),
]


@pytest.mark.parametrize(
    ("label", "given", "status", "phrase"), PERSONAL, ids=[row[0] for row in PERSONAL]
)
def test_personal(label: str, given: DraftInput, status: Status, phrase: str) -> None:
    result = check_personal(given)
    assert result.status is status, result.reason
    assert phrase in result.reason


def test_wrong_panel_member_points_at_the_greeting() -> None:
    body = "Dear Tom,\n\nThanks for the chat about the on-call rotation."
    result = check_personal(draft(filled_followup(body=body), interview=PANEL))
    assert (result.field, result.start, result.end) == ("body", 0, len("Dear Tom,"))


def test_addressed_by_email_picks_the_interviewer() -> None:
    followup = filled_followup(interviewer="", to="tom@acme.example")
    result = check_personal(draft(followup, interview=PANEL))
    assert result.status is Status.FAIL
    assert "Greets Dana Reyes, but this draft is for Tom Becker" in result.reason


INTEREST = [
    ("filled guide", FILLED_BODY, Status.PASS),
    (
        "excited + bring",
        "I am excited about the role and would bring my Go experience.",
        Status.PASS,
    ),
    ("keen + contribute", "I remain keen to join and to contribute to the rewrite.", Status.PASS),
    ("eager + work on", "I am eager to start working on the billing platform.", Status.PASS),
    ("nothing", "Thank you for your time yesterday.", Status.FAIL),
    ("empty", "", Status.FAIL),
    ("only about them", "Your team seems great and the office is nice.", Status.FAIL),
    ("interest without contribution", "I am very interested in the role.", Status.WARN),
]


@pytest.mark.parametrize(("label", "body", "status"), INTEREST, ids=[r[0] for r in INTEREST])
def test_interest(label: str, body: str, status: Status) -> None:
    assert check_interest(with_body(body)).status is status


def test_reminder_interest_recalls_the_previous_email() -> None:
    assert check_interest(reminder(8)).status is Status.PASS
    body = "Dear Dana,\nI am still interested in the role.\nSam Lee"
    given = draft(filled_followup(kind="reminder", body=body), interview=reminder(8).interview)
    result = check_interest(given)
    assert result.status is Status.WARN
    assert "previous email" in result.reason


GRATITUDE = [
    ("thank you", "Thank you for meeting with me.", Status.PASS),
    ("thanks", "Many thanks for your time on Tuesday.", Status.PASS),
    ("appreciate", "I really appreciate the time you took.", Status.PASS),
    ("grateful", "I am grateful for the conversation.", Status.PASS),
    ("none", "I enjoyed our conversation.", Status.FAIL),
    ("empty", "", Status.FAIL),
    ("thankless", "I look forward to hearing from you.", Status.FAIL),
]


@pytest.mark.parametrize(("label", "body", "status"), GRATITUDE, ids=[r[0] for r in GRATITUDE])
def test_gratitude(label: str, body: str, status: Status) -> None:
    assert check_gratitude(with_body(body)).status is status


def test_reminder_without_thanks_is_only_a_warning() -> None:
    given = reminder(8)
    bad = draft(
        filled_followup(kind="reminder", body="Dear Dana,\nAny news?\nSam"),
        interview=given.interview,
    )
    assert check_gratitude(bad).status is Status.WARN


CONCISE = [
    ("filled guide", draft(), Status.PASS),
    ("150 words", with_body("\n\n".join([words(50)] * 3)), Status.PASS),
    ("200 words", with_body("\n\n".join([words(50)] * 4)), Status.PASS),
    (
        "raised limit",
        draft(filled_followup(body=words(250)), max_words_thank_you=300),
        Status.WARN,
    ),  # within the limit, but one 250-word paragraph
    ("300 words", with_body(words(300)), Status.FAIL),
    ("201 words", with_body(words(201)), Status.FAIL),
    ("empty", with_body(""), Status.FAIL),
    (
        "reminder of 150 words",
        draft(filled_followup(kind="reminder", body=words(150))),
        Status.FAIL,
    ),
    ("one long paragraph", with_body(words(95)), Status.WARN),
]


@pytest.mark.parametrize(("label", "given", "status"), CONCISE, ids=[r[0] for r in CONCISE])
def test_concise(label: str, given: DraftInput, status: Status) -> None:
    assert check_concise(given).status is status


def test_three_hundred_words_fail_with_the_count() -> None:
    result = check_concise(with_body(words(300)))
    assert result.reason == "300 words; cut it to 200 or fewer."


TONE = [
    ("filled guide", FILLED_BODY, Status.PASS, None),
    ("one exclamation", "Dear Dana,\nThank you so much!\nSam Lee", Status.PASS, None),
    (
        "known acronym",
        "Dear Dana,\nThe SLO work on the ACME platform was great.",
        Status.PASS,
        None,
    ),
    ("hey", "Hey Dana,\nThanks for the chat.", Status.FAIL, "Hey"),
    ("yo", "Yo Dana,\nThanks.", Status.FAIL, "Yo"),
    ("emoji", "Dear Dana,\nThanks for the chat 🙂", Status.FAIL, "🙂"),
    ("smiley", "Dear Dana,\nThanks for the chat :)", Status.FAIL, ":)"),
    ("double bang", "Dear Dana,\nThanks so much!!", Status.FAIL, "!!"),
    ("shouting", "Dear Dana,\nI am REALLY excited.", Status.FAIL, "REALLY"),
    ("gonna", "Dear Dana,\nI'm gonna be a great fit.", Status.FAIL, "gonna"),
    ("pleading", "Dear Dana,\nPlease hire me, I need this job.", Status.FAIL, "Please hire me"),
    ("begging", "Dear Dana,\nI am begging you to reconsider.", Status.FAIL, "begging"),
    ("many exclamations", "Dear Dana,\nGreat chat! Loved it! See you!", Status.WARN, "!"),
]


@pytest.mark.parametrize(("label", "body", "status", "marked"), TONE, ids=[r[0] for r in TONE])
def test_tone(label: str, body: str, status: Status, marked: str | None) -> None:
    result = check_tone(with_body(body))
    assert result.status is status, result.reason
    if marked is not None:
        assert result.start is not None and result.end is not None
        assert body[result.start : result.end] == marked


PROOFREAD = [
    ("filled guide", draft(), Status.PASS, None),
    (
        "names are not typos",
        with_body(
            "Dear Ms. Reyes,\nThanks to you and Tom Becker. Acme's work on the billing rewrite "
            "is impressive.\nSam Lee"
        ),
        Status.PASS,
        None,
    ),
    (
        "user dictionary",
        draft(
            filled_followup(body="Dear Dana,\nI love Grafana dashboards."),
            dictionary=frozenset({"grafana"}),
        ),
        Status.PASS,
        None,
    ),
    (
        "emails and links skipped",
        with_body("Dear Dana,\nMy repo is at https://example.com/sl/xyzzyq and sam@exmple.com."),
        Status.PASS,
        None,
    ),
    (
        "guide placeholders",
        draft(filled_followup(subject=GUIDE_SUBJECT, body=GUIDE_BODY)),
        Status.FAIL,
        "Your Name",
    ),
    (
        "template braces",
        with_body("Dear {{ interviewer.first_name }},"),
        Status.FAIL,
        "{{ interviewer.first_name }}",
    ),
    ("bracket", with_body("Dear Dana,\nI liked [topic]."), Status.FAIL, "[topic]"),
    ("citation", with_body(FILLED_BODY.replace("rewrite as", "rewrite [1] as")), Status.PASS, None),
    ("todo", with_body("Dear Dana,\nTODO mention the rewrite."), Status.FAIL, "TODO"),
    ("doubled word", with_body("Dear Dana,\nThanks for the the chat."), Status.FAIL, "the the"),
    (
        "typo",
        with_body("Dear Dana,\nI look forward to recieving your answer."),
        Status.FAIL,
        "recieving",
    ),
    (
        "typo in subject",
        with_subject("Thank you - Sam Lee Interveiw for Backend Engineer"),
        Status.FAIL,
        "Interveiw",
    ),
    ("double space", with_body("Dear Dana,\nThanks for  the chat."), Status.WARN, "  "),
]


@pytest.mark.parametrize(
    ("label", "given", "status", "marked"), PROOFREAD, ids=[r[0] for r in PROOFREAD]
)
def test_proofread(label: str, given: DraftInput, status: Status, marked: str | None) -> None:
    result = check_proofread(given)
    assert result.status is status, result.reason
    if marked is not None:
        text = given.followup.subject if result.field == "subject" else given.followup.body
        assert result.start is not None and result.end is not None
        assert text[result.start : result.end] == marked


def test_misspelling_offers_a_suggestion() -> None:
    result = check_proofread(with_body("Dear Dana,\nI look forward to recieving your answer."))
    assert "did you mean 'receiving'?" in result.reason
    assert [(f.kind, f.text, f.suggestion) for f in result.findings] == [
        ("spelling", "recieving", "receiving")
    ]


def test_names_of_people_company_position_topics_are_never_flagged() -> None:
    interview = make_interview(
        company="Zyxplor",
        position="Kwisatz Engineer",
        topics=["the Flembix migration"],
        interviewers=[make_interview().interviewers[0].__class__("Siobhan Ó Dálaigh", "s@z.io")],
    )
    body = (
        "Dear Siobhan Ó Dálaigh,\nThank you for the Kwisatz Engineer interview at Zyxplor; "
        "the Flembix migration is exciting.\nSam Lee"
    )
    result = check_proofread(
        draft(filled_followup(body=body, interviewer="Siobhan Ó Dálaigh"), interview=interview)
    )
    assert result.status is Status.PASS, result.reason


READY = [
    ("filled guide", draft(), Status.PASS),
    ("two addresses", draft(filled_followup(to="dana@acme.example, hr@acme.example")), Status.PASS),
    ("signed first name", with_body(FILLED_BODY.replace("Sam Lee", "Sam")), Status.PASS),
    ("no address", draft(filled_followup(to="")), Status.FAIL),
    ("not an address", draft(filled_followup(to="dana at acme")), Status.FAIL),
    ("no domain dot", draft(filled_followup(to="dana@acme")), Status.FAIL),
    ("unsigned", with_body(FILLED_BODY.replace("Sam Lee", "")), Status.FAIL),
    ("guide signature", with_body(GUIDE_BODY), Status.FAIL),
    ("other person's address", draft(filled_followup(to="someone@else.example")), Status.WARN),
]


@pytest.mark.parametrize(("label", "given", "status"), READY, ids=[r[0] for r in READY])
def test_ready(label: str, given: DraftInput, status: Status) -> None:
    assert check_ready(given).status is status


def test_bad_address_is_marked_in_the_to_field() -> None:
    given = draft(filled_followup(to="dana@acme.example, oops"))
    result = check_ready(given)
    assert (result.field, result.start, result.end) == ("to", 19, 23)


def test_guide_example_filled_in_passes_every_check() -> None:
    results = run_checks(draft())
    automatic = [r for r in results if r.status is not Status.MANUAL]
    assert [(r.id, r.status) for r in automatic if r.status is not Status.PASS] == []
    assert [r.id for r in automatic] == [
        "timing",
        "subject",
        "personal",
        "interest",
        "gratitude",
        "concise",
        "tone",
        "proofread",
        "ready",
    ]


def test_guide_example_with_placeholders_fails_the_placeholder_check() -> None:
    results = run_checks(draft(filled_followup(subject=GUIDE_SUBJECT, body=GUIDE_BODY)))
    proofread = next(r for r in results if r.id == "proofread")
    assert proofread.status is Status.FAIL
    assert "placeholder" in proofread.reason


def test_interview_in_another_timezone_still_times_right() -> None:
    interview = make_interview(interview_at=NOW.astimezone(CET) - timedelta(hours=3))
    followup = filled_followup(body=FILLED_BODY.replace(" on Tuesday", " today"))
    assert check_timing(draft(followup, interview=interview)).status is Status.PASS
