"""Real mailboxes for the inbox tests: messages, a Maildir, a notmuch database, a Dovecot server.

Dovecot runs from a throw-away config on 127.0.0.1 (free ports), with a
passwd-file user and a Maildir, plain or with a certificate from a trustme
test CA. As root (CI) it uses Debian's dovenull/dovecot users for its own
processes and ``nobody`` for the mail; otherwise the current user for all.
"""

from __future__ import annotations

import mailbox
import os
import pwd
import shutil
import socket
import subprocess
import time
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from email.message import EmailMessage
from email.utils import format_datetime
from pathlib import Path

import pytest

PASSWORD = "s3cret-imap"
USER = "me@home.example"


def message(
    sender: str,
    to: str,
    subject: str,
    when: datetime,
    message_id: str,
    *,
    in_reply_to: str = "",
    headers: dict[str, str] | None = None,
) -> bytes:
    """A small RFC 5322 message as bytes."""
    item = EmailMessage()
    item["From"] = sender
    item["To"] = to
    item["Subject"] = subject
    item["Date"] = format_datetime(when)
    item["Message-ID"] = message_id
    if in_reply_to:
        item["In-Reply-To"] = in_reply_to
        item["References"] = in_reply_to
    for key, value in (headers or {}).items():
        item[key] = value
    item.set_content("Thanks for your note.\n")
    return item.as_bytes()


def make_maildir(path: Path) -> mailbox.Maildir:
    return mailbox.Maildir(str(path), create=True)


def drop(box_path: Path, data: bytes, *, seen: bool = False) -> Path:
    """Deliver ``data`` into the Maildir at ``box_path`` (new/, or cur/ with the S flag)."""
    box_path.parent.mkdir(parents=True, exist_ok=True)
    box = mailbox.Maildir(str(box_path), create=True)
    item = mailbox.MaildirMessage(data)
    if seen:
        item.set_subdir("cur")
        item.set_flags("S")
    key = box.add(item)
    return box_path / item.get_subdir() / (key + (":2," + item.get_flags() if seen else ""))


def maildir_state(path: Path) -> list[tuple[str, int]]:
    """Every file of a Maildir with its mtime: compared before and after a scan."""
    found = []
    for sub in ("new", "cur", "tmp"):
        for entry in sorted((path / sub).iterdir()) if (path / sub).is_dir() else []:
            found.append((f"{sub}/{entry.name}", entry.stat().st_mtime_ns))
    return found


# -- notmuch -------------------------------------------------------------------


