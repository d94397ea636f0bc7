"""The session's undo stack: every change made from the list, latest first.

Pure (no Textual, no disk): a change is recorded as what each interview file
held before it (its TOML document, or nothing for a file the change created)
and the digest the change left it with, so undoing it can refuse when the
file has changed since (an outside edit is never clobbered). The list screen
pushes a ``Change`` after each save and asks the store to put ``before`` back.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

LIMIT = 100  # changes kept per session


@dataclass(frozen=True, slots=True)
class Step:
    """One file a change touched."""

    interview_id: str
    before: dict[str, Any] | None  # the document before; None: the change created the file
    after_digest: str = ""  # the file's digest as the change left it ("" once deleted)
    trashed: str = ""  # a deleted file: where it went in the trash


@dataclass(frozen=True, slots=True)
class Change:
    """One user action (it may touch two files, as a next round does)."""

    what: str  # past tense, for "Undid: <what>."
    steps: tuple[Step, ...]


@dataclass(slots=True)
class UndoStack:
    """The last LIMIT changes of this session; ``pop`` gives the latest."""

    limit: int = LIMIT
    _changes: list[Change] = field(default_factory=list)

    def push(self, change: Change) -> None:
        self._changes.append(change)
        if len(self._changes) > self.limit:
            del self._changes[0]

    def pop(self) -> Change | None:
        return self._changes.pop() if self._changes else None

    def peek(self) -> Change | None:
        return self._changes[-1] if self._changes else None

    def put_back(self, change: Change) -> None:
        """An undo that failed: the change stays the latest, to try again."""
        self._changes.append(change)

    def __len__(self) -> int:
        return len(self._changes)
