"""The list's data, without Textual: the urgent-first start, the full load, merging.

A big home (``BIG_HOME`` files or more) opens with its most urgent rows,
picked from the cache's summary columns, and the whole home's counts; the
rest is loaded in a thread and merged so that nothing the user changed
meanwhile is replaced by the older copy the thread read. The list screen
calls these and only draws.
"""

from __future__ import annotations

import os
from collections import Counter
from collections.abc import Iterable
from contextlib import AbstractContextManager
from dataclasses import dataclass
from datetime import datetime
from itertools import islice

from followup_tui.core.rows import Pairs, Row, rank
from followup_tui.core.schedule import State, Timing
from followup_tui.storage.ahead import Ahead
from followup_tui.storage.cache import CacheError
from followup_tui.storage.cache_sql import timing_tuple
from followup_tui.storage.files import StoreError
from followup_tui.storage.records import RowsResult
from followup_tui.storage.store import Store

# From this many interview files on, the app opens urgent-first (below it,
# loading everything is quicker than picking the head first).
BIG_HOME = 300


def holds_at_least(root: str, count: int) -> bool:
    """Whether the home's interview folder has ``count`` entries or more (listed only that far)."""
    try:
        with os.scandir(os.path.join(root, "interviews")) as entries:
            return sum(1 for _ in islice(entries, count)) >= count
    except OSError:
        return False


@dataclass
class Start:
    """What a big home's first paint shows: the most urgent rows and the whole home's counts."""

    rows: dict[str, Row]
    tally: Counter[State]
    total: int


def urgent_first(
    store: Store,
    ahead: Ahead | None,
    now: datetime,
    timing: Timing,
    limit: int,
    threshold: int = BIG_HOME,
) -> Start | None:
    """The head of a big home (``limit`` rows at least); None for a small one.

    ``ahead``: the child syncing the cache (``refresh_ahead``), if one was started.
    """
    synced = ahead.result() if ahead is not None else False
    if not synced and not holds_at_least(str(store.home.root), threshold):
        return None
    try:
        rows, tally, total = store.most_urgent(
            now.timestamp(), timing_tuple(timing), limit, synced=synced
        )
    except (OSError, StoreError, CacheError):
        return None  # the full load reports whatever is wrong
    if total < threshold:
        return None
    counts = Counter({State(state): number for state, number in tally.items()})
    return Start({row.id: row for row in rows}, counts, total)


def load_rest(
    store: Store, lock: AbstractContextManager[object], now: datetime, timing: Timing
) -> tuple[RowsResult, Pairs]:
    """Every row (under ``lock``, the screen's hold on the store) and its schedule."""
    with lock:
        result = store.load_rows()
    return result, rank(result.rows, now, timing)


def merge(store: Store, result: RowsResult, mine: Iterable[Row]) -> bool:
    """Fold the rows a screen changed after the full load read the files into ``result``.

    The store's record of each file (as last loaded or saved here) decides:
    an interview saved, added or restored meanwhile keeps the screen's copy,
    one deleted meanwhile stays gone. True when ``result`` changed.
    """
    merged = {row.id: row for row in result.rows if store.seen_digest(row.id) is not None}
    changed = len(merged) != len(result.rows)
    for row in mine:
        read = merged.get(row.id)
        if store.seen_digest(row.id) == row.loaded_digest and (
            read is None or read.loaded_digest != row.loaded_digest
        ):
            merged[row.id] = row
            changed = True
    if changed:
        result.rows = list(merged.values())
    return changed
