"""config.toml: defaults, strict validation naming the field, comment-keeping saves."""

from __future__ import annotations

import tomllib

import pytest

from followup_tui.storage.config import ConfigError, load_config, parse_config, save_setting
from followup_tui.storage.paths import Home


def test_first_use_writes_commented_default(home: Home) -> None:
    config = load_config(home)
    assert home.config_file.exists()
    assert "# followup-tui settings" in home.config_file.read_text()
    assert config.timing.thank_you_deadline_hours == 48
    assert config.timing.reminder_after_days == 7
    assert config.timing.max_reminders == 1


def test_values_are_read(home: Home) -> None:
    home.config_file.write_text(
        '[profile]\nname = "Sam Lee"\n[timing]\nreminder_after_days = 5\n'
        '[mail]\nhost = "smtp.example.com"\nport = 465\nsecurity = "tls"\n'
        'from = "sam@example.com"\n'
        '[ui]\ntheme = "nord"\n[keys]\nadd = "n"\n'
    )
    config = load_config(home)
    assert config.profile.name == "Sam Lee"
    assert config.timing.reminder_after_days == 5
    assert (config.mail.host, config.mail.port, config.mail.security) == (
        "smtp.example.com",
        465,
        "tls",
    )
    assert config.mail.from_address == "sam@example.com"
    assert config.theme == "nord"
    assert config.keys == {"add": "n"}
    assert config.warnings == []


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        ("[profile]\nname = 3\n", "profile.name must be text"),
        ('[timing]\nreminder_after_days = "soon"\n', "timing.reminder_after_days must be a number"),
        ("[timing]\nmax_reminders = -1\n", "must not be negative"),
        ('[mail]\nsecurity = "ssl3"\n', "mail.security must be one of"),
        ("[mail]\nport = true\n", "mail.port must be a whole number"),
        ('[keys]\nadd = ""\n', "keys.add"),
        ("profile = 3\n", "[profile] must be a table"),
        ("[profile\n", "not valid TOML"),
    ],
)
def test_errors_name_file_and_field(home: Home, text: str, fragment: str) -> None:
    with pytest.raises(ConfigError) as info:
        parse_config(text, home.config_file)
    assert fragment in str(info.value)
    assert str(home.config_file) in str(info.value)


def test_plain_text_password_warns(home: Home) -> None:
    config = parse_config('[mail]\npassword = "hunter2"\n', home.config_file)
    assert config.mail.password == "hunter2"
    assert any("password" in warning for warning in config.warnings)
    assert all("hunter2" not in warning for warning in config.warnings)


def test_save_setting_keeps_comments_and_unknown_keys(home: Home) -> None:
    load_config(home)
    text = home.config_file.read_text() + '\n[extras]\nmine = "kept"\n'
    home.config_file.write_text(text)
    save_setting(home, "ui", "theme", "gruvbox")
    saved = home.config_file.read_text()
    assert 'theme = "gruvbox"' in saved
    assert "# followup-tui settings" in saved
    assert tomllib.loads(saved)["extras"] == {"mine": "kept"}
    assert load_config(home).theme == "gruvbox"


def test_save_setting_adds_missing_section(home: Home) -> None:
    home.config_file.write_text('[profile]\nname = "Sam"\n')
    save_setting(home, "ui", "theme", "nord")
    data = tomllib.loads(home.config_file.read_text())
    assert data == {"profile": {"name": "Sam"}, "ui": {"theme": "nord"}}


def test_save_setting_adds_a_new_key_without_losing_comments(home: Home) -> None:
    home.config_file.write_text(
        '# my settings\n[ui]\ntheme = "nord"  # dark at night\n\n[profile]\nname = "Sam"\n'
    )
    save_setting(home, "ui", "show_closed", False)
    saved = home.config_file.read_text()
    assert saved.startswith("# my settings\n") and "# dark at night" in saved
    assert tomllib.loads(saved) == {
        "ui": {"theme": "nord", "show_closed": False},
        "profile": {"name": "Sam"},
    }
    home.config_file.write_text('# mine\n[profile]\nname = "Sam"\n')
    save_setting(home, "ui", "show_closed", True)
    saved = home.config_file.read_text()
    assert saved.startswith("# mine\n")
    assert tomllib.loads(saved)["ui"] == {"show_closed": True}


# -- [inbox] -------------------------------------------------------------------


def test_inbox_settings_are_read(home: Home) -> None:
    config = parse_config(
        '[inbox]\nmaildir = ["~/Mail/INBOX", "~/Mail/Sent"]\nnotmuch = true\n'
        'imap_host = "imap.example.com"\nimap_port = 993\nimap_username = "me"\n'
        'imap_password_command = "pass show imap"\nimap_folders = ["INBOX", "Sent"]\n'
        'addresses = ["old@example.com"]\nscan_minutes = 0.5\n',
        home.config_file,
    )
    inbox = config.inbox
    assert inbox.maildir == ["~/Mail/INBOX", "~/Mail/Sent"] and inbox.notmuch
    assert (inbox.imap_host, inbox.imap_port, inbox.imap_security) == (
        "imap.example.com",
        993,
        "tls",
    )
    assert inbox.imap_folders == ["INBOX", "Sent"] and inbox.scan_minutes == 0.5
    assert inbox.configured and not parse_config("", home.config_file).inbox.configured


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("maildir = 3", "inbox.maildir must be a list of text values"),
        ('maildir = [""]', "inbox.maildir must be a list of text values"),
        ('notmuch = "yes"', "inbox.notmuch must be true or false"),
        ("imap_port = 0", "inbox.imap_port must be between 1 and 65535"),
        ('imap_security = "none"', "inbox.imap_security must be tls or starttls"),
        ("scan_minutes = -1", "inbox.scan_minutes must be a positive number"),
        ('imap_host = "h"', "inbox.imap_username is missing"),
        ('imap_host = "h"\nimap_username = "u"', "inbox.imap_password_command"),
    ],
)
def test_inbox_errors_name_the_key(home: Home, text: str, expected: str) -> None:
    with pytest.raises(ConfigError) as caught:
        parse_config(f"[inbox]\n{text}\n", home.config_file)
    assert expected in str(caught.value) and str(home.config_file) in str(caught.value)


def test_the_default_config_documents_inbox(home: Home) -> None:
    load_config(home)
    text = home.config_file.read_text()
    assert "[inbox]" in text and '# maildir = ["~/Mail/INBOX", "~/Mail/Sent"]' in text
    assert not load_config(home).inbox.configured
