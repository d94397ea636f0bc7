"""Promise 10: a delivered email is recorded, even when its file changed during the send.

The mail goes out through a real ``sendmail_command`` (a script that keeps
the message and, while "delivering", changes the interview file the way
another shell or a sync tool would). The record is retried on the fresh
file; when that is impossible the error says so loudly and names the copy
kept in ``sent/``. Copies in ``sent/`` never overwrite each other.
"""

from __future__ import annotations

import shlex
import sys
from pathlib import Path

import pytest

from followup_tui.core.model import Followup
from followup_tui.mail.errors import MailError
from followup_tui.mail.sending import send_followup
from followup_tui.storage.config import Config, MailSettings, Profile
from followup_tui.storage.paths import Home
from followup_tui.storage.store import Store
from tests.conftest import NOW, make_interview

PROFILE = Profile(name="Sam Lee", email="sam.lee@example.com")
# While delivering: keep the message, then do ``action`` to the interview file.
SENDMAIL = """\
import os, sys
from pathlib import Path
Path(sys.argv[1]).write_bytes(sys.stdin.buffer.read())
target = Path(sys.argv[2])
action = sys.argv[3]
if action == "edit":
    text = target.read_text().replace("the billing platform rewrite", "edited meanwhile")
    temp = target.with_name(".edit.tmp")
    temp.write_text(text)
    os.replace(temp, target)
elif action == "delete":
    target.unlink()
elif action == "break":
    target.write_text("company = ")
"""


def _draft() -> Followup:
    return Followup(
        kind="thank_you",
        to="dana@acme.example",
        interviewer="Dana Reyes",
        subject="Thank You - Sam Lee Interview for Backend Engineer",
        body="Dear Dana Reyes,\n\nThank you.\n\nSam Lee\n",
    )


def _setup(home: Home, tmp_path: Path, action: str) -> tuple[Store, Config, Path]:
    store = Store(home)
    interview = store.save(make_interview(), now=NOW)
    script = tmp_path / "sendmail.py"
    script.write_text(SENDMAIL)
    delivered = tmp_path / "delivered.eml"
    command = shlex.join(
        [sys.executable, str(script), str(delivered), str(store.path_for(interview.id)), action]
    )
    config = Config(profile=PROFILE, mail=MailSettings(sendmail_command=command))
    return store, config, delivered


def _send(store: Store, home: Home, config: Config) -> tuple[str, object]:
    interview = store.load(store.ids_on_disk()[0])
    draft = _draft()
    interview.followups.append(draft)
    result = send_followup(interview, draft, store=store, home=home, config=config, now=NOW)
    return interview.id, result


def test_send_is_recorded_on_the_fresh_file(home: Home, tmp_path: Path) -> None:
    store, config, delivered = _setup(home, tmp_path, "edit")
    interview_id, result = _send(store, home, config)
    assert delivered.exists()
    saved = Store(home).load(interview_id)
    assert saved.initiative == "edited meanwhile"  # their change is kept
    assert [(f.state, f.body) for f in saved.followups] == [("sent", _draft().body)]
    assert saved.followups[0].message_id == result.message_id  # type: ignore[attr-defined]


@pytest.mark.parametrize("action", ["delete", "break"])
def test_unrecordable_send_says_so_and_keeps_the_copy(
    home: Home, tmp_path: Path, action: str
) -> None:
    store, config, delivered = _setup(home, tmp_path, action)
    with pytest.raises(MailError) as raised:
        _send(store, home, config)
    message = str(raised.value)
    assert delivered.exists()
    [copy] = list(home.sent.iterdir())
    assert message.startswith("The email was sent") and copy.name in message, message
    assert "\n" not in message
    assert b"Message-ID" in copy.read_bytes()  # the history can be rebuilt from it


def test_sent_copies_in_the_same_second_are_all_kept(home: Home, tmp_path: Path) -> None:
    store, config, _ = _setup(home, tmp_path, "none")
    for _ in range(3):
        _send(store, home, config)
    copies = sorted(home.sent.iterdir())
    assert len(copies) == 3 and len({path.read_bytes() for path in copies}) == 3
