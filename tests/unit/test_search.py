"""The list's filter: narrowing from the last result gives what a full search gives."""

from __future__ import annotations

import copy

from hypothesis import given, settings
from hypothesis import strategies as st

from followup_tui.core.model import Interviewer, Response
from followup_tui.core.rows import Pairs, Row, haystack, rank
from followup_tui.core.search import ListFilter, narrows, query_words
from tests.conftest import NOW, make_interview

COMPANIES = ["Acme", "Globex", "Initech", "Zazzle", "Umbrella", "Hooli", "Zylker"]
WORDS = ["a", "ac", "acme", "z", "zz", "zaz", "li", "hoo", "dana", "eng", "x", "", "  "]


def _pairs(spec: list[tuple[int, bool, int]]) -> Pairs:
    interviews = []
    for number, (company, closed, person) in enumerate(spec):
        interview = make_interview(
            company=COMPANIES[company],
            position=f"Engineer {number}",
            interviewers=[Interviewer(["Dana Reyes", "Zoe Azz", "Li Wei"][person], "")],
        )
        if closed:
            interview.response = Response(received_at=NOW)
        interviews.append(interview)
    return rank([Row.of(item) for item in interviews], NOW)


def _naive(pairs: Pairs, text: str, show_closed: bool) -> Pairs:
    words = text.casefold().split()
    return [
        (row, action)
        for row, action in pairs
        if (show_closed or action.state.value != "closed")
        and all(word in row.search for word in words)
    ]


def test_a_row_searches_company_position_topics_and_people() -> None:
    interview = make_interview(
        company="ACME", position="Backend Engineer", topics=["Kafka lag", "SLOs"]
    )
    row = Row.of(interview)
    assert row.search == haystack(interview) == "acme backend engineer kafka lag slos dana reyes"


SPEC = st.lists(
    st.tuples(st.integers(0, len(COMPANIES) - 1), st.booleans(), st.integers(0, 2)), max_size=12
)
STEP = st.tuples(
    st.lists(st.sampled_from(WORDS), max_size=3).map(" ".join),
    st.booleans(),  # show closed
    # The schedule is kept, or worked out again (a new list: same rows, one gone, reordered).
    # Or loaded again: new rows for the same interviews, in another order ("reloaded").
    st.sampled_from(["kept", "copy", "drop-first", "reversed", "reloaded"]),
)


@settings(max_examples=150, deadline=None)
@given(SPEC, st.lists(STEP, min_size=1, max_size=12))
def test_any_sequence_of_filter_keys_shows_what_a_full_search_shows(
    spec: list[tuple[int, bool, int]], steps: list[tuple[str, bool, str]]
) -> None:
    pairs = _pairs(spec)
    shown_filter = ListFilter()
    for text, show_closed, schedule in steps:
        if schedule == "copy":
            pairs = list(pairs)
        elif schedule == "drop-first":
            pairs = pairs[1:]
        elif schedule == "reversed":
            pairs = pairs[::-1]
        elif schedule == "reloaded":
            pairs = [(copy.copy(row), action) for row, action in pairs[1:] + pairs[:1]]
        got = shown_filter.apply(pairs, query_words(text), show_closed)
        assert got == _naive(pairs, text, show_closed)


def test_typing_narrows_and_deleting_widens() -> None:
    pairs = _pairs([(0, False, 0), (3, False, 1), (6, True, 2), (3, False, 0)])
    shown = ListFilter()
    companies = [
        [item.company for item, _ in shown.apply(pairs, query_words(text), True)]
        for text in ("z", "zz", "zaz", "za", "", "ZYL")
    ]
    assert companies == [
        ["Zazzle", "Zazzle", "Zylker"],
        ["Zazzle", "Zazzle"],
        ["Zazzle", "Zazzle"],
        ["Zazzle", "Zazzle"],
        ["Acme", "Zazzle", "Zazzle", "Zylker"],
        ["Zylker"],
    ]


def test_narrows() -> None:
    assert narrows((), ("z",))
    assert narrows(("z",), ("zz",))
    assert narrows(("ac", "en"), ("acme", "eng"))
    assert not narrows(("zz",), ("z",))
    assert not narrows(("z",), ())
