"""Greeting names: who a greeting line names, whatever the order of the name's parts.

A greeting is right when it uses the interviewer's recorded greeting name
(``greet``), the full name, any single part of it, or an honorific with a
part ("Ms O’Brien", "Dr Adeyemi"); curly and straight apostrophes are the same.
No part is assumed to be the given name: many names put the family name first.
"""

from __future__ import annotations

import re

from followup_tui.checks.base import contains_word, straight
from followup_tui.core.model import Interviewer


def parts(name: str) -> list[str]:
    """The parts of a name worth looking for ("Nguyễn", "Văn", "Minh"); hyphens kept."""
    return [part for part in re.split(r"[\s.,]+", straight(name)) if len(part) > 1]


def accepted(person: Interviewer) -> list[str]:
    """Every form of the name a greeting may use, longest first."""
    forms = [person.greet.strip(), person.name.strip(), *parts(person.name)]
    unique = list(dict.fromkeys(straight(form) for form in forms if form))
    return sorted(unique, key=len, reverse=True)


def greeted_as(greeting: str, person: Interviewer) -> str | None:
    """The form of ``person``'s name that ``greeting`` uses, or None."""
    for form in accepted(person):
        match = contains_word(greeting, form)
        if match is not None:
            return greeting[match.start() : match.end()]
    return None


def greets_other(
    greeting: str, person: Interviewer, others: list[Interviewer]
) -> Interviewer | None:
    """Another interviewer whom ``greeting`` names (a part they do not share with ``person``)."""
    own = {form.lower() for form in accepted(person)}
    for other in others:
        if other.name == person.name:
            continue
        for form in accepted(other):
            if form.lower() not in own and contains_word(greeting, form):
                return other
    return None


def suggestion(person: Interviewer) -> str:
    """The greeting to propose: the recorded greeting name, else the full name."""
    return f"Dear {person.greeting_name},"


def proposed_greet(name: str) -> str:
    """What the form proposes as the greeting name: the name's first part.

    Only a proposal the user confirms or changes: for family-name-first names
    ("Nguyễn Văn Minh") the user types the given name.
    """
    found = parts(name)
    return found[0] if found else name.strip()
