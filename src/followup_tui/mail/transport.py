"""Getting a built email to the server: SMTP or the user's sendmail command.

The password comes from ``password_command`` or ``password_env`` (or, with a
warning at config load, ``password`` in config.toml) and is held in a Secret
whose repr and str are redacted. Every failure is one MailError sentence naming
what went wrong (refused, timeout, TLS, authentication, recipient).
"""

from __future__ import annotations

import ipaddress
import os
import re
import shlex
import signal
import smtplib
import socket
import ssl
import subprocess
from collections.abc import Mapping
from email.message import EmailMessage

from followup_tui.mail.errors import MailError
from followup_tui.storage.config import MailSettings

DEFAULT_PORTS = {"starttls": 587, "tls": 465, "none": 25}
STDERR_LIMIT = 1000  # characters of a failed sendmail command's stderr kept in its message
# CSI and OSC sequences (colours, titles) a command may print; the rest of ESC goes with controls.
_ESCAPE = re.compile(r"\x1b(?:\[[0-?]*[ -/]*[@-~]|\][^\x07\x1b]*(?:\x07|\x1b\\)?)")


class Secret:
    """A password that never shows itself in logs, tracebacks or messages."""

    __slots__ = ("_value",)

    def __init__(self, value: str) -> None:
        self._value = value

    def reveal(self) -> str:
        """The actual password, only for handing to the server."""
        return self._value

    def __repr__(self) -> str:
        return "Secret('********')"

    __str__ = __repr__

    def __bool__(self) -> bool:
        return bool(self._value)


def resolve_password(
    settings: MailSettings,
    environ: Mapping[str, str] | None = None,
    *,
    section: str = "mail",
    prefix: str = "",
) -> Secret | None:
    """The password from password_command, password_env or password (in that order).

    ``section`` and ``prefix`` name the keys in messages: [inbox] has imap_password_command.
    """
    env = os.environ if environ is None else environ
    command, variable = f"{prefix}password_command", f"{prefix}password_env"
    if settings.password_command:
        try:
            argv = shlex.split(settings.password_command)
        except ValueError as error:
            raise MailError(f"{command} in config.toml cannot be parsed: {error}.") from None
        return Secret(_run_password_command(argv, settings.timeout, command, section))
    if settings.password_env:
        value = env.get(settings.password_env)
        if not value:
            raise MailError(
                f"{variable} names {settings.password_env}, but that environment "
                "variable is not set."
            )
        return Secret(value)
    if settings.password:
        return Secret(settings.password)
    return None


def _run_password_command(argv: list[str], timeout: float, command: str, section: str) -> str:
    """The first line ``argv`` prints; MailError in one sentence that holds none of its output.

    A failing password manager may print the password or part of it, so
    neither stdout nor stderr is ever quoted. The command runs in its own
    process group, killed whole at the timeout (a child holding the pipe too).
    """
    try:
        process = subprocess.Popen(
            argv,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
        )
    except FileNotFoundError:
        raise MailError(
            f"{command} {argv[0]!r} was not found; check [{section}] in config.toml."
        ) from None
    except OSError as error:
        raise MailError(
            f"{command} {argv[0]!r} could not be started ({error.strerror or error}); "
            f"check [{section}] in config.toml."
        ) from None
    try:
        output, _ = process.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        _kill_group(process)
        raise MailError(
            f"{command} did not finish within {timeout:g} seconds; "
            "check that it runs without a prompt."
        ) from None
    finally:
        if process.poll() is None:
            _kill_group(process)
    if process.returncode != 0:
        raise MailError(
            f"{command} failed (exit status {process.returncode}); run it in a shell to see why."
        )
    try:
        text = output.decode("utf-8")
    except UnicodeDecodeError:
        raise MailError(f"{command} printed something that is not UTF-8 text.") from None
    lines = text.splitlines()
    if not lines or not lines[0]:
        raise MailError(f"{command} printed no password on its first line.")
    return lines[0]


def _kill_group(process: subprocess.Popen[bytes]) -> None:
    """Stop a password command and everything it started, then reap it."""
    try:
        os.killpg(process.pid, signal.SIGKILL)
    except OSError:
        pass
    try:
        process.communicate(timeout=5)
    except (subprocess.TimeoutExpired, ValueError):
        pass


def is_loopback(host: str) -> bool:
    """True for localhost and loopback addresses (where plain SMTP is acceptable)."""
    if host.lower() in ("localhost", "localhost."):
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def tls_context(cafile: str) -> ssl.SSLContext:
    """The verifying TLS context of every connection (SMTP and IMAP), plus ``cafile`` if set."""
    try:
        return ssl.create_default_context(cafile=cafile or None)
    except (OSError, ssl.SSLError) as error:
        raise MailError(f"cafile {cafile} cannot be used: {error}.") from None


def deliver(
    message: EmailMessage, settings: MailSettings, *, environ: Mapping[str, str] | None = None
) -> list[str]:
    """Hand ``message`` to the configured transport; returns refused recipients, if some.

    Raises MailError when nothing was sent.
    """
    if settings.sendmail_command:
        _sendmail(message, settings)
        return []
    return _smtp(message, settings, environ)


