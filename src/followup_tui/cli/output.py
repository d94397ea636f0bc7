"""Safe terminal output for the command line: user data is text, never control codes.

Interview files are hand-editable and importable, so a company name may hold
an escape sequence, a C1 control or a bidi override. Everything printed from
user data goes through ``clean`` first.
"""

from __future__ import annotations

import unicodedata

# Bidi embeddings, overrides and isolates, plus the marks: they reorder what follows.
BIDI = frozenset("\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")


def clean(text: str, *, keep_newlines: bool = False) -> str:
    """Drop ESC, C0, DEL, C1 and bidi controls; tabs (and newlines unless kept) become spaces."""
    out = []
    for char in text:
        code = ord(char)
        if char == "\n" and keep_newlines:
            out.append(char)
        elif char in "\t\n\r\v\f":
            out.append(" ")
        elif code < 0x20 or 0x7F <= code <= 0x9F or char in BIDI:
            continue
        else:
            out.append(char)
    return "".join(out)


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
