"""Undoing changes through the store: each file back as it was, outside edits never clobbered."""

from __future__ import annotations

import pytest

from followup_tui.core import actions
from followup_tui.core.undo import Change, Step
from followup_tui.storage.store import ConflictError, Store
from followup_tui.storage.undo import snapshot, step_for, undo_change
from tests.conftest import NOW, make_interview


def test_undo_a_mark_sent_and_a_reply(store: Store) -> None:
    interview = store.save(make_interview(), now=NOW)
    original = store.path_for(interview.id).read_bytes()
    before = snapshot(interview)
    actions.mark_sent(interview, NOW)
    store.save(interview)
    sent = Change("marked sent", (step_for(interview, before),))
    before = snapshot(interview)
    actions.mark_replied(interview, NOW, "call Tuesday", "next_round")
    store.save(interview)
    replied = Change("reply", (step_for(interview, before),))
    undone = undo_change(store, replied)
    assert undone.changed[0].response is None and undone.changed[0].sent_followups
    undone = undo_change(store, sent)
    assert not undone.changed[0].followups
    assert store.path_for(interview.id).read_bytes() == original


def test_undo_refuses_when_the_file_changed_since(store: Store) -> None:
    interview = store.save(make_interview(), now=NOW)
    before = snapshot(interview)
    actions.mark_sent(interview, NOW)
    store.save(interview)
    change = Change("marked sent", (step_for(interview, before),))
    path = store.path_for(interview.id)
    edited = path.read_text(encoding="utf-8").replace("Backend Engineer", "Hand Edited")
    path.write_text(edited, encoding="utf-8")
    with pytest.raises(ConflictError):
        undo_change(store, change)
    assert path.read_text(encoding="utf-8") == edited


def test_undo_a_delete_and_an_add(store: Store) -> None:
    interview = store.save(make_interview(), now=NOW)
    trashed = store.delete(interview.id)
    undone = undo_change(store, Change("deleted", (Step(interview.id, None, "", str(trashed)),)))
    assert [item.id for item in undone.changed] == [interview.id]
    added = store.save(make_interview(company="Globex"), now=NOW)
    undone = undo_change(store, Change("added", (step_for(added, None),)))
    assert undone.removed == [added.id] and added.id not in store.ids_on_disk()
