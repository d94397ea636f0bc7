"""The interview table: one row per interview, columns that collapse with width.

The widget only displays; the list screen decides what to show and handles
keys. Colours come from the app's theme variables ($overdue, $due, ...) and
are re-resolved when the theme changes; a state word and symbol always
accompany the colour.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from rich.style import Style
from rich.text import Text
from textual import events
from textual.color import Color, ColorParseError
from textual.coordinate import Coordinate
from textual.widgets import DataTable

from followup_tui.humantime import when_phrase
from followup_tui.model import Interview
from followup_tui.schedule import NextAction, State
from followup_tui.text import printable

SYMBOLS: dict[State, str] = {
    State.OVERDUE: "‼",
    State.DUE: "!",
    State.REMINDER_DUE: "↻",
    State.UPCOMING: "◷",
    State.WAITING: "…",
    State.CLOSED: "✓",
}
VARIABLES: dict[State, str] = {
    State.OVERDUE: "overdue",
    State.DUE: "due",
    State.REMINDER_DUE: "reminder-due",
    State.UPCOMING: "upcoming",
    State.WAITING: "waiting",
    State.CLOSED: "closed",
}
WIDE = 110
MEDIUM = 72


@dataclass(frozen=True)
class Column:
    """One table column: its key, label, and a width (None: fit the content)."""

    key: str
    label: str
    width: int | None = None


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


def state_label(state: State) -> str:
    """Symbol and word, so colour is never the only signal."""
    return f"{SYMBOLS[state]} {state.value}"


class InterviewTable(DataTable[Text]):
    """Interviews with their state, when, and next action."""

    DEFAULT_CSS = """
    InterviewTable { height: 1fr; }
    """

    def __init__(self, *, id: str | None = None) -> None:  # noqa: A002
        super().__init__(cursor_type="row", zebra_stripes=False, id=id)
        self._pairs: list[tuple[Interview, NextAction]] = []
        self._now: datetime | None = None
        self._layout: list[Column] = []

    def on_mount(self) -> None:
        self.app.theme_changed_signal.subscribe(self, lambda _theme: self._render_rows())

    def on_resize(self, event: events.Resize) -> None:
        if columns_for(event.size.width) != self._layout:
            self._render_rows()

    def show(self, pairs: list[tuple[Interview, NextAction]], now: datetime) -> None:
        """Display these interviews (already ordered), keeping the cursor on its row."""
        self._pairs = list(pairs)
        self._now = now
        self._render_rows()

    @property
    def selected_id(self) -> str | None:
        """The id of the highlighted interview, if any."""
        if not self._pairs or self.cursor_row < 0 or self.cursor_row >= self.row_count:
            return None
        row_key = self.coordinate_to_cell_key(Coordinate(self.cursor_row, 0)).row_key
        return row_key.value

    def select_id(self, interview_id: str) -> None:
        """Move the cursor to an interview's row when it is shown."""
        try:
            index = self.get_row_index(interview_id)
        except Exception:
            return
        self.move_cursor(row=index, scroll=True)

    def style_for(self, state: State) -> Style:
        """The Rich style of a row in this state, from the current theme."""
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
        return style

    def _render_rows(self) -> None:
        selected = self.selected_id
        row = self.cursor_row
        self._layout = columns_for(self.size.width or 120)
        self.clear(columns=True)
        for column in self._layout:
            self.add_column(column.label, key=column.key, width=column.width)
        now = self._now
        for interview, action in self._pairs:
            style = self.style_for(action.state)
            values = {
                "state": state_label(action.state),
                "company": interview.company,
                "position": interview.position,
                "when": when_phrase(interview, action, now) if now else "",
                "when_short": when_phrase(interview, action, now, compact=True) if now else "",
                "action": action.summary,
            }
            cells = [
                Text(printable(values[c.key]), style=style, no_wrap=True, overflow="ellipsis")
                for c in self._layout
            ]
            self.add_row(*cells, key=interview.id)
        if selected is not None and any(i.id == selected for i, _ in self._pairs):
            self.select_id(selected)
        elif self.row_count:
            self.move_cursor(row=min(max(row, 0), self.row_count - 1))
