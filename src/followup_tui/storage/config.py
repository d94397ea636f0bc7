"""config.toml: the profile, timing rules, theme, mail settings and key map.

Parsed strictly into typed dataclasses; every error names the file and the
field. Unknown keys are kept so that saving a setting never drops anything.
A commented config is written on first use so users can discover settings.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from math import isfinite
from pathlib import Path
from typing import Any

from followup_tui.core.schedule import Timing
from followup_tui.storage.files import Signature, StoreError, atomic_write, read_text, signature
from followup_tui.storage.paths import Home

DEFAULT_THEME = "followup-dark"
SECURITY_MODES = ("starttls", "tls", "none")
# The largest value each [timing] key takes: a year of hours or days, and reminders.
TIMING_LIMITS = {
    "thank_you_ideal_hours": 8760,
    "thank_you_deadline_hours": 8760,
    "reminder_after_days": 365,
    "reply_wait_days": 365,
    "max_reminders": 100,
}

DEFAULT_CONFIG = """\
# followup-tui settings. Edit by hand; the app re-reads this file on start.

[profile]
name = ""          # your name, used in subject lines and signatures
email = ""         # your address, the From: of every email
phone = ""
signature = ""     # text under "Warm regards,"; defaults to your name

[timing]
thank_you_ideal_hours = 24     # the guide: within 24-48 hours
thank_you_deadline_hours = 48
reminder_after_days = 7        # one brief reminder about a week later
max_reminders = 1
reply_wait_days = 7            # after the reminder, wait this long before "no reply; close it?"

[ui]
# `followup --list-themes` shows every theme; add your own as themes/<name>.toml
theme = "followup-dark"
# sort = "urgency"             # the list's order (o cycles): urgency, date, company, activity
# split = true                 # list + detail side by side from 110 columns (v toggles)

[mail]
# host = "smtp.example.com"
# port = 587
# security = "starttls"        # starttls | tls | none (none: loopback only)
# username = "you@example.com"
# password_command = "pass show mail/example"   # or password_env = "FOLLOWUP_SMTP_PASSWORD"
# sendmail_command = "msmtp -t"                 # instead of SMTP
# cafile = "/path/to/ca.pem"     # trust a self-signed server's certificate
# timeout = 30

[queue]
# grace_hours = 12     # a send time missed (machine off) by more than this waits for you
# morning = "09:00"    # the time "Send later" proposes for the next morning
[inbox]
# Read-only reply tracking: `followup replies` (and the app, every few minutes) reads
# these mailboxes, marks an interview "replied" when an interviewer answers, and records
# a thank-you you sent from another mail client. Nothing is ever sent, moved or marked read.
# maildir = ["~/Mail/INBOX", "~/Mail/Sent"]
# notmuch = true                  # or read through the notmuch command line
# imap_host = "imap.example.com"
# imap_port = 993
# imap_security = "tls"           # tls | starttls
# imap_username = "you@example.com"
# imap_password_command = "pass show mail/imap"  # or imap_password_env = "FOLLOWUP_IMAP_PASSWORD"
# imap_folders = ["INBOX", "Sent"]
# cafile = "/path/to/ca.pem"     # trust a self-signed server's certificate
# addresses = ["me@old.example"]  # more addresses of yours besides [profile] email
# scan_minutes = 5                # how often the open app looks; 0: only when asked

