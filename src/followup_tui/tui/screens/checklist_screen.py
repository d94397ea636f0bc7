"""The checklist: every rule of the guide, checked on the interview's current draft.

Checks run in a thread worker (the first run loads the spelling word list).
Every finding has its own row under its rule, with its line and column.
Space ticks manual items (saved in the follow-up's ``ticked``); Enter on a
failing or warning item or finding closes the screen with a ``JumpTo`` so the
editor can put the cursor on the problem; ``a`` adds an unknown word to the
user's dictionary.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, cast

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import Screen
from textual.widgets import ListItem, ListView, Static

from followup_tui.checks import (
    CheckResult,
    DraftInput,
    Finding,
    Status,
    current_draft_index,
    load_dictionary,
    run_checks,
    score,
    settings_from_config,
    summary_line,
)
from followup_tui.checks.report import Located, locate, one_line
from followup_tui.checks.user_words import add_word
from followup_tui.core.model import Interview
from followup_tui.core.text import printable
from followup_tui.storage.config import ConfigError
from followup_tui.storage.store import StoreError
from followup_tui.tui.widgets.footer import Footer
from followup_tui.tui.widgets.header import Header

if TYPE_CHECKING:
    from followup_tui.tui.app import FollowupApp

ICONS = {Status.PASS: "✓", Status.WARN: "!", Status.FAIL: "✗", Status.MANUAL: "☐"}
NO_DRAFT = (
    "This interview has no draft yet.\n\n"
    "Write one with the draft editor (open the interview from the list and start a "
    "draft), then open the checklist again.\n\n"
    "To check a text written elsewhere: followup check {id} --subject S --body-file FILE"
)


def clean(text: str) -> str:
    """User data without control characters or bidi overrides (they would corrupt the terminal)."""
    return printable(text, newlines=True)


@dataclass(frozen=True)
class JumpTo:
    """Where the editor should put the cursor: a field and character offsets."""

    field: str
    start: int
    end: int


class CheckItem(ListItem):
    """One result: an icon coloured by status, the title, and the reason below."""

    def __init__(self, result: CheckResult) -> None:
        status = "ticked" if result.ticked else result.status.value
        super().__init__(classes=f"-{status}")
        self.result = result

    def compose(self) -> ComposeResult:
        result = self.result
        icon = "☑" if result.ticked else ICONS[result.status]
        with Horizontal(classes="check-row"):
            yield Static(icon, classes="check-icon", markup=False)
            with Vertical(classes="check-text"):
                yield Static(Text(result.title, style="bold"), classes="check-title")
                yield Static(Text(clean(result.reason)), classes="check-reason")


class FindingItem(ListItem):
    """One finding of a rule, indented under it: where, what, and the fix."""

    def __init__(self, result: CheckResult, located: Located) -> None:
        super().__init__(classes=f"-{located.finding.status.value} finding")
        self.result = result
        self.located = located

    def compose(self) -> ComposeResult:
        yield Static(Text(clean(one_line(self.located))), classes="finding-text")


Row = CheckItem | FindingItem


class ChecklistScreen(Screen["JumpTo | None"]):
    """The checklist for one interview's draft (the newest one unless told)."""

    CSS_PATH = "checklist_screen.tcss"
    BINDINGS = [
        Binding("escape,q", "close", "Back", id="checklist.close"),
        Binding("j", "move(1)", "Down", show=False, id="checklist.down"),
        Binding("k", "move(-1)", "Up", show=False, id="checklist.up"),
        Binding("g", "jump(0)", "First", show=False, id="checklist.first"),
        Binding("G", "jump(-1)", "Last", show=False, id="checklist.last"),
        Binding("ctrl+d", "half(1)", "Half page down", show=False, id="checklist.page_down"),
        Binding("ctrl+u", "half(-1)", "Half page up", show=False, id="checklist.page_up"),
        Binding("space", "tick", "Tick", id="checklist.tick"),
        Binding("r", "reload", "Re-check", id="checklist.reload"),
        Binding("a", "add_word", "Add to dictionary", id="checklist.add_word"),
    ]

    def __init__(self, interview_id: str, followup_index: int | None = None) -> None:
        super().__init__()
        self.interview_id = interview_id
        self.followup_index = followup_index
        self.interview: Interview | None = None
        self.index: int | None = None
        self.results: list[CheckResult] = []

    @property
    def followup_app(self) -> FollowupApp:
        return cast("FollowupApp", self.app)

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static("Checking…", id="checklist-title", markup=False)
        yield Static("", id="checklist-score", markup=False)
        yield ListView(id="checklist-items")
        yield Static("", id="checklist-empty", markup=False)
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#checklist-empty").display = False
        self.check_draft()

    # -- checking (in a thread) ---------------------------------------------

    @work(thread=True, exclusive=True, group="checklist")
    def check_draft(self) -> None:
        """Load the interview and run every check off the UI thread."""
        app = self.followup_app
        try:
            interview = app.store.load(self.interview_id)
            settings = settings_from_config(app.config)
        except (StoreError, ConfigError) as error:
            self.app.call_from_thread(self.show_problem, str(error))
            return
        index = self.followup_index
        if index is None:
            index = current_draft_index(interview)
        if index is None or not 0 <= index < len(interview.followups):
            self.app.call_from_thread(self.show_no_draft, interview)
            return
        draft = DraftInput(
            interview=interview,
            followup=interview.followups[index],
            profile=app.config.profile,
            now=app.now(),
            dictionary=load_dictionary(app.home),
            **settings,
        )
        results = run_checks(draft)
        self.app.call_from_thread(self.show_results, interview, index, results)

    def show_problem(self, message: str) -> None:
        """The interview or config could not be read: say so, in one sentence."""
        self.query_one("#checklist-title", Static).update(Text("Cannot check this draft"))
        self._show_message(message)

    def show_no_draft(self, interview: Interview) -> None:
        """Nothing to check yet: say how to write a draft."""
        self.interview = interview
        self.query_one("#checklist-title", Static).update(Text(clean(interview.title)))
        self._show_message(NO_DRAFT.format(id=interview.id))

    def _show_message(self, message: str) -> None:
        empty = self.query_one("#checklist-empty", Static)
        empty.update(Text(clean(message)))
        empty.display = True
        self.query_one("#checklist-items").display = False
        self.query_one("#checklist-score", Static).update("")

    def show_results(self, interview: Interview, index: int, results: list[CheckResult]) -> None:
        """Fill the list, keeping the cursor where it was on a re-check."""
        self.interview, self.index, self.results = interview, index, results
        followup = interview.followups[index]
        who = f" to {followup.interviewer}" if followup.interviewer else ""
        kind = followup.kind.replace("_", "-")
        title = f"{interview.title} · {kind}{who}"
        self.query_one("#checklist-title", Static).update(Text(clean(title)))
        self.query_one("#checklist-empty").display = False
        items = self.query_one("#checklist-items", ListView)
        items.display = True
        cursor = items.index or 0
        items.clear()
        items.extend(self._rows(results))
        items.index = min(cursor, len(items.children) - 1)
        items.focus()
        self._update_score()

    def _update_score(self) -> None:
        passed, total = score(self.results)
        line = f"{passed} of {total} · {summary_line(self.results).split(' · ', 1)[1]}"
        self.query_one("#checklist-score", Static).update(Text(line))

    # -- keys ---------------------------------------------------------------

    def _rows(self, results: list[CheckResult]) -> list[Row]:
        """A row per result, and under it a row per finding it has."""
        assert self.interview is not None and self.index is not None
        followup = self.interview.followups[self.index]
        rows: list[Row] = []
        for result in results:
            rows.append(CheckItem(result))
            if result.findings:
                rows += [FindingItem(result, item) for item in locate(result, followup)]
        return rows

    def row_index(self, result_id: str, finding: int | None = None) -> int:
        """The list position of a result's row, or of its ``finding``-th finding's row."""
        items = self.query_one("#checklist-items", ListView)
        seen = -1
        for index, child in enumerate(items.children):
            if not isinstance(child, CheckItem | FindingItem) or child.result.id != result_id:
                continue
            if isinstance(child, CheckItem) and finding is None:
                return index
            if isinstance(child, FindingItem):
                seen += 1
                if seen == finding:
                    return index
        raise LookupError(result_id)

    def _selected_row(self) -> Row | None:
        items = self.query_one("#checklist-items", ListView)
        if not items.display or items.index is None or not self.results:
            return None
        row = items.highlighted_child
        return row if isinstance(row, CheckItem | FindingItem) else None

    def _selected(self) -> CheckResult | None:
        row = self._selected_row()
        return row.result if row is not None else None

    def action_add_word(self) -> None:
        """Add the selected unknown word to dictionary.txt and check again."""
        row = self._selected_row()
        finding: Finding | None = row.located.finding if isinstance(row, FindingItem) else None
        if finding is None or finding.action != "add-to-dictionary":
            self.notify("Select an unknown word to add it to the dictionary.", markup=False)
            return
        try:
            add_word(self.followup_app.home, finding.text)
        except OSError as error:
            self.notify(f"Could not save dictionary.txt: {error}", severity="error", markup=False)
            return
        self.notify(f"Added '{clean(finding.text)}' to dictionary.txt.", markup=False)
        self.check_draft()

    def _items(self) -> ListView:
        return self.query_one("#checklist-items", ListView)

    def _go(self, index: int) -> None:
        items = self._items()
        if len(items):
            items.index = max(0, min(index, len(items) - 1))

    def action_move(self, step: int) -> None:
        """j / k: the next or previous check."""
        self._go((self._items().index or 0) + step)

    def action_jump(self, where: int) -> None:
        """g / G: the first or last check."""
        self._go(where if where >= 0 else len(self._items()) - 1)

    def action_half(self, direction: int) -> None:
        """ctrl+d / ctrl+u: half a screen of checks down or up."""
        step = max(1, self._items().size.height // 4)  # a check takes about two lines
        self._go((self._items().index or 0) + direction * step)

    def action_close(self) -> None:
        self.dismiss(None)

    def action_reload(self) -> None:
        self.check_draft()

    def action_tick(self) -> None:
        """Tick or untick the selected manual item and save it with the draft."""
        result = self._selected()
        if result is None:
            return
        if result.status is not Status.MANUAL:
            self.notify("Only the manual items can be ticked.", markup=False)
            return
        if self.interview is not None and self.followup_app.writes.refused(self.interview.id):
            return
        self._set_ticked(result, not result.ticked)

    def _set_ticked(self, result: CheckResult, ticked: bool) -> None:
        interview, index = self.interview, self.index
        assert interview is not None and index is not None
        followup = interview.followups[index]
        before = list(followup.ticked)
        followup.ticked = [item for item in before if item != result.id]
        if ticked:
            followup.ticked.append(result.id)
        from followup_tui.tui import conflicts

        def saved(ok: bool) -> None:
            if not ok:
                followup.ticked = before
            elif self.is_attached and result in self.results:
                self._show_ticked(result, ticked)

        conflicts.save(
            self, interview, reload=self.check_draft, then=saved, what="ticked checklist item"
        )

    def _show_ticked(self, result: CheckResult, ticked: bool) -> None:
        position = self.results.index(result)
        self.results[position] = replace(result, ticked=ticked)
        items = self.query_one("#checklist-items", ListView)
        row = next(
            index
            for index, child in enumerate(items.children)
            if isinstance(child, CheckItem) and child.result is result
        )
        old = items.children[row]
        new = CheckItem(self.results[position])
        items.mount(new, after=old)
        old.remove()
        items.index = row
        self._update_score()

    def on_list_view_selected(self, event: ListView.Selected) -> None:
        """Enter: tick a manual item, or jump to the problem in the editor."""
        event.stop()
        row = self._selected_row()
        if isinstance(row, FindingItem):
            finding = row.located.finding
            if finding.field is not None and finding.start is not None:
                end = finding.end if finding.end is not None else finding.start
                self.dismiss(JumpTo(finding.field, finding.start, end))
            else:
                self.notify(clean(row.result.reason), markup=False)
            return
        result = self._selected()
        if result is None:
            return
        if result.status is Status.MANUAL:
            self._set_ticked(result, not result.ticked)
        elif result.status in (Status.FAIL, Status.WARN) and result.field is not None:
            start = result.start if result.start is not None else 0
            end = result.end if result.end is not None else start
            self.dismiss(JumpTo(result.field, start, end))
        elif result.status is Status.PASS:
            self.notify("Nothing to fix here.", markup=False)
        else:
            self.notify(result.reason, markup=False)
