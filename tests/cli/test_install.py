"""docs/guide/install.md's commands, run as written: the ~/.local/bin link, the completion file."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

LOADER = Path("/usr/share/bash-completion/bash_completion")
SCRIPT = Path(sys.executable).parent / "followup"  # the venv's console script


def shell(
    home: Path, command: str, path: str = "/usr/bin:/bin"
) -> subprocess.CompletedProcess[str]:
    """``bash -c command`` with a fresh HOME and a PATH without the venv, as on a new login."""
    env = {"HOME": str(home), "PATH": path, "LANG": "C.UTF-8", "TZ": "UTC"}
    env["FOLLOWUP_TUI_HOME"] = str(home / "data")
    env["FOLLOWUP_TUI_NOW"] = os.environ["FOLLOWUP_TUI_NOW"]
    return subprocess.run(
        ["bash", "--norc", "--noprofile", "-c", command],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
        check=False,
    )


@pytest.mark.skipif(not SCRIPT.exists(), reason="needs the installed console script")
def test_symlink_into_local_bin_puts_followup_on_path(tmp_path: Path) -> None:
    bin_dir = tmp_path / ".local" / "bin"
    done = shell(
        tmp_path,
        f'mkdir -p ~/.local/bin && ln -s "{SCRIPT}" ~/.local/bin/followup && '
        'export PATH="$HOME/.local/bin:$PATH" && command -v followup && '
        'followup add --company Acme --at "yesterday 14:00" && followup status',
    )
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert lines[0] == str(bin_dir / "followup")
    assert lines[-1] == "1 due"
    # tmux's #() has no login PATH: the name alone fails there, the absolute path works
    assert shell(tmp_path, "followup status").returncode == 127
    assert shell(tmp_path, f"{bin_dir / 'followup'} status").returncode == 0


@pytest.mark.skipif(not LOADER.exists(), reason="needs bash-completion (.ci/run installs it)")
@pytest.mark.skipif(not SCRIPT.exists(), reason="needs the installed console script")
def test_documented_completion_install_is_loaded_by_bash_completion(tmp_path: Path) -> None:
    target = "~/.local/share/bash-completion/completions/followup"
    done = shell(
        tmp_path,
        # _completion_loader returns 124 ("try again") once it has loaded the file
        f"mkdir -p ~/.local/share/bash-completion/completions && "
        f'"{SCRIPT}" completion bash > {target} && '
        f"source {LOADER}; _completion_loader followup; complete -p followup && "
        'COMP_WORDS=(followup imp); COMP_CWORD=1; COMP_LINE="followup imp"; '
        "COMP_POINT=${#COMP_LINE}; _shtab_followup followup imp followup; "
        'printf "%s\\n" "${COMPREPLY[@]}"',
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines() == [
        "complete -o bashdefault -F _shtab_followup followup",
        "import",
    ]
