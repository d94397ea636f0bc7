"""``followup status`` and the cache: right after outside edits, broken files and cache loss."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from followup_tui.cli import main
from followup_tui.cli.status import home_root
from followup_tui.core.model import Followup, Interview, Interviewer, Response
from followup_tui.core.rows import Row
from followup_tui.core.schedule import Timing, next_action
from followup_tui.storage import cache, cache_db, cache_sql, files
from followup_tui.storage.cache import Cache
from followup_tui.storage.cache_rows import row_columns
from followup_tui.storage.cache_sql import timing_tuple
from followup_tui.storage.paths import Home
from followup_tui.storage.store import Store
from tests.conftest import CET, NOW, make_interview
from tests.unit.test_cache import age_rows

SRC = Path(__file__).resolve().parents[2] / "src"


def states(root: str, timing: Timing | None = None) -> dict[str, str]:
    """Interview id -> state at NOW, as the cache's SQL works it out (after a sync)."""
    store = Cache(root)
    store.sync()
    numbers = timing_tuple(timing) if timing else store.timing()[0]
    found = store._connection().execute(
        f"SELECT name, {cache_sql.GROUP_SQL} FROM files WHERE problem IS NULL",
        cache_sql.parameters(NOW.timestamp(), numbers),
    )
    return {name[:-5]: cache_sql.STATES[group] for name, group in found}


def database(root: str) -> str:
    return os.path.join(root, ".cache", cache_db.NAME)


def sql(root: str, query: str, *args: object) -> list[tuple[object, ...]]:
    """Run ``query`` on the cache file directly (as another process would)."""
    import sqlite3

    connection = sqlite3.connect(database(root), isolation_level=None)
    try:
        return connection.execute(query, args).fetchall()
    finally:
        connection.close()


