"""Edit text in the user's $VISUAL / $EDITOR while the app is suspended."""

from __future__ import annotations

import os
import shlex
import subprocess
import tempfile
from collections.abc import Mapping
from pathlib import Path

from textual.app import App, SuspendNotSupported


class EditorCommandError(Exception):
    """The editor could not be run; one sentence for the user."""


def editor_command(environ: Mapping[str, str] | None = None) -> list[str]:
    """The argv of the user's editor ($VISUAL, then $EDITOR, then vi)."""
    env = os.environ if environ is None else environ
    command = env.get("VISUAL") or env.get("EDITOR") or "vi"
    try:
        argv = shlex.split(command)
    except ValueError as error:
        raise EditorCommandError(f"$EDITOR cannot be parsed ({error}).") from None
    if not argv:
        raise EditorCommandError("$EDITOR is empty; set it to your editor, e.g. vim or nano.")
    return argv


def edit_text(app: App[object], text: str, *, suffix: str = ".txt") -> str:
    """Open ``text`` in the editor and return what was saved (same text if unchanged)."""
    argv = editor_command()
    fd, name = tempfile.mkstemp(prefix="followup-draft-", suffix=suffix, text=True)
    path = Path(name)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(text)
        try:
            with app.suspend():
                done = subprocess.run([*argv, str(path)], check=False)
        except SuspendNotSupported:
            raise EditorCommandError(
                "This terminal cannot hand over to an external editor."
            ) from None
        except FileNotFoundError:
            raise EditorCommandError(
                f"The editor {argv[0]!r} was not found; set $VISUAL or $EDITOR."
            ) from None
        if done.returncode != 0:
            raise EditorCommandError(
                f"The editor exited with status {done.returncode}; the draft is unchanged."
            )
        return path.read_text(encoding="utf-8")
    finally:
        path.unlink(missing_ok=True)
