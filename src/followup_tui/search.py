"""The list's filter: which interviews match the words typed, fast enough for every key.

Pure (no Textual): the list screen owns one ListFilter and asks it for the
rows to show each time the filter box or the closed toggle changes.
"""

from __future__ import annotations

from collections.abc import Sequence

from followup_tui.model import Interview
from followup_tui.schedule import NextAction, State

Pairs = list[tuple[Interview, NextAction]]


def haystack(interview: Interview) -> str:
    """What the filter searches: company, position, topics and people, casefolded."""
    return " ".join(
        [interview.company, interview.position, *interview.topics]
        + [person.name for person in interview.interviewers]
    ).casefold()


def query_words(text: str) -> tuple[str, ...]:
    """The filter box's text as the words every match must contain."""
    return tuple(text.casefold().split())


def narrows(before: tuple[str, ...], after: tuple[str, ...]) -> bool:
    """Whether everything ``after`` matches also matches ``before``.

    True when each word of ``before`` is part of some word of ``after``
    ("z" then "zz", "acme" then "acme eng").
    """
    return all(any(old in new for new in after) for old in before)


class Prepared:
    """Search texts worked out ahead, in the order of the pairs they belong to."""

    __slots__ = ("pairs", "texts")

    def __init__(self, pairs: Pairs, texts: list[str]) -> None:
        self.pairs = pairs
        self.texts = texts


def prepare(pairs: Pairs) -> Prepared:
    """Work out the search texts of ``pairs`` ahead, on any thread.

    The loading thread does this for a big home, so the first filter key does
    not work out 10,000 search texts on the UI thread (49 ms here).
    """
    return Prepared(pairs, [haystack(item) for item, _ in pairs])


class ListFilter:
    """Keeps each interview's search text, and the last result to narrow from.

    At 10,000 interviews every filter key used to look up and search every
    interview's text; now a key that narrows the filter searches only what
    the last key left, in a list of texts kept in the schedule's order.
    Interviews are never changed in place (a save replaces the object), so a
    text is kept for as long as its interview object is the one listed.
    """

    def __init__(self) -> None:
        self._texts: dict[str, tuple[Interview, str]] = {}
        self._ordered: tuple[Pairs, list[str]] | None = None
        # (pairs, show_closed, words, rows shown) of the last call.
        self._last: tuple[Pairs, bool, tuple[str, ...], Sequence[int]] | None = None

    def adopt(self, prepared: Prepared) -> None:
        """Keep texts worked out by ``prepare`` (on the thread that owns this filter)."""
        for (item, _), text in zip(prepared.pairs, prepared.texts, strict=True):
            self._texts[item.id] = (item, text)
        self._ordered = (prepared.pairs, prepared.texts)

    def clear(self) -> None:
        """Forget every kept text (a full reload replaced every interview)."""
        self._texts.clear()
        self._ordered = None
        self._last = None

    def text_of(self, interview: Interview) -> str:
        """The interview's search text, worked out once per interview object."""
        known = self._texts.get(interview.id)
        if known is None or known[0] is not interview:
            known = self._texts[interview.id] = (interview, haystack(interview))
        return known[1]

    def apply(self, pairs: Pairs, words: tuple[str, ...], show_closed: bool) -> Pairs:
        """Of ``pairs``, in order: closed ones only with ``show_closed``, then the words."""
        if not words and show_closed:
            return list(pairs)
        last = self._last
        rows: Sequence[int]
        if (
            last is not None
            and last[0] is pairs
            and last[1] == show_closed
            and narrows(last[2], words)
        ):
            rows = last[3]  # every row these words can match is among those
        elif show_closed:
            rows = range(len(pairs))
        else:
            rows = [i for i, (_, action) in enumerate(pairs) if action.state != State.CLOSED]
        if words:
            texts = self._texts_in_order(pairs)
            for word in words:
                rows = [i for i in rows if word in texts[i]]
        self._last = (pairs, show_closed, words, rows)
        return [pairs[i] for i in rows]

    def _texts_in_order(self, pairs: Pairs) -> list[str]:
        if self._ordered is None or self._ordered[0] is not pairs:
            self._ordered = (pairs, [self.text_of(item) for item, _ in pairs])
        return self._ordered[1]
