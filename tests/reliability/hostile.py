"""Hostile interview text shared by the hostile-input suites."""

from __future__ import annotations

from followup_tui.core.model import Followup, Interview, Interviewer
from tests.conftest import make_interview

OSC52 = "\x1b]52;c;ZWNobyBwd25lZA==\x07"  # would write "echo pwned" to the clipboard
OSC8 = "\x1b]8;;https://evil.example\x1b\\click\x1b]8;;\x1b\\"
CSI = "\x1b[2J\x1b[31m"
C1 = "\x9b2J\x9d0;title\x9c\x85"
BIDI = "\u202egnp.exe\u202c"
MARKUP = "[bold]bold[/bold] [link=https://x]link[/link] [@click=app.quit]quit[/] end\\"
INJECTED = ["\x1b", "\x9b", "\x9d", "\x07", "\u202e", "\x90", "\x9c"]


def hostile_interview() -> Interview:
    """An interview whose every text field carries markup, escapes and controls."""
    nasty = f"{MARKUP} {OSC52} {OSC8} {CSI} {C1} {BIDI} e\u0301\u0301\u0301 \x00\x08"
    return make_interview(
        company=f"Evil {MARKUP} {OSC52}",
        position=f"Pos {CSI}{BIDI}\\",
        location=nasty,
        topics=[nasty, "x" * 5000],
        initiative=nasty,
        notes=(nasty + "\n") * 20 + "n" * 1_000_000,
        interviewers=[Interviewer(f"Dana {OSC8}{MARKUP}", "dana@acme.example", nasty)],
        followups=[
            Followup(
                kind="thank_you",
                to="dana@acme.example",
                subject=f"Thanks {OSC52}{MARKUP}",
                body=f"Hi {nasty}\n",
            )
        ],
    )


def leaks(output: str) -> list[str]:
    """The injected control characters present in ``output``."""
    return [char for char in INJECTED if char in output]
