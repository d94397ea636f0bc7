"""Worker for the cache concurrency test: one ``followup`` process among several.

``python -m tests.reliability.cache_worker HOME WORKER STEPS`` waits for
``HOME/go``, then does STEPS things in a fixed pseudo-random order, each as a
separate process of the real app would: a status count (``Cache.sync`` and
``status``), a list load (``Store.load_rows``), a save through the store, an
outside in-place edit of a file (as an editor does, no rename) or a delete and
re-create. It prints ``ok`` when it is done; any exception fails it.
"""

from __future__ import annotations

import random
import sys
import time
from pathlib import Path

from followup_tui.core.model import Interview
from followup_tui.storage.cache import Cache
from followup_tui.storage.paths import open_home
from followup_tui.storage.store import ConflictError, NotFoundError, Store, StoreError
from followup_tui.storage.toml_format import dump_interview

FILES = 12


def file_id(index: int) -> str:
    return f"2026-11-2{index % 8}-shared-{index}"


def main() -> None:
    root, worker, steps = Path(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3])
    home = open_home(root)
    chance = random.Random(worker)
    while not (root / "go").exists():
        time.sleep(0.001)
    for step in range(steps):
        action = chance.choice(["status", "list", "save", "edit", "recreate"])
        interview_id = file_id(chance.randrange(FILES))
        if action == "status":
            cache = Cache(str(root))
            cache.sync()
            cache.status(time.time())
            cache.close()
        elif action == "list":
            Store(home).load_rows()
        elif action == "save":
            store = Store(home)
            try:
                interview = store.read(interview_id)
                interview.company = f"Saved {worker}-{step}"
                store.save(interview)
            except (ConflictError, NotFoundError, StoreError):
                pass  # another worker got there first, or the file is being re-created
        else:
            path = home.interviews / f"{interview_id}.toml"
            try:
                interview = Store(home).read(interview_id)
            except StoreError:
                continue  # gone, or half re-created by another worker
            interview.company = f"Edited {worker}-{step}"
            if action == "recreate":
                path.unlink(missing_ok=True)
            with open(path, "wb") as handle:  # in place: same inode unless re-created
                handle.write(dump_interview(interview))
    print("ok", flush=True)


def seed(root: Path) -> None:
    """The shared files the workers fight over."""
    from datetime import datetime, timedelta, timezone

    store = Store(open_home(root))
    for index in range(FILES):
        at = datetime(2026, 11, 20, 10, 0, tzinfo=timezone(timedelta(hours=1)))
        store.save(
            Interview(
                id=file_id(index),
                company=f"Shared {index}",
                position="Engineer",
                interview_at=at + timedelta(days=index % 9),
            )
        )


if __name__ == "__main__":
    main()
