"""What the last scan of each source reached, and the findings the user undid.

Kept in ``<home>/.cache/inbox.json`` (never in the interview files): losing it
only means the next scan reads more mail, since matching is idempotent. Written
with the project's atomic write.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from followup_tui.storage.files import StoreError, atomic_write, read_text
from followup_tui.storage.paths import Home

FILE_NAME = "inbox.json"
VERSION = 1


@dataclass
class ScanState:
    """Per-source progress (``sources[key]`` is the source's own small dict) and undone ids."""

    sources: dict[str, dict[str, Any]] = field(default_factory=dict)
    ignored: list[str] = field(default_factory=list)
    last_scan: str = ""  # ISO time of the last finished scan


def state_path(home: Home) -> Path:
    return home.cache / FILE_NAME


def load_state(home: Home) -> ScanState:
    """The saved state; a missing, unreadable or foreign file is a fresh start (full rescan)."""
    try:
        data = json.loads(read_text(state_path(home)))
    except (OSError, UnicodeDecodeError, ValueError):
        return ScanState()
    if not isinstance(data, dict) or data.get("version") != VERSION:
        return ScanState()
    sources = data.get("sources", {})
    ignored = data.get("ignored", [])
    last = data.get("last_scan", "")
    return ScanState(
        sources={
            key: value
            for key, value in (sources.items() if isinstance(sources, dict) else [])
            if isinstance(key, str) and isinstance(value, dict)
        },
        ignored=[item for item in ignored if isinstance(item, str)]
        if isinstance(ignored, list)
        else [],
        last_scan=last if isinstance(last, str) else "",
    )


def save_state(home: Home, state: ScanState) -> None:
    """Write the state atomically; raises OSError or StoreError when it cannot."""
    home.cache.mkdir(mode=0o700, parents=True, exist_ok=True)
    payload = {
        "version": VERSION,
        "last_scan": state.last_scan,
        "sources": state.sources,
        "ignored": sorted(set(state.ignored)),
    }
    atomic_write(state_path(home), json.dumps(payload, indent=1, sort_keys=True).encode("utf-8"))


__all__ = ["ScanState", "StoreError", "load_state", "save_state", "state_path"]
