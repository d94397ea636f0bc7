"""Missing recorded values: placeholders in drafts, the checklist's verdict, filling them later."""

from __future__ import annotations

import pytest

from followup_tui.checks import DraftInput, before_sending, run_checks
from followup_tui.checks.proofread import check_proofread
from followup_tui.core.model import Followup
from followup_tui.core.placeholders import find_missing, missing_for, placeholder
from followup_tui.drafting.draft import fill_missing, fillable, open_draft
from followup_tui.drafting.templates import TemplateLibrary
from followup_tui.storage.config import Config, Profile
from tests.conftest import NOW, make_interview

PROFILE = Profile(name="Sam Lee", email="sam@example.com")


@pytest.mark.parametrize(
    ("variable", "text", "where"),
    [
        ("profile.name", "[your name]", "setup"),
        ("topic", "[a topic you discussed]", "interview"),
        ("interview.position", "[position title]", "interview"),
        ("interviewer.email", "[the interviewer's email]", "interview"),
        ("previous.subject", "[the earlier email's subject]", "earlier"),
    ],
)
def test_each_missing_value_has_a_visible_placeholder(variable: str, text: str, where: str) -> None:
    item = missing_for(variable)
    assert item is not None and (item.text, item.where) == (text, where)
    assert placeholder(variable) == text
    [(found, start, end)] = find_missing(f"a {text} b")
    assert (found.text, start, end) == (text, 2, 2 + len(text))


def test_unknown_names_have_no_placeholder() -> None:
    assert missing_for("interview.salary") is None


def test_the_checklist_fails_on_a_placeholder_and_says_where_to_add_it() -> None:
    interview = make_interview(topics=[])
    draft, _ = open_draft(interview, TemplateLibrary(), Config(profile=PROFILE), NOW)
    result = check_proofread(
        DraftInput(interview=interview, followup=draft, profile=PROFILE, now=NOW)
    )
    assert result.status.value == "fail"
    assert result.reason.startswith("[a topic you discussed] in the body: a topic you discussed")
    assert "add a topic you discussed to the interview" in result.reason
    assert result.field == "body"
    assert draft.body[result.start : result.end] == "[a topic you discussed]"


def test_a_missing_name_points_to_the_setup_screen() -> None:
    interview = make_interview()
    draft, _ = open_draft(interview, TemplateLibrary(), Config(), NOW)
    result = check_proofread(
        DraftInput(interview=interview, followup=draft, profile=Profile(), now=NOW)
    )
    assert "your name is not recorded; set your name in the setup screen" in result.reason


def test_filling_in_later_changes_only_the_placeholders() -> None:
    interview = make_interview(topics=[], position="")
    draft, _ = open_draft(interview, TemplateLibrary(), Config(), NOW)
    draft.body = "My own opening line.\n" + draft.body
    interview.topics = ["the billing rewrite"]
    interview.position = "SRE"
    values = fillable(draft, interview, Config(profile=PROFILE), NOW)
    assert values == {
        "[your name]": "Sam Lee",
        "[position title]": "SRE",
        "[a topic you discussed]": "the billing rewrite",
    }
    fill_missing(draft, values)
    assert draft.subject == "Thank You - Sam Lee Interview for SRE"
    assert draft.body.startswith("My own opening line.\nDear Dana Reyes,")
    assert "conversation about the billing rewrite," in draft.body
    assert not find_missing(draft.subject + draft.body)


def test_nothing_to_fill_while_the_value_is_still_missing() -> None:
    interview = make_interview(topics=[])
    draft, _ = open_draft(interview, TemplateLibrary(), Config(profile=PROFILE), NOW)
    assert fillable(draft, interview, Config(profile=PROFILE), NOW) == {}


def test_an_empty_draft_from_before_is_filled_when_opened() -> None:
    interview = make_interview()
    interview.followups.append(
        Followup(kind="thank_you", interviewer="Dana Reyes", template="thank-you")
    )
    draft, problem = open_draft(interview, TemplateLibrary(), Config(profile=PROFILE), NOW)
    assert problem == "" and len(interview.followups) == 1
    assert draft.subject == "Thank You - Sam Lee Interview for Backend Engineer"
    assert draft.body.startswith("Dear Dana Reyes,")


def test_before_sending_lists_failing_then_unticked_items() -> None:
    interview = make_interview(topics=[])
    draft, _ = open_draft(interview, TemplateLibrary(), Config(profile=PROFILE), NOW)
    draft.ticked = ["read-aloud"]
    lines = before_sending(
        run_checks(DraftInput(interview=interview, followup=draft, profile=PROFILE, now=NOW))
    )
    assert any(line.startswith("Proofread: [a topic you discussed]") for line in lines)
    assert lines[-1] == "Not ticked: Checked the spelling of the interviewer's name"
    assert "Not ticked: Read it once aloud" not in lines
