"""Offline English spelling, from pyspellchecker's word list, loaded once.

pyspellchecker's own constructor builds a frequency table that takes several
seconds; the checks only need "is this a word?" and, for the first unknown
word, a suggestion. So the bundled ``en.json.gz`` is read once (lazily, under
a lock; ``preload()`` can do it in a background thread) into a ``WordList``:
the 160,000 words sorted in one byte string, found by binary search. As a
dict they took several times more memory, more than the list of 10,000
interviews; as a ``WordList``, read piece by piece from the compressed file,
3.3 MB (4.3 MB while loading). A 300-word draft is still checked in about a
millisecond.
"""

from __future__ import annotations

import json
import re
import threading
import zlib
from array import array
from collections.abc import Iterable, Iterator
from importlib import resources

_LOCK = threading.Lock()
_WORDS: WordList | None = None
# One entry of en.json.gz, which holds one '"word": count' per line.
_ENTRY = re.compile(rb'"([^"\\]*)": ([0-9]+)')
_ESCAPED_ENTRY = re.compile(rb'"((?:[^"\\]|\\.)*)": ([0-9]+)')  # slower: only where needed
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


class SpellingUnavailable(Exception):  # noqa: N818 a state, not an error
    """The word list could not be read (pyspellchecker missing or broken)."""


class WordList:
    """Words and their frequencies, sorted in one byte string (UTF-8, in code point order)."""

    __slots__ = ("_blob", "_counts", "_starts")

    _blob: bytearray

    def __init__(self, entries: Iterable[tuple[bytes, int]]) -> None:
        """``entries``: (word, count) in strictly increasing order, else ValueError."""
        blob, starts, counts = bytearray(), array("I"), array("I")
        previous: bytes | None = None
        for word, count in entries:
            if previous is not None and word <= previous:
                raise ValueError("words out of order")
            starts.append(len(blob))
            blob += word
            counts.append(min(count, 0xFFFFFFFF))
            previous = word
        starts.append(len(blob))
        self._blob, self._starts, self._counts = blob, starts, counts  # never copied

    def __len__(self) -> int:
        return len(self._counts)

    def count(self, word: str) -> int:
        """How often ``word`` is used (its exact spelling); 0 when it is not a word."""
        key = word.encode("utf-8", "surrogatepass")
        blob, starts = self._blob, self._starts
        low, high = 0, len(self._counts)
        while low < high:
            middle = (low + high) // 2
            found = blob[starts[middle] : starts[middle + 1]]
            if found < key:
                low = middle + 1
            elif found > key:
                high = middle
            else:
                return self._counts[middle]
        return 0

    def __contains__(self, word: object) -> bool:
        return isinstance(word, str) and self.count(word) > 0


def _entries(chunks: Iterable[bytes]) -> Iterator[tuple[bytes, int]]:
    """(word, count) of each '"word": count' line of the word list's JSON.

    ``chunks`` are pieces of the text that end at line ends, so the whole
    text or a dict of it is never held (figures in docs/PERFORMANCE.md).
    """
    for chunk in chunks:
        if b"\\" not in chunk:
            for match in _ENTRY.finditer(chunk):
                yield match.group(1), int(match.group(2))
            continue
        for match in _ESCAPED_ENTRY.finditer(chunk):
            word = match.group(1)
            if b"\\" in word:  # a JSON escape: let json decode it
                word = json.loads(b'"' + word + b'"').encode("utf-8", "surrogatepass")
            yield word, int(match.group(2))


def _chunks(data: bytes, size: int = 1 << 14) -> Iterator[bytes]:
    """The gzip-compressed ``data`` decompressed, in pieces that end at line ends."""
    inflate = zlib.decompressobj(wbits=31)  # 31: a gzip header and trailer
    rest = b""
    for start in range(0, len(data), size):
        piece = rest + inflate.decompress(data[start : start + size])
        cut = piece.rfind(b"\n") + 1
        rest = piece[cut:]
        yield piece[:cut]
    yield rest + inflate.flush()
    if not inflate.eof:
        raise EOFError("the word list is cut short")


def _load() -> WordList:
    def chunks() -> Iterator[bytes]:
        data = resources.files("spellchecker").joinpath("resources", "en.json.gz").read_bytes()
        return _chunks(data)

    try:
        try:
            words = WordList(_entries(chunks()))
        except ValueError:  # not in order after all: sort them (more memory, once)
            words = WordList(sorted(_entries(chunks())))
    except (ModuleNotFoundError, OSError, EOFError, ValueError, zlib.error) as error:
        raise SpellingUnavailable(
            f"The English word list could not be loaded ({error}); "
            "reinstall followup-tui to restore pyspellchecker."
        ) from None
    if len(words) < 1000:
        raise SpellingUnavailable("The English word list is damaged; reinstall pyspellchecker.")
    return words


def word_list() -> WordList:
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


def frequency(word: str) -> int:
    """How often ``word`` (lower case) is used in English; 0 when it is not a word."""
    return word_list().count(word) or (1 if word in EXTRA_WORDS else 0)


def is_known(word: str) -> bool:
    """True for an English word (any case; straight or curly apostrophe)."""
    lowered = word.lower().replace("’", "'")
    if frequency(lowered):
        return True
    for suffix in ("'s", "s'"):
        if lowered.endswith(suffix) and frequency(lowered[: -len(suffix)]):
            return True
    return False


def suggest(word: str) -> str | None:
    """The likeliest English word one edit away, or None.

    A typo more often drops or swaps a letter than adds one, so words at least
    as long as the typo come first ("enjoyd" -> "enjoyed", not "enjoy"), then
    the most frequent of them.
    """
    lowered = word.lower()
    splits = [(lowered[:i], lowered[i:]) for i in range(len(lowered) + 1)]
    candidates = {left + right[1:] for left, right in splits if right}
    candidates |= {
        left + right[1] + right[0] + right[2:] for left, right in splits if len(right) > 1
    }
    candidates |= {left + c + right[1:] for left, right in splits if right for c in LETTERS}
    candidates |= {left + c + right for left, right in splits for c in LETTERS}
    found = [
        (len(candidate) >= len(lowered), count, candidate)
        for candidate in candidates
        if (count := frequency(candidate))
    ]
    return max(found)[2] if found else None
