#!/usr/bin/env python3
# Copied unchanged from the team's shared bench harness (shared/bench/importtime_summary.py).
"""importtime_summary.py - summarize `python -X importtime` for a module.

Runs `PYTHON -X importtime -c 'import MODULE'` N times (after one warm-up
run, so the .pyc files exist), interleaved (rotating order) with
`PYTHON -c 'import MODULE; import os; os._exit(0)'` and
`PYTHON -c 'import os; os._exit(0)'`, and prints:

  * wall time of the three interpreter runs (median/min/max), and the import
    cost as the median paired difference of the two os._exit runs
    (os._exit skips interpreter shutdown, which after importing a big
    package adds tens of ms that are not import cost);
  * the import-time total reported by -X importtime (sum of "self" times),
    median over runs;
  * the top packages (top-level name) by self time, median over runs.

Stdlib only. Example:
    importtime_summary.py -n 9 --python /tmp/venv/bin/python textual.app
    importtime_summary.py --python .venv/bin/python --top 15 textual.app textual.widgets
"""

from __future__ import annotations

import argparse
import collections
import statistics
import subprocess
import sys
import time


def run_importtime(python: str, modules: list[str]):
    code = "; ".join(f"import {m}" for m in modules)
    t = time.perf_counter()
    p = subprocess.run([python, "-X", "importtime", "-c", code],
                       stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    wall = time.perf_counter() - t
    if p.returncode != 0:
        sys.exit(f"importtime_summary: {python} failed to import {modules}:\n{p.stderr[-2000:]}")
    per_pkg: dict[str, int] = collections.Counter()
    total_self = 0
    top_cumulative: dict[str, int] = {}
    for line in p.stderr.splitlines():
        if not line.startswith("import time:") or "self [us]" in line:
            continue
        # format: "import time: {self:>9} | {cumulative:>10} | {'  ' * depth}{name}"
        self_us, cum_us, name = line.split(":", 1)[1].split("|", 2)
        self_us, cum_us = int(self_us), int(cum_us)
        depth = (len(name) - len(name.lstrip()) - 1) // 2
        mod = name.strip()
        total_self += self_us
        per_pkg[mod.split(".")[0]] += self_us
        if depth == 0:  # outermost imports made by the -c code itself
            top_cumulative[mod] = cum_us
    return wall, total_self, per_pkg, top_cumulative


def run_plain(python: str, code: str = "pass") -> float:
    t = time.perf_counter()
    subprocess.run([python, "-c", code], check=True)
    return time.perf_counter() - t


def ms(x: float) -> str:
    return f"{x * 1000:.1f}"


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                 epilog=__doc__.split("\n\n", 1)[1],
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("modules", nargs="+", help="module(s) to import, e.g. textual.app")
    ap.add_argument("--python", default=sys.executable, help="interpreter (default: this one)")
    ap.add_argument("-n", "--runs", type=int, default=7, help="measured runs (default 7)")
    ap.add_argument("--top", type=int, default=10, help="how many packages to list (default 10)")
    args = ap.parse_args()

    # os._exit() skips interpreter finalization, whose cost grows with the
    # number of loaded modules and would otherwise be charged to the import.
    code = "; ".join(f"import {m}" for m in args.modules) + "; import os; os._exit(0)"
    code_pass = "import os; os._exit(0)"
    run_importtime(args.python, args.modules)  # warm-up: writes .pyc files
    run_plain(args.python, code_pass)
    walls, passes, plains, totals = [], [], [], []
    pkgs: dict[str, list[int]] = collections.defaultdict(list)
    tops: dict[str, list[int]] = collections.defaultdict(list)
    for i in range(args.runs):
        k = i % 3
        order = (0, 1, 2)[k:] + (0, 1, 2)[:k]  # rotate so drift hits all three alike
        for which in order:
            if which == 2:
                plains.append(run_plain(args.python, code))
            elif which == 0:
                wall, total, per_pkg, top = run_importtime(args.python, args.modules)
                walls.append(wall)
                totals.append(total)
                for k in set(per_pkg) | set(pkgs):
                    pkgs[k].append(per_pkg.get(k, 0))
                for k, v in top.items():
                    tops[k].append(v)
            else:
                passes.append(run_plain(args.python, code_pass))

    def mmm(xs):
        return f"median {ms(statistics.median(xs))} ms (min {ms(min(xs))}, max {ms(max(xs))})"

    print(f"python: {args.python}; import: {', '.join(args.modules)}; runs: {args.runs}")
    print(f"wall  python -c '{code_pass}' : {mmm(passes)}")
    print(f"wall  python -c '{code}' : {mmm(plains)}")
    print(f"wall  python -X importtime -c '{code.split('; import os')[0]}' (normal exit): {mmm(walls)}")
    diffs = sorted(p - q for p, q in zip(plains, passes))
    print(f"import cost (paired wall difference of the two os._exit runs): "
          f"median {ms(statistics.median(diffs))} ms")
    print(f"-X importtime sum of self times: median {statistics.median(totals) / 1000:.1f} ms "
          f"(includes interpreter-startup imports such as site/encodings; the tracing inflates it)")
    for k, v in sorted(tops.items(), key=lambda kv: -statistics.median(kv[1])):
        if statistics.median(v) >= 1000:
            print(f"  cumulative {k:<40} {statistics.median(v) / 1000:8.1f} ms")
    print(f"top {args.top} top-level packages by self time (median ms):")
    ranked = sorted(pkgs.items(), key=lambda kv: -statistics.median(kv[1]))
    for k, v in ranked[:args.top]:
        print(f"  {k:<30} {statistics.median(v) / 1000:8.1f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
