"""Building the email: headers, addresses, .eml, mailto:, header injection."""

from __future__ import annotations

import email
from email import policy
from email.message import EmailMessage
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlsplit

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from followup_tui.core.model import Followup
from followup_tui.mail.sending import (
    MailError,
    build_message,
    check_header,
    default_eml_name,
    export_eml,
    mailto_link,
    parse_recipients,
)
from followup_tui.mail.transport import Secret, is_loopback, resolve_password
from followup_tui.storage.config import MailSettings, Profile
from tests.conftest import NOW, make_interview

PROFILE = Profile(name="Sam Lee", email="sam.lee@example.com")
BODY = "Dear Dana Reyes,\n\nThank you for meeting with me — it was great.\n\nSam Lee\n"


def draft(**overrides: str) -> Followup:
    values = {
        "kind": "thank_you",
        "to": "Dana Reyes <dana@acme.example>",
        "interviewer": "Dana Reyes",
        "subject": "Thank You - Sam Lee Interview for Backend Engineer",
        "body": BODY,
    }
    values.update(overrides)
    return Followup(**values)


def parse(data: bytes) -> EmailMessage:
    message = email.message_from_bytes(data, policy=policy.default)
    assert isinstance(message, EmailMessage)
    return message


def test_eml_parses_back_with_every_header(tmp_path: Path) -> None:
    message = build_message(draft(), PROFILE, MailSettings(), NOW)
    with pytest.raises(MailError, match="the folder .*out does not exist"):
        export_eml(message, tmp_path / "out" / "thanks.eml")
    path = export_eml(message, tmp_path / "thanks.eml")
    assert path.is_absolute() and path.exists()
    raw = path.read_bytes()
    assert b"\r\n" in raw
    back = parse(raw)
    assert back["From"] == "Sam Lee <sam.lee@example.com>"
    assert back["To"] == "Dana Reyes <dana@acme.example>"
    assert back["Subject"] == "Thank You - Sam Lee Interview for Backend Engineer"
    assert back["Date"] == "Thu, 26 Nov 2026 09:00:00 +0100"
    assert back["Message-ID"].startswith("<") and back["Message-ID"].endswith("@example.com>")
    assert back.get_content_type() == "text/plain"
    assert back.get_content().replace("\r\n", "\n") == BODY


def test_from_setting_wins_over_profile() -> None:
    message = build_message(draft(), PROFILE, MailSettings(from_address="jobs@sam.example"), NOW)
    assert message["From"] == "Sam Lee <jobs@sam.example>"


def test_missing_sender_is_a_clear_error() -> None:
    with pytest.raises(MailError, match=r"No sender address: set email under \[profile\]"):
        build_message(draft(), Profile(name="Sam"), MailSettings(), NOW)


def test_display_name_with_comma_stays_one_recipient() -> None:
    found = parse_recipients('"Reyes, Dana" <dana@acme.example>, tom@globex.example')
    assert [a.addr_spec for a in found] == ["dana@acme.example", "tom@globex.example"]
    assert found[0].display_name == "Reyes, Dana"
    message = build_message(
        draft(to='"Reyes, Dana" <dana@acme.example>, tom@globex.example'),
        PROFILE,
        MailSettings(),
        NOW,
    )
    back = parse(message.as_bytes())
    assert [a.addr_spec for a in back["To"].addresses] == [
        "dana@acme.example",
        "tom@globex.example",
    ]


@pytest.mark.parametrize(
    ("to", "message"),
    [
        ("", "The To field is empty"),
        ("dana", "'dana' in To is not an email address"),
        ("dana@acme", "'dana@acme' in To is not an email address"),
        ("dana@acme.example tom@x.example", "is not an email address"),
        ("dana@acme.example\r\nBcc: evil@x.example", "line break or control character"),
    ],
)
def test_bad_recipients(to: str, message: str) -> None:
    with pytest.raises(MailError, match=message):
        build_message(draft(to=to), PROFILE, MailSettings(), NOW)


@pytest.mark.parametrize("subject", ["Hi\nBcc: evil@x.example", "Hi\rX: y", "Hi\x00", "Hi\u2028X"])
def test_subject_injection_rejected(subject: str) -> None:
    with pytest.raises(MailError, match="Subject contains a line break"):
        build_message(draft(subject=subject), PROFILE, MailSettings(), NOW)