[keys]
# Remap any binding by its id, e.g.  add = "n"   or   filter = "ctrl+f"
"""


class ConfigError(Exception):
    """config.toml cannot be used; the message names the file and field."""


@dataclass
class Profile:
    name: str = ""
    email: str = ""
    phone: str = ""
    signature: str = ""


@dataclass
class MailSettings:
    host: str = ""
    port: int = 0
    security: str = "starttls"
    username: str = ""
    from_address: str = ""
    password: str = field(default="", repr=False)  # never in a crash report
    password_command: str = ""
    password_env: str = ""
    sendmail_command: str = ""
    timeout: float = 30.0
    cafile: str = ""  # extra CA bundle for a self-signed server you trust


IMAP_SECURITY = ("tls", "starttls")
INBOX_TEXT = frozenset(
    {"imap_host", "imap_security", "imap_username", "imap_password_command", "imap_password_env"}
) | {"cafile"}


@dataclass
class InboxSettings:
    """[inbox]: the mailboxes read (never changed) to find replies and thank-yous sent elsewhere."""

    maildir: list[str] = field(default_factory=list)
    notmuch: bool = False
    imap_host: str = ""
    imap_port: int = 0
    imap_security: str = "tls"
    imap_username: str = ""
    imap_password_command: str = ""
    imap_password_env: str = ""
    imap_folders: list[str] = field(default_factory=lambda: ["INBOX"])
    cafile: str = ""
    addresses: list[str] = field(default_factory=list)
    scan_minutes: float = 5.0
    timeout: float = 30.0

    @property
    def configured(self) -> bool:
        """True when at least one source is set up."""
        return bool(self.maildir or self.notmuch or self.imap_host)


@dataclass
class QueueSettings:
    """[queue]: how "send later" proposes times and treats missed ones."""

    grace_hours: float = 12.0
    morning: str = "09:00"


@dataclass
class Config:
    profile: Profile = field(default_factory=Profile)
    timing: Timing = field(default_factory=Timing)
    mail: MailSettings = field(default_factory=MailSettings)
    queue: QueueSettings = field(default_factory=QueueSettings)
    inbox: InboxSettings = field(default_factory=InboxSettings)
    theme: str = DEFAULT_THEME
    show_closed: bool = True
    sort: str = "urgency"  # one of core.sorting.SORT_KEYS
    split: bool = True  # the list + detail split on wide terminals
    keys: dict[str, str] = field(default_factory=dict)
    checks: dict[str, Any] = field(default_factory=dict)
    raw: dict[str, Any] = field(default_factory=dict, repr=False)  # may hold the password
    warnings: list[str] = field(default_factory=list)


def _section(raw: dict[str, Any], name: str, path: Path) -> dict[str, Any]:
    value = raw.get(name, {})
    if not isinstance(value, dict):
        raise ConfigError(f"{path}: [{name}] must be a table")
    return value


def _get(section: dict[str, Any], key: str, kind: type | tuple[type, ...], where: str) -> Any:
    value = section[key]
    if isinstance(value, bool) and kind is not bool:
        raise ConfigError(f"{where}.{key} must be {_describe(kind)}, not true/false")
    if not isinstance(value, kind):
        raise ConfigError(f"{where}.{key} must be {_describe(kind)}, found {value!r}")
    return value


def _describe(kind: type | tuple[type, ...]) -> str:
    names = {str: "text", int: "a whole number", float: "a number", bool: "true or false"}
    if isinstance(kind, tuple):
        return "a number"
    return names.get(kind, kind.__name__)


def _fill(target: object, section: dict[str, Any], where: str) -> None:
    for key in section:
        if not hasattr(target, key):
            continue  # unknown keys stay in raw and are kept on save
        current = getattr(target, key)
        kind: type | tuple[type, ...] = type(current)
        if isinstance(current, float):
            kind = (int, float)
        setattr(target, key, _get(section, key, kind, where))


def parse_config(text: str, path: Path) -> Config:
    """Parse config.toml text; raises ConfigError naming file and field (a BOM is fine)."""
    try:
        raw = tomllib.loads(text.removeprefix("\ufeff"))
    except tomllib.TOMLDecodeError as error:
        raise ConfigError(f"{path} is not valid TOML: {error}; fix it by hand.") from None
    config = Config(raw=raw)
    _fill(config.profile, _section(raw, "profile", path), f"{path}: profile")
    mail = _section(raw, "mail", path)
    _fill(config.mail, mail, f"{path}: mail")
    if "from" in mail:
        config.mail.from_address = _get(mail, "from", str, f"{path}: mail")
    if config.mail.security not in SECURITY_MODES:
        raise ConfigError(
            f"{path}: mail.security must be one of starttls, tls, none; "
            f"found {config.mail.security!r}"
        )
    if config.mail.password:
        config.warnings.append(
            f"{path} holds your mail password in plain text; prefer password_command "
            "or password_env."
        )
    _fill(config.queue, _section(raw, "queue", path), f"{path}: queue")
    if config.queue.grace_hours < 0:
        raise ConfigError(f"{path}: queue.grace_hours must not be negative")
    if not _is_clock(config.queue.morning):
        raise ConfigError(
            f'{path}: queue.morning must be a time of day like "09:00", '
            f"found {config.queue.morning!r}"
        )
    timing_raw = _section(raw, "timing", path)
    timing = {key: value for key, value in Timing().__dict__.items()}
    for key in timing_raw:
        if key in timing:
            kind = int if key == "max_reminders" else (int, float)
            value = _get(timing_raw, key, kind, f"{path}: timing")
            top = TIMING_LIMITS.get(key, 8760)
            if not (isfinite(value) and 0 <= value <= top):
                raise ConfigError(
                    f"{path}: timing.{key} must be a number from 0 to {top}, found {value!r}"
                )
            timing[key] = value
    if timing["thank_you_deadline_hours"] < timing["thank_you_ideal_hours"]:
        raise ConfigError(
            f"{path}: timing.thank_you_deadline_hours must be at least thank_you_ideal_hours"
        )
    config.timing = Timing(**timing)
    ui = _section(raw, "ui", path)
    if "theme" in ui:
        config.theme = _get(ui, "theme", str, f"{path}: ui")
    if "show_closed" in ui:
        config.show_closed = _get(ui, "show_closed", bool, f"{path}: ui")
    if "split" in ui:
        config.split = _get(ui, "split", bool, f"{path}: ui")
    if "sort" in ui:
        from followup_tui.core.sorting import SORT_KEYS

        sort = _get(ui, "sort", str, f"{path}: ui")
        if sort in SORT_KEYS:
            config.sort = sort
        else:  # a wrong order is no reason not to start: say so and sort by urgency
            config.warnings.append(
                f"{path}: ui.sort {sort!r} is not one of {', '.join(SORT_KEYS)}; using urgency."
            )
    keys = _section(raw, "keys", path)
    for action, key in keys.items():
        if not isinstance(key, str) or not key.strip():
            raise ConfigError(f'{path}: keys.{action} must be a key name such as "ctrl+f"')
    config.keys = dict(keys)
    config.checks = dict(_section(raw, "checks", path))
    config.inbox = parse_inbox(_section(raw, "inbox", path), f"{path}: inbox")
    return config


def _is_clock(text: str) -> bool:
    hours, _, minutes = text.partition(":")
    return (
        hours.isdigit()
        and minutes.isdigit()
        and len(minutes) == 2
        and int(hours) < 24
        and int(minutes) < 60
    )


def parse_inbox(section: dict[str, Any], where: str) -> InboxSettings:
    """The [inbox] table, each key checked; errors name the key and what it takes."""
    inbox = InboxSettings()
    for key in section:
        if key in ("maildir", "imap_folders", "addresses"):
            value = section[key]
            if isinstance(value, str):
                value = [value]
            if not isinstance(value, list) or not all(
                isinstance(item, str) and item.strip() for item in value
            ):
                raise ConfigError(f'{where}.{key} must be a list of text values, like ["INBOX"]')
            setattr(inbox, key, list(value))
        elif key == "notmuch":
            inbox.notmuch = _get(section, key, bool, where)
        elif key == "imap_port":
            inbox.imap_port = _get(section, key, int, where)
            if not 0 < inbox.imap_port < 65536:
                raise ConfigError(f"{where}.imap_port must be between 1 and 65535")
        elif key in ("scan_minutes", "timeout"):
            value = _get(section, key, (int, float), where)
            if value < 0 or (key == "timeout" and value == 0):
                raise ConfigError(f"{where}.{key} must be a positive number")
            setattr(inbox, key, float(value))
        elif key in INBOX_TEXT:
            setattr(inbox, key, _get(section, key, str, where))
        # unknown keys stay in raw and are kept on save
    if inbox.imap_security not in IMAP_SECURITY:
        raise ConfigError(
            f"{where}.imap_security must be tls or starttls; found {inbox.imap_security!r}"
        )
    if inbox.imap_host and not inbox.imap_username:
        raise ConfigError(f"{where}.imap_username is missing; imap_host needs it to log in")
    if inbox.imap_host and not (inbox.imap_password_command or inbox.imap_password_env):
        raise ConfigError(
            f"{where}.imap_password_command (or imap_password_env) is missing; "
            "imap_host needs a password source"
        )
    return inbox


def load_config(home: Home, *, create: bool = True) -> Config:
    """Read the home's config.toml, writing the commented default on first use."""
    path = home.config_file
    try:
        text = read_text(path)
    except FileNotFoundError:
        if create:
            try:
                atomic_write(path, DEFAULT_CONFIG.encode("utf-8"))
            except (OSError, StoreError):
                pass  # a read-only home still works with defaults
        text = DEFAULT_CONFIG
    except (OSError, UnicodeDecodeError) as error:
        raise ConfigError(f"Cannot read {path}: {error}.") from None
    return parse_config(text, path)


