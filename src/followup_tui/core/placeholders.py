"""What a template shows for a value that is not recorded: a visible ``[placeholder]``.

One table for the template renderer (drafting), the checklist (checks) and the
editor's status line (tui): the placeholder's text, what is missing and where
the user records it (``setup``: the profile in config.toml, ``interview``: the
add/edit form, ``earlier``: a previous email).
"""

from __future__ import annotations

import re
from dataclasses import dataclass


@dataclass(frozen=True)
class Missing:
    """A value a template needed and did not find."""

    variable: str  # "profile.name", "topic", ...
    text: str  # what the draft shows instead: "[your name]"
    what: str  # "your name"
    where: str  # "setup" | "interview" | "earlier"

    @property
    def advice(self) -> str:
        """Where to add the value, as the end of a sentence."""
        if self.where == "setup":
            return f"set {self.what} in the setup screen or under [profile] in config.toml"
        if self.where == "earlier":
            return "a reminder quotes an earlier email: send or mark the thank-you first"
        return f"add {self.what} to the interview (e on the list, or from the editor)"


_TABLE = [
    Missing("profile.name", "[your name]", "your name", "setup"),
    Missing("profile.signature", "[your name]", "your name", "setup"),
    Missing("profile.email", "[your email]", "your email address", "setup"),
    Missing("profile.phone", "[your phone number]", "your phone number", "setup"),
    Missing("interview.position", "[position title]", "the position", "interview"),
    Missing("interview.company", "[the company]", "the company", "interview"),
    Missing(
        "interview.initiative", "[the initiative they mentioned]", "the initiative", "interview"
    ),
    Missing("interview.location", "[the location]", "the location", "interview"),
    Missing("interview.date", "[the interview date]", "the interview date", "interview"),
    Missing("topic", "[a topic you discussed]", "a topic you discussed", "interview"),
    Missing("interview.topics", "[a topic you discussed]", "a topic you discussed", "interview"),
    Missing("interviewer.name", "[the interviewer's name]", "the interviewer's name", "interview"),
    Missing(
        "interviewer.first_name", "[the interviewer's name]", "the interviewer's name", "interview"
    ),
    Missing("interviewer.greet", "[the interviewer's name]", "the interviewer's name", "interview"),
    Missing("interviewer.topics", "[a topic you discussed]", "a topic you discussed", "interview"),
    Missing(
        "interviewer.title", "[the interviewer's title]", "the interviewer's title", "interview"
    ),
    Missing(
        "interviewer.email", "[the interviewer's email]", "the interviewer's email", "interview"
    ),
    Missing("previous.subject", "[the earlier email's subject]", "an earlier email", "earlier"),
    Missing("previous.date", "[the earlier email's date]", "an earlier email", "earlier"),
]
BY_VARIABLE = {item.variable: item for item in _TABLE}
BY_TEXT = {item.text: item for item in reversed(_TABLE)}
_PATTERN = re.compile("|".join(re.escape(text) for text in sorted(BY_TEXT, key=len, reverse=True)))


def missing_for(variable: str) -> Missing | None:
    """What ``variable`` (``profile.name``, ``topic``) stands for; None for unknown names."""
    return BY_VARIABLE.get(variable)


def placeholder(variable: str) -> str:
    """The text a draft shows for the missing ``variable``."""
    item = BY_VARIABLE.get(variable)
    return item.text if item is not None else f"[{variable}]"


def find_missing(text: str) -> list[tuple[Missing, int, int]]:
    """Every known placeholder in ``text`` with its span, in order."""
    return [(BY_TEXT[match.group()], *match.span()) for match in _PATTERN.finditer(text)]
