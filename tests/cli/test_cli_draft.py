"""``followup draft`` and ``followup send`` from the command line."""

from __future__ import annotations

import email
from email import policy
from pathlib import Path

import pytest

from followup_tui.cli.main import main
from followup_tui.core.schedule import State, next_action
from followup_tui.storage.paths import Home
from followup_tui.storage.store import Store
from tests.conftest import NOW, make_interview
from tests.unit.checks_data import panel_interview
from tests.unit.test_smtp_send import ServerFactory, received_message, smtp_server  # noqa: F401


def setup_home(home: Home, extra: str = "") -> str:
    home.config_file.write_text(
        '[profile]\nname = "Sam Lee"\nemail = "sam.lee@example.com"\n' + extra, encoding="utf-8"
    )
    return Store(home).save(make_interview(), now=NOW).id


def test_draft_prints_headers_then_body(home: Home, capsys: pytest.CaptureFixture[str]) -> None:
    interview_id = setup_home(home)
    assert main(["--home", str(home.root), "draft", interview_id]) == 0
    out = capsys.readouterr().out
    assert out.startswith(
        "To: dana@acme.example\nSubject: Thank You - Sam Lee Interview for Backend Engineer\n\n"
        "Dear Dana Reyes,\n"
    )
    assert Store(home).load(interview_id).drafts[0].template == "thank-you"


def test_draft_with_template_and_to(home: Home, capsys: pytest.CaptureFixture[str]) -> None:
    interview_id = setup_home(home)
    argv = ["--home", str(home.root), "draft", interview_id, "--template", "clarification"]
    assert main([*argv, "--to", "x@y.example"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("To: x@y.example\nSubject: A follow-up to our conversation")


def test_draft_errors_are_one_line(home: Home, capsys: pytest.CaptureFixture[str]) -> None:
    interview_id = setup_home(home)
    assert main(["--home", str(home.root), "draft", interview_id, "--template", "nope"]) == 1
    assert "There is no template 'nope'" in capsys.readouterr().err
    assert main(["--home", str(home.root), "draft", interview_id, "--interviewer", "Bob"]) == 1
    assert "'Bob' is not an interviewer" in capsys.readouterr().err


def test_send_yes_sends_and_records(
    home: Home,
    smtp_server: ServerFactory,  # noqa: F811
    capsys: pytest.CaptureFixture[str],
) -> None:
    recorder, port = smtp_server()
    interview_id = setup_home(
        home, f'[mail]\nhost = "127.0.0.1"\nport = {port}\nsecurity = "none"\n'
    )
    assert main(["--home", str(home.root), "send", interview_id, "--yes"]) == 0
    message = received_message(recorder)
    assert message["To"] == "dana@acme.example"
    saved = Store(home).load(interview_id)
    assert saved.followups[0].state == "sent"
    assert saved.followups[0].message_id == message["Message-ID"]
    assert next_action(saved, NOW).state is State.WAITING
    assert "Sent to dana@acme.example" in capsys.readouterr().out
    copies = list(home.sent.iterdir())
    assert len(copies) == 1
    parsed = email.message_from_bytes(Path(copies[0]).read_bytes(), policy=policy.default)
    assert parsed["Message-ID"] == message["Message-ID"]


def test_send_asks_and_no_keeps_draft(
    home: Home, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    import io

    interview_id = setup_home(home)
    monkeypatch.setattr("sys.stdin", io.StringIO("n\n"))
    assert main(["--home", str(home.root), "send", interview_id]) == 1
    assert "Send this email? [y/N]" in capsys.readouterr().err
    assert Store(home).load(interview_id).followups[0].state == "draft"


def test_draft_and_check_accept_a_unique_id_prefix(
    home: Home, capsys: pytest.CaptureFixture[str]
) -> None:
    interview_id = setup_home(home)
    Store(home).save(make_interview(company="Acorn"), now=NOW)
    prefix = interview_id[: len("2026-11-24-acm")]
    assert main(["--home", str(home.root), "draft", prefix]) == 0
    assert "Subject:" in capsys.readouterr().out
    assert main(["--home", str(home.root), "check", prefix]) in (0, 1)
    assert "No interview" not in capsys.readouterr().err
    assert main(["--home", str(home.root), "draft", "2026-11-24-a"]) == 1
    assert "matches 2 interviews" in capsys.readouterr().err


def test_draft_to_the_second_panel_member_greets_them(
    home: Home, capsys: pytest.CaptureFixture[str]
) -> None:
    home.config_file.write_text('[profile]\nname = "Sam Lee"\n', encoding="utf-8")
    interview = Store(home).save(panel_interview())
    argv = ["--home", str(home.root), "draft", interview.id, "--to", "Tom <TOM@acme.example>"]
    assert main(argv) == 0
    captured = capsys.readouterr()
    assert "\nDear Tom Becker,\n" in captured.out
    assert Store(home).load(interview.id).drafts[0].interviewer == "Tom Becker"
    assert "no interviewer" not in captured.err


def test_draft_to_an_unknown_address_says_so(
    home: Home, capsys: pytest.CaptureFixture[str]
) -> None:
    home.config_file.write_text('[profile]\nname = "Sam Lee"\n', encoding="utf-8")
    interview = Store(home).save(panel_interview())
    argv = ["--home", str(home.root), "draft", interview.id, "--to", "lee@elsewhere.example"]
    assert main(argv) == 0
    captured = capsys.readouterr()
    assert f"no interviewer of {interview.id} has the address lee@elsewhere.example" in (
        captured.err
    )
    assert captured.out.startswith("To: lee@elsewhere.example\n")


def test_draft_to_a_near_miss_takes_that_interviewer_and_warns(
    home: Home, capsys: pytest.CaptureFixture[str]
) -> None:
    home.config_file.write_text('[profile]\nname = "Sam Lee"\n', encoding="utf-8")
    interview = Store(home).save(panel_interview())
    argv = ["--home", str(home.root), "draft", interview.id, "--to", "tom@acme.exmple"]
    assert main(argv) == 0
    captured = capsys.readouterr()
    assert "\nDear Tom Becker,\n" in captured.out
    assert "taking it for Tom Becker (tom@acme.example)" in captured.err
