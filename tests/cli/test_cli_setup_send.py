"""``followup setup`` writes config.toml keeping comments; ``followup send`` lists the checks."""

from __future__ import annotations

import io

import pytest

from followup_tui.cli.main import main
from followup_tui.storage.config import DEFAULT_CONFIG, load_config
from followup_tui.storage.paths import Home
from followup_tui.storage.store import Store
from tests.cli.test_cli_draft import setup_home
from tests.conftest import NOW, make_interview
from tests.unit.test_smtp_send import ServerFactory, received_message, smtp_server  # noqa: F401


def _answers(monkeypatch: pytest.MonkeyPatch, *lines: str) -> None:
    monkeypatch.setattr("sys.stdin", io.StringIO("".join(f"{line}\n" for line in lines)))


def test_setup_writes_profile_and_mail_keeping_comments(
    home: Home,
    monkeypatch: pytest.MonkeyPatch,
    smtp_server: ServerFactory,  # noqa: F811
    capsys: pytest.CaptureFixture[str],
) -> None:
    recorder, port = smtp_server()
    home.config_file.write_text(DEFAULT_CONFIG, encoding="utf-8")
    _answers(
        monkeypatch,
        "Sam Lee",
        "sam@example.org",
        "y",  # set up mail
        "smtp",
        "127.0.0.1",
        str(port),
        "none",
        "",  # username
        "",  # password command
        "",  # password variable
        "y",  # test email
    )
    assert main(["--home", str(home.root), "setup"]) == 0
    text = home.config_file.read_text(encoding="utf-8")
    assert "# your name, used in subject lines and signatures" in text
    assert "# `followup --list-themes` shows every theme" in text
    config = load_config(home, create=False)
    assert (config.profile.name, config.profile.email) == ("Sam Lee", "sam@example.org")
    assert (config.mail.host, config.mail.port, config.mail.security) == ("127.0.0.1", port, "none")
    message = received_message(recorder)
    assert message["To"] == "sam@example.org"
    assert "Test email sent to sam@example.org." in capsys.readouterr().out


def test_setup_keeps_current_values_on_enter(home: Home, monkeypatch: pytest.MonkeyPatch) -> None:
    setup_home(home)
    _answers(monkeypatch, "", "", "n")
    assert main(["--home", str(home.root), "setup"]) == 0
    config = load_config(home, create=False)
    assert config.profile.name == "Sam Lee" and config.profile.email == "sam.lee@example.com"


def test_setup_refuses_a_bad_port_and_writes_nothing(
    home: Home, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    home.config_file.write_text(DEFAULT_CONFIG, encoding="utf-8")
    _answers(monkeypatch, "Sam Lee", "sam@example.org", "y", "smtp", "smtp.example.org", "99999")
    assert main(["--home", str(home.root), "setup"]) != 0
    assert "'99999' is not a port" in capsys.readouterr().err
    assert home.config_file.read_text(encoding="utf-8") == DEFAULT_CONFIG


def test_send_lists_failing_and_unticked_items_before_asking(
    home: Home, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    setup_home(home)
    interview_id = Store(home).save(make_interview(company="Globex", topics=[]), now=NOW).id
    _answers(monkeypatch, "n")
    assert main(["--home", str(home.root), "send", interview_id]) == 1
    err = capsys.readouterr().err
    assert "Checklist:" in err and "not done" in err
    assert "  - Proofread: [a topic you discussed] in the body" in err
    assert "  - Not ticked: Read it once aloud" in err
    assert err.index("Checklist:") < err.index("Send this email? [y/N]")


def test_send_yes_still_sends_with_failing_checks(
    home: Home,
    smtp_server: ServerFactory,  # noqa: F811
) -> None:
    recorder, port = smtp_server()
    setup_home(home, f'[mail]\nhost = "127.0.0.1"\nport = {port}\nsecurity = "none"\n')
    interview_id = Store(home).save(make_interview(company="Globex", topics=[]), now=NOW).id
    assert main(["--home", str(home.root), "send", interview_id, "--yes"]) == 0
    assert "[a topic you discussed]" in received_message(recorder).get_content()
