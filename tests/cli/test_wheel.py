"""The shipped themes are inside the wheel: an installed ``followup`` lists them.

Builds the wheel with pip (hatchling from the test extras, no build isolation,
no network), installs it without dependencies into a fresh virtual
environment that borrows this environment's packages, and runs the installed
console script from outside the source tree.
"""

from __future__ import annotations

import os
import subprocess
import sys
import sysconfig
import venv
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SHIPPED = {"followup-ansi", "followup-dark", "followup-high-contrast", "followup-light"}


def _run(*args: str | Path, cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {key: value for key, value in os.environ.items() if key != "PYTHONPATH"}
    env["PIP_DISABLE_PIP_VERSION_CHECK"] = "1"
    return subprocess.run(
        [str(arg) for arg in args],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )


def test_installed_wheel_lists_the_shipped_themes(tmp_path: Path) -> None:
    pytest.importorskip("hatchling", reason="hatchling comes with the test extras")
    dist = tmp_path / "dist"
    built = _run(
        sys.executable,
        "-m",
        "pip",
        "wheel",
        "--no-deps",
        "--no-build-isolation",
        "--wheel-dir",
        dist,
        ROOT,
        cwd=tmp_path,
    )
    assert built.returncode == 0, built.stderr
    (wheel,) = dist.glob("followup_tui-*.whl")
    with zipfile.ZipFile(wheel) as archive:
        packaged = {name for name in archive.namelist() if name.startswith("followup_tui/themes/")}
    assert {f"followup_tui/themes/{name}.toml" for name in SHIPPED} <= packaged

    env_dir = tmp_path / "venv"
    venv.create(env_dir, with_pip=False)
    python = env_dir / "bin" / "python"
    site = Path(
        _run(
            python, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])", cwd=tmp_path
        ).stdout.strip()
    )
    # Dependencies come from this environment; a plain path line does not run its
    # .pth files, so an editable install of the source tree stays invisible.
    (site / "borrowed.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")
    installed = _run(
        sys.executable, "-m", "pip", "--python", python, "install", "--no-deps", wheel, cwd=tmp_path
    )
    assert installed.returncode == 0, installed.stderr

    where = _run(python, "-c", "import followup_tui; print(followup_tui.__file__)", cwd=tmp_path)
    assert Path(where.stdout.strip()).is_relative_to(env_dir)
    listed = _run(
        env_dir / "bin" / "followup", "--home", tmp_path / "home", "--list-themes", cwd=tmp_path
    )
    assert listed.returncode == 0, listed.stderr
    assert SHIPPED <= set(listed.stdout.splitlines())
    assert listed.stderr == ""
