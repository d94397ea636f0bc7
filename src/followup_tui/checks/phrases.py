"""Phrase sets for interest and gratitude: wide, tolerant of one typo, negation-aware.

"I am no longer interested" is not interest, "I couldn't be more excited" is;
"intrested" and "thnak you" still count, but a real word one letter away
("think") never does.
"""

from __future__ import annotations

import re

from followup_tui.checks import spelling
from followup_tui.checks.base import straight, within_one_edit, words

INTEREST = re.compile(
    r"\b(?:interest(?:ed)?|enthusias\w*|excit(?:ed|es|ing)|eager\w*|keen|passionate|"
    r"motivated|thrilled|delighted to|(?:would|'d) love to|(?:first|top) choice|"
    r"look(?:ing)? forward to (?:joining|working|contributing|being part)|"
    r"(?:wish|want|hope|like) to (?:join|work|be part|contribute)|"
    r"would welcome the (?:chance|opportunity)|"
    r"would be (?:glad|happy|delighted|thrilled|excited|proud|honou?red) to "
    r"(?:join|contribute|work|be part|help|bring)|"
    r"appeals? to me|(?:really|very much) (?:want|like) (?:to|the))\b",
    re.IGNORECASE,
)
INTEREST_WORDS = (
    "interested",
    "enthusiastic",
    "enthusiasm",
    "excited",
    "passionate",
    "motivated",
    "thrilled",
    "delighted",
)
WITHDRAWN = re.compile(
    r"\b(?:withdraw(?:ing)? (?:my|from)|accepted (?:another|a different|an?) (?:offer|position|"
    r"role|job)|no longer (?:interested|pursuing|available|looking)|not (?:be )?pursu\w+|"
    r"decided (?:not to|against)|remove me from|(?:is|isn't|is not) (?:the )?right fit for me)\b",
    re.IGNORECASE,
)
THANKS = re.compile(
    r"\b(?:thank|thanks|thankful|grateful|gratitude|appreciat\w*|obliged|cheers for)\b", re.I
)
THANKS_WORDS = (
    "thank",
    "thanks",
    "thankful",
    "grateful",
    "gratitude",
    "appreciate",
    "appreciated",
    "appreciation",
    "appreciative",
)
CONTRIBUTE = re.compile(
    r"\b(?:contribut\w*|bring(?:ing)?|help(?:ing)?|apply(?:ing)? my|put(?:ting)? my|"
    r"add value|build(?:ing)?|support(?:ing)?|be of use|be part of|work(?:ing)? on|"
    r"make an impact|hit the ground running)\b",
    re.IGNORECASE,
)
NEGATED = re.compile(
    r"(?:\bnot|\bnever|\bno longer|n't|\bnor|\bhardly|\blonger)\s+(?:[\w'’]+\s+){0,2}$", re.I
)
INTENSIFIER = re.compile(r"(?:n't|not|never)\s+(?:have\s+)?(?:be|been)\s+more\s+$", re.I)


def _negated(text: str, start: int) -> bool:
    clause = re.split(r"[.!?;\n]|\bbut\b", straight(text[:start]))[-1]
    return bool(NEGATED.search(clause)) and not INTENSIFIER.search(clause)


def _fuzzy(text: str, wanted: tuple[str, ...]) -> re.Match[str] | None:
    """A word of ``text`` one typo away from one of ``wanted`` that is not itself a word."""
    for match in words(text):
        word = match.group().lower()
        if len(word) < 5 or spelling.frequency(word):
            continue
        if any(within_one_edit(word, target) for target in wanted):
            return match
    return None


def find_interest(text: str) -> tuple[bool, re.Match[str] | None]:
    """(withdrawn, the first un-negated phrase of interest or None)."""
    withdrawn = WITHDRAWN.search(straight(text))
    if withdrawn is not None:
        return True, withdrawn
    for match in INTEREST.finditer(text):
        if not _negated(text, match.start()):
            return False, match
    fuzzy = _fuzzy(text, INTEREST_WORDS)
    if fuzzy is not None and not _negated(text, fuzzy.start()):
        return False, fuzzy
    return False, None


def find_thanks(text: str) -> re.Match[str] | None:
    """The first un-negated thanks in ``text`` (one typo allowed), or None."""
    for match in THANKS.finditer(text):
        if not _negated(text, match.start()):
            return match
    return _fuzzy(text, THANKS_WORDS)


def find_contribution(text: str) -> re.Match[str] | None:
    """How the writer would contribute, or None."""
    return CONTRIBUTE.search(text)
