"""``followup completion``: a valid bash script that completes, a zsh one, and status untouched."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from followup_tui.cli import main
from followup_tui.storage.store import Store

SRC = Path(__file__).resolve().parents[2] / "src"


def script(shell: str, capsys: pytest.CaptureFixture[str]) -> str:
    assert main(["completion", shell]) == 0
    return capsys.readouterr().out


def complete(path: Path, *words: str) -> list[str]:
    """COMPREPLY of the generated function for ``followup WORDS...`` (the last one partial)."""
    line = " ".join(("followup", *words))
    program = (
        f"source {path}\n"
        f"COMP_WORDS=(followup {' '.join(repr(w) for w in words)})\n"
        f"COMP_CWORD={len(words)}\nCOMP_LINE={line!r}\nCOMP_POINT=${{#COMP_LINE}}\n"
        f"_shtab_followup followup {words[-1]!r} {(('followup',) + words)[-2]!r}\n"
        'printf "%s\\n" "${COMPREPLY[@]}"\n'
    )
    done = subprocess.run(
        ["bash", "--norc", "--noprofile", "-c", program],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    return done.stdout.split()


def test_bash_script_is_valid_and_completes(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "followup"
    path.write_text(script("bash", capsys))
    checked = subprocess.run(["bash", "-n", str(path)], capture_output=True, text=True, check=False)
    assert checked.returncode == 0, checked.stderr
    assert "complete -o bashdefault -F _shtab_followup followup" in path.read_text()
    assert complete(path, "ex") == ["export"]
    assert {"import", "status", "completion"} <= set(complete(path, ""))
    assert complete(path, "export", "") == ["ics", "csv", "json"]
    assert complete(path, "import", "--d") == ["--dry-run", "--date-format"]
    assert complete(path, "completion", "") == ["bash", "zsh"]


def test_zsh_script(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    text = script("zsh", capsys)
    assert text.startswith("#compdef followup") and "export) _arguments" in text
    zsh = shutil.which("zsh")
    if zsh is not None:
        path = tmp_path / "_followup"
        path.write_text(text)
        checked = subprocess.run([zsh, "-n", str(path)], capture_output=True, text=True)
        assert checked.returncode == 0, checked.stderr


def test_status_never_imports_shtab(store: Store) -> None:
    code = (
        "import sys; from followup_tui.cli import main; main(['status']);"
        "print('shtab' in sys.modules, 'followup_tui.cli.completion' in sys.modules)"
    )
    env = {**os.environ, "PYTHONPATH": str(SRC), "FOLLOWUP_TUI_HOME": str(store.home.root)}
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env=env, timeout=60
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines()[-1] == "False False"
