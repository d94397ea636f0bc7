"""Whether a typed email address can be one: checked where it is typed, in one place.

Deliberately simple (the mail server has the last word): one ``@``, something
before it, a domain with a dot after it, no spaces or angle brackets.
"""

from __future__ import annotations


def email_problem(address: str) -> str:
    """One sentence saying what is wrong with ``address`` ("" when it looks right)."""
    text = address.strip()
    if not text:
        return ""
    example = "use name@example.com"
    if any(char.isspace() for char in text) or any(char in text for char in "<>,;"):
        return f"{text!r} is not one email address (no spaces, commas or <>); {example}."
    local, at, domain = text.rpartition("@")
    if not at or not local:
        return f"{text!r} is missing the part before the @; {example}."
    if "@" in local:
        return f"{text!r} has more than one @; {example}."
    labels = domain.split(".")
    if not domain or len(labels) < 2 or not all(labels):
        return f"{text!r} needs a domain after the @, like example.com; {example}."
    return ""
