"""Popular Textual apps measured beside followup-tui, for context (``run.py --peers``).

Each peer gets its own venv under ``WORK/peers`` (each pins its own Textual,
which is not ours), built once and reused. A peer that does not install (no
network, a broken release) is left out with a note, never a failure. Their
config and cache files go to ``WORK/peers/home``, not the user's home.

The cases follow the team's shared harness (shared/bench/run_peers.sh):
posting is ready when its URL bar shows "Enter a URL", toolong when the last
line of a 2,000-line log is on screen. Each peer's Python also runs the hello
app, so its ratio can be read against the Textual it ships with.
"""

from __future__ import annotations

import random
import subprocess
import sys
from pathlib import Path

# name -> (pip requirements, command (after the venv's bin/), READY marker)
PEERS: dict[str, tuple[list[str], str, str]] = {
    # tree-sitter 0.26 segfaults posting 2.11.1 as it starts (shared/bench/README.md).
    "posting": (["posting", "tree-sitter==0.25.2"], "posting", "Enter a URL"),
    "toolong": (["toolong"], "tl {log}", "id=1999"),
}


def _log(folder: Path) -> Path:
    """A small, deterministic log file for toolong to open."""
    path = folder / "small.log"
    if path.exists():
        return path
    rng = random.Random(1)
    levels = ["INFO", "DEBUG", "WARNING", "ERROR"]
    lines = []
    for i in range(2000):
        lines.append(
            f"2024-05-01T12:{i // 60 % 60:02d}:{i % 60:02d}.{i % 1000:03d}Z "
            f"{rng.choice(levels)} worker-{i % 7} request id={i} "
            f"path=/api/v1/items/{i * 7 % 911} status={rng.choice([200, 200, 201, 404, 500])} "
            f"took={rng.randint(1, 900)}ms\n"
        )
    path.write_text("".join(lines), encoding="utf-8")
    return path


def _venv(folder: Path, name: str, requirements: list[str]) -> tuple[Path | None, str]:
    """The peer's venv (built on first use) and, when it cannot be built, why."""
    venv = folder / f"venv-{name}"
    python = venv / "bin" / "python"
    if (venv / ".installed").exists():
        return venv, ""
    steps = [
        [sys.executable, "-m", "venv", "--clear", str(venv)],
        [str(python), "-m", "pip", "install", "-q", *requirements],
    ]
    for step in steps:
        done = subprocess.run(step, capture_output=True, text=True, check=False)
        if done.returncode != 0:
            last = (done.stderr.strip().splitlines() or ["no output"])[-1]
            return None, f"{name} did not install ({last})"
    (venv / ".installed").write_text(" ".join(requirements) + "\n", encoding="utf-8")
    return venv, ""


def peer_cases(work: Path, hello_app: Path) -> tuple[list[str], list[str]]:
    """tui_latency start-up cases for the peers that install, and notes on the others."""
    folder = work / "peers"
    home = folder / "home"
    home.mkdir(parents=True, exist_ok=True)
    log = _log(folder)
    cases: list[str] = []
    notes: list[str] = []
    for name, (requirements, command, ready) in PEERS.items():
        venv, problem = _venv(folder, name, requirements)
        if venv is None:
            notes.append(problem)
            continue
        env = f"env.HOME={home}::cwd={folder}"
        binary = venv / "bin"
        cases.append(f"{name}::{binary}/{command.format(log=log)}::{ready}::{env}")
        cases.append(f"hello-{name}::{binary}/python {hello_app}::Hello::{env}")
    return cases, notes
