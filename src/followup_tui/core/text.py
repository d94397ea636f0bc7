"""Make user data safe to show in a terminal: no escapes, no control characters.

Interview files are plain text anyone can edit; a company name holding an ESC
sequence or a bidi override must not repaint the screen or reorder what the
user reads. Used by the TUI and the CLI alike.
"""

from __future__ import annotations

import unicodedata

# Bidirectional overrides/isolates and other invisible format characters that
# change how the surrounding text is displayed.
_BIDI = frozenset("\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")


def _keep(char: str, newlines: bool) -> bool:
    if char == "\n":
        return newlines
    if char == "\t":
        return True
    if char in _BIDI:
        return False
    return unicodedata.category(char) != "Cc"  # C0, DEL and C1 controls


def printable(value: str, *, newlines: bool = False, tabs: bool = False) -> str:
    """Return ``value`` without control characters or bidi overrides.

    Newlines are kept only when ``newlines`` is true and tabs only when ``tabs``
    is (for text areas, which lay them out themselves); otherwise both become
    a space, so one-line cells stay one line.
    """
    if value.isprintable():
        # Fast path (C speed): no control, format or separator characters at all.
        # Bidi overrides are format characters, so they never pass this test.
        return value
    kept = ("\n" if newlines else "") + ("\t" if tabs else "")
    if kept and value.translate(dict.fromkeys(map(ord, kept))).isprintable():
        return value  # multi-line text with nothing else to remove: still C speed
    out = []
    for char in value:
        if char == "\r":
            continue
        if char == "\t":
            out.append("\t" if tabs else " ")
        elif char == "\n" and not newlines:
            out.append(" ")
        elif _keep(char, newlines):
            out.append(char)
    return "".join(out)


def quoted(value: str) -> str:
    """``value`` in double quotes as TOML writes it: quotes, controls and bidi as escapes.

    For messages that name a bad value from a file: the user can find it, and
    an escape sequence in it reaches the screen as text, never as a command.
    """
    out = ['"']
    for char in value:
        if char in '"\\':
            out.append("\\" + char)
        elif char in _BIDI or unicodedata.category(char) == "Cc":
            out.append(f"\\u{ord(char):04x}")
        else:
            out.append(char)
    out.append('"')
    return "".join(out)
