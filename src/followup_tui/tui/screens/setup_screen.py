"""First run and later: your name and email, and how mail is sent, written to config.toml.

Shown on start when ``[profile] name`` or ``email`` is missing, and from the
editor (F3) or the palette later. Saving goes through ``save_settings``
(tomlkit: the file's comments stay); "Send a test email" sends one to your
own address with the settings on the screen, in a thread.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import Screen
from textual.widgets import Button, Input, Label, Select, Static

from followup_tui.mail.errors import MailError
from followup_tui.storage.config import SECURITY_MODES, ConfigError, MailSettings, Profile
from followup_tui.storage.store import StoreError
from followup_tui.tui.modals.choice_modal import ChoiceModal
from followup_tui.tui.widgets.header import Header

if TYPE_CHECKING:
    from followup_tui.tui.app import FollowupApp

METHODS = (
    ("Not yet (copy or export drafts)", "none"),
    ("SMTP server", "smtp"),
    ("A sendmail command", "sendmail"),
)
TEXT_FIELDS = (
    "name",
    "email",
    "host",
    "port",
    "username",
    "password_command",
    "password_env",
    "sendmail_command",
)


def _method(mail: MailSettings) -> str:
    return "sendmail" if mail.sendmail_command else "smtp" if mail.host else "none"


class SetupScreen(Screen[bool]):
    """Asks for the profile and the mail settings; dismisses True when saved."""

    CSS_PATH = Path(__file__).with_name("setup_screen.tcss")
    BINDINGS = [
        Binding("ctrl+s", "save", "Save", id="setup.save"),
        Binding("ctrl+g", "test_mail", "Send a test email", id="setup.test"),
        Binding("escape", "close", "Close", id="setup.close"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self._initial: tuple[object, ...] = ()

    @property
    def followup(self) -> FollowupApp:
        return cast("FollowupApp", self.app)

    def compose(self) -> ComposeResult:
        config = self.followup.config
        mail = config.mail
        yield Header()
        with VerticalScroll(id="setup"):
            yield Static(
                "Every follow-up is signed with your name and sent from your address. "
                f"These are saved to {self.followup.home.config_file} (its comments stay).",
                id="intro",
                markup=False,
            )
            yield Label("Your name *")
            yield Input(config.profile.name, id="name", placeholder="your full name")
            yield Label("Your email address *")
            yield Input(config.profile.email, id="email", placeholder="you@example.org")
            yield Label("How should emails be sent?")
            yield Select(METHODS, value=_method(mail), allow_blank=False, id="method")
            with Vertical(classes="mail-smtp"):
                yield Label("SMTP host")
                yield Input(mail.host, id="host", placeholder="smtp.example.org")
                yield Label("Port (587 for starttls, 465 for tls)")
                yield Input(str(mail.port or ""), id="port", placeholder="587")
                yield Label("Security")
                yield Select(
                    [(mode, mode) for mode in SECURITY_MODES],
                    value=mail.security,
                    allow_blank=False,
                    id="security",
                )
                yield Label("Username")
                yield Input(mail.username, id="username", placeholder="you@example.org")
                yield Label("Password command (prints the password), or ...")
                yield Input(
                    mail.password_command, id="password_command", placeholder="pass show mail"
                )
                yield Label("... the environment variable that holds it")
                yield Input(mail.password_env, id="password_env", placeholder="SMTP_PASSWORD")
            with Vertical(classes="mail-sendmail"):
                yield Label("Sendmail command")
                yield Input(mail.sendmail_command, id="sendmail_command", placeholder="msmtp -t")
            yield Static("", id="setup-error", markup=False)
            with Horizontal(id="buttons"):
                yield Button("Save (^s)", variant="primary", id="save")
                yield Button("Send a test email (^g)", id="test")
                yield Button("Close (esc)", id="close")

    def on_mount(self) -> None:
        self.title = "Set up followup"
        self._show_method()
        self._initial = self._snapshot()
        self.query_one("#name" if not self._value("name") else "#email", Input).focus()

    def _snapshot(self) -> tuple[object, ...]:
        selects = tuple(self.query_one(f"#{name}", Select).value for name in ("method", "security"))
        return (*(self._value(name) for name in TEXT_FIELDS), *selects)

    def _value(self, widget_id: str) -> str:
        return self.query_one(f"#{widget_id}", Input).value.strip()

    @on(Select.Changed, "#method")
    def _show_method(self) -> None:
        method = self.query_one("#method", Select).value
        self.query_one(".mail-smtp").display = method == "smtp"
        self.query_one(".mail-sendmail").display = method == "sendmail"

    def _read(self) -> tuple[Profile, MailSettings] | None:
        """The settings on screen, or None after showing what is wrong."""
        error = self.query_one("#setup-error", Static)
        name, email = self._value("name"), self._value("email")
        problem = ""
        if not name:
            problem = "Enter your name: it signs every follow-up."
        elif "@" not in email or " " in email:
            problem = "Enter your email address, like sam@example.org."
        method = self.query_one("#method", Select).value
        port = self._value("port")
        if not problem and method == "smtp":
            if not self._value("host"):
                problem = "Enter the SMTP host, like smtp.example.org (or choose another way)."
            elif port and not (port.isdigit() and 0 < int(port) < 65536):
                problem = f"{port!r} is not a port; enter a number such as 587."
        if not problem and method == "sendmail" and not self._value("sendmail_command"):
            problem = "Enter the sendmail command, like msmtp -t."
        error.update(problem)
        if problem:
            return None
        profile = replace(self.followup.config.profile, name=name, email=email)
        mail = replace(self.followup.config.mail)
        mail.host = self._value("host") if method == "smtp" else ""
        mail.port = int(port) if method == "smtp" and port else 0
        mail.security = str(self.query_one("#security", Select).value)
        mail.username = self._value("username") if method == "smtp" else ""
        mail.password_command = self._value("password_command") if method == "smtp" else ""
        mail.password_env = self._value("password_env") if method == "smtp" else ""
        mail.sendmail_command = self._value("sendmail_command") if method == "sendmail" else ""
        return profile, mail

    @on(Button.Pressed, "#save")
    def action_save(self) -> None:
        """Write the settings to config.toml and use them at once."""
        self._save()

    def _save(self) -> bool:
        read = self._read()
        if read is None:
            return False
        profile, mail = read
        changes: dict[str, dict[str, Any]] = {
            "profile": {"name": profile.name, "email": profile.email},
            "mail": {
                "host": mail.host or None,
                "port": mail.port or None,
                "security": mail.security if mail.host else None,
                "username": mail.username or None,
                "password_command": mail.password_command or None,
                "password_env": mail.password_env or None,
                "sendmail_command": mail.sendmail_command or None,
            },
        }
        app = self.followup
        if app.demo:
            app.config.profile, app.config.mail = profile, mail
            self.notify("Demo mode: used for this session, not saved.", markup=False)
            self.dismiss(True)
            return True
        from followup_tui.storage.config import save_settings

        try:
            config = save_settings(app.home, changes)
        except (ConfigError, StoreError, OSError) as error:
            self.query_one("#setup-error", Static).update(f"Not saved: {error}")
            return False
        app.use_config(config, quiet=True)
        self._initial = self._snapshot()
        self.notify(f"Saved to {app.home.config_file}.", markup=False)
        self.dismiss(True)
        return True

    @on(Button.Pressed, "#test")
    def action_test_mail(self) -> None:
        """Send a test email to your own address with the settings on screen."""
        read = self._read()
        if read is None:
            return
        profile, mail = read
        if not (mail.host or mail.sendmail_command):
            self.query_one("#setup-error", Static).update(
                "Choose how emails are sent first (SMTP or a sendmail command)."
            )
            return
        self.notify(f"Sending a test email to {profile.email}…", markup=False)
        self._send_test(profile, mail)

    @work(thread=True, exclusive=True, group="setup-test")
    def _send_test(self, profile: Profile, mail: MailSettings) -> None:
        from followup_tui.mail.sending import send_test_email

        try:
            to = send_test_email(profile, mail, self.followup.now())
        except MailError as error:
            self.app.call_from_thread(
                self.notify,
                str(error),
                title="Test email not sent",
                severity="error",
                markup=False,
                timeout=20,
            )
            return
        self.app.call_from_thread(
            self.notify, f"Test email sent to {to}; check your inbox.", markup=False, timeout=10
        )

    @on(Button.Pressed, "#close")
    def action_close(self) -> None:
        """Close; with typed settings not saved yet, offer to save them."""
        if not self.unsaved_text():
            self.dismiss(False)
            return

        def chosen(choice: str | None) -> None:
            if choice == "save":
                self._save()
            elif choice == "discard":
                self.dismiss(False)

        self.app.push_screen(
            ChoiceModal(
                "Close the setup?",
                "The settings you typed are not saved yet.",
                [("save", "Save and close"), ("discard", "Discard"), ("cancel", "Stay")],
                about="leave",
            ),
            chosen,
        )

    # -- KeepsText (quitting.py): ctrl+q and SIGHUP --------------------------

    def unsaved_text(self) -> str:
        if not self.is_mounted or self._snapshot() == self._initial:
            return ""
        return "The setup screen has settings that are not saved yet."

    def keep_text(self, done: Callable[[bool], object]) -> None:
        done(self._save())  # config.toml: no store lock, nothing to wait for

    def hold_autosave(self, holding: bool) -> None:
        """The setup screen has no autosave."""
