"""``followup --list-themes`` and the check of ``--theme NAME`` before the app starts.

Textual is imported only here, inside the functions, so other commands stay cheap.
"""

from __future__ import annotations

import argparse
import sys

from followup_tui.cli.common import UserError, open_context
from followup_tui.storage.paths import Home


def theme_names(home: Home) -> tuple[list[str], list[str]]:
    """Every theme name (ours, the user's, Textual's) and the problems of skipped files."""
    from followup_tui.tui.themes import all_theme_names, load_home_themes

    loaded, problems = load_home_themes(home)
    return all_theme_names(loaded), [str(problem) for problem in problems]


def list_themes(args: argparse.Namespace) -> int:
    """Print one theme name per line; skipped theme files go to stderr."""
    context = open_context(args, create=False)
    names, problems = theme_names(context.home)
    for problem in problems:
        sys.stderr.write(f"followup: {problem}; it was skipped.\n")
    sys.stdout.write("".join(f"{name}\n" for name in names))
    return 0


def check_theme(name: str, home: Home) -> None:
    """Raise UserError (exit 2) when ``--theme NAME`` names no available theme."""
    names, problems = theme_names(home)
    if name in names:
        return
    hint = " (a theme file was skipped: see followup --list-themes)" if problems else ""
    raise UserError(
        f"There is no theme called {name!r}{hint}; followup --list-themes shows the names.",
        code=2,
    )
