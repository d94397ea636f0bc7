"""The list's rows: the same schedule as the interviews they stand for, a quarter of the memory."""

from __future__ import annotations

import os
import pickle
import tracemalloc
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from benchmarks.make_home import make_interviews, write_home
from hypothesis import given, settings
from hypothesis import strategies as st

from followup_tui.core.model import Followup, Interview, Interviewer, Response
from followup_tui.core.rows import Row, rank
from followup_tui.core.schedule import Timing, by_urgency, next_action
from followup_tui.storage.cache import HEAD_FILE_NAME, ROWS_FILE_NAME, InterviewCache, RowCache
from followup_tui.storage.paths import Home
from followup_tui.storage.store import Store
from tests.cli.test_cli_status import followups, hours, people
from tests.conftest import CET, NOW, count_parses, make_interview, rewrite_in_place


@st.composite
def interviews(draw: st.DrawFn) -> Interview:
    return Interview(
        company=draw(st.sampled_from(["Acme", "acme", "Globex", "Hooli"])),
        position="Dev",
        interview_at=datetime(2026, 11, 20, 10, 0, tzinfo=CET) + timedelta(hours=draw(hours)),
        id=f"i{draw(st.integers(0, 10**6))}",
        interviewers=draw(people),
        followups=draw(st.lists(followups(), max_size=4)),
        response=Response(NOW) if draw(st.booleans()) and draw(st.booleans()) else None,
        outcome=draw(st.sampled_from(["", "", "", "offer", "no_reply"])),
    )


@settings(max_examples=150, deadline=None)
@given(
    st.lists(interviews(), max_size=8, unique_by=lambda item: item.id),
    hours,
    st.sampled_from([Timing(), Timing(12, 30, 3, 2), Timing(24, 48, 7, 0)]),
)
def test_rows_rank_exactly_as_their_interviews(
    items: list[Interview], probe: int, timing: Timing
) -> None:
    """Same order, same next action (state, deadline, words, names) at any moment."""
    now = NOW + timedelta(hours=probe)
    want = by_urgency(items, now, timing)
    got = rank([Row.of(item) for item in items], now, timing)
    assert [(row.id, action) for row, action in got] == [(item.id, action) for item, action in want]
    for item in items:
        assert next_action(item, now, timing) == got[[r.id for r, _ in got].index(item.id)][1]


def test_a_row_keeps_what_the_list_shows() -> None:
    interview = make_interview(
        followups=[Followup(kind="thank_you", state="sent", sent_at=NOW, body="x" * 2000)],
        notes="a long page of notes " * 50,
        response=Response(NOW + timedelta(days=3), note="thanks"),
    )
    interview.id, interview.loaded_digest = "2026-11-24-acme", "abc"
    row = Row.of(interview)
    assert (row.id, row.company, row.position) == (interview.id, "Acme", "Backend Engineer")
    assert (row.interview_at, row.ends_at) == (interview.interview_at, interview.ends_at)
    assert row.replied_at == NOW + timedelta(days=3)
    assert row.title == interview.title and row.loaded_digest == "abc"
    assert row.facts.closed == "Reply received"
    # No draft, body or note travels with the row.
    assert "x" * 100 not in repr(pickle.dumps(row)) and "notes" not in repr(pickle.dumps(row))
    copy = pickle.loads(pickle.dumps(row))
    assert [getattr(copy, name) for name in Row.__slots__] == [
        getattr(row, name) for name in Row.__slots__
    ]


def test_rows_take_a_fraction_of_the_memory_of_the_interviews(tmp_path: Path) -> None:
    """The reason rows exist: at 10,000 interviews the list held 40 MB of them."""
    home = write_home(tmp_path / "home", make_interviews(300, 5, NOW))
    blobs = [pickle.dumps(item) for item in Store(home).load_all().interviews]
    row_blobs = [pickle.dumps(Row.of(pickle.loads(blob))) for blob in blobs]

    def traced(data: list[bytes]) -> int:
        tracemalloc.start()
        try:
            kept = [pickle.loads(blob) for blob in data]
            size = tracemalloc.get_traced_memory()[0]
        finally:
            tracemalloc.stop()
        assert len(kept) == 300
        return size

    assert traced(row_blobs) < 0.4 * traced(blobs)


# -- Store.load_rows --------------------------------------------------------------


