"""The command line's user-facing error, in a module that imports nothing.

``followup status`` raises it without loading argparse (see ``cli.common``,
which re-exports it for the other commands).
"""

from __future__ import annotations


class UserError(Exception):
    """A problem the user can fix; printed as one line, exit status ``code``."""

    def __init__(self, message: str, code: int = 1) -> None:
        super().__init__(message)
        self.code = code
