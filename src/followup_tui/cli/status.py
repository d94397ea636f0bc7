"""``followup status``: one short line for a tmux status bar or a shell prompt.

tmux runs it every few seconds, so it is built to start fast: it never imports
Textual, Jinja2 or the TOML parser on a warm cache (see ``storage/cache.py``), and
it reads the home path and the clock without the helper modules that would.
"""

from __future__ import annotations

import os
import sys

from followup_tui.cli.errors import UserError

TYPE_CHECKING = False
if TYPE_CHECKING:
    import argparse
    from collections.abc import Sequence

    from followup_tui.storage.cache import Status

PLACEHOLDERS = (
    "overdue",
    "due",
    "reminder",
    "upcoming",
    "scheduled",
    "waiting",
    "closed",
    "review",
    "broken",
    "total",
)
STATE_KEYS = {
    "overdue": "overdue",
    "due": "due",
    "reminder due": "reminder",
    "no reply": "waiting",  # a suggestion to close, not something owed
    "upcoming": "upcoming",
    "scheduled": "scheduled",
    "waiting": "waiting",
    "closed": "closed",
}
HELP = """\
Print one short line saying what needs action, e.g. "2 overdue · 1 due · 1 reminder".
Nothing is printed when nothing needs action, so it fits a tmux status bar:

  set -g status-right '#(followup status)'

Follow-ups queued to send later add "N scheduled"; a queued send that needs you
(its checks failed, its time was missed, or it may have gone out) adds "N to review"
(run `followup queue` to see why). A file that cannot be read adds "N broken"
(run `followup list` to see which).
"""


def add_parser(
    subparsers: argparse._SubParsersAction[argparse.ArgumentParser], parent: argparse.ArgumentParser
) -> None:
    """Register ``followup status``."""
    import argparse

    parser = subparsers.add_parser(
        "status",
        parents=[parent],
        help="one line for tmux or a prompt: what needs action now",
        description=HELP,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument(
        "--format",
        metavar="TEXT",
        help="custom line with placeholders "
        + " ".join("{" + name + "}" for name in PLACEHOLDERS)
        + ", e.g. '{overdue}!{due}'",
    )
    parser.add_argument(
        "--always",
        action="store_true",
        help="print the line even when nothing needs action",
    )
    parser.add_argument("--json", action="store_true", help="all counts as a JSON object")
    parser.set_defaults(func=run)


class Options:
    """The parsed options of ``followup status`` (what argparse would give)."""

    __slots__ = ("home", "format", "always", "json")

    def __init__(self) -> None:
        self.home: str | None = None
        self.format: str | None = None
        self.always = False
        self.json = False


def parse_fast(argv: Sequence[str]) -> Options | None:
    """Parse a plain ``status`` command line without argparse, or None.

    Only the common forms are understood (``--home``, ``--format`` with a
    separate or ``=`` value, ``--always``, ``--json``, each at most once);
    anything else (``--help``, a typo, a missing value) returns None so that
    argparse handles it with its usual messages.
    """
    options = Options()
    seen: set[str] = set()
    index = 0
    while index < len(argv):
        token = argv[index]
        name, has_value, value = token.partition("=")
        if token == "status" and "status" not in seen:
            seen.add("status")
        elif name in ("--home", "--format") and name not in seen:
            if not has_value:
                if index + 1 >= len(argv) or argv[index + 1].startswith("-"):
                    return None
                index += 1
                value = argv[index]
            seen.add(name)
            setattr(options, name[2:], value)
        elif token in ("--always", "--json") and token not in seen:
            seen.add(token)
            setattr(options, token[2:], True)
        else:
            return None
        index += 1
    return options if "status" in seen else None


def home_root(cli_home: str | None) -> str:
    """The home folder as a string, like paths.resolve_home but without its imports."""
    if cli_home:
        return os.path.expanduser(cli_home)
    env = os.environ.get("FOLLOWUP_TUI_HOME")
    if env:
        return os.path.expanduser(env)
    if sys.platform.startswith("linux"):
        # What platformdirs.user_config_dir answers on Linux (a test keeps them equal).
        base = os.environ.get("XDG_CONFIG_HOME", "")
        if not base.strip():
            base = os.path.expanduser("~/.config")
        return os.path.join(base, "followup-tui")
    from followup_tui.storage.paths import default_home

    return str(default_home())


def now_seconds() -> float:
    """POSIX time now, honouring FOLLOWUP_TUI_NOW like clock.now()."""
    if os.environ.get("FOLLOWUP_TUI_NOW"):
        from followup_tui.core import clock

        try:
            return clock.now().timestamp()
        except clock.ClockError as error:
            raise UserError(str(error)) from None
    import time

    return float(int(time.time()))


def tally(status: Status) -> dict[str, int]:
    """Counts per placeholder name."""
    counts = dict.fromkeys(PLACEHOLDERS, 0)
    for state, number in status.counts.items():
        counts[STATE_KEYS[state]] += number
    counts["review"] = status.review
    counts["broken"] = len(status.broken) + (1 if status.config_problem else 0)
    counts["total"] = status.total
    return counts


def line(counts: dict[str, int]) -> str:
    """The default line: only what needs action (and broken files), "·"-separated."""
    parts = []
    for key, label in (("overdue", "overdue"), ("due", "due"), ("reminder", "reminder")):
        if counts[key]:
            plural = "s" if key == "reminder" and counts[key] > 1 else ""
            parts.append(f"{counts[key]} {label}{plural}")
    if counts["review"]:
        parts.append(f"{counts['review']} to review")
    if counts["scheduled"]:
        parts.append(f"{counts['scheduled']} scheduled")
    if counts["broken"]:
        parts.append(f"{counts['broken']} broken")
    return " · ".join(parts)


def needs_attention(counts: dict[str, int]) -> bool:
    return bool(
        counts["overdue"]
        or counts["due"]
        or counts["reminder"]
        or counts["review"]
        or counts["scheduled"]
        or counts["broken"]
    )


def run(args: argparse.Namespace | Options) -> int:
    """Print the status line (or JSON) for the home."""
    from followup_tui.storage.cache import Cache

    root = home_root(getattr(args, "home", None))
    if os.path.exists(root) and not os.path.isdir(root):
        raise UserError(f"The home {root} is a file, not a folder; pass a folder with --home.")
    now = now_seconds()
    cache = Cache(root)
    cache.sync()
    snapshot = cache.status(now)
    counts = tally(snapshot)
    if args.json:
        from followup_tui.cli.output import json_dumps

        problems = [
            {"id": name, "problem": message} for name, message in sorted(snapshot.broken.items())
        ]
        if snapshot.config_problem:
            problems.append({"id": "", "problem": snapshot.config_problem})
        document = {**counts, "line": line(counts), "broken_files": problems}
        sys.stdout.write(json_dumps(document) + "\n")
        return 0
    if not (args.always or needs_attention(counts)):
        return 0
    if args.format is None:
        text = line(counts)
    else:
        try:
            text = args.format.format_map(counts)
        except (KeyError, IndexError, ValueError, AttributeError) as error:
            names = ", ".join("{" + name + "}" for name in PLACEHOLDERS)
            raise UserError(
                f"--format {args.format!r} is not usable ({error}); use placeholders {names}"
            ) from None
    if not text and args.always:
        text = "nothing due"
    if text:
        sys.stdout.write(text + "\n")
    return 0
