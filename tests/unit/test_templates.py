"""Built-in and user templates: rendering, strict undefined, sandbox, overrides."""

from __future__ import annotations

import subprocess
import sys
from datetime import datetime, timedelta
from pathlib import Path

import pytest

from followup_tui.core.model import SENT_OUTSIDE, Followup, Interviewer
from followup_tui.drafting.templates import (
    TemplateError,
    TemplateLibrary,
    build_context,
    join_and,
    parse_template,
    when_text,
)
from followup_tui.storage.config import Profile
from tests.conftest import CET, NOW, make_interview

PROFILE = Profile(
    name="Sam Lee", email="sam.lee@example.com", phone="+1 555 0100", signature="Sam Lee"
)


@pytest.fixture
def library() -> TemplateLibrary:
    return TemplateLibrary()


def test_builtins_are_listed_thank_you_first(library: TemplateLibrary) -> None:
    assert library.names() == ["thank-you", "panel-thank-you", "reminder", "clarification"]
    assert library.get("reminder").kind == "reminder"
    assert library.get("panel-thank-you").panel is True
    assert all(library.get(name).description for name in library.names())


def test_thank_you_reads_like_the_guide(library: TemplateLibrary) -> None:
    interview = make_interview(interview_at=datetime(2026, 11, 25, 14, 0, tzinfo=CET))
    person = interview.interviewers[0]
    rendered = library.render_for("thank-you", interview, person, PROFILE, NOW)
    assert rendered.subject == "Thank You - Sam Lee Interview for Backend Engineer"
    assert rendered.to == "dana@acme.example"
    assert rendered.body == (
        "Dear Dana Reyes,\n\n"
        "Thank you for meeting with me yesterday to discuss the Backend Engineer role at Acme. "
        "I enjoyed our conversation about moving billing to event sourcing, and it reinforced "
        "my enthusiasm to join your team.\n\n"
        "I wanted to reiterate my strong interest in the position and in contributing to the "
        "billing platform rewrite as discussed. Please let me know if there's any additional "
        "information I can provide.\n\n"
        "Thank you again for the opportunity to interview; I look forward to hearing from you "
        "regarding the next steps.\n\n"
        "Warm regards,\nSam Lee\n"
    )
    assert "{" not in rendered.body and "}" not in rendered.subject


def test_thank_you_without_initiative_drops_that_clause(library: TemplateLibrary) -> None:
    interview = make_interview(initiative="")
    rendered = library.render_for("thank-you", interview, interview.interviewers[0], PROFILE, NOW)
    assert "I wanted to reiterate my strong interest in the position. Please" in rendered.body


def test_panel_gives_one_personal_draft_per_interviewer(library: TemplateLibrary) -> None:
    interview = make_interview(
        interviewers=[
            Interviewer("Priya Natarajan", "priya@globex.example", "SRE Lead"),
            Interviewer("Tom Becker", "tom@globex.example", "Staff Engineer"),
            Interviewer("Ann Kim", "ann@globex.example"),
        ]
    )
    drafts = library.render_panel("panel-thank-you", interview, PROFILE, NOW)
    assert [d.interviewer for d in drafts] == ["Priya Natarajan", "Tom Becker", "Ann Kim"]
    assert [d.to for d in drafts] == [p.email for p in interview.interviewers]
    assert drafts[0].body.startswith("Dear Priya Natarajan,")
    assert "together with Tom Becker and Ann Kim" in drafts[0].body
    assert "together with Priya Natarajan and Ann Kim" in drafts[1].body
    # each interviewer gets a different topic when there are several
    assert "moving billing to event sourcing" in drafts[0].body
    assert "the on-call rotation" in drafts[1].body
    assert len({d.body for d in drafts}) == 3


def test_reminder_refers_to_the_earlier_message(library: TemplateLibrary) -> None:
    interview = make_interview()
    earlier = Followup(
        kind="thank_you",
        interviewer="Dana Reyes",
        subject="Thank You - Sam Lee Interview for Backend Engineer",
        state="sent",
        sent_at=datetime(2026, 11, 18, 10, 0, tzinfo=CET),
    )
    interview.followups.append(earlier)
    person = interview.interviewers[0]
    rendered = library.render_for("reminder", interview, person, PROFILE, NOW, earlier)
    assert rendered.kind == "reminder"
    assert rendered.subject == "Following up - Sam Lee Interview for Backend Engineer"
    assert (
        'my email of 18 November 2026 ("Thank You - Sam Lee Interview for Backend Engineer")'
        in rendered.body
    )
    assert rendered.body.startswith("Dear Dana Reyes,")
    assert len(rendered.body.split()) < 90  # brief, as the guide asks


