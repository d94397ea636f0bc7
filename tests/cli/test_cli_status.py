"""``followup status`` and its index: right after outside edits, broken files and cache loss."""

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
from followup_tui.core.schedule import Timing, next_action
from followup_tui.storage import index
from followup_tui.storage.paths import Home
from followup_tui.storage.store import Store
from tests.conftest import CET, NOW, make_interview

SRC = Path(__file__).resolve().parents[2] / "src"


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
    assert index.refresh(root).states(NOW.timestamp()) == {saved.id: "due"}
    before = path.read_bytes()
    after = before.replace(b"2026-11-25 09", b"2026-11-21 09")
    assert len(after) == len(before) and after != before
    with open(path, "r+b") as handle:
        handle.write(after)
    # Pretend the filesystem could not tell: give the cached entry the new signature.
    info = os.stat(path)
    stored = index.read_index(root)
    entry = stored["files"][path.name]
    sig = (info.st_mtime_ns, info.st_ctime_ns, info.st_size, info.st_ino)
    stored["files"][path.name] = (*sig, *entry[4:])
    index.write_index(root, stored)
    assert index.refresh(root).states(NOW.timestamp()) == {saved.id: "overdue"}


def test_warm_index_parses_nothing(store: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    populate(store)
    root = str(store.home.root)
    first = index.refresh(root).states(NOW.timestamp())
    # Age the entries past the racy window, as if the files were saved long ago.
    stored = index.read_index(root)
    stored["files"] = {
        name: (*entry[:4], entry[4] + 10 * index.SLACK_NS, *entry[5:])
        for name, entry in stored["files"].items()
    }
    index.write_index(root, stored)

    def no_reading(*args: object) -> object:
        raise AssertionError("a trusted entry was re-read")

    monkeypatch.setattr(index, "_read", no_reading)
    assert index.refresh(root).states(NOW.timestamp()) == first


def test_store_save_updates_the_index_without_a_reparse(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    populate(store)
    root = str(store.home.root)
    index.refresh(root)
    interview = store.load_all().interviews[0]
    interview.response = Response(NOW)
    store.save(interview)

    def no_parsing(*args: object) -> object:
        raise AssertionError("the saved file was parsed again")

    monkeypatch.setattr(index, "_parse", no_parsing)
    assert index.refresh(root).states(NOW.timestamp())[interview.id] == "closed"
    store.delete(interview.id)
    assert index.read_current(root)["files"].get(interview.id + ".toml") is None
    assert interview.id not in index.refresh(root).states(NOW.timestamp())


# -- saves cost the same in any home: a journal, not an index rewrite ----------


def test_a_save_or_delete_appends_and_never_rewrites_the_index(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    populate(store)
    root = str(store.home.root)
    index.refresh(root)
    indexed = Path(index.index_path(root)).read_bytes()

    def no_rewrite(*args: object) -> None:
        raise AssertionError("a save rewrote the whole status index")

    monkeypatch.setattr(index, "write_index", no_rewrite)
    interview = store.load_all().interviews[0]
    interview.response = Response(NOW)
    store.save(interview)
    gone = store.load_all().interviews[1]
    store.delete(gone.id)
    assert Path(index.index_path(root)).read_bytes() == indexed
    records = index.read_journal(root)
    assert [name for name, _ in records] == [interview.id + ".toml", gone.id + ".toml"]
    assert records[0][1][6][0] is True and records[1][1] is None  # closed; deleted
    monkeypatch.undo()
    # The next status reads the journal, folds it into the index and removes it.
    states = index.refresh(root).states(NOW.timestamp())
    assert states[interview.id] == "closed" and gone.id not in states
    assert not os.path.exists(index.journal_path(root))
    assert index.read_index(root)["files"].get(gone.id + ".toml") is None


def test_the_journal_is_folded_in_by_a_save_once_it_is_big(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    populate(store)
    root = str(store.home.root)
    monkeypatch.setattr(index, "JOURNAL_FOLD_BYTES", 600)
    interview = store.load_all().interviews[0]
    sizes = []
    for tag in range(8):
        interview.notes = f"note {tag}"
        interview = store.save(interview)
        path = index.journal_path(root)
        sizes.append(os.path.getsize(path) if os.path.exists(path) else 0)
    # It grew record by record, then a save folded it into the index (at least once).
    assert 0 in sizes and max(sizes) < 600 + 400
    assert any(later < earlier for earlier, later in zip(sizes, sizes[1:], strict=False))
    expected = {i.id: next_action(i, NOW).state.value for i in store.load_all().interviews}
    assert index.read_current(root)["files"].keys() >= {interview.id + ".toml"}
    assert index.refresh(root).states(NOW.timestamp()) == expected


@pytest.mark.parametrize("where", ["tail", "head"])
@pytest.mark.parametrize(
    "junk", [b"\x01", b"\xff\xff\x00\x00abc", b"\x05\x00\x00\x00\x00\x00\x00\x00\x00"]
)
def test_a_torn_or_foreign_journal_is_ignored_then_removed(
    store: Store, capsys: pytest.CaptureFixture[str], junk: bytes, where: str
) -> None:
    populate(store)
    root = str(store.home.root)
    index.refresh(root)
    os.makedirs(os.path.dirname(index.journal_path(root)), exist_ok=True)
    if where == "head":  # junk first: the good record after it cannot be trusted to be read
        with open(index.journal_path(root), "ab") as handle:
            handle.write(junk)
    (interview,) = [i for i in store.load_all().interviews if i.company == "Overdue"]
    interview.response = Response(NOW)
    store.save(interview)  # one good record
    if where == "tail":  # a crash mid-append, or junk
        with open(index.journal_path(root), "ab") as handle:
            handle.write(junk)
    assert len(index.read_journal(root)) == (1 if where == "tail" else 0)
    code, out, _ = status(store.home, capsys=capsys)
    assert code == 0 and out == "1 due · 1 reminder\n"  # the overdue one got its reply
    # Folded and removed, junk and all: a damaged journal must not grow for ever.
    assert not os.path.exists(index.journal_path(root))


def test_a_save_folds_even_a_journal_of_junk(store: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    populate(store)
    root = str(store.home.root)
    index.refresh(root)
    os.makedirs(os.path.dirname(index.journal_path(root)), exist_ok=True)
    Path(index.journal_path(root)).write_bytes(b"junk" * 200)
    monkeypatch.setattr(index, "JOURNAL_FOLD_BYTES", 600)
    interview = store.load_all().interviews[0]
    interview.notes = "folded"
    store.save(interview)  # passes 600 bytes: folds, although no record can be read
    assert not os.path.exists(index.journal_path(root))
    expected = {i.id: next_action(i, NOW).state.value for i in store.load_all().interviews}
    assert index.refresh(root).states(NOW.timestamp()) == expected


def test_a_journal_record_that_no_longer_matches_the_file_is_not_trusted(
    store: Store, capsys: pytest.CaptureFixture[str]
) -> None:
    """A save's record, then a hand edit before any status: the edit wins."""
    saved = store.save(make_interview(interview_at=NOW - timedelta(days=1)))
    root = str(store.home.root)
    index.refresh(root)
    saved.notes = "x"
    saved = store.save(saved)  # journal: "due"
    path = store.path_for(saved.id)
    path.write_text(path.read_text().replace("2026-11-25", "2026-11-21"))
    assert index.read_journal(root)
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


@pytest.mark.parametrize("garbage", [b"", b"junk", index.MAGIC + b"\x00\x01", index.MAGIC[:-3]])
def test_corrupt_index_is_rebuilt(
    store: Store, capsys: pytest.CaptureFixture[str], garbage: bytes
) -> None:
    populate(store)
    Path(index.index_path(str(store.home.root))).write_bytes(garbage)
    assert status(store.home, capsys=capsys)[1] == "1 overdue · 1 due · 1 reminder\n"
    assert Path(index.index_path(str(store.home.root))).read_bytes().startswith(index.MAGIC)


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
    index.refresh(str(store.home.root))
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


# -- the index's schedule mirrors schedule.next_action ------------------------

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
    state = draw(st.sampled_from(["sent", "draft"]))
    when = NOW + timedelta(hours=draw(hours))
    return Followup(kind=kind, interviewer=who, to=to, state=state, sent_at=when)


@settings(max_examples=150, deadline=None)
@given(
    people,
    st.lists(followups(), max_size=4),
    hours,
    hours,
    st.booleans(),
    st.sampled_from(["", "offer"]),
    st.sampled_from([Timing(), Timing(12, 30, 3, 2), Timing(24, 48, 7, 0)]),
)
def test_index_state_matches_next_action(
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
    got = index.state_at(index.summarize(interview), now.timestamp(), index.timing_tuple(timing))
    assert got == expected


# -- the journal never makes status wrong, whatever the order of events ---------

operations = st.lists(
    st.tuples(
        st.sampled_from(["add", "save", "delete", "hand-edit", "status", "fold"]),
        st.integers(min_value=0, max_value=5),  # which interview (modulo how many exist)
        st.integers(min_value=-12, max_value=4),  # days from NOW for adds and edits
    ),
    min_size=1,
    max_size=10,
)


@settings(max_examples=25, deadline=None)
@given(operations, st.sampled_from([1, 400, 64 * 1024]))
def test_status_after_any_mix_of_saves_edits_and_folds_is_right(
    ops: list[tuple[str, int, int]], fold_bytes: int
) -> None:
    import tempfile

    from followup_tui.storage.paths import open_home

    original = index.JOURNAL_FOLD_BYTES
    index.JOURNAL_FOLD_BYTES = fold_bytes
    try:
        with tempfile.TemporaryDirectory() as folder:
            store = Store(open_home(Path(folder) / "home"))
            root = str(store.home.root)

            def check() -> None:
                expected = {
                    i.id: next_action(i, NOW).state.value for i in store.load_all().interviews
                }
                assert index.refresh(root).states(NOW.timestamp()) == expected

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
                    index.fold(root)
            check()
    finally:
        index.JOURNAL_FOLD_BYTES = original
