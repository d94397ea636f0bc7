"""The ``followup`` command: opens the TUI, or runs a subcommand for scripts.

This package must stay cheap to import: ``followup status`` runs every few
seconds from a tmux status line, so Textual and Jinja2 are only imported by
the commands that need them.
"""

from __future__ import annotations

from followup_tui.cli.main import main

__all__ = ["main"]
