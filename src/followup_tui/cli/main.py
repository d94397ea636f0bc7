"""Argument parsing and dispatch for ``followup``.

Subcommands live in their own modules and register through COMMANDS; each
module exposes ``add_parser(subparsers, parent)`` which sets ``func``.
"""

from __future__ import annotations

import gc
import sys

from followup_tui import __version__
from followup_tui.cli.errors import UserError

# argparse and the subcommand modules are imported only when needed:
# ``followup status`` (tmux, every few seconds) parses its few options itself.
TYPE_CHECKING = False  # not typing.TYPE_CHECKING: importing typing costs milliseconds
if TYPE_CHECKING:
    import argparse
    from collections.abc import Sequence

    from followup_tui.cli.common import Parser
    from followup_tui.cli.status import Options
    from followup_tui.storage.ahead import Ahead

# Modules under followup_tui.cli that each add one or more subcommands.
COMMANDS: tuple[str, ...] = (
    "status",
    "setup",
    "listing",
    "edit",
    "draft",
    "check",
    "export",
    "importing",
    "queue",
    "replies",
    "completion",
)

DESCRIPTION = """\
Never miss the follow-up email after an interview.

Run without a command to open the terminal app. Data lives in
~/.config/followup-tui (or --home PATH, or $FOLLOWUP_TUI_HOME)."""


def build_parser(commands: Sequence[str] = COMMANDS) -> Parser:
    """The ``followup`` parser with the subcommands of the ``commands`` modules."""
    import argparse
    import importlib

    from followup_tui.cli.common import Parser

    parent = argparse.ArgumentParser(add_help=False)
    parent.add_argument(
        "--home",
        metavar="PATH",
        default=argparse.SUPPRESS,
        help="data folder (default: $FOLLOWUP_TUI_HOME or ~/.config/followup-tui)",
    )
    parser = Parser(
        prog="followup",
        description=DESCRIPTION,
        formatter_class=argparse.RawDescriptionHelpFormatter,
        parents=[parent],
    )
    parser.add_argument("--version", action="version", version=f"followup {__version__}")
    parser.add_argument(
        "--demo",
        action="store_true",
        help="open a throw-away home full of sample interviews (your data is not touched)",
    )
    parser.add_argument("--theme", metavar="NAME", help="colour theme for this run")
    parser.add_argument(
        "--list-themes", action="store_true", help="print the name of every theme and exit"
    )
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=Parser)
    for name in commands:
        module = importlib.import_module(f"followup_tui.cli.{name}")
        module.add_parser(subparsers, parent)
    return parser


def run_tui(args: argparse.Namespace) -> int:
    """Open the terminal app on the chosen (or demo) home."""
    import shutil

    from followup_tui.cli.common import open_context
    from followup_tui.core import clock
    from followup_tui.storage.demo import create_demo_home

    demo_root = None
    if args.demo:
        try:
            demo_root = create_demo_home(clock.now()).root
        except clock.ClockError as error:
            raise UserError(str(error)) from None
        args.home = str(demo_root)
    try:
        context = open_context(args, check_privacy=False)  # the app warns in a toast
        if args.theme:
            from followup_tui.cli.themes import check_theme

            check_theme(args.theme, context.home)
        ahead = _index_ahead(str(context.home.root))
        from followup_tui.tui.app import FollowupApp

        app = FollowupApp(
            context.home,
            context.config,
            theme=args.theme,
            demo=args.demo,
            index_ahead=ahead,
            offer_setup=not args.demo,
        )
        # Everything so far (mostly Textual's modules) lives as long as the process:
        # out of the cyclic collector's reach, a full collection during the first
        # paint no longer walks it (docs/PERFORMANCE.md has the figures).
        gc.freeze()
        gc.enable()  # main() turned it off for the imports
        app.run()
    finally:
        if demo_root is not None:
            shutil.rmtree(demo_root, ignore_errors=True)
    return app.return_code or 0


