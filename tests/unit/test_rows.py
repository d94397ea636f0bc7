"""The list's rows: the same schedule as the interviews they stand for, a quarter of the memory."""

from __future__ import annotations

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
from followup_tui.storage import files
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
    monkeypatch.setattr(files, "RACY_NS", 0)  # trust rows at once
    store = Store(filled)
    first = store.load_rows()
    parsed = count_parses(monkeypatch)
    again = Store(filled).load_rows()
    assert parsed == []  # the broken file too: its problem is kept with its signature
    assert [r.id for r in again.rows] == [r.id for r in first.rows]
    assert [p.message for p in again.problems] == [p.message for p in first.problems]
    edited = first.rows[2]
    rewrite_in_place(store.path_for(edited.id), edited.company, "Edited Co")
    parsed.clear()
    after = Store(filled).load_rows()
    assert parsed == [edited.id]
    assert {r.id: r.company for r in after.rows}[edited.id] == "Edited Co"


def test_rows_of_deleted_interviews_leave_the_cache(
    filled: Home, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(files, "RACY_NS", 0)
    store = Store(filled)
    rows = store.load_rows().rows
    store.path_for(rows[0].id).unlink()
    store.path_for(rows[-1].id).unlink()
    assert len(Store(filled).load_rows().rows) == 4
    parsed = count_parses(monkeypatch)
    again = Store(filled)
    assert len(again.load_rows().rows) == 4 and parsed == []
    assert again.cache.hits == 5  # four rows and the broken file


def test_a_person_in_a_row_is_found_by_name(filled: Home) -> None:
    store = Store(filled)
    saved = store.save(
        make_interview(company="Zed", interviewers=[Interviewer("Siobhán Ó Dálaigh", "s@z.io")])
    )
    rows = {row.id: row for row in store.load_rows().rows}
    assert "siobhán ó dálaigh" in rows[saved.id].search
