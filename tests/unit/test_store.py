"""The store: round trips, unknown keys, broken files, conflicts, permissions, atomicity."""

from __future__ import annotations

import os
import stat
from datetime import datetime
from pathlib import Path

import pytest

from followup_tui.core.model import Followup
from followup_tui.storage import files, watch
from followup_tui.storage.paths import Home, open_home, readable_by_others
from followup_tui.storage.store import ConflictError, NotFoundError, Store, StoreError, atomic_write
from tests.conftest import NOW, make_interview, rewrite_in_place


def test_round_trip(store: Store) -> None:
    interview = make_interview(
        notes='Line one\nLine two with "quotes" and a trailing backslash \\',
        followups=[
            Followup(kind="thank_you", to="dana@acme.example", subject="Thanks", body="Hi\n")
        ],
    )
    saved = store.save(interview, now=NOW)
    assert saved.id == "2026-11-24-acme-backend-engineer"
    loaded = Store(store.home).load(saved.id)
    assert loaded == saved


def test_file_is_readable_toml_with_schema(store: Store) -> None:
    saved = store.save(make_interview(), now=NOW)
    text = store.path_for(saved.id).read_text()
    assert text.startswith("schema = 1\n")
    assert 'company = "Acme"' in text
    assert "interview_at = 2026-11-24 14:00:00+01:00" in text
    assert '[[interviewers]]\nname = "Dana Reyes"' in text


def test_ids_are_unique(store: Store) -> None:
    first = store.save(make_interview(), now=NOW)
    second = store.save(make_interview(), now=NOW)
    assert first.id != second.id
    assert second.id == f"{first.id}-2"


def test_unknown_keys_survive(store: Store) -> None:
    saved = store.save(make_interview(), now=NOW)
    path = store.path_for(saved.id)
    text = path.read_text()
    text = (
        text.replace("schema = 1\n", 'schema = 1\nrecruiter = "Jo"\n', 1)
        + "[salary]\nask = 150000\n"
    )
    text = text.replace('name = "Dana Reyes"', 'name = "Dana Reyes"\npronouns = "she/her"')
    path.write_text(text)
    fresh = Store(store.home)
    loaded = fresh.load(saved.id)
    assert loaded.extra == {"recruiter": "Jo", "salary": {"ask": 150000}}
    assert loaded.interviewers[0].extra == {"pronouns": "she/her"}
    loaded.notes = "changed"
    fresh.save(loaded)
    again = Store(store.home).load(saved.id)
    assert again.extra == {"recruiter": "Jo", "salary": {"ask": 150000}}
    assert again.interviewers[0].extra == {"pronouns": "she/her"}


@pytest.mark.parametrize(
    ("content", "fragment"),
    [
        (b'company = "Acme\n', "line 1"),
        (b'schema = 1\ncompany = "A"\nposition = "B"\ninterview_at = 12\n', "field interview_at"),
        (
            b'schema = 1\ncompany = "A"\ninterview_at = 2026-11-24T14:00:00Z\n'
            b'[[interviewers]]\nemail = "x"\n',
            "interviewers[0].name",
        ),
        (b"schema = 7\ncompany = 'A'\n", "newer followup-tui"),
        (b"", "empty"),
        (b"\x00\xff\xfe binary", "not UTF-8"),
    ],
)
def test_broken_file_reported_and_untouched(store: Store, content: bytes, fragment: str) -> None:
    good = store.save(make_interview(), now=NOW)
    broken = store.home.interviews / "2026-01-01-broken.toml"
    broken.write_bytes(content)
    before = broken.stat()
    result = Store(store.home).load_all()
    assert [i.id for i in result.interviews] == [good.id]
    assert len(result.problems) == 1
    problem = result.problems[0]
    assert problem.path == broken
    assert fragment in problem.message
    assert broken.read_bytes() == content
    assert broken.stat().st_mtime_ns == before.st_mtime_ns


def test_toml_error_has_line_and_column(store: Store) -> None:
    path = store.home.interviews / "2026-01-01-bad.toml"
    path.write_text('schema = 1\ncompany = "Acme"\nposition = = "x"\n')
    problem = store.load_all().problems[0]
    assert "line 3" in problem.message and "column" in problem.message


def test_conflict_when_changed_on_disk(store: Store) -> None:
    saved = store.save(make_interview(), now=NOW)
    other = Store(store.home)
    theirs = other.load(saved.id)
    theirs.notes = "written by the other window"
    other.save(theirs)
    saved.notes = "mine"
    with pytest.raises(ConflictError, match="changed by someone else"):
        store.save(saved)
    assert "written by the other window" in store.path_for(saved.id).read_text()
    # after a reload the save goes through
    mine = store.load(saved.id)
    mine.notes = "mine, after reloading"
    store.save(mine)
    assert "mine, after reloading" in store.path_for(saved.id).read_text()


