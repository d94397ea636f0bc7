"""Template slots left in a draft: ``[Company Name]``, ``{{ topic }}``, ``<specific topic>``.

Each is found and quoted whole. A citation (``[1]``, ``[2, 3]``), a link or a
named address (``<dana@acme.example>``) is not a slot.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from followup_tui.checks.base import Finding

# Slot names from the guide's own example and the usual templates, as plain words.
SLOT_WORDS = (
    r"your name|position name|job title|interviewer['’]?s name|hiring manager['’]?s name|"
    r"company name|specific topic|specific company initiative(?: or project)?|"
    r"reason why this role is a good fit for you|reason why this role|insert [a-z ]+"
)
SLOT = re.compile(
    r"\{\{.*?\}\}|\{%.*?%\}|\{\{|\}\}|\{[A-Za-z_][\w .]*\}"  # Jinja and format-string slots
    r"|\[[^\]\[\n]*[A-Za-z][^\]\[\n]*\]"  # [words]; [1] and [2, 3] have no letter
    r"|<(?![^<>\n]*@)[A-Za-z][^<>\n]{0,40}>"  # <words>, not <name@address>
    rf"|\b(?:{SLOT_WORDS})\b"
    r"|\b(?:TODO|TBD|XXX+|FIXME)\b",
    re.IGNORECASE,
)
NOT_SLOTS = re.compile(r"^\[(?:sic|cc|bcc|pdf|link|attached|attachment)\]$", re.I)


def placeholders(field: str, text: str) -> Iterator[Finding]:
    """Every slot in ``text``, quoted whole."""
    for match in SLOT.finditer(text):
        found = match.group()
        if NOT_SLOTS.match(found):
            continue
        if found.isupper() is False and found.lower() in ("todo", "tbd", "fixme"):
            continue  # "todo" in lower case is an ordinary word
        yield Finding(
            "placeholder",
            found,
            field,
            match.start(),
            match.end(),
            "fill it in or remove it",
        )
