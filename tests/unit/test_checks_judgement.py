"""The classes of misjudgement the checklist used to make, one table each."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest

from followup_tui.checks import Status, settings_from_config
from followup_tui.checks.dictionary import classify
from followup_tui.checks.names import greeted_as, greets_other
from followup_tui.checks.personal import check_personal
from followup_tui.checks.phrases import find_interest, find_thanks
from followup_tui.checks.placeholders import placeholders
from followup_tui.checks.proofread import check_proofread
from followup_tui.checks.recipient import check_ready
from followup_tui.checks.rules import check_timing
from followup_tui.core.model import Interviewer
from followup_tui.storage.config import Config, ConfigError
from tests.conftest import CET, make_interview
from tests.unit.checks_data import FILLED_BODY, draft, filled_followup, panel_interview, with_body

SPELLING = [
    ("British -ise", "prioritises", "both", "ok"),
    ("British -our", "colour", "both", "ok"),
    ("British -re", "centre", "both", "ok"),
    ("British -mme", "programme", "both", "ok"),
    ("British -yse", "analysed", "both", "ok"),
    ("British possessive", "organisation's", "both", "ok"),
    ("American", "color", "both", "ok"),
    ("tech word", "kubernetes", "both", "ok"),
    ("tech plural", "webhooks", "both", "ok"),
    ("misspelling list", "recieve", "both", "typo"),
    ("close to a common word", "experiance", "both", "typo"),
    ("rare, far from anything", "zorbulon", "both", "unknown"),
    ("British in en_US", "colour", "en_US", "variant"),
    ("American in en_GB", "color", "en_GB", "variant"),
    ("-ize is fine in en_GB (Oxford)", "organize", "en_GB", "ok"),
]


@pytest.mark.parametrize(("label", "word", "setting", "verdict"), SPELLING)
def test_spelling_verdicts(label: str, word: str, setting: str, verdict: str) -> None:
    assert classify(word, setting).status == verdict


def test_british_words_are_never_corrected_into_american() -> None:
    body = FILLED_BODY.replace("enthusiasm", "enthusiasm for the organisation's programme")
    assert check_proofread(with_body(body)).status is Status.PASS


def test_recorded_names_are_known_with_possessives_and_either_apostrophe() -> None:
    interview = make_interview(
        company="Zyxwares",
        interviewers=[Interviewer("Siobhán O’Brien", "s@zyx.example")],
    )
    body = "Dear Ms O'Brien,\nZyxwares’ plans and Zyxwares's team, O’Brien's notes.\nSam Lee"
    given = draft(filled_followup(body=body, interviewer="Siobhán O’Brien"), interview=interview)
    result = check_proofread(given)
    assert [f.text for f in result.findings] == []


def test_unknown_word_warns_with_add_to_dictionary() -> None:
    result = check_proofread(with_body(FILLED_BODY.replace("event-driven", "zorbulon")))
    assert result.status is Status.WARN
    assert [(f.kind, f.text, f.action) for f in result.findings] == [
        ("unknown-word", "zorbulon", "add-to-dictionary")
    ]


def test_all_findings_not_just_the_first() -> None:
    body = FILLED_BODY.replace("enjoyed", "enjoyd").replace("the position", "the the position")
    result = check_proofread(with_body(body + "\n[Company Name] and {{ topic }}"))
    kinds = [(f.kind, f.text) for f in result.findings]
    assert ("placeholder", "[Company Name]") in kinds
    assert ("placeholder", "{{ topic }}") in kinds
    assert ("doubled-word", "the the") in kinds
    assert ("spelling", "enjoyd") in kinds


PLACEHOLDERS = [
    ("[Company Name]", ["[Company Name]"]),
    ("about [a topic you discussed].", ["[a topic you discussed]"]),
    ("{{ topic }} and {% if x %}", ["{{ topic }}", "{% if x %}"]),
    ("<specific topic>", ["<specific topic>"]),
    ("the Position Name role", ["Position Name"]),
    ("XXX here", ["XXX"]),
    ("as shown in [1] and [2, 3]", []),
    ("write to <dana@acme.example>", []),
    ("https://example.org/a[1]", []),
]


@pytest.mark.parametrize(("text", "found"), PLACEHOLDERS)
def test_placeholders_are_quoted_whole(text: str, found: list[str]) -> None:
    assert [f.text for f in placeholders("body", text) if "://" not in text] == (
        [] if "://" in text else found
    )


GREETINGS = [
    ("Dear Minh,", Interviewer("Nguyễn Văn Minh", greet="Minh"), "Minh"),
    ("Dear Anna,", Interviewer("Kovács Anna"), "Anna"),
    ("Dear Mr Tanaka,", Interviewer("Tanaka Yuki"), "Tanaka"),
    ("Dear Ms O’Brien,", Interviewer("Siobhán O'Brien"), "O’Brien"),
    ("Dear Ms O'Brien,", Interviewer("Siobhán O’Brien"), "O'Brien"),
    ("Dear Sasha,", Interviewer("Alexandra Petrova", greet="Sasha"), "Sasha"),
    ("Dear Nguyễn Văn Minh,", Interviewer("Nguyễn Văn Minh", greet="Minh"), "Nguyễn Văn Minh"),
    ("Dear Hiring Manager,", Interviewer("Gabriel Moreau"), None),
]


@pytest.mark.parametrize(("greeting", "person", "used"), GREETINGS)
def test_greeting_names(greeting: str, person: Interviewer, used: str | None) -> None:
    assert greeted_as(greeting, person) == used


def test_greeting_another_panel_member_is_named() -> None:
    dana, tom = panel_interview().interviewers
    assert greets_other("Dear Dana,", tom, [dana, tom]) is dana
    given = draft(filled_followup(interviewer="Tom Becker"), interview=panel_interview())
    result = check_personal(given)
    assert result.status is Status.FAIL and "Greets Dana Reyes" in result.reason


def test_one_distinctive_term_of_a_person_topic_is_enough() -> None:
    interview = make_interview(
        topics=[],
        initiative="",
        interviewers=[Interviewer("Dana Reyes", "dana@acme.example", topics=["the Rust agent"])],
    )
    body = "Dear Dana,\nThe Rust rewrite sounds great.\nSam Lee"
    assert check_personal(draft(filled_followup(body=body), interview=interview)).status is (
        Status.PASS
    )
    generic = "Dear Dana,\nThank you; the team and the role sound great.\nSam Lee"
    result = check_personal(draft(filled_followup(body=generic), interview=interview))
    assert result.status is Status.FAIL and "the Rust agent" in result.reason


INTEREST = [
    ("I remain very interested in the role.", True),
    ("I'm genuinely excited about the role.", True),
    ("I am very intrested in the role.", True),
    ("The role remains my first choice.", True),
    ("I couldn't be more excited about it.", True),
    ("I am no longer interested in the position.", False),
    ("I am not interested in the position.", False),
    ("I have accepted another offer.", False),
    ("It was an interesting chat.", False),
]


@pytest.mark.parametrize(("text", "interested"), INTEREST)
def test_interest_phrases(text: str, interested: bool) -> None:
    withdrawn, found = find_interest(text)
    assert (found is not None and not withdrawn) is interested


@pytest.mark.parametrize(
    ("text", "thanks"),
    [
        ("Many thanks for your time.", True),
        ("I appreciated the conversation.", True),
        ("Thnak you for your time.", True),
        ("I think it went well.", False),
    ],
)
def test_gratitude_phrases(text: str, thanks: bool) -> None:
    assert (find_thanks(text) is not None) is thanks


def test_named_recipient_is_accepted_and_a_near_miss_fails() -> None:
    named = check_ready(draft(filled_followup(to='"Dana Reyes" <dana@acme.example>')))
    assert named.status is Status.PASS
    typo = check_ready(draft(filled_followup(to="dana@acme.exmaple")))
    assert typo.status is Status.FAIL and "dana@acme.example" in typo.reason
    assert typo.findings[0].suggestion == "dana@acme.example"
    stranger = check_ready(draft(filled_followup(to="someone@else.example")))
    assert stranger.status is Status.WARN


def _thanks(body_day: str, sent: datetime, scheduled: datetime | None = None) -> Status:
    interview = make_interview(interview_at=datetime(2026, 11, 23, 14, 0, tzinfo=CET))
    body = FILLED_BODY.replace("on Tuesday", body_day)
    given = draft(filled_followup(body=body), interview=interview, now=sent, send_at=scheduled)
    return check_timing(given).status


def test_timing_words_are_checked_at_send_time() -> None:
    tuesday = datetime(2026, 11, 24, 10, 0, tzinfo=CET)
    assert _thanks("yesterday", tuesday) is Status.PASS
    assert _thanks("on Monday", tuesday) is Status.PASS
    assert _thanks("today", tuesday) is Status.FAIL
    # Written on Tuesday, scheduled for Thursday: "yesterday" is no longer true.
    assert _thanks("yesterday", tuesday, tuesday + timedelta(days=2)) is Status.FAIL
    interview = make_interview(interview_at=datetime(2026, 11, 23, 14, 0, tzinfo=CET))
    body = FILLED_BODY.replace("on Tuesday", "yesterday")
    given = draft(filled_followup(body=body), interview=interview, now=tuesday + timedelta(days=2))
    result = check_timing(given)
    assert [(f.kind, f.text, f.suggestion) for f in result.findings] == [
        ("timing-word", "yesterday", "on Monday")
    ]


def test_spelling_setting_is_validated() -> None:
    config = Config()
    config.checks = {"spelling": "en_GB"}
    assert settings_from_config(config)["spelling"] == "en_GB"
    config.checks = {"spelling": "fr"}
    with pytest.raises(ConfigError, match="checks.spelling"):
        settings_from_config(config)