def _index_ahead(root: str) -> Ahead | None:
    """For a big home, sync the cache in a child while the app's modules load."""
    from followup_tui.storage.ahead import refresh_ahead
    from followup_tui.storage.loader import BIG_HOME, holds_at_least

    return refresh_ahead(root) if holds_at_least(root, BIG_HOME) else None


def only_status(argv: Sequence[str]) -> bool:
    """Whether ``argv`` runs ``followup status`` (only --home may come before it).

    tmux runs the status line every few seconds, so that one command skips
    importing and building the other subcommands' parsers.
    """
    index = 0
    while index < len(argv):
        token = argv[index]
        if token == "status":
            return True
        if token == "--home":
            index += 2
        elif token.startswith("--home="):
            index += 1
        else:
            return False
    return False


# The options that only open the app: no command, so no subcommand parsers are needed.
APP_FLAGS = frozenset({"--demo"})
APP_OPTIONS = frozenset({"--home", "--theme"})


def only_app(argv: Sequence[str]) -> bool:
    """Whether ``argv`` only opens the app (no command, no --help or --version).

    Building the subcommands' parsers imports their modules, several times the
    cost of the app's own options, before the app's first paint.
    Anything else, an abbreviation or a typo included, goes to the full parser.
    """
    index = 0
    while index < len(argv):
        token = argv[index]
        if token in APP_FLAGS:
            index += 1
        elif token in APP_OPTIONS and index + 1 < len(argv):
            index += 2
        elif token.partition("=")[0] in APP_OPTIONS and "=" in token:
            index += 1
        else:
            return False
    return True


def run_status(options: Options) -> int:
    """``followup status`` parsed by ``status.parse_fast``, with main's error handling."""
    from followup_tui.cli.status import run

    try:
        return run(options)
    except UserError as error:
        sys.stderr.write(f"followup: {error}\n")
        return error.code
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return 0


def empty_home(argv: Sequence[str]) -> bool:
    """Whether ``argv`` passes ``--home ""``: an error, not a silent fall back to the default."""
    for index, token in enumerate(argv):
        if token == "--":
            return False
        if token == "--home" and index + 1 < len(argv) and not argv[index + 1].strip():
            return True
        if token.startswith("--home=") and not token[len("--home=") :].strip():
            return True
    return False


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the ``followup`` console script."""
    if argv is None:
        argv = sys.argv[1:]
    if empty_home(argv):
        sys.stderr.write(
            "followup: error: --home is empty; give the data folder, or leave --home out "
            "for the default (see followup --help)\n"
        )
        return 2
    status = only_status(argv)
    if status:
        from followup_tui.cli.status import parse_fast

        options = parse_fast(argv)
        if options is not None:
            return run_status(options)
    if only_app(argv):
        # Importing Textual and the app builds some 100,000 objects that live as long
        # as the process: the collector's full passes over them are wasted work.
        # run_tui turns it on again (with them frozen) as the app starts.
        gc.disable()
        try:
            return dispatch(build_parser(()).parse_args(argv))
        finally:
            gc.enable()
    return dispatch(build_parser(("status",) if status else COMMANDS).parse_args(argv))


def dispatch(args: argparse.Namespace) -> int:
    """Run what ``args`` asks for, with main's error handling."""
    func = getattr(args, "func", None)
    if func is None and not args.list_themes:
        try:
            return run_tui(args)
        except UserError as error:
            sys.stderr.write(f"followup: {error}\n")
            return error.code
        except KeyboardInterrupt:
            return 130
    from followup_tui.cli.output import CleanWriter

    # Every text a command writes is cleaned on its way out: a file's escape
    # sequence or bidi override never reaches the terminal, whichever print it took.
    out, err = sys.stdout, sys.stderr
    sys.stdout, sys.stderr = CleanWriter(out), CleanWriter(err)
    try:
        if func is None:
            from followup_tui.cli.themes import list_themes

            return list_themes(args)
        result: int = func(args)
        return result
    except UserError as error:
        sys.stderr.write(f"followup: {error}\n")
        return error.code
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return 0
    finally:
        sys.stdout, sys.stderr = out, err
