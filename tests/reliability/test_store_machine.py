"""Promise 8: random add / edit / delete / save / reload sequences agree with a model.

Two Store instances (two app windows) and an outside writer (raw in-place
writes, creations and deletions, as a text editor or ``git checkout`` does)
act on one home. The model is a dict of what each file must hold plus, per
store, what that store last loaded. Every save or delete either succeeds and
matches the model or raises ConflictError exactly when the model says the
store's copy is stale; a fresh load always equals the model.

Reloads go through the SQLite cache (``load_rows``), compared with the model
by content digest. To make cache hits happen inside a fast test, the
racy-timestamp margin is set to zero here: rows are trusted as soon as their
file changed before they were checked. That is the strictest setting, so
outside writes of the same size (which the notes alphabet makes common) must
still be seen.
"""

from __future__ import annotations

import os
import shutil
from datetime import datetime

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, precondition, rule

from followup_tui.core.model import Interview
from followup_tui.storage import files
from followup_tui.storage.paths import open_home
from followup_tui.storage.store import ConflictError, Store, dump_interview
from tests.reliability.conftest import fast_tempdir
from tests.reliability.helpers import CET

IDS = ("2026-11-24-acme", "2026-11-25-globex", "2026-11-26-initech")
STORES = (0, 1)
notes = st.text(alphabet="abc", min_size=3, max_size=3) | st.sampled_from(["", "longer notes\n"])
STATS = {"hits": 0, "steps": 0, "conflicts": 0}


def interview(interview_id: str, text: str) -> Interview:
    """The interview the model means by ``(id, notes)``: only the notes vary."""
    return Interview(
        id=interview_id,
        company="Acme",
        position="Engineer",
        interview_at=datetime(2026, 11, 24, 14, 0, tzinfo=CET),
        notes=text,
    )


def digest_of(interview_id: str, text: str) -> str:
    """The digest of the file the model means (every writer here writes these bytes)."""
    return files.digest(dump_interview(interview(interview_id, text)))


class StoreMachine(RuleBasedStateMachine):
    """Two stores and an outside writer against a dict model."""

    def __init__(self) -> None:
        super().__init__()
        self.root = fast_tempdir()
        self.home = open_home(self.root / "home")
        self.stores = [Store(self.home), Store(self.home)]
        self.disk: dict[str, str] = {}
        self.views: list[dict[str, str]] = [{}, {}]
        self._racy = files.RACY_NS
        files.RACY_NS = 0

    def teardown(self) -> None:
        files.RACY_NS = self._racy
        for store in self.stores:
            store.cache.close()
        shutil.rmtree(self.root, ignore_errors=True)

    # -- the two stores ----------------------------------------------------

    @rule(which=st.sampled_from(STORES), interview_id=st.sampled_from(IDS), text=notes)
    def add(self, which: int, interview_id: str, text: str) -> None:
        view = self.views[which]
        if interview_id in view:
            return  # adding is for interviews this window has never seen
        try:
            self.stores[which].save(interview(interview_id, text))
        except ConflictError:
            assert interview_id in self.disk, "refused to create a file that did not exist"
            STATS["conflicts"] += 1
            return
        assert interview_id not in self.disk, "created over an existing file"
        self.disk[interview_id] = view[interview_id] = text

    @rule(which=st.sampled_from(STORES), interview_id=st.sampled_from(IDS), text=notes)
    def edit(self, which: int, interview_id: str, text: str) -> None:
        view = self.views[which]
        if interview_id not in view:
            return
        fresh = self.disk.get(interview_id) == view[interview_id]
        try:
            self.stores[which].save(interview(interview_id, text))
        except ConflictError:
            assert not fresh, "a save of an up-to-date copy was refused"
            STATS["conflicts"] += 1
            return
        assert fresh, "a stale copy overwrote someone else's change"
        self.disk[interview_id] = view[interview_id] = text

    @rule(which=st.sampled_from(STORES), interview_id=st.sampled_from(IDS))
    def delete(self, which: int, interview_id: str) -> None:
        view = self.views[which]
        if interview_id not in view:
            return
        fresh = self.disk.get(interview_id) == view[interview_id]
        try:
            self.stores[which].delete(interview_id)
        except ConflictError:
            assert not fresh, "deleting an up-to-date copy was refused"
            STATS["conflicts"] += 1
            return
        assert fresh, "deleted a file someone else had changed"
        del self.disk[interview_id]
        del view[interview_id]

    @rule(which=st.sampled_from(STORES))
    def reload(self, which: int) -> None:
        store = self.stores[which]
        hits = store.cache.hits
        result = store.load_rows()
        STATS["hits"] += store.cache.hits - hits
        assert not result.problems
        loaded = {row.id: row.loaded_digest for row in result.rows}
        expected = {key: digest_of(key, text) for key, text in self.disk.items()}
        assert loaded == expected, "a (cached) reload disagrees with the files"
        self.views[which] = dict(self.disk)

    # -- the outside writer ------------------------------------------------

    @rule(interview_id=st.sampled_from(IDS), text=notes)
    def outside_write(self, interview_id: str, text: str) -> None:
        """Rewrite (or create) the file in place, as many editors do."""
        path = self.stores[0].path_for(interview_id)
        with open(path, "wb") as handle:
            handle.write(dump_interview(interview(interview_id, text)))
        self.disk[interview_id] = text

    @precondition(lambda self: bool(self.disk))
    @rule(data=st.data())
    def outside_delete(self, data: st.DataObject) -> None:
        interview_id = data.draw(st.sampled_from(sorted(self.disk)))
        os.unlink(self.stores[0].path_for(interview_id))
        del self.disk[interview_id]

    @invariant()
    def files_equal_model(self) -> None:
        STATS["steps"] += 1
        result = Store(self.home).load_all()
        assert not result.problems
        assert {item.id: item.notes for item in result.interviews} == self.disk


StoreMachine.TestCase.settings = settings(
    max_examples=500,
    stateful_step_count=6,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)
TestStoreMachine = StoreMachine.TestCase


def test_the_machine_exercised_the_cache_and_conflicts() -> None:
    """Runs after the machine (file order): the cache served hits and conflicts happened."""
    if STATS["steps"] == 0:
        return  # the machine was deselected
    print(f"machine: {STATS}")
    assert STATS["hits"] > 0
    assert STATS["conflicts"] > 0
