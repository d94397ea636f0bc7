"""The spelling word list: what a dict of the same words answers, in a sixth of the room."""

from __future__ import annotations

import gzip
import json
import random
import tracemalloc
from importlib import resources

import pytest
from hypothesis import given
from hypothesis import strategies as st

from followup_tui.checks import spelling
from followup_tui.checks.spelling import WordList


@pytest.fixture(scope="module")
def frequencies() -> dict[str, int]:
    """pyspellchecker's own list, read the plain way (what the checks used to keep)."""
    data = resources.files("spellchecker").joinpath("resources", "en.json.gz").read_bytes()
    return {str(k): int(v) for k, v in json.loads(gzip.decompress(data)).items()}


def test_every_word_and_its_frequency_is_found(frequencies: dict[str, int]) -> None:
    assert len(spelling.word_list()) == len(frequencies)
    mismatched = [w for w, n in frequencies.items() if spelling.frequency(w) != n]
    assert mismatched == []


def test_words_one_edit_away_are_known_exactly_when_the_dict_knows_them(
    frequencies: dict[str, int],
) -> None:
    rng = random.Random(7)
    for word in rng.sample(sorted(frequencies), 2000):
        at = rng.randrange(len(word) + 1)
        for probe in (word[:at] + "q" + word[at:], word[:at] + word[at + 1 :], word + "é"):
            want = frequencies.get(probe, 1 if probe in spelling.EXTRA_WORDS else 0)
            assert spelling.frequency(probe) == want, probe


def test_workplace_words_missing_from_the_list_are_known() -> None:
    assert spelling.is_known("Kubernetes") and spelling.is_known("microservices")
    assert spelling.frequency("kubernetes") >= 1
    assert not spelling.is_known("kubernetesx")
    assert spelling.suggest("kubernetez") == "kubernetes"


@given(st.lists(st.text(min_size=1, max_size=6), unique=True, max_size=40), st.text(max_size=7))
def test_a_word_list_finds_what_a_dict_finds(words: list[str], probe: str) -> None:
    encoded = sorted({w.encode("utf-8", "surrogatepass"): w for w in words}.items())
    table = {w: n + 1 for n, (_, w) in enumerate(encoded)}
    built = WordList((key, table[w]) for key, w in encoded)
    assert len(built) == len(table)
    for word in [*words, probe]:
        assert built.count(word) == table.get(word, 0)
        assert (word in built) == (word in table)


def test_words_out_of_order_are_refused() -> None:
    with pytest.raises(ValueError, match="out of order"):
        WordList([(b"b", 1), (b"a", 1)])
    with pytest.raises(ValueError, match="out of order"):
        WordList([(b"a", 1), (b"a", 2)])


def test_a_list_with_escapes_is_decoded_by_json() -> None:
    lines = [b"{\n", b'"abc": 2,\n', b'"caf\\u00e9": 7,\n', b'"say \\"hi\\"": 1\n', b"}\n"]
    assert list(spelling._entries(lines)) == [
        (b"abc", 2),
        ("café".encode(), 7),
        (b'say "hi"', 1),
    ]


def test_the_list_is_decompressed_in_pieces_that_end_at_line_ends() -> None:
    text = b"".join(b'"w%03d": %d,\n' % (n, n) for n in range(300))
    data = gzip.compress(text)
    pieces = list(spelling._chunks(data, size=7))
    assert len(pieces) > 10 and b"".join(pieces) == text
    assert all(piece.endswith(b"\n") for piece in pieces if piece)
    assert [w for w, _ in spelling._entries(pieces)] == [b"w%03d" % n for n in range(300)]
    with pytest.raises(EOFError):
        list(spelling._chunks(data[:-20]))


def test_the_word_list_is_small(monkeypatch: pytest.MonkeyPatch) -> None:
    """As a dict it took 19.5 MB (27 MB while loading): more than 10,000 interviews' rows."""
    monkeypatch.setattr(spelling, "_WORDS", None)
    tracemalloc.start()
    try:
        words = spelling.word_list()
        kept, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert len(words) > 150_000
    assert kept < 4_000_000 and peak < 6_000_000  # measured 3.3 and 4.3 MB
