"""One ``Store.save`` in homes of different sizes, interleaved, as ratios.

A save must cost the same in a home of 10,000 interviews as in one of 10.
Each round saves one interview in every home in turn (so a busy moment of a
shared machine hits every size alike) and records wall time (fsync included)
and process CPU time; the ratio of each home against the smallest one is
taken within the round and the median over rounds reported.

    python benchmarks/bench_save.py HOME [HOME ...] [--rounds 15]

The homes are written to: run it on copies (``make_home.py`` builds them).
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.append(str(HERE.parent / "src"))  # after PYTHONPATH: A/B runs point it elsewhere

from followup_tui.storage.paths import open_home  # noqa: E402
from followup_tui.storage.store import Store  # noqa: E402


def save_timings(homes: dict[int, Path], rounds: int) -> dict[int, dict[str, float]]:
    """Per home size: median/min wall and CPU ms of one save, and ratios to the smallest."""
    stores = {}
    for size, home in sorted(homes.items()):
        store = Store(open_home(home))
        stores[size] = (store, store.load_all().interviews[0])
    wall: dict[int, list[float]] = {size: [] for size in stores}
    cpu: dict[int, list[float]] = {size: [] for size in stores}
    for turn in range(rounds + 1):  # the first round warms the files and imports
        for size, (store, interview) in stores.items():
            interview.notes = f"benchmark save {turn}"
            start_cpu, start = time.process_time(), time.perf_counter()
            interview = store.save(interview)
            stop, stop_cpu = time.perf_counter(), time.process_time()
            stores[size] = (store, interview)
            if turn:
                wall[size].append((stop - start) * 1000)
                cpu[size].append((stop_cpu - start_cpu) * 1000)
    smallest = min(stores)
    result: dict[int, dict[str, float]] = {}
    for size in stores:
        result[size] = {
            "median_ms": statistics.median(wall[size]),
            "min_ms": min(wall[size]),
            "cpu_median_ms": statistics.median(cpu[size]),
            "cpu_min_ms": min(cpu[size]),
            "ratio": statistics.median(
                w / s for w, s in zip(wall[size], wall[smallest], strict=True)
            ),
            "cpu_ratio": statistics.median(
                c / s if s else 1.0 for c, s in zip(cpu[size], cpu[smallest], strict=True)
            ),
        }
    return result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("homes", nargs="+", type=Path)
    parser.add_argument("--rounds", type=int, default=15)
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    args = parser.parse_args(argv)
    homes: dict[int, Path] = {}
    for home in args.homes:
        homes[sum(1 for _ in (home / "interviews").glob("*.toml"))] = home
    result = save_timings(homes, args.rounds)
    if args.json:
        print(json.dumps(result, indent=1))
        return 0
    print(f"one Store.save, {args.rounds} interleaved rounds; ratio = against {min(result)}")
    print("| interviews | wall median ms | wall min ms | CPU median ms | ratio | CPU ratio |")
    print("|---:|---:|---:|---:|---:|---:|")
    for size, t in result.items():
        print(
            f"| {size} | {t['median_ms']:.1f} | {t['min_ms']:.1f} | {t['cpu_median_ms']:.1f}"
            f" | {t['ratio']:.2f}x | {t['cpu_ratio']:.2f}x |"
        )
    return 0


def report(result: dict[int, Any]) -> list[str]:
    """Markdown lines for run.py's table."""
    lines = [
        "| one Store.save | wall median ms | wall min ms | CPU median ms | ratio vs smallest |",
        "|---|---:|---:|---:|---:|",
    ]
    for size, t in result.items():
        lines.append(
            f"| {size} interviews | {t['median_ms']:.1f} | {t['min_ms']:.1f} "
            f"| {t['cpu_median_ms']:.1f} | {t['ratio']:.2f}x |"
        )
    return lines


if __name__ == "__main__":
    raise SystemExit(main())
