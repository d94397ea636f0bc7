"""Proofreading: every unfilled placeholder, doubled word, misspelling and double space.

Names are never "misspelt": the company, the people (with their greeting
names and topics), the position, the topics and the user's own dictionary
(``<home>/dictionary.txt``) are all known, possessives and either apostrophe
included. Only a likely typo fails; a word the dictionary does not know but
that is not close to a common one is a warning the user can add to the dictionary.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import replace

from followup_tui.checks import dictionary, spelling
from followup_tui.checks.base import CheckResult, DraftInput, Finding, Status, straight, words
from followup_tui.checks.placeholders import placeholders
from followup_tui.core.placeholders import BY_TEXT

TITLE = "Proofread"
DOUBLED = re.compile(r"\b([^\W\d_]+)\s+\1\b", re.I)
DOUBLE_SPACE = re.compile(r"(?<=\S)  +(?=\S)")
SKIP = re.compile(r"\S+@\S+|https?://\S+|www\.\S+")
SENTENCE_START = re.compile(r"(?:^|[.!?:]\s+|\n\s*)$")
# Doubled on purpose: "that that", "had had".
DOUBLE_OK = frozenset({"that", "had", "is", "do", "very", "bye"})


def recorded_words(draft: DraftInput) -> set[str]:
    """Lower-case words (apostrophes straight) that are right whatever the dictionary says."""
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
        sources += [person.name, person.title, person.greet, *person.topics]
    found = {straight(match.group()).lower() for text in sources for match in words(text)}
    return found | {straight(word).lower() for word in draft.dictionary}


def _fields(draft: DraftInput) -> list[tuple[str, str]]:
    return [("subject", draft.followup.subject), ("body", draft.followup.body)]


def _without_possessive(word: str) -> str:
    for ending in ("'s", "s'", "'"):
        if word.endswith(ending):
            return word[: -len(ending)] + ("s" if ending == "s'" else "")
    return word


def spelling_findings(draft: DraftInput) -> Iterator[Finding]:
    """A finding for every word that is a likely typo (fail) or simply unknown (warn)."""
    known = recorded_words(draft)
    for name, text in _fields(draft):
        masked = SKIP.sub(lambda match: " " * len(match.group()), text)
        for match in words(masked):
            word = match.group()
            lowered = straight(word).lower()
            if any(char.isdigit() for char in word) or len(word) < 2:
                continue
            if word.isupper() and len(word) <= 6:
                continue  # acronyms: API, SRE, HACCP
            if lowered in known or _without_possessive(lowered) in known:
                continue
            verdict = dictionary.classify(lowered, draft.spelling)
            if verdict.status == "ok":
                continue
            at = (name, match.start(), match.end())
            if verdict.status == "variant":
                yield Finding(
                    "spelling-variant",
                    word,
                    *at,
                    f"'{verdict.suggestion}' ({draft.spelling})",
                    Status.WARN,
                )
                continue
            mid_sentence = not SENTENCE_START.search(masked[: match.start()])
            name_like = word[:1].isupper() and mid_sentence or not word[1:].islower()
            if verdict.status == "typo" and not (
                name_like and lowered not in dictionary.misspellings()
            ):
                yield Finding("spelling", word, *at, verdict.suggestion, Status.FAIL)
            else:
                yield Finding(
                    "unknown-word",
                    word,
                    *at,
                    "not in the dictionary; if it is right, add it to dictionary.txt",
                    Status.WARN,
                    "add-to-dictionary",
                )


def _recorded_value(finding: Finding) -> Finding:
    """A placeholder for a value not recorded yet says where to record it."""
    missing = BY_TEXT.get(finding.text)
    return finding if missing is None else replace(finding, suggestion=missing.advice)


def findings(draft: DraftInput) -> list[Finding]:
    """Every proofreading finding, in the order of the text, subject first."""
    found: list[Finding] = []
    for name, text in _fields(draft):
        found += [_recorded_value(item) for item in placeholders(name, text)]
        for match in DOUBLED.finditer(text):
            if match.group(1).lower() not in DOUBLE_OK:
                found.append(
                    Finding("doubled-word", match.group(), name, *match.span(), match.group(1))
                )
        for match in DOUBLE_SPACE.finditer(text):
            found.append(
                Finding(
                    "double-space", match.group(), name, *match.span(), "one space", Status.WARN
                )
            )
    found += spelling_findings(draft)
    order = {"subject": 0, "body": 1}
    return sorted(found, key=lambda item: (order.get(item.field or "", 2), item.start or 0))


def check_proofread(draft: DraftInput) -> CheckResult:
    """All proofreading problems; the verdict is the worst of them."""
    try:
        found = findings(draft)
    except spelling.SpellingUnavailable as error:
        return CheckResult("proofread", TITLE, Status.WARN, str(error))
    if not found:
        return CheckResult(
            "proofread", TITLE, Status.PASS, "No typos, placeholders or doubled words."
        )
    fails = [item for item in found if item.status is Status.FAIL]
    first = fails[0] if fails else found[0]
    count = len(found)
    others = f" and {count - 1} more, listed below" if count > 1 else ""
    return CheckResult(
        "proofread",
        TITLE,
        Status.FAIL if fails else Status.WARN,
        f"{describe(first)}{others}.",
        first.field,
        first.start,
        first.end,
        findings=tuple(found),
    )


def describe(finding: Finding) -> str:
    """One short sentence for a proofreading finding."""
    quoted = f"'{finding.text}'"
    missing = BY_TEXT.get(finding.text)
    if finding.kind == "placeholder" and missing is not None:
        where = f" in the {finding.field}" if finding.field else ""
        return f"{finding.text}{where}: {missing.what} is not recorded; {missing.advice}"
    if finding.kind == "placeholder":
        return f"Fill in the placeholder {quoted}"
    if finding.kind == "doubled-word":
        return f"{quoted}: a word written twice"
    if finding.kind == "spelling":
        return f"{quoted} looks misspelt (did you mean '{finding.suggestion}'?)"
    if finding.kind == "spelling-variant":
        return f"{quoted} is the other spelling; you chose {finding.suggestion}"
    if finding.kind == "unknown-word":
        return f"{quoted} is not in the dictionary; add it if it is right"
    return f"Double space before {quoted.strip()}" if finding.kind == "double-space" else quoted