@pytest.fixture
def filled(home: Home) -> Home:
    store = Store(home)
    for n in range(6):
        store.save(make_interview(company=f"Co {n}", interview_at=NOW - timedelta(days=n)))
    (home.interviews / "broken.toml").write_text("company = [", encoding="utf-8")
    return home


def test_load_rows_gives_the_rows_of_load_all(filled: Home) -> None:
    full = Store(filled).load_all()
    result = Store(filled).load_rows()
    assert [problem.path.name for problem in result.problems] == ["broken.toml"]
    assert [p.path for p in result.problems] == [p.path for p in full.problems]
    want = [Row.of(item) for item in full.interviews]
    assert [[getattr(r, n) for n in Row.__slots__] for r in result.rows] == [
        [getattr(r, n) for n in Row.__slots__] for r in want
    ]


def test_load_rows_reads_only_the_files_that_changed(
    filled: Home, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("followup_tui.storage.cache.RACY_NS", 0)  # trust entries at once
    store = Store(filled)
    first = store.load_rows()
    cache_file = filled.cache / ROWS_FILE_NAME
    assert os.stat(cache_file).st_mode & 0o777 == 0o600
    parsed = count_parses(monkeypatch)
    again = Store(filled).load_rows()
    assert parsed == ["broken"]  # only the broken file, which is never cached
    assert [r.id for r in again.rows] == [r.id for r in first.rows]
    edited = first.rows[2]
    rewrite_in_place(store.path_for(edited.id), edited.company, "Edited Co")
    parsed.clear()
    after = Store(filled).load_rows()
    assert sorted(parsed) == sorted(["broken", edited.id])
    assert {r.id: r.company for r in after.rows}[edited.id] == "Edited Co"


def _hits(home: Home) -> int:
    """How many rows a fresh load takes from the rows cache."""
    store = Store(home)
    with RowCache.open(home.cache / ROWS_FILE_NAME) as cache:
        for interview_id in store.ids_on_disk():
            try:
                cache.get(interview_id, os.stat(store.path_for(interview_id)))
            except OSError:
                continue
        return cache.hits


@pytest.mark.parametrize("cut", [10, 200, -30])
def test_a_damaged_rows_cache_is_only_a_slower_start(
    filled: Home, monkeypatch: pytest.MonkeyPatch, cut: int
) -> None:
    """Cut anywhere (the header, a row, the last row): what is sound is used, the rest read."""
    monkeypatch.setattr("followup_tui.storage.cache.RACY_NS", 0)
    want = [r.id for r in Store(filled).load_rows().rows]
    cache_file = filled.cache / ROWS_FILE_NAME
    assert _hits(filled) == 6
    cache_file.write_bytes(cache_file.read_bytes()[:cut])
    assert _hits(filled) < 6
    assert [r.id for r in Store(filled).load_rows().rows] == want
    assert _hits(filled) == 6  # and written again whole


def test_rows_of_deleted_interviews_leave_the_cache(
    filled: Home, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("followup_tui.storage.cache.RACY_NS", 0)
    store = Store(filled)
    rows = store.load_rows().rows
    store.path_for(rows[0].id).unlink()
    store.path_for(rows[-1].id).unlink()
    assert len(Store(filled).load_rows().rows) == 4
    parsed = count_parses(monkeypatch)
    assert _hits(filled) == 4 and parsed == []
    assert len(Store(filled).load_rows().rows) == 4 and parsed == ["broken"]


def test_a_rows_cache_others_could_write_is_not_read(
    filled: Home, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("followup_tui.storage.cache.RACY_NS", 0)
    Store(filled).load_rows()
    cache_file = filled.cache / ROWS_FILE_NAME
    assert _hits(filled) == 6
    cache_file.chmod(0o666)
    assert _hits(filled) == 0
    Store(filled).load_rows()  # written again, as the user's own
    assert os.stat(cache_file).st_mode & 0o777 == 0o600
    assert _hits(filled) == 6


def test_an_interviews_cache_is_never_read_as_rows(filled: Home) -> None:
    """Each cache file holds one kind; the other kind's file counts as empty."""
    Store(filled).load_all()
    interviews_file = filled.cache / "interviews.pickle"
    assert len(InterviewCache.open(interviews_file)) == 6
    interviews_file.rename(filled.cache / ROWS_FILE_NAME)
    assert _hits(filled) == 0
    assert len(Store(filled).load_rows().rows) == 6


def test_loading_rows_never_holds_the_cache_whole(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The peak of a load from a warm cache is the rows it keeps, not rows plus file."""
    monkeypatch.setattr("followup_tui.storage.cache.RACY_NS", 0)
    home = write_home(tmp_path / "home", make_interviews(1000, 5, NOW))
    Store(home).load_rows()
    assert _hits(home) == 1000
    store = Store(home)
    tracemalloc.start()
    try:
        rows = store.load_rows().rows  # kept with what the store keeps of each file
        kept, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert len(rows) == 1000
    assert peak < 1.25 * kept  # holding every cached row's pickle too made it 1.9x


def test_a_person_in_a_row_is_found_by_name(filled: Home) -> None:
    store = Store(filled)
    saved = store.save(
        make_interview(company="Zed", interviewers=[Interviewer("Siobhán Ó Dálaigh", "s@z.io")])
    )
    rows = {row.id: row for row in store.load_rows().rows}
    assert "siobhán ó dálaigh" in rows[saved.id].search


# -- the head file: the rows a big home's first paint reads ---------------------------


def _ranked(home: Home) -> list[Row]:
    return [row for row, _ in rank(Store(home).load_rows().rows, NOW)]


def test_load_row_takes_a_kept_row_only_for_the_same_content(
    filled: Home, monkeypatch: pytest.MonkeyPatch
) -> None:
    rows = _ranked(filled)
    Store(filled).keep_head(rows)
    known = Store(filled).cached_head()
    assert [[getattr(known[r.id], n) for n in Row.__slots__] for r in rows] == [
        [getattr(r, n) for n in Row.__slots__] for r in rows
    ]
    unchanged, edited = rows[0], rows[1]
    rewrite_in_place(Store(filled).path_for(edited.id), edited.company, "Edited Co")
    parsed = count_parses(monkeypatch)
    store = Store(filled)
    assert store.load_row(unchanged.id, known[unchanged.id]) is known[unchanged.id]
    fresh = store.load_row(edited.id, known[edited.id])
    assert parsed == [edited.id]  # the changed file only, however recent the other's edit
    assert fresh.company == "Edited Co"
    assert fresh.loaded_digest != edited.loaded_digest
    # Another interview's row is never taken for this one.
    assert store.load_row(edited.id, known[unchanged.id]).company == "Edited Co"
    # Loaded as ``load`` would: saving the file read is no conflict, a change since is.
    assert store.seen_digest(unchanged.id) == unchanged.loaded_digest
    interview = store.read(unchanged.id)
    interview.notes = "mine"
    store.save(interview)


def test_keep_head_keeps_the_first_rows_and_writes_only_a_change(
    filled: Home, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("followup_tui.storage.cache.HEAD_ROWS", 3)
    monkeypatch.setattr("followup_tui.storage.store.HEAD_ROWS", 3)
    rows = _ranked(filled)
    store = Store(filled)
    store.cached_head()
    store.keep_head(rows)
    head_file = filled.cache / HEAD_FILE_NAME
    assert os.stat(head_file).st_mode & 0o777 == 0o600
    assert list(Store(filled).cached_head()) == [r.id for r in rows[:3]]
    again = Store(filled)
    again.cached_head()
    written = os.stat(head_file).st_mtime_ns, os.stat(head_file).st_ino
    again.keep_head(rows)  # the same rows: the file is left alone
    assert (os.stat(head_file).st_mtime_ns, os.stat(head_file).st_ino) == written
    again.keep_head(rows[1:])
    assert list(Store(filled).cached_head()) == [r.id for r in rows[1:4]]


@pytest.mark.parametrize("cut", [0, 10, 100, -5])
def test_a_damaged_head_file_holds_nothing(filled: Home, cut: int) -> None:
    rows = _ranked(filled)
    Store(filled).keep_head(rows)
    head_file = filled.cache / HEAD_FILE_NAME
    head_file.write_bytes(head_file.read_bytes()[:cut])
    assert Store(filled).cached_head() == {}


def test_a_head_file_others_could_write_or_of_another_kind_holds_nothing(filled: Home) -> None:
    rows = _ranked(filled)
    Store(filled).keep_head(rows)
    head_file = filled.cache / HEAD_FILE_NAME
    head_file.chmod(0o666)
    assert Store(filled).cached_head() == {}
    head_file.chmod(0o600)
    assert len(Store(filled).cached_head()) == len(rows)
    # The rows cache is read as a head file: another layout, so nothing.
    head_file.write_bytes((filled.cache / ROWS_FILE_NAME).read_bytes())
    assert Store(filled).cached_head() == {}
