"""Benchmark (not a test): ``followup status`` against bare interpreter start-up.

Builds homes of 1,000 and 10,000 interviews (files written as ``Store.save``
writes them), warms each home's cache once, then runs interleaved rounds of
``python -c pass``, ``followup status`` on each home, all from this
interpreter, and prints median wall and CPU (user+sys) times, the minimum CPU
time, and their ratios.

    PYTHONPATH=src python benchmarks/bench_status.py [--rounds 30] [--keep DIR]
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import datetime, timedelta
from pathlib import Path

SRC = Path(__file__).resolve().parents[1] / "src"
sys.path.insert(0, str(SRC))

from followup_tui.core.model import Followup, Interview, Interviewer, Response  # noqa: E402
from followup_tui.storage.paths import open_home  # noqa: E402
from followup_tui.storage.store import dump_interview  # noqa: E402

# What pip's console script for ``followup`` runs.
CONSOLE_SCRIPT = "import re, sys\nfrom followup_tui.cli import main\nsys.exit(main(['status']))"


def make_home(root: Path, count: int) -> None:
    """``count`` interviews spread over every state, relative to the real now."""
    home = open_home(root)
    now = datetime.now().astimezone().replace(microsecond=0)
    for n in range(count):
        at = now - timedelta(hours=(n * 37) % (24 * 40)) + timedelta(days=2)
        panel = [Interviewer(f"Person {n}", f"p{n}@example.com", "Engineer")]
        followups = []
        if n % 3:
            sent_at = at + timedelta(hours=20)
            followups.append(
                Followup(
                    kind="thank_you",
                    state="sent",
                    sent_at=sent_at,
                    interviewer=panel[0].name,
                    subject="Thanks",
                    body="Hi",
                )
            )
        interview = Interview(
            company=f"Company {n}",
            position="Engineer",
            interview_at=at,
            id=f"i{n:06d}",
            interviewers=panel,
            followups=followups,
            topics=["a topic"],
            response=Response(at + timedelta(days=5)) if n % 7 == 0 else None,
        )
        (home.interviews / f"{interview.id}.toml").write_bytes(dump_interview(interview))


def measure(command: list[str], env: dict[str, str]) -> tuple[float, float]:
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    subprocess.run(command, env=env, check=True, stdout=subprocess.DEVNULL)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall * 1000, cpu * 1000


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rounds", type=int, default=30)
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000])
    parser.add_argument("--keep", type=Path, help="build the homes here and keep them")
    parser.add_argument(
        "--compare-src",
        type=Path,
        help="also time the status of another checkout's src folder (e.g. an older commit)",
    )
    args = parser.parse_args()
    base = args.keep or Path(tempfile.mkdtemp(prefix="bench-status-"))
    env = {k: v for k, v in os.environ.items() if not k.startswith("FOLLOWUP_TUI_")}
    # Run from cached bytecode like a pip-installed package (pip compiles at
    # install time), into the sources' __pycache__ folders (ignored by git).
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    subprocess.run([sys.executable, "-m", "compileall", "-q", str(SRC)], env=env, check=False)
    env["PYTHONPATH"] = str(SRC)
    cases: list[tuple[str, list[str], dict[str, str]]] = [
        ("python -c pass", [sys.executable, "-c", "pass"], env)
    ]
    built = False
    for size in args.sizes:
        root = base / f"home-{size}"
        if not (root / "interviews").is_dir():
            make_home(root, size)
            built = True
    if built:
        time.sleep(2.1)  # let the new files age past the cache's 2-second racy window
    for size in args.sizes:
        root = base / f"home-{size}"
        home_env = {**env, "FOLLOWUP_TUI_HOME": str(root)}
        command = [sys.executable, "-c", CONSOLE_SCRIPT]
        subprocess.run(command, env=home_env, check=True, stdout=subprocess.DEVNULL)  # warm
        cases.append((f"followup status, {size:,} interviews", command, home_env))
        if args.compare_src:
            other = {**home_env, "PYTHONPATH": str(args.compare_src)}
            subprocess.run([sys.executable, "-m", "compileall", "-q", str(args.compare_src)])
            subprocess.run(command, env=other, check=True, stdout=subprocess.DEVNULL)  # warm
            cases.append((f"  compared src, {size:,} interviews", command, other))
    walls: dict[str, list[float]] = {name: [] for name, _, _ in cases}
    cpus: dict[str, list[float]] = {name: [] for name, _, _ in cases}
    for _ in range(args.rounds):
        for name, command, case_env in cases:
            wall, cpu = measure(command, case_env)
            walls[name].append(wall)
            cpus[name].append(cpu)
    # On a shared machine other processes only ever add time, so the minimum
    # shows the command's own cost; the median shows what tmux would see.
    print(f"{args.rounds} interleaved rounds, {sys.executable}")
    print(
        f"{'case':36} {'wall ms':>8} {'ratio':>6} {'cpu ms':>7} {'ratio':>6} "
        f"{'min cpu':>7} {'ratio':>6}"
    )
    first = cases[0][0]
    base = (statistics.median(walls[first]), statistics.median(cpus[first]), min(cpus[first]))
    for name, _, _ in cases:
        wall, cpu, low = (
            statistics.median(walls[name]),
            statistics.median(cpus[name]),
            min(cpus[name]),
        )
        print(
            f"{name:36} {wall:8.1f} {wall / base[0]:6.2f} {cpu:7.1f} {cpu / base[1]:6.2f} "
            f"{low:7.1f} {low / base[2]:6.2f}"
        )
    if args.keep is None:
        shutil.rmtree(base, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
