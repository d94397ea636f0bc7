"""Promise 7: every way ``password_command`` can fail is one sentence without its output.

A password manager that fails may print the password, part of it, or a
prompt on stdout or stderr; none of that may reach the screen. A command
that hangs (waiting for a pinentry nobody sees, a child holding the pipe)
is stopped after the timeout.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

import pytest

from followup_tui.mail.errors import MailError
from followup_tui.mail.transport import resolve_password
from followup_tui.storage.config import MailSettings

SECRET = "hunter2Zq9x"


def _script(tmp_path: Path, body: str) -> str:
    path = tmp_path / "pw.py"
    path.write_text(body)
    return f"{sys.executable} {path}"


CASES = {
    "non-zero": f"import sys\nprint('{SECRET}')\nprint('{SECRET} denied', file=sys.stderr)\n"
    "sys.exit(3)\n",
    "non-utf8": f"import sys\nsys.stdout.buffer.write(b'\\xff\\xfe{SECRET}\\n')\n",
    "empty": "",
    "blank-first-line": f"print()\nprint('{SECRET}')\n",
    "hang": "import time\ntime.sleep(60)\n",
    "hang-child-holds-pipe": "import subprocess, sys\n"
    "subprocess.Popen([sys.executable, '-c', 'import time; time.sleep(60)'])\n"
    "import time\ntime.sleep(60)\n",
    "killed": "import os, signal\nos.kill(os.getpid(), signal.SIGKILL)\n",
}


@pytest.mark.parametrize("name", sorted(CASES))
def test_failure_is_one_sentence_without_output(tmp_path: Path, name: str) -> None:
    settings = MailSettings(password_command=_script(tmp_path, CASES[name]), timeout=2)
    started = time.monotonic()
    with pytest.raises(MailError) as raised:
        resolve_password(settings, {})
    elapsed = time.monotonic() - started
    message = str(raised.value)
    assert SECRET not in message and "\n" not in message, message
    assert message.startswith("password_command") and message.endswith("."), message
    assert message.count(". ") == 0, message  # one sentence
    assert elapsed < 30, elapsed  # a hang is cut at the timeout (2 s), children and all


def test_not_executable_is_one_sentence(tmp_path: Path) -> None:
    path = tmp_path / "pw"
    path.write_text("#!/bin/sh\necho x\n")
    path.chmod(0o600)
    with pytest.raises(MailError, match="password_command"):
        resolve_password(MailSettings(password_command=str(path)), {})


def test_a_good_command_still_works(tmp_path: Path) -> None:
    settings = MailSettings(password_command=_script(tmp_path, f"print('{SECRET}')\n"))
    secret = resolve_password(settings, {})
    assert secret is not None and secret.reveal() == SECRET and SECRET not in repr(secret)
