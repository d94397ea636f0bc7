"""Live reload: what changed on disk since the store last looked (``Store.poll``)."""

from __future__ import annotations

import os
import time
from collections.abc import Iterable
from pathlib import Path

from followup_tui.core.model import Interview, valid_id
from followup_tui.storage import files
from followup_tui.storage.files import StoreError, read_regular
from followup_tui.storage.paths import Home
from followup_tui.storage.records import Changes, Fingerprint, LoadProblem, NotFoundError

SUFFIX = ".toml"
# poll() looks at this many files in turn when the folder did not change.
POLL_SWEEP = 1000


def folder_stamp(folder: str) -> tuple[int, int, int] | None:
    """When a folder last changed, and which folder it is (replaced folders count too)."""
    try:
        info = os.stat(folder)
    except OSError:
        return None
    return (max(info.st_mtime_ns, info.st_ctime_ns), info.st_ino, info.st_dev)


class LiveReload:
    """The store's poll: the folder's stamp, then the files on screen and the next ones in turn."""

    home: Home
    _seen: dict[str, Fingerprint]
    _broken: dict[str, bytes]  # id -> packed signature of the broken file reported

    def __init__(self) -> None:
        # The folder as last listed, and the files poll looks at in turn.
        self._folder_stamp: tuple[int, int, int] | None = None
        self._sweep_order: list[str] = []
        self._sweep_next = 0

    def path_for(self, interview_id: str) -> Path:
        raise NotImplementedError

    def ids_on_disk(self) -> list[str]:
        raise NotImplementedError

    def load(self, interview_id: str) -> Interview:
        raise NotImplementedError

    def poll(self, *, watch: Iterable[str] = (), full: bool = False) -> Changes:
        """Reload what changed on disk since the last load or save (for live reload).

        Cheap enough to run every two seconds at 10,000 interviews. The folder's
        own stamp changes whenever a file is added, removed or replaced by a
        rename (how this store, most editors and sync tools write): only then,
        or with ``full``, is every file looked at. A file rewritten in place
        leaves the folder alone, so each poll also looks at the ``watch`` ids
        (what is on screen) and the next POLL_SWEEP files in turn: up to that
        many interviews every poll sees every change, as before; at 10,000 an
        in-place edit off screen shows within ten polls.
        """
        changes = Changes()
        folder = str(self.home.interviews)
        stamp, looked_ns = folder_stamp(folder), time.time_ns()
        if full or stamp is None or stamp != self._folder_stamp:
            on_disk = self.ids_on_disk()
            listed = set(on_disk)
            for interview_id in sorted(set(self._seen) - listed):
                del self._seen[interview_id]
                changes.removed.append(interview_id)
            for gone in set(self._broken) - listed:
                del self._broken[gone]
            wanted: Iterable[str] = on_disk
        else:
            on_disk = None
            wanted = {*watch, *self._next_sweep()}
        self._remember_folder(stamp, looked_ns, on_disk)
        for interview_id in sorted(wanted):
            self._poll_one(folder, interview_id, changes)
        return changes

    def _remember_folder(
        self, stamp: tuple[int, int, int] | None, looked_ns: int, listed: list[str] | None
    ) -> None:
        """Keep the folder's stamp for the next poll (and the new listing, if any).

        Racy-git rule: a folder changed within the clock's resolution of the
        look could change again with the same stamp, so it is not trusted yet.
        """
        racy = stamp is not None and looked_ns - stamp[0] < files.RACY_NS
        self._folder_stamp = None if racy else stamp
        if listed is not None:
            self._sweep_order, self._sweep_next = listed, 0

    def _next_sweep(self) -> list[str]:
        order = self._sweep_order
        if len(order) <= POLL_SWEEP:
            return order
        start = self._sweep_next
        chunk = order[start : start + POLL_SWEEP]
        if len(chunk) < POLL_SWEEP:
            chunk += order[: POLL_SWEEP - len(chunk)]
        self._sweep_next = (start + POLL_SWEEP) % len(order)
        return chunk

    def _poll_one(self, folder: str, interview_id: str, changes: Changes) -> None:
        if not valid_id(interview_id):
            return
        try:
            info = os.stat(os.path.join(folder, interview_id + SUFFIX))
        except OSError:
            return  # gone: the folder's stamp changed, so the next poll sees it
        seen = self._seen.get(interview_id)
        sig = files.packed(files.signature(info))
        if seen and sig == seen.signature:
            return
        if self._broken.get(interview_id) == sig:
            return  # still the same broken file: reported already
        path = self.path_for(interview_id)
        try:
            data, _ = read_regular(path)
        except (OSError, StoreError):
            data = b""  # loading it below reports the problem
        if seen and files.digest(data) == seen.digest:
            self._seen[interview_id] = Fingerprint(sig, seen.digest)
            return
        try:
            changes.changed.append(self.load(interview_id))
        except NotFoundError:
            return
        except StoreError as error:
            if self._seen.pop(interview_id, None) is not None:
                changes.removed.append(interview_id)
            self._broken[interview_id] = sig
            changes.problems.append(LoadProblem(path, str(error)))
