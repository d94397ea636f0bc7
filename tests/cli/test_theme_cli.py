"""``followup --list-themes`` and ``--theme NAME`` on the command line."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from textual.theme import BUILTIN_THEMES

from followup_tui.cli import main

SHIPPED = ["followup-ansi", "followup-dark", "followup-high-contrast", "followup-light"]


def test_list_themes(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--list-themes"]) == 0
    captured = capsys.readouterr()
    names = captured.out.splitlines()
    assert names[:4] == SHIPPED
    assert set(BUILTIN_THEMES) <= set(names)
    assert len(names) == len(set(names))
    assert captured.err == ""


def test_list_themes_includes_user_themes_and_reports_broken_ones(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    themes = tmp_path / "h" / "themes"
    themes.mkdir(parents=True)
    for folder in (tmp_path / "h", themes):
        folder.chmod(0o700)  # private, as the app makes it: no permission warning
    (themes / "mine.toml").write_text('name = "mine"\nprimary = "#336699"\n')
    (themes / "bad.toml").write_text('name = "bad"\nprimary = "#33669"\n')
    assert main(["--home", str(tmp_path / "h"), "--list-themes"]) == 0
    captured = capsys.readouterr()
    assert "mine" in captured.out.splitlines()
    assert "bad" not in captured.out.splitlines()
    assert captured.err.count("\n") == 1
    assert str(themes / "bad.toml") in captured.err and "primary" in captured.err


def test_list_themes_does_not_create_the_home(tmp_path: Path) -> None:
    assert main(["--home", str(tmp_path / "new"), "--list-themes"]) == 0
    assert not (tmp_path / "new").exists()


def test_unknown_theme_stops_before_the_app(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--theme", "no-such-theme"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1
    assert "no theme called 'no-such-theme'" in err
    assert "followup --list-themes" in err


def test_unknown_theme_in_demo_cleans_up(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("TMPDIR", str(tmp_path))
    import tempfile

    monkeypatch.setattr(tempfile, "tempdir", None)
    assert main(["--demo", "--theme", "nope"]) == 2
    assert os.listdir(tmp_path) == []
