"""A big home's cache brought up to date in a child process while the app starts.

The app needs the cache current before its first paint, and in a big home
that means one ``stat`` per file: a child does it on another core while the
app imports Textual, and the app then reads the most urgent rows from the
cache file without looking at every file again. Only on Linux (a fork
without exec is not safe everywhere) and only before the app starts any
thread; the caller refreshes the cache itself whenever the child cannot help.
"""

from __future__ import annotations

import os


class Ahead:
    """A child process syncing the cache (``refresh_ahead``); ``result`` waits for it."""

    __slots__ = ("pid",)

    def __init__(self, pid: int) -> None:
        self.pid = pid

    def result(self) -> bool:
        """Whether the child brought the cache file up to date (False: do it here)."""
        try:
            _, status = os.waitpid(self.pid, 0)
        except ChildProcessError:
            return False
        return status == 0


def refresh_ahead(root: str) -> Ahead | None:
    """Start syncing the cache of the home at ``root`` in a child; None when it cannot start."""
    import sys
    import threading

    if sys.platform != "linux" or threading.active_count() > 1:
        # A thread holding a lock (the import lock, say) as the fork happens would
        # leave the child stuck on it for good, and this process waiting for it.
        return None
    try:
        pid = os.fork()
    except OSError:
        return None
    if pid == 0:  # the child: sync, then leave without cleanup
        code = 1
        try:
            from followup_tui.storage.cache import Cache

            cache = Cache(root)
            cache.sync()
            code = 0 if cache.persistent else 2  # 2: only in memory, of no use to the app
        finally:
            os._exit(code)
    return Ahead(pid)
