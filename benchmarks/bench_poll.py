"""Benchmark (not a test): the list's two-second live-reload poll, as it costs when idle.

Loads generated homes (the same ones ``run.py`` builds) and times, in
interleaved rounds in this one process, the CPU of one steady-state
``Store.poll()`` (the folder unchanged: the rows on screen plus the next
``POLL_SWEEP`` files) against ``Store.poll(full=True)`` (every file, which is
what each poll did before the sweep), with the 10-interview home as the
baseline. Prints medians and ratios.

    python benchmarks/bench_poll.py [--rounds 15] [--sizes 1000 10000]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "src"))
sys.path.insert(0, str(HERE))

from followup_tui.storage.paths import open_home  # noqa: E402
from followup_tui.storage.store import Store  # noqa: E402

SCREEN_ROWS = 38  # a 120x40 terminal shows this many rows


def cpu_ms(poll: object) -> float:
    start = time.process_time()
    poll()  # type: ignore[operator]
    return (time.process_time() - start) * 1000


def poll_timings(homes: dict[int, Path], rounds: int) -> dict[str, list[float]]:
    """CPU ms of one steady poll and one full poll per home, in interleaved rounds."""
    cases = {}
    for size, home in sorted(homes.items()):
        store = Store(open_home(home))
        store.load_all()
        store.poll()  # the first poll lists the folder
        watch = store.ids_on_disk()[:SCREEN_ROWS]
        cases[f"poll, {size:,}"] = lambda s=store, w=watch: s.poll(watch=w)
        cases[f"full poll, {size:,}"] = lambda s=store: s.poll(full=True)
    times: dict[str, list[float]] = {name: [] for name in cases}
    for _ in range(rounds):
        for name, poll in cases.items():
            times[name].append(cpu_ms(poll))
    return times


def report(times: dict[str, list[float]]) -> list[str]:
    """Markdown lines: median and min CPU per case, ratio against the smallest steady poll."""
    base_name = next(name for name in times if name.startswith("poll, "))
    base = statistics.median(times[base_name])
    lines = [
        f"| live-reload poll ({len(next(iter(times.values())))} interleaved rounds) "
        f"| CPU median ms | CPU min ms | ratio vs {base_name} |",
        "|---|---:|---:|---:|",
    ]
    for name, values in times.items():
        median = statistics.median(values)
        lines.append(f"| {name} | {median:.2f} | {min(values):.2f} | {median / base:.1f}x |")
    return lines


def main() -> int:
    import run  # here, not at the top: run.py imports this module

    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rounds", type=int, default=15)
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000])
    parser.add_argument("--work", type=Path, default=Path("/tmp/followup-bench"))
    args = parser.parse_args()
    homes = {size: Path(run.build_home(args.work, size, 1)["home"]) for size in [10, *args.sizes]}
    print("\n".join(report(poll_timings(homes, args.rounds))))
    return 0


if __name__ == "__main__":
    sys.exit(main())
