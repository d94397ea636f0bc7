"""Real sends to an aiosmtpd server on 127.0.0.1, asserting on what it received."""

from __future__ import annotations

import email
import shlex
import socket
import ssl
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from email import policy
from pathlib import Path
from typing import Any

import pytest
import trustme
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, Envelope, LoginPassword, Session

from followup_tui.core.model import Followup
from followup_tui.core.schedule import State, next_action
from followup_tui.mail.sending import MailError, build_message, send_followup
from followup_tui.mail.transport import deliver
from followup_tui.storage.config import Config, MailSettings, Profile
from followup_tui.storage.paths import Home
from followup_tui.storage.store import Store
from tests.conftest import NOW, make_interview

PROFILE = Profile(name="Sam Lee", email="sam.lee@example.com")


@dataclass
class Recorder:
    """An aiosmtpd handler that keeps what it receives and can refuse recipients."""

    refuse: set[str] = field(default_factory=set)
    received: list[Envelope] = field(default_factory=list)

    async def handle_RCPT(  # noqa: N802 - aiosmtpd's hook name
        self, server: Any, session: Session, envelope: Envelope, address: str, options: Any
    ) -> str:
        if address in self.refuse:
            return "550 5.1.1 No such user here"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(  # noqa: N802
        self, server: Any, session: Session, envelope: Envelope
    ) -> str:
        self.received.append(envelope)
        return "250 Message accepted"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def authenticator(
    server: Any, session: Session, envelope: Envelope, mechanism: str, auth_data: Any
) -> AuthResult:
    ok = isinstance(auth_data, LoginPassword) and (auth_data.login, auth_data.password) == (
        b"sam",
        b"correct horse",
    )
    return AuthResult(success=ok, handled=False)


@pytest.fixture(scope="module")
def ca() -> trustme.CA:
    return trustme.CA()


@pytest.fixture(scope="module")
def server_tls(ca: trustme.CA) -> ssl.SSLContext:
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    ca.issue_cert("127.0.0.1", "localhost").configure_cert(context)
    return context


@pytest.fixture
def cafile(ca: trustme.CA, tmp_path: Path) -> str:
    path = tmp_path / "ca.pem"
    ca.cert_pem.write_to_path(str(path))
    return str(path)


ServerFactory = Callable[..., tuple[Recorder, int]]


@pytest.fixture
def smtp_server() -> Iterator[ServerFactory]:
    controllers: list[Controller] = []

    def start(**kwargs: Any) -> tuple[Recorder, int]:
        recorder = Recorder(refuse=set(kwargs.pop("refuse", ())))
        port = free_port()
        controller = Controller(recorder, hostname="127.0.0.1", port=port, **kwargs)
        controller.start()
        controllers.append(controller)
        return recorder, port

    yield start
    for controller in controllers:
        controller.stop()


def received_message(recorder: Recorder) -> email.message.EmailMessage:
    assert len(recorder.received) == 1
    content = recorder.received[0].original_content or b""
    message = email.message_from_bytes(content, policy=policy.default)
    assert isinstance(message, email.message.EmailMessage)
    return message


def the_draft(to: str = "dana@acme.example") -> Followup:
    return Followup(
        kind="thank_you",
        to=to,
        interviewer="Dana Reyes",
        subject="Thank You - Sam Lee Interview for Backend Engineer",
        body="Dear Dana Reyes,\n\nThank you.\n\nSam Lee\n",
    )


def send(settings: MailSettings, to: str = "dana@acme.example") -> list[str]:
    return deliver(build_message(the_draft(to), PROFILE, settings, NOW), settings)


def test_plain_send_to_loopback(smtp_server: ServerFactory) -> None:
    recorder, port = smtp_server()
    send(MailSettings(host="127.0.0.1", port=port, security="none"))
    envelope = recorder.received[0]
    assert envelope.mail_from == "sam.lee@example.com"
    assert envelope.rcpt_tos == ["dana@acme.example"]
    message = received_message(recorder)
    assert message["Subject"] == "Thank You - Sam Lee Interview for Backend Engineer"
    assert "Thank you." in message.get_content()


def test_plain_to_a_remote_host_is_refused_before_connecting() -> None:
    with pytest.raises(MailError, match='security = "none" is only allowed for a server on'):
        send(MailSettings(host="smtp.example.com", port=25, security="none"))


def test_starttls_with_auth(
    smtp_server: ServerFactory, server_tls: ssl.SSLContext, cafile: str
) -> None:
    recorder, port = smtp_server(
        tls_context=server_tls, require_starttls=True, authenticator=authenticator
    )
    settings = MailSettings(
        host="127.0.0.1",
        port=port,
        security="starttls",
        username="sam",
        password_env="SMTP_PW",
        cafile=cafile,
    )
    message = build_message(the_draft(), PROFILE, settings, NOW)
    deliver(message, settings, environ={"SMTP_PW": "correct horse"})
    assert received_message(recorder)["Message-ID"] == message["Message-ID"]


