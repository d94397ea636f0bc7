"""Read-modify-write worker for the two-writers test.

``python -m tests.reliability.rmw_worker HOME WORKER SAVES MODE`` waits for
``HOME/go``, then performs SAVES read-modify-write updates, round robin over
the shared files: load the interview, append the tag ``w<WORKER>-<n>`` to its
topics, pause briefly (a TUI holds data in memory for minutes), save.

MODE ``store`` uses ``Store.load``/``Store.save`` and reloads and retries on
ConflictError, as the app does after the user accepts "reload". MODE ``naive``
reads, parses and writes with ``atomic_write`` alone (no lock, no re-check):
the test-of-the-test shows that loses updates. Prints ``retries N`` at the end.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

from followup_tui.storage.paths import open_home
from followup_tui.storage.store import (
    ConflictError,
    Store,
    atomic_write,
    dump_interview,
    parse_interview,
)
from tests.reliability.helpers import RMW_FILES, rmw_id


def tag(worker: int, number: int) -> str:
    """The topic a worker appends on its ``number``-th save."""
    return f"w{worker}-{number}"


def main() -> None:
    root, worker, saves, mode = Path(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3]), sys.argv[4]
    store = Store(open_home(root))
    while not (root / "go").exists():
        time.sleep(0.001)
    retries = 0
    for number in range(saves):
        interview_id = rmw_id(number % RMW_FILES)
        while True:
            if mode == "store":
                interview = store.load(interview_id)
                interview.topics.append(tag(worker, number))
                time.sleep(0.0005)
                try:
                    store.save(interview)
                    break
                except ConflictError:
                    retries += 1
            else:
                path = store.path_for(interview_id)
                interview = parse_interview(path.read_bytes(), interview_id)
                interview.topics.append(tag(worker, number))
                time.sleep(0.0005)
                atomic_write(path, dump_interview(interview))
                break
    print(f"retries {retries}", flush=True)


if __name__ == "__main__":
    main()
