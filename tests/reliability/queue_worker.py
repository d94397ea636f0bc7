"""Fork server for the queue kill test: ``python -m tests.reliability.queue_worker HOME NOW``.

Imports once (and loads the spelling list once), then for every ``go`` line on
stdin forks a child that runs ``followup queue run``'s Runner on the home at
NOW, printing ``ready PID`` first; after the child ends (killed, usually) the
server prints ``exit PID STATUS``. Forking keeps 100+ kills within seconds.
"""

from __future__ import annotations

import os
import sys
from datetime import datetime
from pathlib import Path

import filelock  # noqa: F401  imported once here, not in every forked child

from followup_tui.checks import DraftInput, run_checks
from followup_tui.checks.at_send import QueueChecks
from followup_tui.core.model import Followup, Interview
from followup_tui.mail import transport  # noqa: F401  imported before the fork
from followup_tui.mail.queue import QueueBusyError, Runner
from followup_tui.storage.config import Profile, load_config
from followup_tui.storage.paths import open_home
from followup_tui.storage.store import Store


def warm_up(now: datetime) -> None:
    """Load the spelling list in the server, so every child has it already."""
    interview = Interview(company="Acme", position="Engineer", interview_at=now)
    run_checks(DraftInput(interview, Followup(body="warm"), Profile(), now))


def work(root: Path, now: datetime) -> None:
    home = open_home(root)
    config = load_config(home)
    os.write(1, f"ready {os.getpid()}\n".encode())
    runner = Runner(Store(home), home, config, now, checks=QueueChecks(config, home))
    try:
        runner.run(wait=30.0)
    except QueueBusyError:
        pass


def main() -> None:
    root, now = Path(sys.argv[1]), datetime.fromisoformat(sys.argv[2])
    warm_up(now)
    for line in sys.stdin:
        if line.strip() != "go":
            break
        pid = os.fork()
        if pid == 0:
            code = 0
            try:
                work(root, now)
            except BaseException as error:  # noqa: BLE001 report, never fall back into the server loop
                os.write(2, f"worker failed: {error!r}\n".encode())
                code = 4
            os._exit(code)
        _, status = os.waitpid(pid, 0)
        os.write(1, f"exit {pid} {status}\n".encode())


if __name__ == "__main__":
    main()
