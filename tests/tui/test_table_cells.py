"""The table cuts each cell itself; it must match what rich's Text.truncate gave before."""

from __future__ import annotations

from pathlib import Path

from benchmarks.make_home import make_interviews, write_home
from hypothesis import given
from hypothesis import strategies as st
from rich.cells import cell_len
from rich.text import Text
from textual.strip import Strip

from followup_tui.core.text import printable
from followup_tui.storage.config import Config
from followup_tui.tui.app import FollowupApp
from followup_tui.tui.widgets.interview_table import InterviewTable, fit
from tests.conftest import NOW, until

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


async def test_a_cursor_move_redraws_two_rows_and_leaves_one_highlight(tmp_path: Path) -> None:
    """Moving the cursor redraws the row it left and the row it reached, not the screen."""
    home = write_home(tmp_path / "home", make_interviews(80, 5, NOW))
    app = FollowupApp(home, Config())
    async with app.run_test(size=(120, 30)) as pilot:
        table = app.screen.query_one(InterviewTable)
        await until(pilot, lambda: table.row_count == 80)
        await pilot.pause()
        drawn: list[int] = []
        real = table.render_line

        def counted(y: int) -> Strip:
            drawn.append(y)
            return real(y)

        table.render_line = counted  # type: ignore[method-assign]
        for expected in (1, 2, 3):
            drawn.clear()
            await pilot.press("down")
            await pilot.pause()
            assert table.cursor_row == expected
            assert sorted(drawn) == [expected, expected + 1]  # header is line 0
        cursor = table.get_component_rich_style("interview-table--cursor")
        lines = app.screen._compositor.render_strips()
        top = table.region.y
        highlighted = [
            y
            for y in range(table.region.height)
            if any(s.style and s.style.bgcolor == cursor.bgcolor for s in lines[top + y])
        ]
        assert highlighted == [4]  # row 3, below the header
        drawn.clear()
        await pilot.press("pagedown")  # scrolling still redraws what scrolled in
        await pilot.pause()
        assert len(drawn) >= table.size.height - 1