def notmuch_env(root: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A notmuch config for a database over ``root`` (a folder of Maildirs); NOTMUCH_CONFIG set."""
    if shutil.which("notmuch") is None:
        pytest.skip("notmuch is not installed (Debian package notmuch; .ci/run installs it)")
    config = root.parent / "notmuch-config"
    config.write_text(
        f"[database]\npath={root}\n[user]\nname=Me\nprimary_email={USER}\n"
        "[new]\ntags=unread;inbox\n[maildir]\nsynchronize_flags=false\n"
    )
    monkeypatch.setenv("NOTMUCH_CONFIG", str(config))
    return config


def notmuch_new() -> None:
    subprocess.run(["notmuch", "new", "--quiet"], check=True, capture_output=True)


# -- Dovecot -------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@dataclass
class Dovecot:
    """A running Dovecot: where it listens and how to log in."""

    port: int
    tls_port: int
    user: str
    password: str
    cafile: str
    mail_root: Path

    def client(self, *, tls: bool = False) -> object:
        """A logged-in IMAPClient for setting up and checking the test mailbox."""
        import ssl

        from imapclient import IMAPClient

        if tls:
            context = ssl.create_default_context(cafile=self.cafile)
            imap = IMAPClient("127.0.0.1", self.tls_port, ssl=True, ssl_context=context)
        else:
            imap = IMAPClient("127.0.0.1", self.port, ssl=False)
        imap.login(self.user, self.password)
        return imap

    def append(self, folder: str, data: bytes, *, seen: bool = False) -> None:
        imap = self.client()
        try:
            if not imap.folder_exists(folder):  # type: ignore[attr-defined]
                imap.create_folder(folder)  # type: ignore[attr-defined]
            imap.append(folder, data, flags=[b"\\Seen"] if seen else [])  # type: ignore[attr-defined]
        finally:
            imap.logout()  # type: ignore[attr-defined]

    def flags(self, folder: str) -> dict[int, tuple[bytes, ...]]:
        imap = self.client()
        try:
            imap.select_folder(folder, readonly=True)  # type: ignore[attr-defined]
            uids = imap.search(["ALL"])  # type: ignore[attr-defined]
            found = imap.fetch(uids, ["FLAGS"]) if uids else {}  # type: ignore[attr-defined]
            # \\Recent belongs to the session that first sees a message, not to the message.
            return {
                uid: tuple(sorted(f for f in item[b"FLAGS"] if f != b"\\Recent"))
                for uid, item in found.items()
            }
        finally:
            imap.logout()  # type: ignore[attr-defined]


def _accounts() -> tuple[str, str, int, int]:
    """(login user, internal user, mail uid, mail gid) for this machine."""
    if os.geteuid() == 0:
        for name in ("dovenull", "dovecot", "nobody"):
            try:
                pwd.getpwnam(name)
            except KeyError:
                pytest.skip(f"Dovecot's system user {name!r} is missing (install dovecot-imapd)")
        mail = pwd.getpwnam("nobody")
        return "dovenull", "dovecot", mail.pw_uid, mail.pw_gid
    me = pwd.getpwuid(os.geteuid())
    return me.pw_name, me.pw_name, me.pw_uid, me.pw_gid


def start_dovecot(cert_pem: Path, key_pem: Path, cafile: Path) -> Iterator[Dovecot]:
    """Run Dovecot from a throw-away config in a new folder; stopped and removed at the end.

    Not under pytest's tmp_path: its folders are 0700, and Dovecot's own users
    (dovecot, dovenull, nobody) must reach the config, passwd file and mail.
    """
    import tempfile

    root = Path(tempfile.mkdtemp(prefix="followup-dovecot-"))
    binary = shutil.which("dovecot") or (
        "/usr/sbin/dovecot" if Path("/usr/sbin/dovecot").exists() else None
    )
    if binary is None:
        pytest.skip("Dovecot is not installed (Debian package dovecot-imapd; .ci/run installs it)")
    login_user, internal_user, uid, gid = _accounts()
    port, tls_port = free_port(), free_port()
    for sub in ("run", "mail", "home"):
        (root / sub).mkdir(parents=True, exist_ok=True)
    os.chmod(root, 0o755)
    os.chown(root / "mail", uid, gid)
    os.chown(root / "home", uid, gid)
    passwd = root / "passwd"
    passwd.write_text(f"{USER}:{{PLAIN}}{PASSWORD}::::::\n")
    os.chmod(passwd, 0o644)
    config = root / "dovecot.conf"
    config.write_text(
        f"""\
base_dir = {root}/run
state_dir = {root}/run/state
log_path = {root}/dovecot.log
protocols = imap
listen = 127.0.0.1
ssl = yes
ssl_cert = <{cert_pem}
ssl_key = <{key_pem}
disable_plaintext_auth = no
auth_mechanisms = plain login
default_login_user = {login_user}
default_internal_user = {internal_user}
first_valid_uid = {min(uid, 500)}
mail_location = maildir:{root}/mail/%n
mail_uid = {uid}
mail_gid = {gid}
passdb {{
  driver = passwd-file
  args = scheme=PLAIN username_format=%u {passwd}
}}
userdb {{
  driver = static
  args = uid={uid} gid={gid} home={root}/home/%n
}}
service imap-login {{
  inet_listener imap {{
    address = 127.0.0.1
    port = {port}
  }}
  inet_listener imaps {{
    address = 127.0.0.1
    port = {tls_port}
    ssl = yes
  }}
}}
service anvil {{
  chroot =
}}
service imap-login {{
  chroot =
}}
namespace inbox {{
  inbox = yes
  separator = /
}}
"""
    )
    (root / "run" / "state").mkdir(exist_ok=True)
    process = subprocess.Popen(
        [binary, "-F", "-c", str(config)], stdout=subprocess.PIPE, stderr=subprocess.STDOUT
    )
    deadline = time.monotonic() + 30
    while True:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1) as sock:
                if sock.recv(100).startswith(b"* OK"):
                    break
        except OSError:
            pass
        if process.poll() is not None or time.monotonic() > deadline:
            log = (root / "dovecot.log").read_text() if (root / "dovecot.log").exists() else ""
            output = (
                process.stdout.read().decode()
                if process.stdout and process.poll() is not None
                else ""
            )
            process.kill()
            raise RuntimeError(f"Dovecot did not start: {output}\n{log}")
        time.sleep(0.1)
    try:
        yield Dovecot(port, tls_port, USER, PASSWORD, str(cafile), root / "mail")
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        shutil.rmtree(root, ignore_errors=True)