def test_auth_rejected_names_it_and_hides_the_password(
    smtp_server: ServerFactory, server_tls: ssl.SSLContext, cafile: str
) -> None:
    recorder, port = smtp_server(
        tls_context=server_tls, require_starttls=True, authenticator=authenticator
    )
    command = f"{shlex.quote(sys.executable)} -c \"print('wrong-secret-42')\""
    settings = MailSettings(
        host="127.0.0.1",
        port=port,
        security="starttls",
        username="sam",
        password_command=command,
        cafile=cafile,
    )
    with pytest.raises(MailError) as caught:
        send(settings)
    assert "rejected the login for sam (535" in str(caught.value)
    assert "wrong-secret-42" not in str(caught.value)
    assert recorder.received == []


def test_self_signed_refused_unless_cafile(
    smtp_server: ServerFactory, server_tls: ssl.SSLContext
) -> None:
    recorder, port = smtp_server(tls_context=server_tls, require_starttls=True)
    settings = MailSettings(host="127.0.0.1", port=port, security="starttls")
    with pytest.raises(MailError, match="could not be verified .*set cafile under"):
        send(settings)
    assert recorder.received == []


def test_implicit_tls(smtp_server: ServerFactory, server_tls: ssl.SSLContext, cafile: str) -> None:
    recorder, port = smtp_server(ssl_context=server_tls)
    send(MailSettings(host="127.0.0.1", port=port, security="tls", cafile=cafile))
    assert received_message(recorder)["To"] == "dana@acme.example"


def test_server_down_is_connection_refused() -> None:
    port = free_port()
    with pytest.raises(MailError, match=f"127.0.0.1:{port} refused the connection"):
        send(MailSettings(host="127.0.0.1", port=port, security="none"))


def test_silent_server_times_out() -> None:
    with socket.socket() as listener:
        listener.bind(("127.0.0.1", 0))
        listener.listen(1)
        port = listener.getsockname()[1]
        settings = MailSettings(host="127.0.0.1", port=port, security="none", timeout=0.3)
        with pytest.raises(MailError, match="did not answer within 0.3 seconds"):
            send(settings)


def test_recipient_refused(smtp_server: ServerFactory) -> None:
    recorder, port = smtp_server(refuse={"nobody@acme.example"})
    settings = MailSettings(host="127.0.0.1", port=port, security="none")
    with pytest.raises(MailError, match="refused the recipient nobody@acme.example \\(550"):
        send(settings, to="nobody@acme.example")
    assert recorder.received == []
    refused = send(settings, to="dana@acme.example, nobody@acme.example")
    assert refused == ["nobody@acme.example"]
    assert recorder.received[0].rcpt_tos == ["dana@acme.example"]


def test_sendmail_command_gets_the_message_on_stdin(tmp_path: Path) -> None:
    out = tmp_path / "piped.eml"
    script = f"import sys; open({str(out)!r}, 'wb').write(sys.stdin.buffer.read())"
    settings = MailSettings(
        sendmail_command=f"{shlex.quote(sys.executable)} -c {shlex.quote(script)}"
    )
    send(settings)
    message = email.message_from_bytes(out.read_bytes(), policy=policy.default)
    assert message["To"] == "dana@acme.example"
    failing = f"{shlex.quote(sys.executable)} -c \"import sys; sys.exit('msmtp: no account')\""
    with pytest.raises(MailError, match=r"failed \(exit status 1\): msmtp: no account"):
        send(MailSettings(sendmail_command=failing))


def test_send_followup_records_like_mark_sent(
    smtp_server: ServerFactory, store: Store, home: Home
) -> None:
    recorder, port = smtp_server()
    interview = store.save(make_interview(), now=NOW)
    draft = the_draft()
    interview.followups.append(draft)
    config = Config(
        profile=PROFILE, mail=MailSettings(host="127.0.0.1", port=port, security="none")
    )
    result = send_followup(interview, draft, store=store, home=home, config=config, now=NOW)
    assert received_message(recorder)["Message-ID"] == result.message_id
    saved = store.load(interview.id)
    sent = saved.followups[0]
    assert (sent.state, sent.sent_at, sent.message_id) == ("sent", NOW, result.message_id)
    assert next_action(saved, NOW).state is State.WAITING
    assert result.sent_copy is not None and result.sent_copy.parent == home.sent
    copy = email.message_from_bytes(result.sent_copy.read_bytes(), policy=policy.default)
    assert copy["Message-ID"] == result.message_id


def test_failed_send_leaves_the_draft_unsent(store: Store, home: Home) -> None:
    interview = store.save(make_interview(), now=NOW)
    draft = the_draft()
    interview.followups.append(draft)
    config = Config(
        profile=PROFILE, mail=MailSettings(host="127.0.0.1", port=free_port(), security="none")
    )
    with pytest.raises(MailError, match="refused the connection"):
        send_followup(interview, draft, store=store, home=home, config=config, now=NOW)
    saved = store.load(interview.id)
    assert saved.followups[0].state == "draft" and saved.followups[0].body == draft.body
    assert list(home.sent.iterdir()) == []