def test_conflict_when_deleted_elsewhere(store: Store) -> None:
    saved = store.save(make_interview(), now=NOW)
    Store(store.home).load_all()
    store.path_for(saved.id).unlink()
    with pytest.raises(ConflictError, match="deleted"):
        store.save(saved)


def test_hand_edit_touching_only_mtime_is_no_conflict(store: Store) -> None:
    saved = store.save(make_interview(), now=NOW)
    os.utime(store.path_for(saved.id), ns=(1, 1))
    saved.notes = "fine"
    store.save(saved)


def test_permissions(tmp_path: Path) -> None:
    home = open_home(tmp_path / "private")
    store = Store(home)
    saved = store.save(make_interview(), now=NOW)
    for folder in home.folders():
        assert stat.S_IMODE(folder.stat().st_mode) == 0o700, folder
    assert stat.S_IMODE(store.path_for(saved.id).stat().st_mode) == 0o600
    assert not readable_by_others(home.root)
    os.chmod(home.root, 0o755)
    assert readable_by_others(home.root)


def test_existing_mode_is_kept(store: Store) -> None:
    saved = store.save(make_interview(), now=NOW)
    os.chmod(store.path_for(saved.id), 0o640)
    store.save(saved)
    assert stat.S_IMODE(store.path_for(saved.id).stat().st_mode) == 0o640