@pytest.mark.parametrize("subject", [SENT_OUTSIDE, ""])
def test_reminder_after_a_thank_you_sent_elsewhere_quotes_no_subject(
    library: TemplateLibrary, subject: str
) -> None:
    """Marked as sent outside the app (or hand-written without one): no subject to quote."""
    interview = make_interview()
    earlier = Followup(
        kind="thank_you",
        subject=subject,
        state="sent",
        sent_at=datetime(2026, 11, 18, 10, 0, tzinfo=CET),
    )
    person = interview.interviewers[0]
    rendered = library.render_for("reminder", interview, person, PROFILE, NOW, earlier)
    assert "following up on my email of 18 November 2026 about the Backend Engineer role" in (
        rendered.body
    )
    assert "(" not in rendered.body and "sent outside" not in rendered.body


def test_reminder_without_previous_message_is_a_clear_error(library: TemplateLibrary) -> None:
    interview = make_interview()
    with pytest.raises(TemplateError, match=r"reminder, line 8: previous is not set; a reminder"):
        library.render_for("reminder", interview, interview.interviewers[0], PROFILE, NOW)


def test_clarification_names_topic_and_offers_more(library: TemplateLibrary) -> None:
    interview = make_interview()
    rendered = library.render_for(
        "clarification", interview, interview.interviewers[0], PROFILE, NOW
    )
    assert rendered.kind == "clarification"
    assert "our discussion of moving billing to event sourcing" in rendered.body
    assert "glad to go into more detail" in rendered.body
    assert "[" not in rendered.body  # a slot would fail the checklist's Proofread


def test_missing_profile_name_is_a_visible_placeholder(library: TemplateLibrary) -> None:
    interview = make_interview()
    rendered = library.render_for("thank-you", interview, interview.interviewers[0], Profile(), NOW)
    assert rendered.subject == "Thank You - [your name] Interview for Backend Engineer"
    assert rendered.body.rstrip().endswith("Warm regards,\n[your name]")


def test_missing_topic_and_position_are_placeholders_not_holes(library: TemplateLibrary) -> None:
    interview = make_interview(topics=[], position="")
    rendered = library.render_for("thank-you", interview, interview.interviewers[0], PROFILE, NOW)
    assert "our conversation about [a topic you discussed]," in rendered.body
    assert "the [position title] role" in rendered.body
    assert rendered.subject.endswith("Interview for [position title]")


def test_a_missing_list_joins_as_its_placeholder(tmp_path: Path) -> None:
    _user_template(tmp_path, "mine", "We talked about {{ interview.topics|join_and }}.")
    rendered = TemplateLibrary(tmp_path).render_for(
        "mine", make_interview(topics=[]), None, PROFILE, NOW
    )
    assert rendered.body == "We talked about [a topic you discussed].\n"


def test_other_uses_of_a_missing_value_still_name_it(tmp_path: Path) -> None:
    _user_template(tmp_path, "mine", "{{ interview.position.upper() }}")
    with pytest.raises(TemplateError, match="interview.position is not set"):
        TemplateLibrary(tmp_path).render_for(
            "mine", make_interview(position=""), None, PROFILE, NOW
        )


def _user_template(home_templates: Path, name: str, body: str, subject: str = "Hi") -> None:
    home_templates.mkdir(parents=True, exist_ok=True)
    (home_templates / f"{name}.j2").write_text(
        f"---\ndescription: mine\nkind: custom\nsubject: {subject}\n---\n{body}",
        encoding="utf-8",
    )


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ("{{ ''.__class__.__mro__ }}", "line 6: not allowed in a template"),
        ("{{ cycler.__init__.__globals__ }}", "line 6: not allowed in a template"),
        ("ok\n{{ interview.salary }}", "line 7: interview.salary is not set"),
        ("{{ nonsense }}", "line 6: nonsense is not set"),
        ("line\n\n{% if %}", "line 8: Expected an expression"),
        ("{{ 1 / 0 }}", "line 6: ZeroDivisionError"),
        ("{% for i in range(10**9) %}x{% endfor %}", "line 6: OverflowError: Range too big"),
    ],
)
def test_user_template_errors_are_one_clear_sentence(
    tmp_path: Path, body: str, expected: str
) -> None:
    _user_template(tmp_path, "bad", body)
    library = TemplateLibrary(tmp_path)
    interview = make_interview()
    with pytest.raises(TemplateError) as caught:
        library.render_for("bad", interview, interview.interviewers[0], PROFILE, NOW)
    message = str(caught.value)
    assert message.startswith(f"Template {tmp_path / 'bad.j2'}, ")
    assert expected in message
    assert "Traceback" not in message and "\n" not in message


