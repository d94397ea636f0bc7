"""Proofreading: unfilled placeholders, doubled words, spelling, doubled spaces.

Names are never "misspelt": the company, the people, the position, the topics
and the user's own dictionary (``<home>/dictionary.txt``) are all accepted.
"""

from __future__ import annotations

import re

from followup_tui.checks import spelling
from followup_tui.checks.base import CheckResult, DraftInput, Status, words
from followup_tui.core.placeholders import find_missing

TITLE = "Proofread"
# Left over from templates and from the guide's own example.
PLACEHOLDERS = re.compile(
    r"position name|your name|interviewer['’]?s name|company name|specific topic|"
    r"specific company initiative|reason why this role|\{\{|\}\}|\{%|\[|\bTODO\b|\bXXX\b|"
    r"<(?:name|position|company)>",
    re.I,
)
DOUBLED = re.compile(r"\b([A-Za-z]+)\s+\1\b", re.I)
DOUBLE_SPACE = re.compile(r"(?<=\S)  +(?=\S)")
SKIP = re.compile(r"\S+@\S+|https?://\S+|www\.\S+")
FIELDS = ("subject", "body")


def ignored_words(draft: DraftInput) -> set[str]:
    """Lower-case words that are right whatever the dictionary says."""
    interview = draft.interview
    sources = [
        interview.company,
        interview.position,
        interview.initiative,
        interview.location,
        *interview.topics,
        draft.profile.name,
        draft.profile.signature,
        draft.followup.interviewer,
    ]
    for person in interview.interviewers:
        sources += [person.name, person.title]
    found = {match.group().lower() for text in sources for match in words(text)}
    return found | {word.lower() for word in draft.dictionary}


def _fields(draft: DraftInput) -> list[tuple[str, str]]:
    return [("subject", draft.followup.subject), ("body", draft.followup.body)]


def misspellings(draft: DraftInput) -> list[tuple[str, int, int]]:
    """(field, start, end) of every word the English list does not know."""
    ignored = ignored_words(draft)
    found = []
    for name, text in _fields(draft):
        masked = SKIP.sub(lambda match: " " * len(match.group()), text)
        for match in words(masked):
            word = match.group()
            if any(char.isdigit() for char in word) or len(word) < 2:
                continue
            if word.isupper() and len(word) <= 5:
                continue  # acronyms: API, SRE, ETL
            if word.lower().replace("’", "'") in ignored or word.lower() in ignored:
                continue
            if not spelling.is_known(word):
                found.append((name, match.start(), match.end()))
    return found


def check_proofread(draft: DraftInput) -> CheckResult:
    """The first proofreading problem, most serious first."""
    for name, text in _fields(draft):
        for item, start, end in find_missing(text):
            return CheckResult(
                "proofread",
                TITLE,
                Status.FAIL,
                f"{item.text} in the {name}: {item.what} is not recorded; {item.advice}.",
                name,
                start,
                end,
            )
    for name, text in _fields(draft):
        match = PLACEHOLDERS.search(text)
        if match:
            return CheckResult(
                "proofread",
                TITLE,
                Status.FAIL,
                f"Fill in the placeholder '{match.group()}' left in the {name}.",
                name,
                *match.span(),
            )
    for name, text in _fields(draft):
        match = DOUBLED.search(text)
        if match:
            return CheckResult(
                "proofread",
                TITLE,
                Status.FAIL,
                f"'{match.group(1)}' is written twice in a row in the {name}.",
                name,
                *match.span(),
            )
    try:
        wrong = misspellings(draft)
    except spelling.SpellingUnavailable as error:
        return CheckResult("proofread", TITLE, Status.WARN, str(error))
    if wrong:
        name, start, end = wrong[0]
        word = dict(_fields(draft))[name][start:end]
        hint = spelling.suggest(word)
        advice = f" (did you mean '{hint}'?)" if hint else ""
        more = f" {len(wrong) - 1} more." if len(wrong) > 1 else ""
        return CheckResult(
            "proofread",
            TITLE,
            Status.FAIL,
            f"'{word}' looks misspelt{advice}; if it is right, add it to dictionary.txt.{more}",
            name,
            start,
            end,
        )
    for name, text in _fields(draft):
        match = DOUBLE_SPACE.search(text)
        if match:
            return CheckResult(
                "proofread",
                TITLE,
                Status.WARN,
                f"Double space in the {name}; use one.",
                name,
                *match.span(),
            )
    return CheckResult("proofread", TITLE, Status.PASS, "No typos, placeholders or doubled words.")
