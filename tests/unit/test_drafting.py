"""Finding, creating, filling and switching drafts."""

from __future__ import annotations

from datetime import datetime

import pytest

from followup_tui.core.model import Followup, Interviewer
from followup_tui.drafting.draft import (
    DraftError,
    fill,
    find_draft,
    open_draft,
    pick_interviewer,
    switch_template,
)
from followup_tui.drafting.templates import TemplateError, TemplateLibrary
from followup_tui.storage.config import Config, Profile
from followup_tui.storage.store import Store
from tests.conftest import CET, NOW, make_interview


@pytest.fixture
def config() -> Config:
    return Config(profile=Profile(name="Sam Lee", email="sam@example.com"))


@pytest.fixture
def library() -> TemplateLibrary:
    return TemplateLibrary()


def panel() -> list[Interviewer]:
    return [
        Interviewer("Priya Natarajan", "priya@globex.example"),
        Interviewer("Tom Becker", "tom@globex.example"),
    ]


def test_new_thank_you_draft_is_filled_for_the_owed_interviewer(
    library: TemplateLibrary, config: Config
) -> None:
    interview = make_interview()
    draft, problem = open_draft(interview, library, config, NOW)
    assert problem == ""
    assert draft in interview.followups and draft.state == "draft"
    assert (draft.kind, draft.interviewer, draft.to) == (
        "thank_you",
        "Dana Reyes",
        "dana@acme.example",
    )
    assert draft.template == "thank-you"
    assert draft.subject == "Thank You - Sam Lee Interview for Backend Engineer"
    assert draft.body.startswith("Dear Dana Reyes,")


def test_opening_again_returns_the_same_draft_untouched(
    library: TemplateLibrary, config: Config
) -> None:
    interview = make_interview()
    draft, _ = open_draft(interview, library, config, NOW)
    draft.body = "my own words"
    again, _ = open_draft(interview, library, config, NOW)
    assert again is draft and again.body == "my own words"
    assert len(interview.followups) == 1


def test_panel_uses_panel_template_and_skips_thanked_people(
    library: TemplateLibrary, config: Config
) -> None:
    interview = make_interview(interviewers=panel())
    interview.followups.append(
        Followup(
            kind="thank_you",
            interviewer="Priya Natarajan",
            state="sent",
            sent_at=datetime(2026, 11, 25, 9, 0, tzinfo=CET),
        )
    )
    draft, _ = open_draft(interview, library, config, NOW)
    assert draft.interviewer == "Tom Becker"
    assert draft.template == "panel-thank-you"
    assert "together with Priya Natarajan" in draft.body


def test_explicit_interviewer_kind_and_template(library: TemplateLibrary, config: Config) -> None:
    interview = make_interview(interviewers=panel())
    draft, _ = open_draft(
        interview,
        library,
        config,
        NOW,
        interviewer="Priya Natarajan",
        kind="clarification",
    )
    assert (draft.kind, draft.interviewer, draft.template) == (
        "clarification",
        "Priya Natarajan",
        "clarification",
    )
    assert find_draft(interview, "Priya Natarajan", "clarification") is draft


def test_unknown_interviewer_is_a_clear_error(config: Config) -> None:
    with pytest.raises(DraftError, match="'Bob' is not an interviewer .*Dana Reyes"):
        pick_interviewer(make_interview(), "Bob", NOW, config)


def test_missing_profile_gives_a_draft_with_placeholders(library: TemplateLibrary) -> None:
    interview = make_interview()
    draft, problem = open_draft(interview, library, Config(), NOW)
    assert problem == ""
    assert draft in interview.followups
    assert "[your name]" in draft.subject and draft.body.rstrip().endswith("[your name]")


def test_reminder_draft_refers_to_the_thank_you(library: TemplateLibrary, config: Config) -> None:
    interview = make_interview()
    interview.followups.append(
        Followup(
            kind="thank_you",
            interviewer="Dana Reyes",
            subject="Thank You - Sam Lee Interview for Backend Engineer",
            state="sent",
            sent_at=datetime(2026, 11, 17, 9, 0, tzinfo=CET),
        )
    )
    interview.interview_at = datetime(2026, 11, 16, 9, 0, tzinfo=CET)
    draft, problem = open_draft(interview, library, config, NOW)
    assert problem == ""
    assert draft.kind == "reminder"
    assert "my email of 17 November 2026" in draft.body


def test_switch_template_refills_and_follows_kind(library: TemplateLibrary, config: Config) -> None:
    interview = make_interview()
    draft, _ = open_draft(interview, library, config, NOW)
    switch_template(draft, interview, library, "clarification", config, NOW)
    assert draft.kind == "clarification" and draft.template == "clarification"
    assert "glad to go into more detail" in draft.body
    before = (draft.subject, draft.body)
    with pytest.raises(TemplateError):
        switch_template(draft, interview, library, "reminder", config, NOW)
    assert (draft.subject, draft.body) == before


def test_draft_survives_a_store_round_trip(
    library: TemplateLibrary, config: Config, store: Store
) -> None:
    interview = store.save(make_interview(), now=NOW)
    draft, _ = open_draft(interview, library, config, NOW)
    store.save(interview, now=NOW)
    loaded = store.load(interview.id)
    again = find_draft(loaded, "Dana Reyes", "thank_you")
    assert again is not None and again.body == draft.body and again.template == "thank-you"


def test_timing_words_are_written_for_the_scheduled_send_time(config: Config) -> None:
    interview = make_interview()  # Tuesday 24 Nov, 14:00
    library = TemplateLibrary(None)
    draft, _ = open_draft(interview, library, config, datetime(2026, 11, 25, 9, 0, tzinfo=CET))
    assert "meeting with me yesterday" in draft.body
    draft.extra["send_at"] = datetime(2026, 11, 27, 9, 0, tzinfo=CET)
    fill(draft, interview, library, "thank-you", config, datetime(2026, 11, 25, 9, 0, tzinfo=CET))
    assert "meeting with me on Tuesday" in draft.body
