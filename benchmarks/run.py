"""Run the whole followup-tui benchmark and print a markdown table.

One command, from the project root (any Python with the project's deps and pyte)::

    python benchmarks/run.py

It builds homes of 10, 100, 1,000 and 10,000 interviews under ``--work``
(default /tmp/followup-bench), warms each home's cache, then:

* start-up: ``python -m followup_tui --home H`` (clock pinned with
  FOLLOWUP_TUI_NOW) in a 120x40 pseudo-terminal, interleaved with the bare
  Textual hello app, several rounds: time until the most urgent overdue row is
  on screen (READY = its company name), ratio against hello in the same
  round, peak RSS;
* keystrokes: every enabled case of ``key_cases.json`` on each size, ratio
  against the same keystroke on the 10-interview home;
* one ``Store.save`` at each size, interleaved, as a ratio against the
  smallest home (``bench_save.py``; fsync included; must not grow with N);
* the live-reload poll, steady and full, at each size (``bench_poll.py``);
* ``python -X importtime`` summaries of the CLI and the TUI import;
* with ``--peers``: posting and toolong started in the same rounds, each with
  the hello app on its own Textual (``peers.py``), for context.

Results: a markdown table on stdout and all samples as JSON in
``benchmarks/results/``.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import json
import os
import platform
import statistics
import subprocess
import sys
import time
from datetime import datetime
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(HERE))

import bench_poll  # noqa: E402
import bench_save  # noqa: E402
import make_home  # noqa: E402
import peers  # noqa: E402
import tui_latency  # noqa: E402

from followup_tui.core.clock import parse_pinned  # noqa: E402
from followup_tui.core.schedule import State, by_urgency  # noqa: E402
from followup_tui.storage.paths import open_home  # noqa: E402
from followup_tui.storage.store import Store  # noqa: E402

NOW = "2026-11-26T09:00:00+01:00"


def machine() -> dict[str, Any]:
    """What the figures were measured on."""
    model = "unknown"
    with contextlib.suppress(OSError):
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    load = ""
    with contextlib.suppress(OSError):
        load = " ".join(Path("/proc/loadavg").read_text().split()[:3])
    return {
        "cpus": os.cpu_count(),
        "cpu": model,
        "python": platform.python_version(),
        "loadavg_at_start": load,
        "date": datetime.now().astimezone().isoformat(timespec="seconds"),
    }


def installed_like() -> None:
    """Let the apps run from cached bytecode, as a pip-installed package does.

    pip compiles every module at install time; a shell with
    PYTHONDONTWRITEBYTECODE=1 would otherwise make each run of the project's
    sources recompile them all (hundreds of milliseconds), a cost no user has.
    So the sources are compiled once here, into their ``__pycache__``
    folders (ignored by git), as pip would.
    """
    os.environ.pop("PYTHONDONTWRITEBYTECODE", None)
    command = [sys.executable, "-m", "compileall", "-q", str(ROOT / "src"), str(HERE)]
    subprocess.run(command, check=False)


def build_home(work: Path, count: int, seed: int) -> dict[str, str]:
    """Generate (or reuse) the home of ``count`` interviews; returns marker facts."""
    now = parse_pinned(NOW)
    interviews = make_home.make_interviews(count, seed, now)
    root = work / f"home-{count}"
    stamp = root / ".bench-params"
    params = f"{count} {seed} {NOW}\n"
    if not (stamp.exists() and stamp.read_text() == params):
        make_home.write_home(root, interviews, force=True)
        stamp.write_text(params)
        time.sleep(2.1)  # let the files age past the cache's racy window
    Store(open_home(root)).load_rows()  # warm the cache (the app's and the commands' rows)
    pairs = by_urgency(interviews, now)
    first, action = pairs[0]
    assert action.state is State.OVERDUE, "the generated home must start with an overdue row"
    drafts = [f for f in first.followups if not f.is_sent]
    return {
        "home": str(root),
        "first_company": first.company,
        "second_company": pairs[1][0].company,
        "first_position": first.position,
        "first_owed_to": action.owed_to[0] if action.owed_to else first.company,
        "first_draft_word": drafts[0].body.split()[1] if drafts else first.company,
    }


def harness(cases: list[str], rounds: int, extra: list[str]) -> dict[str, Any]:
    """Run tui_latency.py in-process on ``cases``; returns its JSON summary."""
    out = Path(os.environ.get("TMPDIR", "/tmp")) / f"followup-bench-{os.getpid()}.json"
    argv = ["-n", str(rounds), "--warmup", "1", "--json", str(out), *extra]
    for case in cases:
        argv += ["--case", case]
    print(f"# tui_latency {' '.join(argv)}", file=sys.stderr, flush=True)
    buffer = io.StringIO()
    with contextlib.redirect_stdout(buffer):
        tui_latency.main(argv)
    print(buffer.getvalue(), file=sys.stderr, flush=True)
    data: dict[str, Any] = json.loads(out.read_text())
    out.unlink()
    return data


def app_case(
    name: str,
    python: str,
    facts: dict[str, str],
    keys: str = "",
    until: str = "",
    settle: float | None = None,
    pre: str = "",
    premark: str = "",
    src: Path = ROOT / "src",
) -> str:
    """A tui_latency case line for followup-tui on one home.

    ``src``: the source tree the app runs from (``--compare-src`` adds cases
    running another checkout's, interleaved in the same rounds).

    ``settle``: seconds to wait after the first paint before the keys (so a key
    case can measure the app once it is idle rather than still starting up).
    ``pre``: keys sent first, unmeasured, to reach another screen, which is
    there once ``premark`` shows; ``settle`` then counts from that moment.
    """
    command = f"{python} -m followup_tui --home {facts['home']}"
    parts = [name, command, facts["first_company"]]
    if keys:
        parts += [keys, until]
    if settle is not None:
        parts.append(f"settle={settle:g}")
    if pre:
        parts += [f"pre={pre}", f"premark={premark}"]
    parts += [f"env.FOLLOWUP_TUI_NOW={NOW}", f"env.PYTHONPATH={src}", f"cwd={ROOT}"]
    return "::".join(parts)


def load_timing(facts: dict[str, str]) -> dict[str, float]:
    """CPU and wall time of Store.load_all (every file parsed, for export) and of
    Store.load_rows (what the app's list and ``followup list`` load) from the cache.

    CPU time (process_time) is reported as well because it hardly depends on
    what else the machine is doing.
    """
    home = open_home(Path(facts["home"]))
    out: dict[str, float] = {}
    loads = {
        "parse": lambda: Store(home).load_all(),
        "rows": lambda: Store(home).load_rows(),
    }
    for label, load in loads.items():
        cpu, wall = [], []
        for _ in range(3):
            start_cpu, start = time.process_time(), time.perf_counter()
            load()
            cpu.append(time.process_time() - start_cpu)
            wall.append(time.perf_counter() - start)
        out[f"{label}_cpu_ms"] = statistics.median(cpu) * 1000
        out[f"{label}_wall_ms"] = statistics.median(wall) * 1000
    return out


def base_saves(python: str, base: Path, facts: dict[int, dict[str, str]]) -> dict[str, Any]:
    """``bench_save.py`` run with another checkout's sources (``--compare-src``)."""
    env = dict(os.environ, PYTHONPATH=str(base))
    homes = [facts[n]["home"] for n in sorted(facts)]
    command = [python, str(HERE / "bench_save.py"), *homes, "--rounds", "15", "--json"]
    done = subprocess.run(command, capture_output=True, text=True, env=env)
    try:
        found: dict[str, Any] = json.loads(done.stdout)
    except ValueError:
        return {"error": done.stderr[-500:]}
    return found


def importtime(python: str, modules: list[str], runs: int) -> str:
    """The importtime_summary.py report for ``modules``."""
    command = [python, str(HERE / "importtime_summary.py"), "-n", str(runs), "--top", "6"]
    env = dict(os.environ, PYTHONPATH=str(ROOT / "src"))
    done = subprocess.run(
        [*command, "--python", python, *modules], capture_output=True, text=True, env=env
    )
    return done.stdout + done.stderr


def cli_imports(python: str) -> list[str]:
    """Heavy packages imported by the CLI's non-TUI path (should be empty)."""
    env = dict(os.environ, PYTHONPATH=str(ROOT / "src"))
    code = "import followup_tui.cli.main, followup_tui.storage.store, followup_tui.core.schedule, sys; "
    code += "print(' '.join(sorted(m for m in ('textual', 'jinja2', 'rich') if m in sys.modules)))"
    done = subprocess.run([python, "-c", code], capture_output=True, text=True, env=env)
    return done.stdout.split()


def ms(summary: dict[str, Any] | None) -> str:
    return "-" if not summary or "median" not in summary else f"{summary['median'] * 1000:.0f}"


def ratio(value: float | None) -> str:
    return "-" if value is None else f"{value:.2f}x"


def main(argv: list[str] | None = None) -> int:
    """Command line entry point."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--sizes", default="100,1000,10000", help="home sizes (default 100,1000,10000)"
    )
    parser.add_argument("--rounds", type=int, default=7, help="measured rounds (default 7)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--work", type=Path, default=Path("/tmp/followup-bench"))
    parser.add_argument("--python", default=sys.executable, help="interpreter running the apps")
    parser.add_argument("--no-keys", action="store_true", help="skip keystroke cases")
    parser.add_argument(
        "--timeout", default="60", help="seconds per phase before a run fails (default 60)"
    )
    parser.add_argument("--no-importtime", action="store_true")
    parser.add_argument("--keys-file", type=Path, default=HERE / "key_cases.json")
    parser.add_argument(
        "--peers",
        action="store_true",
        help="also start posting and toolong (each in its own venv under --work) for context",
    )
    parser.add_argument(
        "--compare-src",
        type=Path,
        help="another checkout's src folder (e.g. an older commit): its app runs as base-* "
        "cases in the same rounds, and its saves are timed beside this tree's",
    )
    args = parser.parse_args(argv)
    sizes = [int(size) for size in args.sizes.split(",")]
    args.work.mkdir(parents=True, exist_ok=True)
    installed_like()
    report: dict[str, Any] = {"machine": machine(), "sizes": sizes}
    print(f"# building homes {sizes} in {args.work}", file=sys.stderr, flush=True)
    facts = {size: build_home(args.work, size, args.seed) for size in sorted({10, *sizes})}
    report["homes"] = facts

    hello = f"hello::{args.python} {HERE / 'hello_app.py'}::Hello"
    startup_cases = [hello] + [app_case(f"followup-{n}", args.python, facts[n]) for n in sizes]
    base = args.compare_src.resolve() if args.compare_src else None
    if base is not None:
        subprocess.run([args.python, "-m", "compileall", "-q", str(base)], check=False)
        startup_cases += [app_case(f"base-{n}", args.python, facts[n], src=base) for n in sizes]
    if args.peers:
        cases, report["peer_notes"] = peers.peer_cases(args.work, HERE / "hello_app.py")
        startup_cases += cases
    timeout = ["--timeout", args.timeout]
    startup = harness(startup_cases, args.rounds, ["--linger", "0.5", *timeout])
    report["startup"] = startup

    key_results: dict[str, Any] = {}
    if not args.no_keys:
        spec = json.loads(args.keys_file.read_text())
        for case in spec["cases"]:
            if not case.get("enabled"):
                continue
            lines = []
            trees = [("", ROOT / "src")] + ([("base-", base)] if base is not None else [])
            for prefix, src in trees:
                for n in [10, *sizes]:
                    until = case["until"].format(**facts[n])
                    lines.append(
                        app_case(
                            f"{prefix}{case['name']}-{n}",
                            args.python,
                            facts[n],
                            case["keys"],
                            until,
                            case.get("settle"),
                            case.get("pre", ""),
                            case.get("premark", ""),
                            src=src,
                        )
                    )
            key_results[case["name"]] = harness(lines, args.rounds, timeout)
    report["keys"] = key_results

    report["load_all"] = {n: load_timing(facts[n]) for n in sorted(facts)}
    report["save"] = bench_save.save_timings({n: Path(facts[n]["home"]) for n in facts}, 15)
    if base is not None:
        report["base_save"] = base_saves(args.python, base, facts)
    report["poll"] = bench_poll.poll_timings({n: Path(facts[n]["home"]) for n in facts}, 9)
    report["cli_heavy_imports"] = cli_imports(args.python)
    if not args.no_importtime:
        report["importtime"] = {
            "cli": importtime(args.python, ["followup_tui.cli.main"], 5),
            "tui": importtime(args.python, ["followup_tui.tui.app"], 5),
            "textual": importtime(args.python, ["textual.app"], 5),
        }

    out_dir = HERE / "results"
    out_dir.mkdir(exist_ok=True)
    out = out_dir / f"run-{datetime.now():%Y%m%d-%H%M%S}.json"
    out.write_text(json.dumps(report, indent=1, default=str))
    print(render(report))
    print(f"\nAll samples: {out}")
    return 0


def render(report: dict[str, Any]) -> str:
    """The markdown summary of a run."""
    m = report["machine"]
    lines = [
        f"Machine: {m['cpus']} CPUs, {m['cpu']}, Python {m['python']}, "
        f"load average at start {m['loadavg_at_start']}, {m['date']}",
        "",
        "| case | interviews | first paint ms | ratio vs hello | CPU to paint ms | CPU ratio"
        " | peak RSS MB | RSS vs hello |",
        "|---|---:|---:|---:|---:|---:|---:|---:|",
    ]
    summary = report["startup"]["summary"]
    hello_rss = (summary.get("hello", {}).get("rss_mb") or {}).get("median")
    for name, data in summary.items():
        ready = data.get("ready_s")
        cpu = data.get("ready_cpu_s")
        rss = (data.get("rss_mb") or {}).get("median")
        size = name.split("-")[-1] if name.startswith("followup-") else "-"
        rss_ratio = f"{rss / hello_rss:.2f}x" if rss and hello_rss else "-"
        lines.append(
            f"| {name} | {size} | {ms(ready)} | {ratio(ready and ready.get('paired_ratio_median'))}"
            f" | {ms(cpu)} | {ratio(cpu and cpu.get('paired_ratio_median'))}"
            f" | {'-' if not rss else f'{rss:.0f}'} | {rss_ratio} |"
        )
    for note in report.get("peer_notes", []):
        lines.append(f"\nLeft out: {note}.")
    if report["keys"]:
        lines += ["", "| keystroke | interviews | latency ms (median) | ratio vs 10 interviews |"]
        lines.append("|---|---:|---:|---:|")
        for case, result in report["keys"].items():
            for name, data in result["summary"].items():
                keys = data.get("keys_s")
                lines.append(
                    f"| {case} | {name.split('-')[-1]} | {ms(keys)} | "
                    f"{ratio(keys and keys.get('paired_ratio_median'))} |"
                )
    lines += [
        "",
        "| Store.load_all / load_rows | parse CPU ms | rows CPU ms "
        "| parse wall ms | rows wall ms |",
        "|---|---:|---:|---:|---:|",
    ]
    for size, t in report["load_all"].items():
        lines.append(
            f"| {size} interviews | {t['parse_cpu_ms']:.0f} | {t['rows_cpu_ms']:.0f} "
            f"| {t['parse_wall_ms']:.0f} | {t['rows_wall_ms']:.0f} |"
        )
    lines += ["", *bench_save.report(report["save"])]
    if report.get("base_save") and "error" not in report["base_save"]:
        base_save = {int(size): t for size, t in report["base_save"].items()}
        lines += ["", "Base tree (--compare-src):", "", *bench_save.report(base_save)]
    if report.get("poll"):
        lines += ["", *bench_poll.report(report["poll"])]
    heavy = report["cli_heavy_imports"]
    lines += [
        "",
        f"CLI import pulls in: {', '.join(heavy) if heavy else 'no textual, jinja2 or rich'}",
    ]
    for label, text in report.get("importtime", {}).items():
        lines += ["", f"importtime ({label}):", "```", text.strip(), "```"]
    return "\n".join(lines)


if __name__ == "__main__":
    raise SystemExit(main())