def test_atomic_replace_leaves_no_temp_and_keeps_old_on_failure(
    home: Home, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = home.interviews / "x.toml"
    atomic_write(path, b"old")

    def broken_fsync(fd: int) -> None:
        raise OSError(5, "Input/output error")

    monkeypatch.setattr(os, "fsync", broken_fsync)
    with pytest.raises(OSError):
        atomic_write(path, b"new")
    assert path.read_bytes() == b"old"
    assert os.listdir(home.interviews) == ["x.toml"]


def test_save_failure_is_one_sentence(store: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    saved = store.save(make_interview(), now=NOW)
    before = store.path_for(saved.id).read_bytes()

    def full(*args: object, **kwargs: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr("followup_tui.storage.store.atomic_write", full)
    saved.notes = "will not fit"
    with pytest.raises(
        StoreError, match="No space left on device; the previous version is unchanged"
    ):
        store.save(saved)
    assert store.path_for(saved.id).read_bytes() == before


def test_symlinked_file_stays_a_symlink(store: Store, tmp_path: Path) -> None:
    saved = store.save(make_interview(), now=NOW)
    path = store.path_for(saved.id)
    dotfiles = tmp_path / "dotfiles"
    dotfiles.mkdir()
    real = dotfiles / "acme.toml"
    os.replace(path, real)
    path.symlink_to(real)
    fresh = Store(store.home)
    loaded = fresh.load(saved.id)
    loaded.notes = "through the link"
    fresh.save(loaded)
    assert path.is_symlink()
    assert "through the link" in real.read_text()


def test_leftover_temp_files_are_ignored_and_cleaned(store: Store) -> None:
    saved = store.save(make_interview(), now=NOW)
    leftover = store.home.interviews / f".{saved.id}.toml.123.abcd.tmp"
    leftover.write_text("half a file")
    result = Store(store.home).load_all()
    assert [i.id for i in result.interviews] == [saved.id]
    assert result.problems == []
    assert not leftover.exists()


def test_delete_moves_to_trash_and_restore(store: Store) -> None:
    saved = store.save(make_interview(), now=NOW)
    content = store.path_for(saved.id).read_bytes()
    trashed = store.delete(saved.id)
    assert trashed.parent == store.home.trash
    assert trashed.read_bytes() == content
    assert store.load_all().interviews == []
    assert store.trash() == [trashed]
    restored = store.restore(trashed)
    assert restored == saved.id
    assert store.load(restored) == saved


def test_poll_sees_outside_changes(store: Store) -> None:
    first = store.save(make_interview(), now=NOW)
    store.load_all()
    assert not store.poll()
    other = Store(store.home)
    theirs = other.load(first.id)
    theirs.notes = "outside"
    other.save(theirs)
    added = other.save(make_interview(company="Globex"), now=NOW)
    changes = store.poll()
    assert sorted(i.id for i in changes.changed) == sorted([first.id, added.id])
    other.delete(added.id)
    (store.home.interviews / "2026-01-01-x.toml").write_text("broken = ")
    changes = store.poll()
    assert changes.removed == [added.id]
    assert len(changes.problems) == 1
    assert not store.poll()  # a broken file is reported once, not on every poll


def test_bad_ids_are_rejected(store: Store) -> None:
    for bad in ("../etc/passwd", "", "A B", "x" * 200):
        with pytest.raises(NotFoundError):
            store.path_for(bad)


def test_created_and_updated_stamps(store: Store) -> None:
    saved = store.save(make_interview(), now=NOW)
    assert saved.created_at == NOW and saved.updated_at == NOW
    later = datetime.fromisoformat("2026-11-27T10:00:00+01:00")
    store.save(saved, now=later)
    assert saved.created_at == NOW and saved.updated_at == later


def test_an_older_copy_is_refused_even_after_the_store_reloaded(store: Store) -> None:
    """Screens of one app share a store: a live reload must not make a stale copy current."""
    saved = store.save(make_interview(), now=NOW)
    stale = store.load(saved.id)  # e.g. what the checklist screen holds
    other = Store(store.home)
    theirs = other.load(saved.id)
    theirs.notes = "edited elsewhere"
    other.save(theirs)
    assert [i.notes for i in store.poll().changed] == ["edited elsewhere"]  # the list reloads
    stale.notes = "stale"
    with pytest.raises(ConflictError):
        store.save(stale)
    assert "edited elsewhere" in store.path_for(saved.id).read_text()


@pytest.fixture
def swept(store: Store, monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Seven interviews, a sweep of three per poll, and a folder stamp trusted at once."""
    monkeypatch.setattr(watch, "POLL_SWEEP", 3)
    monkeypatch.setattr(files, "RACY_NS", 0)
    ids = [store.save(make_interview(company=f"Co{n}"), now=NOW).id for n in range(7)]
    store.load_all()  # reads every file, so the first poll need not
    return sorted(ids)


def test_poll_finds_an_in_place_edit_within_one_sweep(store: Store, swept: list[str]) -> None:
    folder_before = os.stat(store.home.interviews).st_mtime_ns
    rewrite_in_place(store.path_for(swept[5]), "Backend Engineer", "Staff Engineer")
    assert os.stat(store.home.interviews).st_mtime_ns == folder_before
    polls = [store.poll() for _ in range(3)]  # files 0-2, 3-5, 6+0-1
    assert [bool(p) for p in polls] == [False, True, False]
    assert [(i.id, i.position) for i in polls[1].changed] == [(swept[5], "Staff Engineer")]


def test_poll_looks_at_the_rows_on_screen_every_time(store: Store, swept: list[str]) -> None:
    rewrite_in_place(store.path_for(swept[6]), "Backend Engineer", "Staff Engineer")
    assert [i.id for i in store.poll(watch=[swept[6]]).changed] == [swept[6]]


def test_a_full_poll_looks_at_every_file(store: Store, swept: list[str]) -> None:
    rewrite_in_place(store.path_for(swept[6]), "Backend Engineer", "Staff Engineer")
    assert [i.id for i in store.poll(full=True).changed] == [swept[6]]


def test_poll_sees_adds_and_deletes_at_once_whatever_the_sweep(
    store: Store, swept: list[str]
) -> None:
    other = Store(store.home)
    added = other.save(make_interview(company="Newco"), now=NOW)
    other.load(swept[6])
    other.delete(swept[6])
    changes = store.poll()
    assert [i.id for i in changes.changed] == [added.id]
    assert changes.removed == [swept[6]]


def test_a_rename_over_a_file_is_seen_at_once(store: Store, swept: list[str]) -> None:
    """Editors and sync tools replace a file by renaming: the folder's stamp moves."""
    path = store.path_for(swept[6])
    temp = path.with_name(".incoming.tmp")
    temp.write_text(path.read_text().replace("Backend Engineer", "Staff Engineer"))
    os.replace(temp, path)
    assert [i.position for i in store.poll().changed] == ["Staff Engineer"]


def test_a_freshly_changed_folder_is_not_trusted(store: Store, swept: list[str]) -> None:
    """On a coarse clock a folder can change twice with one stamp: look again until it settles."""
    files.RACY_NS = 10**18  # every stamp counts as fresh (monkeypatch restores it)
    store.poll()  # a full look: the stamp is not kept
    rewrite_in_place(store.path_for(swept[6]), "Backend Engineer", "Staff Engineer")
    assert [i.id for i in store.poll().changed] == [swept[6]]
