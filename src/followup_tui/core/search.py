"""The list's filter: which interviews match what was typed, fast enough for every key.

Besides plain words (matched against company, position, topics and people),
three tokens narrow by one field: ``state:overdue`` (any beginning of a state:
``state:rem``), ``company:acme`` and ``person:dana``. Pure (no Textual): the
list screen owns one ListFilter and asks it for the rows to show each time
the filter box or the closed toggle changes.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from followup_tui.core.rows import Pair, Pairs
from followup_tui.core.schedule import State

TOKENS = ("state", "company", "person")


@dataclass(frozen=True, slots=True)
class Query:
    """The filter box's text, parsed: plain words and field tokens, casefolded."""

    words: tuple[str, ...] = ()
    states: tuple[str, ...] = ()
    companies: tuple[str, ...] = ()
    people: tuple[str, ...] = ()

    @property
    def tokens(self) -> tuple[tuple[str, ...], ...]:
        return (self.states, self.companies, self.people)

    @property
    def wants_closed(self) -> bool:
        """``state:closed`` (or ``state:c``) shows closed ones even while they are hidden."""
        return any(State.CLOSED.value.startswith(state) for state in self.states)

    def __bool__(self) -> bool:
        return bool(self.words or self.states or self.companies or self.people)


def parse_query(text: str) -> Query:
    """Split the filter text into words and ``state:``/``company:``/``person:`` tokens.

    A token with nothing after the colon, or a name that is not one of
    TOKENS ("re:billing"), is a plain word.
    """
    found: dict[str, list[str]] = {name: [] for name in ("word", *TOKENS)}
    for part in text.casefold().split():
        name, colon, value = part.partition(":")
        if colon and value and name in TOKENS:
            found[name].append(value.replace("-", " ") if name == "state" else value)
        else:
            found["word"].append(part)
    return Query(
        tuple(found["word"]),
        tuple(found["state"]),
        tuple(found["company"]),
        tuple(found["person"]),
    )


def query_words(text: str) -> tuple[str, ...]:
    """The filter box's text as the words every match must contain."""
    return tuple(text.casefold().split())


def narrows(before: tuple[str, ...], after: tuple[str, ...]) -> bool:
    """Whether everything ``after`` matches also matches ``before``.

    True when each word of ``before`` is part of some word of ``after``
    ("z" then "zz", "acme" then "acme eng").
    """
    return all(any(old in new for new in after) for old in before)


def _tokens_match(pair: Pair, query: Query) -> bool:
    row, action = pair
    if query.states and not any(action.state.value.startswith(s) for s in query.states):
        return False
    company = row.company.casefold()
    if not all(word in company for word in query.companies):
        return False
    if query.people:
        names = [name.casefold() for name in row.facts.everyone]
        if not all(any(word in name for name in names) for word in query.people):
            return False
    return True


class ListFilter:
    """Keeps the last result, so that a key that narrows the filter searches only that.

    At 10,000 interviews every filter key used to search every interview's
    text; now a key that narrows the filter searches only what the last key
    left. Each row carries its search text (``Row.search``), worked out when
    the row was built (in the loading thread for a big home).
    """

    def __init__(self) -> None:
        # (pairs, show_closed, query, rows shown) of the last call.
        self._last: tuple[Pairs, bool, Query, Sequence[int]] | None = None

    def clear(self) -> None:
        """Forget the last result, and the old rows with it (a reload replaced them all)."""
        self._last = None

    def apply(self, pairs: Pairs, query: Query | tuple[str, ...], show_closed: bool) -> Pairs:
        """Of ``pairs``, in order: closed ones only with ``show_closed``, then the query."""
        if not isinstance(query, Query):
            query = Query(words=tuple(query))
        show_closed = show_closed or query.wants_closed
        if not query and show_closed:
            return list(pairs)
        last = self._last
        rows: Sequence[int]
        if (
            last is not None
            and last[0] is pairs
            and last[1] == show_closed
            and last[2].tokens == query.tokens
            and narrows(last[2].words, query.words)
        ):
            rows = last[3]  # every row this query can match is among those
        elif show_closed:
            rows = range(len(pairs))
        else:
            rows = [i for i, (_, action) in enumerate(pairs) if action.state != State.CLOSED]
        for word in query.words:
            rows = [i for i in rows if word in pairs[i][0].search]
        if any(query.tokens):
            rows = [i for i in rows if _tokens_match(pairs[i], query)]
        self._last = (pairs, show_closed, query, rows)
        return [pairs[i] for i in rows]
