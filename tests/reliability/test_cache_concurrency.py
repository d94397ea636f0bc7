"""Several ``followup`` processes at once never corrupt the cache or make it trust a stale row.

Four processes each do 60 steps at once on one home: status counts, list
loads, saves, outside in-place edits and delete-and-re-create, all sharing
``.cache/index.sqlite3``. Afterwards the database passes SQLite's integrity
check, and every row a fresh load gives (trusted on its signature or read
again) is the file on disk now: the same digest and the same company.
"""

from __future__ import annotations

import subprocess
import time
from collections import Counter

from followup_tui.core.schedule import next_action
from followup_tui.storage import cache_db, files
from followup_tui.storage.cache import Cache
from followup_tui.storage.paths import Home
from followup_tui.storage.store import Store
from tests.reliability.cache_worker import seed
from tests.reliability.helpers import spawn

PROCESSES = 4
STEPS = 60


def test_concurrent_commands_leave_a_sound_and_true_cache(fast_home: Home) -> None:
    seed(fast_home.root)
    workers = [
        spawn(
            "tests.reliability.cache_worker",
            str(fast_home.root),
            str(worker),
            str(STEPS),
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
        )
        for worker in range(PROCESSES)
    ]
    (fast_home.root / "go").touch()
    for process in workers:
        out, err = process.communicate(timeout=300)
        assert process.returncode == 0, err.decode()
        assert out.split() == [b"ok"]
    import sqlite3

    connection = sqlite3.connect(fast_home.cache / cache_db.NAME)
    assert connection.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
    connection.close()
    store = Store(fast_home)
    result = store.load_rows()
    truth = Store(fast_home).load_all()
    on_disk = {i.id: (i.loaded_digest, i.company) for i in truth.interviews}
    assert {r.id: (r.loaded_digest, r.company) for r in result.rows} == on_disk
    for row in result.rows:
        data = store.path_for(row.id).read_bytes()
        assert row.loaded_digest == files.digest(data)
    assert sorted(p.path for p in result.problems) == sorted(p.path for p in truth.problems)
    cache = Cache(str(fast_home.root))
    cache.sync()
    now = time.time()
    from datetime import datetime

    moment = datetime.fromtimestamp(now).astimezone()
    want = Counter(next_action(i, moment).state.value for i in truth.interviews)
    assert cache.status(now).counts == dict(want)