def status(home: Home, *extra: str, capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    code = main(["--home", str(home.root), "status", *extra])
    out = capsys.readouterr()
    return code, out.out, out.err


def sent(kind: str, when: datetime, who: str = "", to: str = "") -> Followup:
    return Followup(kind=kind, state="sent", sent_at=when, interviewer=who, to=to)


def populate(store: Store) -> None:
    """One overdue, one due, one reminder due, one upcoming, one waiting, one closed."""
    day = timedelta(days=1)
    store.save(make_interview(company="Overdue", interview_at=NOW - 4 * day))
    store.save(make_interview(company="Due", interview_at=NOW - day))
    store.save(
        make_interview(
            company="Remind",
            interview_at=NOW - 12 * day,
            followups=[sent("thank_you", NOW - 11 * day, "Dana Reyes")],
        )
    )
    store.save(make_interview(company="Later", interview_at=NOW + day))
    store.save(
        make_interview(
            company="Wait",
            interview_at=NOW - 2 * day,
            followups=[sent("thank_you", NOW - day, "Dana Reyes")],
        )
    )
    store.save(
        make_interview(company="Done", interview_at=NOW - 3 * day, response=Response(NOW - day))
    )


def test_line_and_json(store: Store, capsys: pytest.CaptureFixture[str]) -> None:
    populate(store)
    code, out, _ = status(store.home, capsys=capsys)
    assert (code, out) == (0, "1 overdue · 1 due · 1 reminder\n")
    code, out, _ = status(store.home, "--json", capsys=capsys)
    data = json.loads(out)
    keys = ("overdue", "due", "reminder", "upcoming", "waiting", "closed")
    assert {k: data[k] for k in keys} == {
        "overdue": 1,
        "due": 1,
        "reminder": 1,
        "upcoming": 1,
        "waiting": 1,
        "closed": 1,
    }
    assert data["total"] == 6 and data["broken"] == 0 and data["broken_files"] == []


def test_empty_when_nothing_needs_action(store: Store, capsys: pytest.CaptureFixture[str]) -> None:
    store.save(make_interview(interview_at=NOW + timedelta(days=2)))
    assert status(store.home, capsys=capsys) == (0, "", "")
    assert status(store.home, "--always", capsys=capsys)[1] == "nothing due\n"
    fresh = store.home.root.parent / "never-created"
    assert status(Home(fresh), capsys=capsys) == (0, "", "")
    assert not fresh.exists()  # status never creates a home


def test_format_placeholders(store: Store, capsys: pytest.CaptureFixture[str]) -> None:
    populate(store)
    fmt = "{overdue}/{due}/{reminder}/{upcoming}/{waiting}/{closed}/{broken}/{total}"
    assert status(store.home, "--format", fmt, capsys=capsys)[1] == "1/1/1/1/1/1/0/6\n"
    code, out, err = status(store.home, "--format", "{nope}", capsys=capsys)
    assert code == 1 and out == "" and err.count("\n") == 1 and "{overdue}" in err


def test_outside_edit_is_seen(store: Store, capsys: pytest.CaptureFixture[str]) -> None:
    saved = store.save(make_interview(interview_at=NOW - timedelta(days=1)))
    assert status(store.home, capsys=capsys)[1] == "1 due\n"
    path = store.path_for(saved.id)
    text = path.read_text()
    # A hand edit in place (same inode), moving the interview 3 days back: overdue.
    path.write_text(text.replace("2026-11-25", "2026-11-22"))
    assert status(store.home, capsys=capsys)[1] == "1 overdue\n"
    # A file copied in from elsewhere.
    (store.home.interviews / "copied.toml").write_text(text)
    assert status(store.home, capsys=capsys)[1] == "1 overdue · 1 due\n"
    os.unlink(path)
    assert status(store.home, capsys=capsys)[1] == "1 due\n"


def test_same_size_edit_in_the_same_tick(store: Store) -> None:
    """A same-size edit whose stat signature is identical is still caught (racy entry)."""
    saved = store.save(make_interview(interview_at=NOW - timedelta(days=1)))
    root = str(store.home.root)
    path = store.path_for(saved.id)
    assert states(root) == {saved.id: "due"}
    before = path.read_bytes()
    after = before.replace(b"2026-11-25 09", b"2026-11-21 09")
    assert len(after) == len(before) and after != before
    with open(path, "r+b") as handle:
        handle.write(after)
    # Pretend the filesystem could not tell: give the cached row the new signature.
    sig = files.signature(os.stat(path))
    sql(
        root,
        "UPDATE files SET mtime_ns = ?, ctime_ns = ?, size = ?, ino = ? WHERE name = ?",
        *sig,
        path.name,
    )
    assert states(root) == {saved.id: "overdue"}


def test_warm_cache_reads_nothing(store: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    populate(store)
    root = str(store.home.root)
    first = states(root)
    # Age the rows past the racy window, as if the files were saved long ago.
    age_rows(database(root), 10 * files.RACY_NS)
    sql(root, "UPDATE config SET checked_ns = checked_ns + ?", 10 * files.RACY_NS)

    def no_reading(*args: object, **kwargs: object) -> object:
        raise AssertionError("a trusted row was read again")

    monkeypatch.setattr(files, "read_regular", no_reading)
    assert states(root) == first


def test_store_save_updates_the_cache_without_a_reparse(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    populate(store)
    root = str(store.home.root)
    states(root)
    interview = store.load_all().interviews[0]
    interview.response = Response(NOW)
    store.save(interview)

    def no_parsing(*args: object) -> object:
        raise AssertionError("the saved file was parsed again")

    monkeypatch.setattr(cache, "parse_columns", no_parsing)
    assert states(root)[interview.id] == "closed"
    store.delete(interview.id)
    assert sql(root, "SELECT name FROM files WHERE name = ?", interview.id + ".toml") == []
    assert interview.id not in states(root)


# -- saves cost the same in any home: one row, never a rewrite of the others ------


def test_a_save_or_delete_writes_its_own_row_and_no_other(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    populate(store)
    root = str(store.home.root)
    states(root)
    others_before = sql(root, "SELECT name, checked_ns, digest FROM files ORDER BY name")

    def no_sync(*args: object) -> None:
        raise AssertionError("a save went through the whole folder")

    monkeypatch.setattr(Cache, "_write", no_sync)
    interview = store.load_all().interviews[0]
    interview.response = Response(NOW)
    store.save(interview)
    gone = store.load_all().interviews[1]
    store.delete(gone.id)
    rows = {name: (checked, digest) for name, checked, digest in others_before}
    after = sql(root, "SELECT name, checked_ns, digest, closed FROM files ORDER BY name")
    changed = {name for name, checked, digest, _ in after if rows.get(name) != (checked, digest)}
    assert changed == {interview.id + ".toml"}  # its own row only
    assert {name for name, *_ in after} == set(rows) - {gone.id + ".toml"}
    assert [closed for name, *_, closed in after if name == interview.id + ".toml"] == [1]
    monkeypatch.undo()
    found = states(root)
    assert found[interview.id] == "closed" and gone.id not in found


def test_many_saves_in_a_row_keep_the_status_right(store: Store) -> None:
    populate(store)
    root = str(store.home.root)
    interview = store.load_all().interviews[0]
    for tag in range(30):
        interview.notes = f"note {tag}"
        interview = store.save(interview)
    expected = {i.id: next_action(i, NOW).state.value for i in store.load_all().interviews}
    assert states(root) == expected
    # The write-ahead log is SQLite's to keep short (checkpoints), not ours to fold.
    assert os.path.getsize(database(root) + "-wal") < 8 * 1024 * 1024


@pytest.mark.parametrize("where", ["tail", "head"])
@pytest.mark.parametrize(
    "junk", [b"\x01", b"\xff\xff\x00\x00abc", b"\x05\x00\x00\x00\x00\x00\x00\x00\x00" * 200]
)
def test_a_torn_or_foreign_write_ahead_log_is_ignored(
    store: Store, capsys: pytest.CaptureFixture[str], junk: bytes, where: str
) -> None:
    populate(store)
    root = str(store.home.root)
    states(root)
    wal = database(root) + "-wal"
    if where == "head":  # junk in place of the log: nothing after it can be trusted
        with open(wal, "r+b") as handle:
            handle.write(junk)
    (interview,) = [i for i in store.load_all().interviews if i.company == "Overdue"]
    interview.response = Response(NOW)
    store.save(interview)  # one good row
    if where == "tail":  # a crash mid-append, or junk
        with open(wal, "ab") as handle:
            handle.write(junk)
    code, out, _ = status(store.home, capsys=capsys)
    assert code == 0 and out == "1 due · 1 reminder\n"  # the overdue one got its reply


def test_a_saved_row_that_no_longer_matches_the_file_is_not_trusted(
    store: Store, capsys: pytest.CaptureFixture[str]
) -> None:
    """A save's row, then a hand edit before any status: the edit wins."""
    saved = store.save(make_interview(interview_at=NOW - timedelta(days=1)))
    root = str(store.home.root)
    states(root)
    saved.notes = "x"
    saved = store.save(saved)  # the cache: "due"
    path = store.path_for(saved.id)
    path.write_text(path.read_text().replace("2026-11-25", "2026-11-21"))
    assert sql(root, "SELECT name FROM files WHERE name = ?", path.name)
    assert status(store.home, capsys=capsys)[1] == "1 overdue\n"


def test_broken_file_is_reported(store: Store, capsys: pytest.CaptureFixture[str]) -> None:
    store.save(make_interview(interview_at=NOW - timedelta(days=1)))
    (store.home.interviews / "bad.toml").write_text('company = "x"\ninterview_at = \n')
    code, out, _ = status(store.home, capsys=capsys)
    assert (code, out) == (0, "1 due · 1 broken\n")
    data = json.loads(status(store.home, "--json", capsys=capsys)[1])
    assert data["broken"] == 1 and data["broken_files"][0]["id"] == "bad"
    (store.home.interviews / "bad.toml").write_text("schema = 1\n")  # fixed-ish: still broken
    assert status(store.home, capsys=capsys)[1] == "1 due · 1 broken\n"
    (store.home.interviews / "bad.toml").unlink()
    assert status(store.home, capsys=capsys)[1] == "1 due\n"


def test_broken_config_counts_as_broken(store: Store, capsys: pytest.CaptureFixture[str]) -> None:
    store.save(make_interview(interview_at=NOW - timedelta(days=1)))
    store.home.config_file.write_text("[timing\n")
    assert status(store.home, capsys=capsys)[1] == "1 due · 1 broken\n"
    # A changed timing rule in config.toml changes the answer at once.
    store.home.config_file.write_text(
        "[timing]\nthank_you_ideal_hours = 10\nthank_you_deadline_hours = 20\n"
    )
    assert status(store.home, capsys=capsys)[1] == "1 overdue\n"


@pytest.mark.parametrize(
    "garbage", [b"", b"junk", b"SQLite format 3\x00" + b"\x00" * 200, b"\xff" * 8192]
)
def test_corrupt_cache_is_rebuilt(
    store: Store, capsys: pytest.CaptureFixture[str], garbage: bytes
) -> None:
    populate(store)
    root = str(store.home.root)
    states(root)
    for side in ("", "-wal", "-shm"):
        if os.path.exists(database(root) + side):
            os.unlink(database(root) + side)
    Path(database(root)).write_bytes(garbage)
    assert status(store.home, capsys=capsys)[1] == "1 overdue · 1 due · 1 reminder\n"
    assert Path(database(root)).read_bytes().startswith(b"SQLite format 3\x00")
    assert len(sql(root, "SELECT name FROM files")) == 6


def test_a_cache_of_another_version_is_rebuilt(
    store: Store, capsys: pytest.CaptureFixture[str]
) -> None:
    populate(store)
    root = str(store.home.root)
    states(root)
    sql(root, "UPDATE files SET closed = 1")  # what another version might mean by it
    sql(root, f"PRAGMA user_version = {cache_db.VERSION + 1}")
    assert status(store.home, capsys=capsys)[1] == "1 overdue · 1 due · 1 reminder\n"
    assert sql(root, "PRAGMA user_version") == [(cache_db.VERSION,)]


def test_deleting_the_cache_loses_nothing(store: Store, capsys: pytest.CaptureFixture[str]) -> None:
    import shutil

    populate(store)
    assert status(store.home, capsys=capsys)[1] == "1 overdue · 1 due · 1 reminder\n"
    shutil.rmtree(store.home.cache)
    assert status(store.home, capsys=capsys)[1] == "1 overdue · 1 due · 1 reminder\n"
    assert os.stat(store.home.cache).st_mode & 0o777 == 0o700


def test_bad_pinned_clock_is_one_line(
    store: Store, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("FOLLOWUP_TUI_NOW", "soon")
    code, out, err = status(store.home, capsys=capsys)
    assert code == 1 and err.count("\n") == 1 and "FOLLOWUP_TUI_NOW" in err


@pytest.mark.parametrize("xdg", [None, "", "  ", "/tmp/xdg-config"])
def test_default_home_matches_platformdirs(
    monkeypatch: pytest.MonkeyPatch, xdg: str | None
) -> None:
    from followup_tui.storage.paths import default_home

    monkeypatch.delenv("FOLLOWUP_TUI_HOME")
    if xdg is None:
        monkeypatch.delenv("XDG_CONFIG_HOME", raising=False)
    else:
        monkeypatch.setenv("XDG_CONFIG_HOME", xdg)
    assert home_root(None) == str(default_home())


def test_status_imports_no_parser_textual_or_jinja(store: Store) -> None:
    populate(store)
    states(str(store.home.root))
    code = (
        "import sys; from followup_tui.cli import main; main(['status']);"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in "
        "('textual', 'jinja2', 'rich', 'tomllib', 'tomli_w', 'followup_tui.core.model')))"
    )
    env = {**os.environ, "PYTHONPATH": str(SRC), "FOLLOWUP_TUI_HOME": str(store.home.root)}
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env=env, timeout=60
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines() == ["1 overdue · 1 due · 1 reminder", "[]"]


# -- the cache's SQL mirrors schedule.next_action ----------------------------------

people = st.lists(
    st.sampled_from(
        [Interviewer("Dana Reyes", "dana@a.example"), Interviewer("Tom Becker", "tom@a.example")]
    ),
    max_size=2,
    unique_by=lambda person: person.name,
)
hours = st.integers(min_value=-24 * 30, max_value=24 * 30)


@st.composite
def followups(draw: st.DrawFn) -> Followup:
    kind = draw(st.sampled_from(["thank_you", "reminder", "custom"]))
    who = draw(st.sampled_from(["", "Dana Reyes", "Tom Becker"]))
    to = draw(st.sampled_from(["", "dana@a.example", "tom@a.example, dana@a.example"]))
    state = draw(st.sampled_from(["sent", "draft", "skipped", "scheduled", "unsure"]))
    when = NOW + timedelta(hours=draw(hours))
    queued = state in ("scheduled", "unsure")
    return Followup(
        kind=kind,
        interviewer=who,
        to=to,
        state=state,
        sent_at=when,
        send_at=when if queued else None,
        notice="Not sent yet" if state == "unsure" else "",
    )


@settings(max_examples=150, deadline=None)
@given(
    people,
    st.lists(followups(), max_size=4),
    hours,
    hours,
    st.booleans(),
    st.sampled_from(["", "offer"]),
    st.sampled_from(
        [Timing(), Timing(12, 30, 3, 2), Timing(24, 48, 7, 0), Timing(24, 48, 7, 1, 2)]
    ),
)
def test_sql_state_matches_next_action(
    panel: list[Interviewer],
    items: list[Followup],
    at: int,
    probe: int,
    replied: bool,
    outcome: str,
    timing: Timing,
) -> None:
    interview = Interview(
        company="Acme",
        position="Dev",
        interview_at=datetime(2026, 11, 20, 10, 0, tzinfo=CET) + timedelta(hours=at),
        interviewers=panel,
        followups=items,
        response=Response(NOW) if replied else None,
        outcome=outcome,
    )
    now = NOW + timedelta(hours=probe)
    expected = next_action(interview, now, timing).state.value
    db = cache_db.memory()
    columns = row_columns(Row.of(interview))
    db.execute(
        cache_sql.INSERT,
        ("x.toml", *[0] * 5, "", None, *columns, None),
    )
    assert cache_sql.tally(db, now.timestamp(), timing_tuple(timing)) == {expected: 1}


# -- the cache never makes status wrong, whatever the order of events ------------

operations = st.lists(
    st.tuples(
        st.sampled_from(["add", "save", "delete", "hand-edit", "status", "drop-cache"]),
        st.integers(min_value=0, max_value=5),  # which interview (modulo how many exist)
        st.integers(min_value=-12, max_value=4),  # days from NOW for adds and edits
    ),
    min_size=1,
    max_size=10,
)


@settings(max_examples=25, deadline=None)
@given(operations)
def test_status_after_any_mix_of_saves_edits_and_cache_loss_is_right(
    ops: list[tuple[str, int, int]],
) -> None:
    import shutil
    import tempfile

    from followup_tui.storage.paths import open_home

    with tempfile.TemporaryDirectory() as folder:
        store = Store(open_home(Path(folder) / "home"))
        root = str(store.home.root)

        def check() -> None:
            expected = {i.id: next_action(i, NOW).state.value for i in store.load_all().interviews}
            assert states(root) == expected

        for op, which, days in ops:
            current = store.load_all().interviews
            if op == "add" or not current:
                store.save(make_interview(interview_at=NOW + timedelta(days=days)))
                continue
            interview = current[which % len(current)]
            if op == "save":
                interview.interview_at = NOW + timedelta(days=days)
                interview.response = Response(NOW) if days % 3 == 0 else None
                store.save(interview)
            elif op == "delete":
                store.delete(interview.id)
            elif op == "hand-edit":  # in place, same inode, as an editor might
                path = store.path_for(interview.id)
                stamp = (NOW + timedelta(days=days)).strftime("%Y-%m-%d")
                text = path.read_text()
                old = interview.interview_at.strftime("%Y-%m-%d")
                assert f"interview_at = {old}" in text
                edited = text.replace(f"interview_at = {old}", f"interview_at = {stamp}")
                path.write_text(edited)
            elif op == "status":
                check()
            else:
                shutil.rmtree(store.home.cache, ignore_errors=True)
        check()
