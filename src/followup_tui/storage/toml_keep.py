"""Saving a hand-commented interview file without losing its comments or layout.

The plain writer (``toml_format.dump_interview``, tomli-w) is fast but keeps
no comments. When the file on disk has any, it is parsed with tomlkit and
only the values that changed are replaced; the result is used only if
tomllib reads it exactly as it reads the plain writer's, else the plain
bytes are written. Files without comments, and big ones, keep the fast path.
"""

from __future__ import annotations

import tomllib
from typing import Any

MAX_BYTES = 256 * 1024  # tomlkit takes seconds on megabytes of notes


def keep_layout(old: bytes, document: dict[str, Any], fresh: bytes) -> bytes:
    """``fresh``, or ``old`` with ``document``'s changed values put in, when both mean the same."""
    if b"#" not in old or len(old) > MAX_BYTES:
        return fresh
    try:
        import tomlkit

        kept = tomlkit.parse(old.decode("utf-8").removeprefix("\ufeff"))
        _update(kept, document)
        text = tomlkit.dumps(kept)
        if tomllib.loads(text) != tomllib.loads(fresh.decode("utf-8")):
            return fresh
    except Exception:  # noqa: BLE001 - any surprise in tomlkit: the plain writer is always right
        return fresh
    return text.encode("utf-8")


def _value(value: Any) -> Any:
    """A new value as tomlkit writes it: multi-line text as a multi-line string."""
    import tomlkit

    if isinstance(value, str) and "\n" in value and "\r" not in value:
        return tomlkit.string(value, multiline=True)
    if isinstance(value, list) and value and all(isinstance(item, dict) for item in value):
        tables = tomlkit.aot()
        for item in value:
            table = tomlkit.table()
            _update(table, item)
            tables.append(table)
        return tables
    return value


def _update(container: Any, new: dict[str, Any]) -> None:
    """Make ``container`` (a tomlkit table) hold ``new``, touching only what differs."""
    for key in [key for key in container if key not in new]:
        del container[key]
    for key, value in new.items():
        if key in container:
            current = container[key]
            plain = current.unwrap() if hasattr(current, "unwrap") else current
            if plain == value:
                continue  # unchanged: its layout and comments stay
            if isinstance(value, dict) and isinstance(plain, dict):
                _update(current, value)
                continue
            if (
                isinstance(value, list)
                and isinstance(plain, list)
                and len(value) == len(plain)
                and all(isinstance(item, dict) for item in value + plain)
            ):
                for table, item in zip(current, value, strict=True):
                    _update(table, item)
                continue
        container[key] = _value(value)
