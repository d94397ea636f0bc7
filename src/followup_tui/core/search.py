"""The list's filter: which interviews match the words typed, fast enough for every key.

Pure (no Textual): the list screen owns one ListFilter and asks it for the
rows to show each time the filter box or the closed toggle changes.
"""

from __future__ import annotations

from collections.abc import Sequence

from followup_tui.core.rows import Pairs
from followup_tui.core.schedule import State


def query_words(text: str) -> tuple[str, ...]:
    """The filter box's text as the words every match must contain."""
    return tuple(text.casefold().split())


def narrows(before: tuple[str, ...], after: tuple[str, ...]) -> bool:
    """Whether everything ``after`` matches also matches ``before``.

    True when each word of ``before`` is part of some word of ``after``
    ("z" then "zz", "acme" then "acme eng").
    """
    return all(any(old in new for new in after) for old in before)


class ListFilter:
    """Keeps the last result, so that a key that narrows the filter searches only that.

    At 10,000 interviews every filter key used to search every interview's
    text; now a key that narrows the filter searches only what the last key
    left. Each row carries its search text (``Row.search``), worked out when
    the row was built (in the loading thread for a big home).
    """

    def __init__(self) -> None:
        # (pairs, show_closed, words, rows shown) of the last call.
        self._last: tuple[Pairs, bool, tuple[str, ...], Sequence[int]] | None = None

    def clear(self) -> None:
        """Forget the last result, and the old rows with it (a reload replaced them all)."""
        self._last = None

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
        for word in words:
            rows = [i for i in rows if word in pairs[i][0].search]
        self._last = (pairs, show_closed, words, rows)
        return [pairs[i] for i in rows]
