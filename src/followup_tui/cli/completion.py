"""``followup completion bash|zsh``: print a shell completion script.

shtab writes a static script from the real parser, once, when this command
runs; the shell then completes without starting Python. (argcomplete would
start ``followup`` on every Tab, with a hook before argument parsing on every
command, ``followup status`` included.) Install, for bash::

    followup completion bash > ~/.local/share/bash-completion/completions/followup

and for zsh, into a folder on ``$fpath``::

    followup completion zsh > ~/.zfunc/_followup
"""

from __future__ import annotations

import sys

TYPE_CHECKING = False
if TYPE_CHECKING:
    import argparse

SHELLS = ("bash", "zsh")
# Options and arguments that name a path: completed as files or folders.
FILES = frozenset({"file", "output"})
FOLDERS = frozenset({"home", "vdir"})


def add_parser(
    subparsers: argparse._SubParsersAction[argparse.ArgumentParser], parent: argparse.ArgumentParser
) -> None:
    """Register ``followup completion``."""
    import argparse

    parser = subparsers.add_parser(
        "completion",
        help="print a bash or zsh completion script",
        description=__doc__.split("\n\n", 1)[1].replace("::", ":"),
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("shell", choices=SHELLS, help="bash or zsh")
    parser.set_defaults(func=run)


def script(shell: str) -> str:
    """The completion script for ``shell``, from the full ``followup`` parser."""
    import argparse

    import shtab

    from followup_tui.cli.main import build_parser

    parser = build_parser()
    parsers = [parser]
    while parsers:
        current = parsers.pop()
        for action in current._actions:
            if isinstance(action, argparse._SubParsersAction):
                parsers.extend(action.choices.values())
            elif action.dest in FILES:
                action.complete = shtab.FILE  # type: ignore[attr-defined]
            elif action.dest in FOLDERS:
                action.complete = shtab.DIRECTORY  # type: ignore[attr-defined]
    text: str = shtab.complete(parser, shell=shell)
    return text


def run(args: argparse.Namespace) -> int:
    """Write the script to standard output."""
    sys.stdout.write(script(args.shell))
    return 0