def _sendmail(message: EmailMessage, settings: MailSettings) -> None:
    try:
        argv = shlex.split(settings.sendmail_command)
    except ValueError as error:
        raise MailError(f"sendmail_command in config.toml cannot be parsed: {error}.") from None
    if not argv:
        raise MailError("sendmail_command in config.toml is empty.")
    try:
        done = subprocess.run(
            argv, input=message.as_bytes(), capture_output=True, timeout=settings.timeout
        )
    except FileNotFoundError:
        raise MailError(f"sendmail_command {argv[0]!r} was not found; is it installed?") from None
    except subprocess.TimeoutExpired:
        raise MailError(
            f"sendmail_command did not finish within {settings.timeout:g} seconds; "
            "the email may or may not have gone out.",
            uncertain=True,
        ) from None
    if done.returncode != 0:
        reason = stderr_reason(done.stderr)
        raise MailError(
            f"sendmail_command {argv[0]!r} failed (exit status {done.returncode})"
            + (f": {reason}" if reason else "")
            + "; the email was not sent."
        )


def stderr_reason(data: bytes, limit: int = STDERR_LIMIT) -> str:
    """All of a failed command's stderr as one line: its non-blank lines joined by "; ".

    msmtp says why on an earlier line ("cannot connect to ...: Connection
    refused") and only "could not send mail" on the last, so every line is
    kept. Escape sequences and control characters are dropped (the text is
    shown in a terminal); past ``limit`` characters the end is cut off.
    """
    from followup_tui.core.text import printable

    text = _ESCAPE.sub("", data.decode("utf-8", "replace"))
    lines = [" ".join(printable(line).split()) for line in text.splitlines()]
    reason = "; ".join(line for line in lines if line)
    if len(reason) > limit:
        reason = reason[: limit - 1].rstrip() + "…"
    return reason


def _smtp(
    message: EmailMessage, settings: MailSettings, environ: Mapping[str, str] | None
) -> list[str]:
    host = settings.host.strip()
    if not host:
        raise MailError(
            "No mail server is set up: add host (or sendmail_command) under [mail] in config.toml."
        )
    security = settings.security
    if security == "none" and not is_loopback(host):
        raise MailError(
            f'security = "none" is only allowed for a server on this machine, not {host}; '
            "use starttls or tls."
        )
    port = settings.port or DEFAULT_PORTS[security]
    where = f"{host}:{port}"
    password = resolve_password(settings, environ) if settings.username else None
    if settings.username and password is None:
        raise MailError(
            "[mail] has a username but no password source; set password_command or password_env."
        )
    # Loading the system's CA bundle is slow: only when TLS is used.
    context = tls_context(settings.cafile) if security != "none" else None
    try:
        client: smtplib.SMTP
        if security == "tls":
            client = smtplib.SMTP_SSL(host, port, timeout=settings.timeout, context=context)
        else:
            client = smtplib.SMTP(host, port, timeout=settings.timeout)
        with client:
            if security == "starttls":
                client.ehlo()
                client.starttls(context=context)
                client.ehlo()
            if settings.username and password is not None:
                client.login(settings.username, password.reveal())
            refused = client.send_message(message)
        return sorted(refused)
    except smtplib.SMTPNotSupportedError:
        raise MailError(
            f'{where} does not offer STARTTLS; use security = "tls" or another port.'
        ) from None
    except smtplib.SMTPAuthenticationError as error:
        raise MailError(
            f"{where} rejected the login for {settings.username} ({_reply(error)}); "
            "check the username and password."
        ) from None
    except smtplib.SMTPRecipientsRefused as error:
        names = ", ".join(sorted(error.recipients))
        first = next(iter(error.recipients.values()), (0, b""))
        raise MailError(
            f"{where} refused the recipient {names} ({first[0]} "
            f"{_text(first[1])}); the email was not sent."
        ) from None
    except smtplib.SMTPSenderRefused as error:
        raise MailError(
            f"{where} refused the sender {error.sender} ({_reply(error)}); the email was not sent."
        ) from None
    except ssl.SSLCertVerificationError as error:
        raise MailError(
            f"The certificate of {where} could not be verified ({error.verify_message}); "
            "if you trust this server, set cafile under [mail]."
        ) from None
    except ssl.SSLError as error:
        raise MailError(f"The TLS connection to {where} failed ({error.reason}).") from None
    except ConnectionRefusedError:
        raise MailError(
            f"{where} refused the connection; check host and port under [mail] and that "
            "the server is running."
        ) from None
    except TimeoutError:
        raise MailError(
            f"{where} did not answer within {settings.timeout:g} seconds; the email was not sent."
        ) from None
    except socket.gaierror:
        raise MailError(
            f"The mail server name {host} cannot be found; check host under [mail]."
        ) from None
    except smtplib.SMTPServerDisconnected as error:
        if "timed out" in str(error):  # smtplib turns a read timeout into a disconnect
            raise MailError(
                f"{where} did not answer within {settings.timeout:g} seconds; "
                "the email was not sent."
            ) from None
        raise MailError(f"{where} closed the connection unexpectedly; try again.") from None
    except smtplib.SMTPResponseException as error:
        raise MailError(f"{where} answered with an error ({_reply(error)}).") from None
    except (smtplib.SMTPException, OSError) as error:
        raise MailError(f"Sending through {where} failed: {error}.") from None
    except Exception as error:  # noqa: BLE001 - smtplib's frames hold the plain password
        # A crash report would print those frames' locals; one sentence instead.
        reason = str(error).replace(password.reveal(), "********") if password else str(error)
        raise MailError(
            f"Sending through {where} failed unexpectedly ({type(error).__name__}: "
            f"{' '.join(reason.split())}); the email may not have gone out.",
            uncertain=True,
        ) from None


def _text(value: bytes | str) -> str:
    text = value.decode("utf-8", "replace") if isinstance(value, bytes) else value
    return " ".join(text.split())


def _reply(error: smtplib.SMTPResponseException) -> str:
    return f"{error.smtp_code} {_text(error.smtp_error)}".strip()