def test_sandbox_blocks_format_string_escape(tmp_path: Path) -> None:
    _user_template(tmp_path, "fmt", "{{ '{0.__class__}'.format(interview) }}")
    library = TemplateLibrary(tmp_path)
    interview = make_interview()
    with pytest.raises(TemplateError, match="not allowed"):
        library.render_for("fmt", interview, interview.interviewers[0], PROFILE, NOW)


def test_user_template_overrides_and_adds(tmp_path: Path) -> None:
    _user_template(
        tmp_path,
        "thank-you",
        "Hello {{ interviewer.first_name }} from {{ profile.name }}",
        subject="Thanks, {{ interviewer.first_name }}",
    )
    _user_template(tmp_path, "coffee", "Coffee with {{ interviewer.name }}?")
    library = TemplateLibrary(tmp_path)
    interview = make_interview()
    person = interview.interviewers[0]
    rendered = library.render_for("thank-you", interview, person, PROFILE, NOW)
    assert (rendered.subject, rendered.body) == ("Thanks, Dana", "Hello Dana from Sam Lee\n")
    assert library.get("thank-you").builtin is False
    assert "coffee" in library.names()
    assert library.render_for("coffee", interview, person, PROFILE, NOW).body == (
        "Coffee with Dana Reyes?\n"
    )


def test_broken_user_template_is_a_problem_not_a_crash(tmp_path: Path) -> None:
    (tmp_path / "nohead.j2").write_text("Dear {{ interviewer.name }}", encoding="utf-8")
    (tmp_path / "badkind.j2").write_text("---\nkind: memo\nsubject: x\n---\nx", encoding="utf-8")
    library = TemplateLibrary(tmp_path)
    assert "nohead" not in library.names()
    assert any("must start with a '---' header" in p for p in library.problems)
    assert any("kind 'memo' is not one of" in p for p in library.problems)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("---\nsubject: x\n", "no closing '---'"),
        ("---\ndescription: d\n---\nbody", "needs a 'subject:' line"),
        ("---\nsubject: x\ncolour: red\n---\n", "line 3: expected one of"),
        ("---\nsubject: x\npanel: maybe\n---\n", "panel must be true or false"),
    ],
)
def test_header_problems(text: str, message: str) -> None:
    with pytest.raises(TemplateError, match=message):
        parse_template(text, "t")


def test_unknown_template_lists_the_known_ones(library: TemplateLibrary) -> None:
    with pytest.raises(TemplateError, match="no template 'nope'; choose one of thank-you"):
        library.get("nope")


def test_default_template_per_kind(library: TemplateLibrary) -> None:
    assert library.default_for("thank_you") == "thank-you"
    assert library.default_for("thank_you", panel=True) == "panel-thank-you"
    assert library.default_for("reminder") == "reminder"
    assert library.default_for("custom") is None


@pytest.mark.parametrize(
    ("days", "expected"),
    [(0, "today"), (1, "yesterday"), (2, "on Tuesday"), (10, "on 16 November 2026")],
)
def test_when_text(days: int, expected: str) -> None:
    assert when_text(NOW - timedelta(days=days), NOW) == expected


def test_join_and() -> None:
    assert [join_and([]), join_and(["a"]), join_and(["a", "b"]), join_and(["a", "b", "c"])] == [
        "",
        "a",
        "a and b",
        "a, b and c",
    ]


def test_context_leaves_out_empty_values() -> None:
    interview = make_interview(notes="", location="")
    context = build_context(interview, interview.interviewers[0], Profile(name="Sam"), NOW)
    assert "notes" not in context["interview"] and "location" not in context["interview"]
    assert context["profile"]["signature"] == "Sam"  # the name when no signature
    assert "previous" not in context


def test_templates_module_does_not_import_jinja_until_rendering() -> None:
    code = (
        "import sys, followup_tui.drafting.templates, followup_tui.drafting.draft,"
        " followup_tui.mail.sending;"
        "print('jinja2' in sys.modules)"
    )
    src = Path(__file__).resolve().parents[2] / "src"
    out = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        check=True,
        env={"PYTHONPATH": str(src)},
    )
    assert out.stdout.strip() == "False"


def test_panel_template_greets_by_greet_and_uses_the_persons_topics(
    library: TemplateLibrary,
) -> None:
    interview = make_interview(
        interviewers=[
            Interviewer("Dana Reyes", "dana@acme.example", topics=["the on-call rotation"]),
            Interviewer("Nguyễn Văn Minh", "minh@acme.example", greet="Minh", topics=["gRPC"]),
        ]
    )
    dana, minh = library.render_panel("panel-thank-you", interview, PROFILE, NOW)
    assert minh.body.startswith("Dear Minh,\n")
    assert "talking with you about gRPC" in minh.body
    assert dana.body.startswith("Dear Dana Reyes,\n")
    assert "talking with you about the on-call rotation" in dana.body
