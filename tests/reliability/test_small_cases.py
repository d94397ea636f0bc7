"""Promise 12: the smaller round-two cases, one test each.

A UTF-8 BOM (as some Windows editors write) is accepted on read; an id with
a trailing newline or a control character is refused; ``--home ""`` is an
error, not the real default home; CSV export then import keeps CRLF text.
"""

from __future__ import annotations

import pytest

from followup_tui.cli.main import main
from followup_tui.core.model import valid_id
from followup_tui.storage.paths import Home
from followup_tui.storage.store import NotFoundError, Store, dump_interview
from tests.conftest import NOW, make_interview


def test_bom_is_accepted_on_read(home: Home) -> None:
    data = b"\xef\xbb\xbf" + dump_interview(make_interview())
    path = home.interviews / "2026-11-24-acme.toml"
    path.write_bytes(data)
    for loaded in (Store(home).load_all(), Store(home).load_rows()):
        assert loaded.problems == [], loaded.problems
    assert Store(home).load("2026-11-24-acme").company == "Acme"
    assert path.read_bytes() == data  # reading changes nothing


def test_bom_is_accepted_in_config(home: Home, capsys: pytest.CaptureFixture[str]) -> None:
    home.config_file.write_bytes(b'\xef\xbb\xbf[profile]\nname = "Sam Lee"\n')
    assert main(["--home", str(home.root), "list"]) == 0, capsys.readouterr().err


@pytest.mark.parametrize("bad", ["abc\n", "abc\r", "a\x1bb", "abc\x00", "abc\u202e", ""])
def test_ids_with_controls_are_refused(store: Store, bad: str) -> None:
    assert not valid_id(bad)
    with pytest.raises(NotFoundError):
        store.path_for(bad)


def test_empty_home_is_an_error(capsys: pytest.CaptureFixture[str]) -> None:
    for argv in (["--home", "", "list"], ["--home=", "status"], ["--home", "", "status"]):
        assert main(argv) == 2, argv
        err = capsys.readouterr().err
        assert "--home" in err and err.count("\n") == 1, err


def test_csv_round_trip_keeps_crlf(home: Home, tmp_path: object, capsys: object) -> None:
    from pathlib import Path

    from followup_tui.storage.paths import open_home

    assert isinstance(tmp_path, Path)
    Store(home).save(make_interview(notes="line one\r\nline two\r\n", company="Acme"), now=NOW)
    target = tmp_path / "out.csv"
    assert main(["--home", str(home.root), "export", "--format", "csv", "-o", str(target)]) == 0
    fresh = open_home(tmp_path / "fresh")
    assert main(["--home", str(fresh.root), "import", str(target)]) == 0
    [interview] = Store(fresh).load_all().interviews
    assert interview.notes == "line one\r\nline two\r\n"


async def test_editor_keeps_untouched_text_byte_identical(
    home: Home, monkeypatch: pytest.MonkeyPatch
) -> None:
    """RTL marks and CR in a draft survive the editor when that field is not edited."""
    from textual.widgets import Input

    from followup_tui.core.model import Followup
    from followup_tui.storage.config import Config, Profile
    from followup_tui.tui.app import FollowupApp
    from followup_tui.tui.screens import editor_keeping
    from followup_tui.tui.screens.editor_screen import EditorScreen

    monkeypatch.setattr(editor_keeping, "AUTOSAVE_SECONDS", 3600.0)
    body = "Dear \u200fدانة\u200f,\r\nThank you.\r\n"
    draft = Followup(
        kind="thank_you",
        to="dana@acme.example",
        interviewer="Dana Reyes",
        subject="Thanks",
        body=body,
    )
    saved = Store(home).save(make_interview(followups=[draft]), now=NOW)
    app = FollowupApp(home, Config(profile=Profile(name="Sam Lee", email="sam@example.com")))
    async with app.run_test(size=(100, 30)) as pilot:
        screen = EditorScreen(saved.id)
        await app.push_screen(screen)
        await pilot.pause()
        subject = screen.query_one("#subject", Input)
        subject.focus()
        await pilot.press("end", "!")
        assert screen.dirty and screen.save(quiet=True)
    [stored] = Store(home).load(saved.id).followups
    assert stored.subject == "Thanks!" and stored.body == body


async def test_form_keeps_untouched_text_byte_identical(home: Home) -> None:
    """The edit form shows text without RTL marks and CR; fields not edited keep them."""
    from textual.widgets import Input

    from followup_tui.storage.config import Config
    from followup_tui.tui.app import FollowupApp
    from followup_tui.tui.screens.form_screen import FormScreen

    original = make_interview(
        company="Acme\u200f",
        position="\u200fمهندس\u200f",
        initiative="the \u202bbilling\u202c rewrite",
        notes="first\r\nsecond\r\n",
        topics=["\u200ftopic\u200f"],
    )
    app = FollowupApp(home, Config())
    results: list[object] = []
    async with app.run_test(size=(120, 50)) as pilot:
        await pilot.pause()
        form = FormScreen(original, NOW)
        await app.push_screen(form, results.append)
        await pilot.pause()
        duration = form.query_one("#duration", Input)
        duration.value = "45"
        await pilot.pause()
        form.action_save()
        await pilot.pause()
    [saved] = results
    assert saved is not None
    assert saved.duration_minutes == 45  # type: ignore[attr-defined]
    for field in ("company", "position", "initiative", "notes", "topics"):
        assert getattr(saved, field) == getattr(original, field), field
