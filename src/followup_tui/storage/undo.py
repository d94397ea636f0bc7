"""Undoing a change from the session's undo stack (``core.undo``), through the store.

Each file goes back to what it held before the change; a file that changed
since (an outside edit, another device's sync) is not touched: the store's
conflict check refuses the save and the undo says so.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from followup_tui.core.model import Interview
from followup_tui.core.undo import Change, Step
from followup_tui.storage.store import ConflictError, Store


@dataclass(slots=True)
class Undone:
    """What undoing a change did to the files, for the list to show."""

    changed: list[Interview] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)


def step_for(interview: Interview, before: dict[str, Any] | None) -> Step:
    """The undo step of a save of ``interview`` that was ``before`` (None: it was created)."""
    return Step(interview.id, before, interview.loaded_digest)


def snapshot(interview: Interview) -> dict[str, Any]:
    """The interview's document now, kept apart from later changes to it."""
    return copy.deepcopy(interview.to_dict())


def undo_change(store: Store, change: Change) -> Undone:
    """Put back every file ``change`` touched, the last touched first.

    Raises the store's errors (ConflictError when a file changed since); the
    steps undone before the failing one stay undone.
    """
    done = Undone()
    for step in reversed(change.steps):
        if step.trashed:  # it was deleted: bring it back
            interview_id = store.restore(Path(step.trashed))
            done.changed.append(store.load(interview_id))
        elif step.before is None:  # it was created: to the trash, unless edited since
            current = store.load(step.interview_id)
            if current.loaded_digest != step.after_digest:
                raise ConflictError(
                    step.interview_id,
                    f"{step.interview_id} changed after it was added; "
                    "it was left as it is (delete it with d if you want).",
                )
            store.delete(step.interview_id)
            done.removed.append(step.interview_id)
        else:
            restored = Interview.from_dict(copy.deepcopy(step.before), step.interview_id)
            restored.loaded_digest = step.after_digest  # refused if the file changed since
            done.changed.append(store.save(restored))
    return done
