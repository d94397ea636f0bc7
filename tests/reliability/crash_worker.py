"""Fork server for the SIGKILL test: ``python -m tests.reliability.crash_worker HOME``.

Imports once, then for every ``go`` line on stdin forks a worker that opens
the home like the app does (``Store.load_all``, which cleans leftover temp
files), prints ``ready PID`` and saves the crash files in a fixed sequence
until the test kills it. After the worker dies the server prints
``exit PID STATUS``. Forking keeps ~250 kills well under a minute.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

import filelock  # noqa: F401  imported once here, not in every forked worker

from followup_tui.storage.paths import open_home
from followup_tui.storage.store import Store
from tests.reliability.helpers import CRASH_FILES, crash_id, crash_version, crash_version_of


def work(root: Path) -> None:
    """Continue the save sequence from what is on disk, forever."""
    store = Store(open_home(root))
    result = store.load_all()
    if result.problems:
        os.write(2, f"worker saw problems: {result.problems}\n".encode())
        os._exit(3)
    done = 0
    for index in range(CRASH_FILES):
        path = store.path_for(crash_id(index))
        if path.exists():
            done += crash_version_of(path.read_bytes())
    os.write(1, f"ready {os.getpid()}\n".encode())
    while True:
        index, version = done % CRASH_FILES, done // CRASH_FILES + 1
        store.save(crash_version(index, version))
        done += 1


def main() -> None:
    root = Path(sys.argv[1])
    for line in sys.stdin:
        if line.strip() != "go":
            break
        pid = os.fork()
        if pid == 0:
            try:
                work(root)
            except BaseException as error:  # noqa: BLE001 report, never fall back into the server loop
                os.write(2, f"worker failed: {error!r}\n".encode())
            os._exit(4)
        _, status = os.waitpid(pid, 0)
        os.write(1, f"exit {pid} {status}\n".encode())


if __name__ == "__main__":
    main()
