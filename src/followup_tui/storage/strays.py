"""Files in interviews/ that are not named like an interview: sync conflict copies and such.

Syncthing, Dropbox, Nextcloud and people make copies next to the file they
shadow; none of those names is a valid id, so they cannot be loaded as an
interview, and hiding them would hide the other half of a conflict. Each is
reported as a problem naming the interview it shadows and what to do.
"""

from __future__ import annotations

import re

from followup_tui.core.model import slugify

# x.sync-conflict-20261124-101500-ABCDEF1 (Syncthing)
_SYNCTHING = re.compile(r"^(?P<base>.+?)\.sync-conflict-\d{8}-\d{6}(?:-[A-Za-z0-9]+)?$")
# x (Sam's conflicted copy 2026-11-24), x (conflicted copy 2026-11-24 101500) (Dropbox, Nextcloud)
_CONFLICTED = re.compile(r"^(?P<base>.+?) \([^()]*conflicted copy[^()]*\)$", re.IGNORECASE)
# x copy, x copy 2, x (1), x - Copy (by hand, file managers)
_HAND = re.compile(r"^(?P<base>.+?)(?: - copy| copy(?: \d+)?| \(\d+\))$", re.IGNORECASE)
_ADVICE = "compare the two, keep what you need in {base}.toml and delete this copy"


def stray_message(stem: str) -> str:
    """Why ``stem``.toml is not loaded, and what to do (it is left untouched)."""
    for pattern, what in (
        (_SYNCTHING, "a sync conflict copy (Syncthing)"),
        (_CONFLICTED, "a sync conflict copy (conflicted copy)"),
        (_HAND, "a copy"),
    ):
        match = pattern.match(stem)
        if match:
            base = match["base"]
            return f"{what} of {base}.toml, not loaded: " + _ADVICE.format(base=base)
    suggestion = slugify(stem) or "interview"
    return (
        "not named like an interview file (ids are lower-case letters, digits and dashes), "
        f"so it is not loaded: rename it, e.g. to {suggestion}.toml"
    )