def test_empty_subject_and_body_are_refused() -> None:
    with pytest.raises(MailError, match="subject is empty"):
        build_message(draft(subject="  "), PROFILE, MailSettings(), NOW)
    with pytest.raises(MailError, match="body is empty"):
        build_message(draft(body="\n"), PROFILE, MailSettings(), NOW)


EXPECTED_HEADERS = {
    "from",
    "to",
    "subject",
    "date",
    "message-id",
    "mime-version",
    "content-type",
    "content-transfer-encoding",
}


@settings(max_examples=150, deadline=None)
@given(subject=st.text(min_size=1, max_size=80), to_name=st.text(max_size=30))
def test_no_generated_string_yields_an_extra_header(subject: str, to_name: str) -> None:
    quoted = to_name.replace("\\", "\\\\").replace('"', '\\"')
    to = f'"{quoted}" <dana@acme.example>'
    try:
        message = build_message(draft(subject=subject, to=to), PROFILE, MailSettings(), NOW)
        data = message.as_bytes()
    except MailError:
        return
    back = parse(data)
    assert {key.lower() for key in back.keys()} == EXPECTED_HEADERS
    assert len(back.keys()) == len(EXPECTED_HEADERS)
    assert "\n" not in str(back["Subject"]) and "\r" not in str(back["Subject"])
    assert [a.addr_spec for a in back["To"].addresses] == ["dana@acme.example"]


@given(st.text())
def test_check_header_never_passes_a_line_break(value: str) -> None:
    try:
        passed = check_header("Subject", value)
    except MailError:
        return
    assert len(passed.splitlines()) <= 1 and "\r" not in passed and "\n" not in passed


def test_mailto_link_round_trips() -> None:
    link = mailto_link("Dana <dana@acme.example>", "Thank You & more", "Line 1\nLine 2?")
    parts = urlsplit(link)
    assert parts.scheme == "mailto" and unquote(parts.path) == "dana@acme.example"
    query = parse_qs(parts.query)
    assert query == {"subject": ["Thank You & more"], "body": ["Line 1\r\nLine 2?"]}


@pytest.mark.parametrize(
    "body", ["a\nb\n\nc", "a\r\nb", "a\rb\n", "Tschüss & 100% = ?\n#x", "one line"]
)
def test_mailto_line_breaks_are_crlf_escapes(body: str) -> None:
    """RFC 6068 section 5: a line break in a body is %0D%0A; no bare %0A or %0D is left."""
    lines = body.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    link = mailto_link("dana@acme.example", "Hi", body)
    escaped = link.split("body=", 1)[1]
    assert escaped.count("%0D%0A") == len(lines) - 1
    assert "%0A" not in escaped.replace("%0D%0A", "") and "%0D" not in escaped.replace("%0D%0A", "")
    assert parse_qs(urlsplit(link).query)["body"][0].split("\r\n") == lines


def test_default_eml_name() -> None:
    interview = make_interview(id="2026-11-24-acme-backend-engineer")
    assert default_eml_name(interview, draft()) == (
        "2026-11-24-acme-backend-engineer-thank-you-dana-reyes.eml"
    )


def test_secret_never_shows_itself() -> None:
    secret = Secret("hunter2")
    assert "hunter2" not in repr(secret) and "hunter2" not in str(secret)
    assert "hunter2" not in f"{secret} {[secret]}"
    assert secret.reveal() == "hunter2"


def test_password_sources(tmp_path: Path) -> None:
    import shlex
    import sys

    command = f"{shlex.quote(sys.executable)} -c \"print('from-cmd'); print('junk')\""
    found = resolve_password(MailSettings(password_command=command))
    assert found is not None and found.reveal() == "from-cmd"
    found = resolve_password(MailSettings(password_env="PW"), {"PW": "from-env"})
    assert found is not None and found.reveal() == "from-env"
    with pytest.raises(MailError, match="password_env names PW, but"):
        resolve_password(MailSettings(password_env="PW"), {})
    failing = f"{shlex.quote(sys.executable)} -c \"import sys; sys.exit('no key')\""
    with pytest.raises(MailError, match=r"password_command failed \(exit status 1\): no key"):
        resolve_password(MailSettings(password_command=failing))
    with pytest.raises(MailError, match="was not found"):
        resolve_password(MailSettings(password_command="/nonexistent/pass show x"))
    assert resolve_password(MailSettings()) is None


@pytest.mark.parametrize(
    ("host", "expected"),
    [("localhost", True), ("127.0.0.1", True), ("::1", True), ("smtp.x.example", False)],
)
def test_is_loopback(host: str, expected: bool) -> None:
    assert is_loopback(host) is expected
