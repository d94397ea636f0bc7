"""Shared pieces of the command line: errors, the parser, opening the home."""

from __future__ import annotations

import argparse
import sys

from followup_tui.cli.errors import UserError

TYPE_CHECKING = False  # not typing.TYPE_CHECKING: importing typing costs milliseconds
if TYPE_CHECKING:
    from datetime import datetime
    from typing import NoReturn

    from followup_tui.core.model import Interview
    from followup_tui.storage.config import Config
    from followup_tui.storage.paths import Home
    from followup_tui.storage.store import Store

__all__ = ["Context", "Parser", "UserError", "interviewer_for_address", "open_context"]

# Domain modules are imported inside open_context: this module is loaded on
# every call, including the tmux status line, which needs none of them.


class Parser(argparse.ArgumentParser):
    """argparse, but a bad argument is one line (plus a hint), not a usage dump."""

    def error(self, message: str) -> NoReturn:
        sys.stderr.write(f"{self.prog}: error: {message} (see {self.prog} --help)\n")
        raise SystemExit(2)


class Context:
    """What every command needs: the home, its store and config, and "now"."""

    __slots__ = ("home", "store", "config", "now")

    def __init__(self, home: Home, store: Store, config: Config, now: datetime) -> None:
        self.home = home
        self.store = store
        self.config = config
        self.now = now


def open_context(
    args: argparse.Namespace, *, create: bool = True, check_privacy: bool = True
) -> Context:
    """Open the home named by --home / FOLLOWUP_TUI_HOME / the default.

    ``check_privacy``: warn on stderr when other users can read the home. The
    app passes False and shows the same warning as a toast, after its first
    paint (on stderr it was hidden behind the app until it quit).
    """
    from followup_tui.core import clock
    from followup_tui.storage.config import ConfigError, load_config
    from followup_tui.storage.paths import HomeError, open_home, permission_warning, resolve_home
    from followup_tui.storage.store import Store

    try:
        home = open_home(resolve_home(getattr(args, "home", None)), create=create)
        config = load_config(home, create=create)
        now = clock.now()
    except (HomeError, ConfigError, clock.ClockError) as error:
        raise UserError(str(error)) from None
    warning = permission_warning(home) if check_privacy else None
    if warning:
        sys.stderr.write(f"followup: warning: {warning}\n")
    return Context(home=home, store=Store(home), config=config, now=now)


def interviewer_for_address(interview: Interview, to: str, interview_id: str) -> str | None:
    """The name of the interviewer whose recorded address is in ``to`` (names allowed).

    An address one or two letters from exactly one interviewer's is taken as a
    typo for theirs (the checklist still fails it); when none matches, says so
    on stderr and returns None (the usual choice applies).
    """
    from email.utils import getaddresses

    from followup_tui.checks.base import edit_distance

    wanted = {address.strip().lower() for _, address in getaddresses([to]) if address.strip()}
    for person in interview.interviewers:
        if person.email.strip().lower() in wanted:
            return person.name
    near = [
        person
        for person in interview.interviewers
        if person.email.strip()
        and any(edit_distance(address, person.email.strip().lower()) <= 2 for address in wanted)
    ]
    if len(near) == 1:
        sys.stderr.write(
            f"followup: note: {to} is not a recorded address; taking it for {near[0].name} "
            f"({near[0].email}). Fix the address before sending.\n"
        )
        return near[0].name
    if interview.interviewers:
        sys.stderr.write(
            f"followup: note: no interviewer of {interview_id} has the address {to}; "
            "choose one with --interviewer NAME.\n"
        )
    return None
