"""Which words are right: English, its British and American variants, tech words.

The English list (``spelling.py``, from pyspellchecker) is American. British
forms are recognised by the regular suffix differences (-ise/-ize, -our/-or,
-re/-er, -mme/-m, -yse/-yze, -ogue/-og, -ence/-ense, -lled/-led, ae/oe) plus
the pairs in ``words/variants.txt``; neither is ever "corrected" into the
other. ``words/technical.txt`` adds the vocabulary of engineering talk and
``words/misspellings.txt`` the common misspellings that always fail.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache, lru_cache
from importlib import resources

from followup_tui.checks import spelling

SETTINGS = ("both", "en_GB", "en_US")
# A word one edit away from a word at least this frequent is a typo, not a rare word.
COMMON = 2000
# British ending -> American ending, tried one at a time on an unknown word.
SUFFIXES: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(pattern), replacement)
    for pattern, replacement in (
        (r"is(e|es|ed|ing|er|ers|ation|ations|able)$", r"iz\1"),
        (r"ys(e|es|ed|ing|er|ers)$", r"yz\1"),
        (r"our(s|ed|ing|ite|ites|able|ably|er|ers|ful|less|ism|ist)?$", r"or\1"),
        (r"([tbrv])re(s|d)?$", r"\1er\2"),
        (r"mme(s)?$", r"m\1"),
        (r"ogue(s)?$", r"og\1"),
        (r"ence(s)?$", r"ense\1"),
        (r"ll(ed|ing|er|ers)$", r"l\1"),
        (r"ement(s)?$", r"ment\1"),
    )
)
DIGRAPHS = (("ae", "e"), ("oe", "e"))


@dataclass(frozen=True)
class Verdict:
    """What the dictionary says of one word: fine, a typo, unknown or the other variant."""

    status: str  # "ok", "typo", "unknown", "variant"
    suggestion: str = ""


def _lines(name: str) -> Iterator[list[str]]:
    text = resources.files("followup_tui.checks").joinpath("words", name).read_text("utf-8")
    for line in text.splitlines():
        content = line.split("#", 1)[0].split()
        if content:
            yield content


@cache
def technical() -> frozenset[str]:
    """The shipped technical vocabulary, lower case."""
    return frozenset(word.lower() for line in _lines("technical.txt") for word in line)


@cache
def misspellings() -> dict[str, str]:
    """Common misspelling -> its correction."""
    return {line[0]: " ".join(line[1:]) for line in _lines("misspellings.txt") if len(line) > 1}


@cache
def british_to_american() -> dict[str, str]:
    """The listed British -> American pairs."""
    return {line[0]: line[1] for line in _lines("variants.txt") if len(line) == 2}


@cache
def american_to_british() -> dict[str, str]:
    """The listed American -> British pairs."""
    return {american: british for british, american in british_to_american().items()}


def _base(word: str) -> str:
    """``word`` without a possessive or plural possessive ending."""
    for ending in ("'s", "s'"):
        if word.endswith(ending) and len(word) > len(ending) + 1:
            return word[: -len(ending)] + ("s" if ending == "s'" else "")
    return word


def _known(word: str) -> bool:
    return bool(spelling.frequency(word)) or word in technical()


def american_of(word: str) -> str | None:
    """The American spelling of a British ``word`` (lower case), or None when it is not one."""
    listed = british_to_american().get(word)
    if listed is not None:
        return listed
    for pattern, replacement in SUFFIXES:
        candidate = pattern.sub(replacement, word, count=1)
        if candidate != word and _known(candidate):
            return candidate
    for british, american in DIGRAPHS:
        if british in word:
            candidate = word.replace(british, american)
            if _known(candidate):
                return candidate
    return None


@lru_cache(maxsize=4096)
def classify(word: str, setting: str = "both") -> Verdict:
    """The dictionary's verdict on one lower-case word (apostrophes straight).

    Cached: the live checklist checks the same words again at every pause in
    typing, and a suggestion for an unknown word costs a few milliseconds.
    """
    word = _base(word)
    if word in misspellings():
        return Verdict("typo", misspellings()[word])
    if _known(word):
        british = american_to_british().get(word)
        if setting == "en_GB" and british is not None:
            return Verdict("variant", british)
        return Verdict("ok")
    american = american_of(word)
    if american is not None:
        if setting == "en_US":
            return Verdict("variant", american)
        return Verdict("ok")
    for ending in ("s", "es", "ed", "ing", "ly"):  # plurals and forms of technical words
        if word.endswith(ending) and word[: -len(ending)] in technical():
            return Verdict("ok")
    hint = spelling.suggest(word)
    if hint is not None and spelling.frequency(hint) >= COMMON:
        return Verdict("typo", hint)
    return Verdict("unknown", hint or "")
