"""``followup setup``: your name and email, and optionally mail, written to config.toml.

The same settings as the app's setup screen, asked line by line; the file's
comments are kept (tomlkit). Enter keeps the value shown in brackets.
"""

from __future__ import annotations

import argparse
import sys
from typing import Any

from followup_tui.cli.common import UserError, open_context
from followup_tui.cli.output import clean


def add_parser(subparsers: Any, parent: argparse.ArgumentParser) -> None:
    """Register ``setup``."""
    setup = subparsers.add_parser(
        "setup", parents=[parent], help="set your name, email and mail server in config.toml"
    )
    setup.set_defaults(func=run)


def _ask(question: str, current: str = "") -> str:
    shown = f" [{clean(current)}]" if current else ""
    sys.stderr.write(f"{question}{shown}: ")
    sys.stderr.flush()
    line = sys.stdin.readline()
    if not line:
        raise UserError("Setup stopped: no more input; nothing was saved.")
    return line.strip() or current


def _yes(question: str) -> bool:
    return _ask(f"{question} [y/N]").lower() in ("y", "yes")


def _mail_changes(mail: Any) -> dict[str, Any]:
    method = _ask("Send mail through smtp, sendmail, or none", "smtp" if mail.host else "none")
    empty = dict.fromkeys(
        ("host", "port", "security", "username", "password_command", "password_env"), None
    )
    if method == "sendmail":
        return {**empty, "sendmail_command": _ask("Sendmail command", mail.sendmail_command)}
    if method != "smtp":
        return {}
    host = _ask("SMTP host", mail.host)
    port = _ask("Port (587 starttls, 465 tls)", str(mail.port or 587))
    if not port.isdigit() or not 0 < int(port) < 65536:
        raise UserError(f"{port!r} is not a port; nothing was saved.")
    security = _ask("Security: starttls, tls or none", mail.security)
    if security not in ("starttls", "tls", "none"):
        raise UserError(f"{security!r} is not starttls, tls or none; nothing was saved.")
    username = _ask("Username", mail.username)
    command = _ask("Password command (prints the password; empty to use a variable)", "")
    variable = "" if command else _ask("Environment variable with the password", mail.password_env)
    return {
        "host": host,
        "port": int(port),
        "security": security,
        "username": username or None,
        "password_command": command or None,
        "password_env": variable or None,
        "sendmail_command": None,
    }


def run(args: argparse.Namespace) -> int:
    """Ask, write config.toml, and offer a test email."""
    from followup_tui.mail.errors import MailError
    from followup_tui.storage.config import ConfigError, save_settings
    from followup_tui.storage.store import StoreError

    context = open_context(args)
    config = context.config
    name = _ask("Your name (signs every follow-up)", config.profile.name)
    email = _ask("Your email address (the From: of every email)", config.profile.email)
    if not name or "@" not in email or " " in email:
        raise UserError("A name and an email address like sam@example.org are needed.")
    changes: dict[str, dict[str, Any]] = {"profile": {"name": name, "email": email}}
    if _yes("Set up sending mail now?"):
        changes["mail"] = _mail_changes(config.mail)
    try:
        config = save_settings(context.home, changes)
    except (ConfigError, StoreError, OSError) as error:
        raise UserError(f"Not saved: {error}") from None
    print(f"Saved to {clean(str(context.home.config_file))}.")
    if (config.mail.host or config.mail.sendmail_command) and _yes(
        f"Send a test email to {email}?"
    ):
        from followup_tui.mail.sending import send_test_email

        try:
            sent_to = send_test_email(config.profile, config.mail, context.now)
            print(f"Test email sent to {clean(sent_to)}.")
        except MailError as error:
            raise UserError(f"Test email not sent: {error}") from None
    return 0
