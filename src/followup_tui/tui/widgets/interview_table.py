"""The interview table: one row per interview, columns that collapse with width.

A virtual list (Textual's line API): only the rows on screen are ever turned
into text, so 10,000 interviews cost the same to draw, scroll and filter as
ten. The widget only displays; the list screen decides what to show and
handles the action keys. Colours come from the app's theme variables
($overdue, $due, ...) and are re-resolved when the theme changes; a state word
and symbol always accompany the colour.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import ClassVar

from rich.cells import cell_len, set_cell_size
from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual import events
from textual.binding import Binding, BindingType
from textual.color import Color, ColorParseError
from textual.geometry import Region, Size
from textual.message import Message
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.strip import Strip

from followup_tui.core.humantime import when_phrase
from followup_tui.core.rows import Pairs, Row
from followup_tui.core.schedule import NextAction, State
from followup_tui.core.text import printable

SYMBOLS: dict[State, str] = {
    State.OVERDUE: "‼",
    State.DUE: "!",
    State.REMINDER_DUE: "↻",
    State.NO_REPLY: "?",
    State.UPCOMING: "◷",
    State.WAITING: "…",
    State.SCHEDULED: "»",
    State.CLOSED: "✓",
}
VARIABLES: dict[State, str] = {
    State.OVERDUE: "overdue",
    State.DUE: "due",
    State.REMINDER_DUE: "reminder-due",
    State.NO_REPLY: "no-reply",
    State.UPCOMING: "upcoming",
    State.WAITING: "waiting",
    State.SCHEDULED: "waiting",  # queued: nothing to do, calm like a wait for a reply
    State.CLOSED: "closed",
}
WIDE = 110
MEDIUM = 80  # below it (a split list too) the company gets the room the position had
PADDING = 1  # blank cells either side of every column, like DataTable


@dataclass(frozen=True)
class Column:
    """One table column: its key, label and width in cells."""

    key: str
    label: str
    width: int


def columns_for(width: int) -> list[Column]:
    """Fewest columns at the narrowest: state, company and when always stay."""
    if width >= WIDE:
        company = 18 + max(0, (width - 120) // 4)
        position = 22 + max(0, (width - 120) // 4)
        action = max(20, width - 14 - company - position - 24 - 12)
        return [
            Column("state", "State", 14),
            Column("company", "Company", company),
            Column("position", "Position", position),
            Column("when", "When", 24),
            Column("action", "Next action", action),
        ]
    if width >= MEDIUM:
        rest = max(24, width - 14 - 24 - 10)
        return [
            Column("state", "State", 14),
            Column("company", "Company", rest // 2),
            Column("position", "Position", rest - rest // 2),
            Column("when", "When", 24),
        ]
    # Narrow: the "when" phrase drops what the state column already says.
    company = max(10, width - 14 - 19 - 8)
    return [
        Column("state", "State", 14),
        Column("company", "Company", company),
        Column("when_short", "When", 19),
    ]


def fit(value: str, width: int) -> str:
    """``value`` padded to ``width`` cells, or cut to it with an ellipsis (as rich does)."""
    length = cell_len(value)
    if length <= width:
        return value + " " * (width - length)
    return set_cell_size(value, width - 1) + "…"


def state_label(state: State) -> str:
    """Symbol and word, so colour is never the only signal."""
    return f"{SYMBOLS[state]} {state.value}"


def cell_value(key: str, interview: Row, action: NextAction, now: datetime | None) -> str:
    """The plain text of one cell (control characters removed)."""
    if key == "state":
        value = state_label(action.state)
    elif key == "company":
        value = interview.company
    elif key == "position":
        value = interview.position
    elif key == "when":
        value = when_phrase(interview, action, now) if now else ""
    elif key == "when_short":
        value = when_phrase(interview, action, now, compact=True) if now else ""
    else:
        value = action.summary
    return printable(value)


class InterviewTable(ScrollView, can_focus=True):
    """Interviews with their state, when and next action; a cursor picks one."""

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "interview-table--header",
        "interview-table--cursor",
    }
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("up", "cursor_up", "Up", show=False),
        Binding("down", "cursor_down", "Down", show=False),
        Binding("pageup", "page_up", "Page up", show=False),
        Binding("pagedown", "page_down", "Page down", show=False),
        Binding("home", "first", "First", show=False),
        Binding("end", "last", "Last", show=False),
    ]  # Enter bubbles up: the screen that shows the table decides what it opens.
    DEFAULT_CSS = """
    InterviewTable {
        height: 1fr;
        background: $surface;
        color: $foreground;
        & > .interview-table--header {
            text-style: bold;
            background: $panel;
            color: $foreground;
        }
        &:ansi > .interview-table--header {
            background: ansi_bright_blue;
            color: ansi_default;
        }
        & > .interview-table--cursor {
            background: $block-cursor-blurred-background;
            color: $block-cursor-blurred-foreground;
            text-style: $block-cursor-blurred-text-style;
        }
        &:focus {
            background-tint: $foreground 5%;
            & > .interview-table--cursor {
                background: $block-cursor-background;
                color: $block-cursor-foreground;
                text-style: $block-cursor-text-style;
            }
        }
    }
    """

    cursor_row: reactive[int] = reactive(0, always_update=True, init=False, repaint=False)
    """Index of the highlighted row (0 when the table is empty)."""

    class RowHighlighted(Message):
        """The cursor moved to another interview (or the rows changed under it)."""

        def __init__(self, table: InterviewTable, interview_id: str | None) -> None:
            super().__init__()
            self.table = table
            self.interview_id = interview_id

        @property
        def control(self) -> InterviewTable:
            return self.table

    class RowSelected(Message):
        """A double click on a row."""

        def __init__(self, table: InterviewTable, interview_id: str) -> None:
            super().__init__()
            self.table = table
            self.interview_id = interview_id

        @property
        def control(self) -> InterviewTable:
            return self.table

    def __init__(self, *, id: str | None = None) -> None:  # noqa: A002
        super().__init__(id=id)
        self._pairs: Pairs = []
        self._index: dict[str, int] = {}
        self._now: datetime | None = None
        self._layout: list[Column] = columns_for(120)
        self._styles: dict[State, Style] = {}
        self._row_cache: dict[int, tuple[list[str], Style]] = {}

    def on_mount(self) -> None:
        self.app.theme_changed_signal.subscribe(self, lambda _theme: self._invalidate())

    def on_resize(self, event: events.Resize) -> None:
        layout = columns_for(event.size.width)
        if layout != self._layout:
            self._layout = layout
            self._invalidate()
        self._update_virtual_size()
        self._scroll_to_cursor()

    # -- data ------------------------------------------------------------

    def show(self, pairs: Pairs, now: datetime) -> None:
        """Display these interviews (already ordered), keeping the cursor on its row."""
        selected = self.selected_id
        row = self.cursor_row
        self._pairs = list(pairs)
        self._index = {interview.id: i for i, (interview, _) in enumerate(self._pairs)}
        self._now = now
        self._update_virtual_size()
        self._invalidate()
        if selected is not None and selected in self._index:
            self.cursor_row = self._index[selected]
        else:
            self.cursor_row = min(max(row, 0), max(self.row_count - 1, 0))
        self._scroll_to_cursor()

    def set_now(self, now: datetime) -> None:
        """Move the clock the "when" column reads ("due in 3 hours") without new rows."""
        self._now = now
        self._invalidate()

    @property
    def row_count(self) -> int:
        """How many interviews are shown."""
        return len(self._pairs)

    @property
    def visible_columns(self) -> list[Column]:
        """The columns shown at the current width."""
        return list(self._layout)

    @property
    def selected_id(self) -> str | None:
        """The id of the highlighted interview, if any."""
        if 0 <= self.cursor_row < len(self._pairs):
            return self._pairs[self.cursor_row][0].id
        return None

    def visible_ids(self) -> list[str]:
        """Ids of the rows on screen now, and of the selected one."""
        top = int(self.scroll_y)
        rows = self._pairs[top : top + max(self.size.height - 1, 1)]
        ids = [interview.id for interview, _ in rows]
        selected = self.selected_id
        if selected is not None and selected not in ids:
            ids.append(selected)
        return ids

    def select_id(self, interview_id: str) -> None:
        """Move the cursor to an interview's row when it is shown."""
        if interview_id in self._index:
            self.move_cursor(row=self._index[interview_id])

    def move_cursor(self, *, row: int, scroll: bool = True) -> None:
        """Highlight ``row`` (clamped to the rows shown) and scroll it into view."""
        self.cursor_row = min(max(row, 0), max(self.row_count - 1, 0))
        if scroll:
            self._scroll_to_cursor()

    def get_row_at(self, index: int) -> list[Text]:
        """The cells of one row, as displayed (for tests and the clipboard)."""
        interview, action = self._pairs[index]
        style = self.style_for(action.state)
        return [
            Text(cell_value(column.key, interview, action, self._now), style=style)
            for column in self._layout
        ]

    def style_for(self, state: State) -> Style:
        """The Rich style of a row in this state, from the current theme."""
        if state in self._styles:
            return self._styles[state]
        variables = self.app.theme_variables
        color = variables.get(VARIABLES[state], "")
        try:
            style = Style(color=Color.parse(color).rich_color) if color else Style()
        except ColorParseError:
            style = Style()
        if state == State.OVERDUE:
            style += Style(bold=True)
        if state == State.CLOSED:
            style += Style(dim=True)
        self._styles[state] = style
        return style

    # -- cursor ----------------------------------------------------------

    def watch_cursor_row(self, old: int, new: int) -> None:
        # Only the two rows change, unless the view scrolls (which redraws it all):
        # a full redraw made a cursor move cost more the more rows fill the screen.
        top, height, width = int(self.scroll_y), self.size.height, self.size.width
        for row in {old, new}:
            y = row - top + 1  # the header takes the first line
            if 1 <= y < height:
                self.refresh(Region(0, y, width, 1))
        self.post_message(self.RowHighlighted(self, self.selected_id))

    def _scroll_to_cursor(self) -> None:
        rows_visible = max(self.size.height - 1, 1)  # the header takes one line
        top = int(self.scroll_y)
        if self.cursor_row < top:
            top = self.cursor_row
        elif self.cursor_row >= top + rows_visible:
            top = self.cursor_row - rows_visible + 1
        if top != int(self.scroll_y):
            self.scroll_to(y=top, animate=False, immediate=True)

    def action_cursor_down(self) -> None:
        """Next interview."""
        self.move_cursor(row=self.cursor_row + 1)

    def action_cursor_up(self) -> None:
        """Previous interview."""
        self.move_cursor(row=self.cursor_row - 1)

    def action_page_down(self) -> None:
        """One screenful down."""
        self.move_cursor(row=self.cursor_row + max(self.size.height - 2, 1))

    def action_page_up(self) -> None:
        """One screenful up."""
        self.move_cursor(row=self.cursor_row - max(self.size.height - 2, 1))

    def action_first(self) -> None:
        """The most urgent interview."""
        self.move_cursor(row=0)

    def action_last(self) -> None:
        """The last interview."""
        self.move_cursor(row=self.row_count - 1)

    def action_select(self) -> None:
        """Ask to open the highlighted interview."""
        selected = self.selected_id
        if selected is not None:
            self.post_message(self.RowSelected(self, selected))

    def on_click(self, event: events.Click) -> None:
        if event.y < 1:
            return
        row = int(self.scroll_y) + event.y - 1
        if 0 <= row < self.row_count:
            if row == self.cursor_row and event.chain > 1:
                self.action_select()
            self.move_cursor(row=row)

    # -- drawing ---------------------------------------------------------

    def _invalidate(self) -> None:
        self._styles.clear()
        self._row_cache.clear()
        self.refresh()

    def _line_width(self) -> int:
        """Cells in one drawn line: every column with its padding."""
        return sum(column.width + 2 * PADDING for column in self._layout)

    def _update_virtual_size(self) -> None:
        self.virtual_size = Size(self._line_width(), len(self._pairs) + 1)

    def _cells(self, values: list[str]) -> list[str]:
        """Every value cut or padded to its column's width."""
        layout = self._layout
        return [fit(value, column.width) for value, column in zip(values, layout, strict=True)]

    def _row_cells(self, index: int) -> tuple[list[str], Style]:
        cached = self._row_cache.get(index)
        if cached is None:
            interview, action = self._pairs[index]
            now = self._now
            values = [cell_value(column.key, interview, action, now) for column in self._layout]
            cached = self._row_cache[index] = (self._cells(values), self.style_for(action.state))
        return cached

    def render_line(self, y: int) -> Strip:
        width = self.size.width
        scroll_x = int(self.scroll_x)
        base = self.rich_style
        if y == 0:
            header = base + self.get_component_rich_style("interview-table--header")
            labels = self._cells([column.label for column in self._layout])
            return self._strip(labels, header, header, scroll_x, width)
        index = int(self.scroll_y) + y - 1
        if index >= len(self._pairs):
            return Strip.blank(width, base)
        cells, style = self._row_cells(index)
        if index == self.cursor_row:
            # The cursor's colours win over the row's own, except on the state cell:
            # it keeps its urgency colour on the table's own background, so the
            # overdue row the cursor starts on still looks overdue.
            cursor = self.get_component_rich_style("interview-table--cursor")
            first = base + style
            return self._strip(cells, base + style + cursor, base + cursor, scroll_x, width, first)
        return self._strip(cells, base + style, base, scroll_x, width)

    def _strip(
        self,
        cells: list[str],
        style: Style,
        blank: Style,
        scroll_x: int,
        width: int,
        first: Style | None = None,
    ) -> Strip:
        """The cells in ``style``, the padding around them and after them in ``blank``.

        ``first``: another style for the first cell and its padding (the cursor's state cell).
        Segments straight from the cut text: a rich Text per cell, rendered,
        cost most of the table's drawing time (every filter key redraws a screenful).
        """
        pad = Segment(" " * PADDING, blank)
        segments: list[Segment] = []
        for number, cell in enumerate(cells):
            if number == 0 and first is not None:
                edge = Segment(" " * PADDING, first)
                segments += (edge, Segment(cell, first), edge)
                continue
            segments += (pad, Segment(cell, style), pad)
        return Strip(segments, self._line_width()).crop_extend(scroll_x, scroll_x + width, blank)
