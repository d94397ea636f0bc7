"""Offline English spelling, from pyspellchecker's word list, loaded once.

pyspellchecker's own constructor builds a frequency table that takes several
seconds; the checks only need "is this a word?" and, for the first unknown
word, a suggestion. So the bundled ``en.json.gz`` is read once into a dict
(lazily, under a lock; ``preload()`` can do it in a background thread) and
lookups are set membership: a 300-word draft takes well under a millisecond.
"""

from __future__ import annotations

import gzip
import json
import threading
from importlib import resources

_LOCK = threading.Lock()
_WORDS: dict[str, int] | None = None
LETTERS = "abcdefghijklmnopqrstuvwxyz'"
# Everyday workplace and tech words the general English list lacks.
EXTRA_WORDS = frozenset(
    """
    backend backends frontend frontends fullstack devops onboarding offboarding repo repos
    github gitlab kubernetes linkedin api apis workflow workflows codebase codebases dataset
    datasets microservice microservices hackathon golang sql postgres postgresql mysql aws
    saas ui ux analytics roadmap roadmaps toolchain cybersecurity blockchain fintech runtime
    runtimes async middleware webinar webinars dev devs upskilling hybrid onsite offsite
    stakeholder stakeholders scrum kanban agile sprint sprints standup standups
    """.split()
)


class SpellingUnavailable(Exception):
    """The word list could not be read (pyspellchecker missing or broken)."""


def _load() -> dict[str, int]:
    try:
        data = resources.files("spellchecker").joinpath("resources", "en.json.gz").read_bytes()
        frequencies = json.loads(gzip.decompress(data).decode("utf-8"))
    except (ModuleNotFoundError, OSError, ValueError) as error:
        raise SpellingUnavailable(
            f"The English word list could not be loaded ({error}); "
            "reinstall followup-tui to restore pyspellchecker."
        ) from None
    if not isinstance(frequencies, dict):
        raise SpellingUnavailable("The English word list is damaged; reinstall pyspellchecker.")
    words = {str(word): int(count) for word, count in frequencies.items()}
    for word in EXTRA_WORDS:
        words.setdefault(word, 1)
    return words


def word_list() -> dict[str, int]:
    """The English words and their frequencies (loaded on first use, then cached)."""
    global _WORDS
    if _WORDS is None:
        with _LOCK:
            if _WORDS is None:
                _WORDS = _load()
    return _WORDS


def preload() -> None:
    """Load the word list now (call from a worker thread so the first check is instant)."""
    word_list()


def is_known(word: str) -> bool:
    """True for an English word (any case; straight or curly apostrophe)."""
    known = word_list()
    lowered = word.lower().replace("’", "'")
    if lowered in known:
        return True
    for suffix in ("'s", "s'"):
        if lowered.endswith(suffix) and lowered[: -len(suffix)] in known:
            return True
    return False


def suggest(word: str) -> str | None:
    """The most frequent English word one edit away, or None."""
    known = word_list()
    lowered = word.lower()
    splits = [(lowered[:i], lowered[i:]) for i in range(len(lowered) + 1)]
    candidates = {left + right[1:] for left, right in splits if right}
    candidates |= {
        left + right[1] + right[0] + right[2:] for left, right in splits if len(right) > 1
    }
    candidates |= {left + c + right[1:] for left, right in splits if right for c in LETTERS}
    candidates |= {left + c + right for left, right in splits for c in LETTERS}
    found = [candidate for candidate in candidates if candidate in known]
    if not found:
        return None
    return max(found, key=lambda candidate: (known[candidate], candidate))
