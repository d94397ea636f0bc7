"""The ``followup`` entry point: version, help, bad arguments, bad homes."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from followup_tui import __version__
from followup_tui.cli import main

SRC = Path(__file__).resolve().parents[2] / "src"


def run(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    full_env = {**os.environ, "PYTHONPATH": str(SRC), **(env or {})}
    return subprocess.run(
        [sys.executable, "-m", "followup_tui", *args],
        capture_output=True,
        text=True,
        env=full_env,
        timeout=60,
    )


def test_version(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as info:
        main(["--version"])
    assert info.value.code == 0
    assert capsys.readouterr().out.strip() == f"followup {__version__}"


def test_help_mentions_demo_and_home(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        main(["--help"])
    out = capsys.readouterr().out
    assert "--demo" in out and "--home" in out


def test_bad_argument_is_one_line(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as info:
        main(["--frobnicate"])
    assert info.value.code == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1
    assert "unrecognized arguments: --frobnicate" in err
    assert "Traceback" not in err


def test_home_that_is_a_file(tmp_path: Path) -> None:
    target = tmp_path / "not-a-folder"
    target.write_text("x")
    result = run("--home", str(target))
    assert result.returncode == 1
    assert result.stderr.count("\n") == 1
    assert "is a file, not a folder" in result.stderr
    assert "Traceback" not in result.stderr


def test_unwritable_home(tmp_path: Path) -> None:
    if os.geteuid() == 0:
        blocker = tmp_path / "file"
        blocker.write_text("x")
        target = blocker / "home"  # a folder below a file can never be created
    else:
        locked = tmp_path / "locked"
        locked.mkdir(mode=0o500)
        target = locked / "home"
    result = run("--home", str(target))
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert result.stderr.startswith("followup: ")


def test_bad_pinned_clock() -> None:
    result = run("--demo", env={"FOLLOWUP_TUI_NOW": "next tuesday"})
    assert result.returncode == 1
    assert "FOLLOWUP_TUI_NOW" in result.stderr
    assert "Traceback" not in result.stderr


def test_home_resolution_order(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    from followup_tui.storage.paths import default_home, resolve_home

    monkeypatch.delenv("FOLLOWUP_TUI_HOME")
    assert resolve_home(None) == default_home()
    assert default_home().name == "followup-tui"
    monkeypatch.setenv("FOLLOWUP_TUI_HOME", str(tmp_path / "env"))
    assert resolve_home(None) == tmp_path / "env"
    assert resolve_home(str(tmp_path / "flag")) == tmp_path / "flag"


def test_the_collector_is_off_while_the_app_starts_and_on_again_after(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """Off for the imports (their objects live as long as the process), never left off."""
    import gc

    from followup_tui.cli import main as main_module

    seen: list[bool] = []

    def fake_run_tui(args: object) -> int:
        seen.append(gc.isenabled())
        return 0

    monkeypatch.setattr(sys.modules["followup_tui.cli.main"], "run_tui", fake_run_tui)
    assert main_module(["--home", str(tmp_path / "home")]) == 0
    assert seen == [False] and gc.isenabled()
    # A start that fails, however it fails, leaves it on too.

    def failing_run_tui(args: object) -> int:
        raise RuntimeError("boom")

    monkeypatch.setattr(sys.modules["followup_tui.cli.main"], "run_tui", failing_run_tui)
    with pytest.raises(RuntimeError):
        main_module(["--demo"])
    assert gc.isenabled()
