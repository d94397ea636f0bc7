"""Long strings are written in linear time and read back exactly; a FIFO never hangs loading.

tomli_w's string writer is quadratic (a megabyte of notes took seconds), so
``toml_format.toml_string`` writes long strings. Its escaping is checked by a
tomllib round trip over arbitrary text, in both the single-line and the
multi-line form, and through a whole interview save and load.
"""

from __future__ import annotations

import os
import tomllib
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from followup_tui.storage.paths import Home
from followup_tui.storage.store import Store
from followup_tui.storage.toml_format import (
    LONG_STRING,
    dump_interview,
    parse_interview,
    toml_string,
)
from tests.conftest import make_interview

# Text rich in what TOML string escaping gets wrong: quotes, backslashes,
# newlines, carriage returns and other controls, plus any other character.
tricky = st.lists(
    st.sampled_from(['"', '"""', "\\", "\n", "\r", "\r\n", "\t", "\x00", "\x1b", "\x7f", "\x85"])
    | st.characters(exclude_categories=["Cs"]),
    max_size=60,
).map(lambda parts: "".join(parts))


@settings(max_examples=400, deadline=None)
@given(value=tricky, multiline=st.booleans())
def test_toml_string_round_trips(value: str, multiline: bool) -> None:
    document = f"x = {toml_string(value, multiline=multiline)}\n"
    assert tomllib.loads(document)["x"] == value


@settings(max_examples=150, deadline=None)
@given(value=tricky)
def test_long_notes_survive_a_save(value: str) -> None:
    interview = make_interview(id="2026-11-24-acme", notes=value * (LONG_STRING // 4 + 1) + value)
    interview.extra = {"long_extra": ["x" * LONG_STRING + value]}
    loaded = parse_interview(dump_interview(interview), interview.id)
    assert loaded.notes == interview.notes
    assert loaded.extra == interview.extra


def test_a_megabyte_of_notes_never_reaches_the_quadratic_writer(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """No timing: the long notes must not go through tomli_w's string writer at all."""
    import tomli_w._writer as writer

    lengths: list[int] = []
    original = writer.format_string

    def spy(value: str, *, allow_multiline: bool) -> str:
        lengths.append(len(value))
        return original(value, allow_multiline=allow_multiline)

    monkeypatch.setattr(writer, "format_string", spy)
    line = 'note with "quotes", a back\\slash and ~unicode é\n'
    interview = make_interview(id="2026-11-24-acme", notes=line * (1_000_000 // len(line)))
    data = dump_interview(interview)
    assert lengths and max(lengths) <= LONG_STRING
    assert parse_interview(data, interview.id).notes == interview.notes


@pytest.mark.parametrize("name", ["x.toml", "2026-11-24-fifo.toml"])
def test_a_fifo_in_interviews_is_reported_not_hanging(fast_home: Home, name: str) -> None:
    store = Store(fast_home)
    store.save(make_interview())
    fifo = fast_home.interviews / name
    os.mkfifo(fifo)
    # Without the non-blocking open this blocks forever; pytest would hang, so
    # run the load in a thread and fail after a generous wait instead.
    import threading

    results: list[object] = []
    thread = threading.Thread(target=lambda: results.append(store.load_all()), daemon=True)
    thread.start()
    thread.join(60)
    if not results:
        with open(fifo, "wb"):  # unblock the reader so the thread can finish
            pass
        pytest.fail("load_all blocked on a FIFO")
    result = results[0]
    assert [i.company for i in result.interviews] == ["Acme"]  # type: ignore[attr-defined]
    if name == "x.toml":
        return  # not an interview id: never opened at all
    [problem] = result.problems  # type: ignore[attr-defined]
    assert problem.path == Path(fifo) and "FIFO" in problem.message
    assert Store(fast_home).poll() is not None  # poll reports, never blocks
