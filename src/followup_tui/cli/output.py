"""Safe terminal output for the command line: user data is text, never control codes.

Interview files are hand-editable and importable, so a company name may hold
an escape sequence, a C1 control or a bidi override. Every text the CLI
writes goes through ``clean`` (``main`` puts ``CleanWriter`` on stdout and
stderr); JSON escapes those characters instead (``json_dumps``), so the data
survives and the terminal stays safe.
"""

from __future__ import annotations

import re
import unicodedata

from followup_tui.core.text import printable

TYPE_CHECKING = False  # not typing.TYPE_CHECKING: importing typing costs milliseconds
if TYPE_CHECKING:
    from typing import Any, TextIO

# What json.dumps(ensure_ascii=False) leaves raw but a terminal acts on: DEL, C1,
# the bidi embeddings, overrides, isolates and marks, and the line/paragraph separators.
_JSON_UNSAFE = re.compile("[\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]")


def clean(text: str, *, keep_newlines: bool = False) -> str:
    """Drop ESC, C0, DEL, C1 and bidi controls; tabs (and newlines unless kept) become spaces."""
    return printable(text, newlines=keep_newlines)


def json_dumps(value: Any, **options: Any) -> str:
    """``json.dumps`` (UTF-8 text kept) with every control and bidi character as ``\\uXXXX``."""
    import json

    text = json.dumps(value, ensure_ascii=False, **options)
    return _JSON_UNSAFE.sub(lambda match: f"\\u{ord(match.group()):04x}", text)


class CleanWriter:
    """A text stream that writes everything cleaned (newlines and tabs kept)."""

    def __init__(self, stream: TextIO) -> None:
        self._stream = stream

    def write(self, text: str) -> int:
        self._stream.write(printable(text, newlines=True, tabs=True))
        return len(text)

    def writelines(self, lines: Any) -> None:
        for line in lines:
            self.write(line)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._stream, name)


def width(text: str) -> int:
    """Terminal cells taken by ``text`` (wide East Asian characters take two)."""
    total = 0
    for char in text:
        if unicodedata.combining(char) or unicodedata.category(char) in ("Mn", "Me", "Cf"):
            continue
        total += 2 if unicodedata.east_asian_width(char) in ("W", "F") else 1
    return total


def fit(text: str, cells: int) -> str:
    """Cut ``text`` to ``cells`` terminal cells (with "…") and pad it to exactly that."""
    if width(text) > cells:
        kept, used = [], 0
        for char in text:
            size = width(char)
            if used + size > cells - 1:
                break
            kept.append(char)
            used += size
        text = "".join(kept) + "…"
    return text + " " * max(0, cells - width(text))
