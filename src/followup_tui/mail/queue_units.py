"""What ``followup queue install`` writes: a systemd user service and timer, or a crontab line.

Text only, built from the command to run; nothing here enables a unit or
edits a crontab (the user runs the one command printed for that).
"""

from __future__ import annotations

import shlex
from collections.abc import Sequence

SERVICE_NAME = "followup-queue.service"
TIMER_NAME = "followup-queue.timer"
DEFAULT_EVERY_MINUTES = 5
ENABLE_COMMAND = f"systemctl --user enable --now {TIMER_NAME}"
LINGER_COMMAND = "loginctl enable-linger"


def systemd_quote(word: str) -> str:
    """One ExecStart word, quoted for systemd: specifiers (%) and variables ($) kept literal."""
    escaped = word.replace("%", "%%").replace("$", "$$")
    if escaped and not any(char in escaped for char in " \t\"'\\;"):
        return escaped
    return '"' + escaped.replace("\\", "\\\\").replace('"', '\\"') + '"'


def service_unit(command: Sequence[str]) -> str:
    """The oneshot service that runs the queue once."""
    exec_start = " ".join(systemd_quote(word) for word in command)
    return (
        "[Unit]\n"
        "Description=followup-tui: send the follow-ups whose time has come\n"
        "\n"
        "[Service]\n"
        "Type=oneshot\n"
        f"ExecStart={exec_start}\n"
    )


def timer_unit(every_minutes: int = DEFAULT_EVERY_MINUTES) -> str:
    """The timer: every few minutes, and at boot for runs missed while the machine was off."""
    return (
        "[Unit]\n"
        f"Description=followup-tui: run the send queue every {every_minutes} minutes\n"
        "\n"
        "[Timer]\n"
        f"OnCalendar=*:0/{every_minutes}\n"
        "Persistent=true\n"
        "AccuracySec=30s\n"
        f"Unit={SERVICE_NAME}\n"
        "\n"
        "[Install]\n"
        "WantedBy=timers.target\n"
    )


def cron_line(command: Sequence[str], every_minutes: int = DEFAULT_EVERY_MINUTES) -> str:
    """The crontab line ("%" is special to cron, so it is escaped)."""
    words = " ".join(shlex.quote(word) for word in command).replace("%", "\\%")
    return f"*/{every_minutes} * * * * {words}"
