"""The table cuts each cell itself; it must match what rich's Text.truncate gave before."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st
from rich.cells import cell_len
from rich.text import Text

from followup_tui.text import printable
from followup_tui.tui.widgets.interview_table import fit

# Letters, CJK (two cells wide), emoji, combining marks: what company names hold.
TEXT = st.text(
    alphabet=st.sampled_from(list("abcXYZ -…é") + ["漢", "字", "😀", "\u0301", "ß"]),
    max_size=40,
)


def _rich(value: str, width: int) -> str:
    cell = Text(value, no_wrap=True, overflow="ellipsis", end="")
    cell.truncate(width, overflow="ellipsis", pad=True)
    return cell.plain


@given(TEXT, st.integers(min_value=2, max_value=30))
def test_fit_is_rich_truncate_and_always_the_column_width(value: str, width: int) -> None:
    value = printable(value)
    assert fit(value, width) == _rich(value, width)
    assert cell_len(fit(value, width)) == width


def test_fit_examples() -> None:
    assert fit("Acme", 6) == "Acme  "
    assert fit("Acme Corp", 6) == "Acme …"
    assert fit("漢字漢字", 5) == "漢字…"
    assert fit("漢字漢字", 4) == "漢 …"  # a wide character never straddles the edge
