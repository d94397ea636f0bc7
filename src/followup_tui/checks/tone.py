"""Professional tone: no emoji, no "!!", no SHOUTING, no slang, no pleading.

The guide asks for the same professionalism as in the interview itself; these
are the common slips that undo it, each found with its place in the draft.
"""

from __future__ import annotations

import re

from followup_tui.checks import dictionary, spelling
from followup_tui.checks.base import CheckResult, DraftInput, Status, first_line_span, keywords

EMOJI = re.compile(
    "[\U0001f000-\U0001faff\u2600-\u27bf\u2b00-\u2bff\ufe0f]|(?<!\\w)[:;]-?[)(DPp](?!\\w)"
)
EXCLAIM = re.compile(r"[!?]*![!?]*!|!\?|\?!")
SHOUT = re.compile(r"\b[A-Z]{4,}\b")
SLANG = re.compile(
    r"\b(gonna|wanna|gotta|kinda|sorta|lol|omg|btw|thx|pls|plz|dude|awesome sauce|"
    r"cheers mate|ya|yeah|yep|nope|cool beans|super psyched|stoked)\b",
    re.I,
)
FAMILIAR_OPENING = re.compile(r"^\s*(hey|yo|hiya|sup|what'?s up|howdy|hi there)\b", re.I)
PLEADING = re.compile(
    r"\b(beg(?:ging)?|desperate(?:ly)?|i really need (?:this|the) job|please hire me|"
    r"please,? please|give me a chance|anything to get|i need this job|"
    r"please (?:just )?(?:reply|respond|answer))\b",
    re.I,
)


def _fail(reason: str, start: int, end: int) -> CheckResult:
    return CheckResult("tone", "Professional tone", Status.FAIL, reason, "body", start, end)


def check_tone(draft: DraftInput) -> CheckResult:
    """The first tone problem in the body (the reason says what to change)."""
    body = draft.followup.body
    start, end = first_line_span(body)
    opening = FAMILIAR_OPENING.match(body[start:end])
    if opening:
        word = opening.group(1)
        return _fail(
            f"'{word}' is too familiar; open with 'Dear' and their name.",
            start + opening.start(1),
            start + opening.end(1),
        )
    found = EMOJI.search(body)
    if found:
        return _fail("Remove the emoji; keep it as formal as the interview.", *found.span())
    found = EXCLAIM.search(body)
    if found:
        return _fail("Use one '!' at most, never '!!'.", *found.span())
    allowed = _known_capitals(draft)
    for found in SHOUT.finditer(body):
        if _shouted(found.group(), allowed):
            return _fail(
                f"'{found.group()}' reads as shouting; write it in lower case.", *found.span()
            )
    found = SLANG.search(body)
    if found:
        return _fail(f"'{found.group()}' is slang; use plain formal words.", *found.span())
    found = PLEADING.search(body)
    if found:
        return _fail(
            f"'{found.group()}' sounds like pleading; state your interest calmly.", *found.span()
        )
    if body.count("!") > 1:
        index = body.find("!")
        return CheckResult(
            "tone",
            "Professional tone",
            Status.WARN,
            f"{body.count('!')} exclamation marks; keep one at most.",
            "body",
            index,
            index + 1,
        )
    return CheckResult("tone", "Professional tone", Status.PASS, "Polite and professional.")


def _shouted(word: str, allowed: set[str]) -> bool:
    """An ordinary English word in capitals ("URGENT"), not an acronym ("RTOS", "HACCP")."""
    lowered = word.lower()
    if lowered in allowed or lowered in dictionary.technical():
        return False
    try:
        return spelling.frequency(lowered) >= dictionary.COMMON
    except spelling.SpellingUnavailable:
        return True


def _known_capitals(draft: DraftInput) -> set[str]:
    """Acronyms from the interview itself (company, topics) are not shouting."""
    interview = draft.interview
    text = " ".join(
        [interview.company, interview.position, interview.initiative, *interview.topics]
    )
    found = {match.lower() for match in re.findall(r"[A-Za-z0-9]+", text)}
    return found | {word for word in keywords(text)} | set(draft.dictionary)