def needs_setup(config: Config) -> bool:
    """True when the profile lacks the name or email every email needs."""
    return not (config.profile.name.strip() and config.profile.email.strip())


def config_stamp(home: Home) -> Signature | None:
    """config.toml's stat signature, to notice an edit; None when it is absent."""
    try:
        return signature(home.config_file.stat())
    except OSError:
        return None


def settings_parts(old: Config, new: Config) -> list[tuple[str, bool]]:
    """(name, changed) for each part of the settings a running app uses."""
    return [
        ("profile", old.profile != new.profile),
        ("mail", old.mail != new.mail),
        ("inbox", old.inbox != new.inbox),
        ("timing", old.timing != new.timing),
        ("checks", old.checks != new.checks),
        ("keys", old.keys != new.keys),
        ("theme", old.theme != new.theme),
        ("closed interviews", old.show_closed != new.show_closed),
    ]


def save_setting(home: Home, section: str, key: str, value: Any) -> None:
    """Change one setting in config.toml, keeping everything else (comments too)."""
    save_settings(home, {section: {key: value}})


def save_settings(home: Home, changes: dict[str, dict[str, Any]]) -> Config:
    """Write ``{section: {key: value}}`` into config.toml with tomlkit, keeping comments.

    A value of None removes the key. The result is parsed like a start would
    parse it before anything is written, so a save never leaves a broken
    file; returns the new settings. Raises ConfigError (nothing written) or
    StoreError/OSError when the file cannot be written.
    """
    import tomlkit
    from tomlkit.exceptions import TOMLKitError

    path = home.config_file
    try:
        text = read_text(path)
    except FileNotFoundError:
        text = DEFAULT_CONFIG
    except (OSError, UnicodeDecodeError) as error:
        raise ConfigError(f"Cannot read {path}: {error}.") from None
    try:
        document = tomlkit.parse(text)
    except TOMLKitError as error:
        raise ConfigError(f"{path} is not valid TOML: {error}; fix it by hand.") from None
    for section, values in changes.items():
        table = document.get(section)
        if table is None:
            table = tomlkit.table()
            document[section] = table
        if not isinstance(table, dict):
            raise ConfigError(f"{path}: [{section}] must be a table")
        for key, value in values.items():
            if value is None:
                table.pop(key, None)
            else:
                table[key] = value
    candidate = tomlkit.dumps(document)
    config = parse_config(candidate, path)
    atomic_write(path, candidate.encode("utf-8"))
    return config
