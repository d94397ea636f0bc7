"""``followup status`` parses its options without argparse, exactly as argparse would."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from followup_tui.cli import main
from followup_tui.cli.main import build_parser, only_app, only_status
from followup_tui.cli.status import parse_fast
from followup_tui.storage.store import Store
from tests.conftest import make_interview

SRC = Path(__file__).resolve().parents[2] / "src"

SAME_AS_ARGPARSE = [
    ["status"],
    ["status", "--json"],
    ["status", "--always", "--format", "{overdue}!"],
    ["status", "--format={due} due", "--home", "/x/y"],
    ["--home", "/x/y", "status", "--always"],
    ["--home=/x/y", "status", "--json", "--always"],
    ["status", "--format", ""],
]


@pytest.mark.parametrize("argv", SAME_AS_ARGPARSE)
def test_fast_parse_matches_argparse(argv: list[str]) -> None:
    assert only_status(argv)
    fast = parse_fast(argv)
    assert fast is not None
    slow = build_parser().parse_args(argv)
    for name in ("home", "format", "always", "json"):
        assert getattr(fast, name) == getattr(slow, name, None), name


@pytest.mark.parametrize(
    "argv",
    [
        ["status", "--help"],
        ["status", "--jsn"],
        ["status", "--format"],
        ["status", "--home"],
        ["status", "--json", "--json"],
        ["status", "extra"],
        ["status", "-h"],
    ],
)
def test_anything_unusual_is_left_to_argparse(argv: list[str]) -> None:
    assert parse_fast(argv) is None


@pytest.mark.parametrize("argv", [[], ["list"], ["--demo", "status"], ["--home", "status"]])
def test_only_status_needs_the_status_command(argv: list[str]) -> None:
    assert not only_status(argv)


def test_status_help_and_bad_option_still_answer(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as done:
        main(["status", "--help"])
    assert done.value.code == 0
    assert "tmux" in capsys.readouterr().out
    with pytest.raises(SystemExit) as done:
        main(["status", "--jsn"])
    assert done.value.code == 2
    assert "--jsn" in capsys.readouterr().err


def test_fast_path_errors_are_one_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    a_file = tmp_path / "file"
    a_file.write_text("")
    assert main(["status", "--home", str(a_file)]) == 1
    err = capsys.readouterr().err
    assert err.startswith("followup: ") and err.count("\n") == 1


def test_status_imports_no_argparse(store: Store) -> None:
    store.save(make_interview())
    code = (
        "import sys; from followup_tui.cli import main; main(['status', '--always']);"
        "print(sorted(m for m in ('argparse', 'followup_tui.cli.common', "
        "'followup_tui.cli.listing') if m in sys.modules))"
    )
    env = {**os.environ, "PYTHONPATH": str(SRC), "FOLLOWUP_TUI_HOME": str(store.home.root)}
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env=env, timeout=60
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[-1] == "[]"


APP_ONLY = [
    [],
    ["--demo"],
    ["--home", "/x/y"],
    ["--home=/x/y", "--theme", "nord"],
    ["--theme=gruvbox", "--demo", "--home", "list"],
]


@pytest.mark.parametrize("argv", APP_ONLY)
def test_app_only_parse_matches_the_full_parser(argv: list[str]) -> None:
    assert only_app(argv)
    fast = build_parser(()).parse_args(argv)
    full = build_parser().parse_args(argv)
    assert vars(fast) == vars(full)
    assert getattr(fast, "func", None) is None


@pytest.mark.parametrize(
    "argv",
    [
        ["list"],
        ["--demo", "list"],
        ["--help"],
        ["-h"],
        ["--version"],
        ["--dem"],
        ["--home"],
        ["--list-themes"],
        ["--home", "/x/y", "status"],
    ],
)
def test_anything_but_opening_the_app_gets_the_full_parser(argv: list[str]) -> None:
    assert not only_app(argv)


def test_help_still_lists_every_command(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as done:
        main(["--help"])
    assert done.value.code == 0
    out = capsys.readouterr().out
    for command in ("status", "list", "export", "import"):
        assert command in out
