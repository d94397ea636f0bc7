"""Add or edit an interview: validated inline, nothing saved until it is valid.

The form returns the edited Interview through ``dismiss``; the list screen
saves it through the store (which is where conflicts are detected).
"""

from __future__ import annotations

import copy
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import Button, Input, Label, Select, Static, TextArea

from followup_tui.core.addresses import email_problem
from followup_tui.core.dates import DateParseError, parse_when
from followup_tui.core.humantime import exact
from followup_tui.core.model import FORMATS, OUTCOMES, Interview
from followup_tui.core.text import printable
from followup_tui.storage.store import StoreError
from followup_tui.tui.modals.choice_modal import ChoiceModal
from followup_tui.tui.widgets.header import Header
from followup_tui.tui.widgets.interviewer_row import InterviewerRow

FIELDS = ("company", "position", "when", "duration", "interviewers")
# The Outcome choices as the form names them ("" is an interview still open).
OUTCOME_NAMES = {"": "— (still open)", "no_reply": "no reply"}
COMPACT_BELOW = 26  # rows: a shorter terminal gets the compact layout


class FormScreen(Screen[Interview | None]):
    """The add/edit form; dismisses with the interview to save, or None."""

    CSS_PATH = Path(__file__).with_name("form_screen.tcss")
    BINDINGS = [
        Binding("ctrl+s", "save", "Save", id="form.save"),
        Binding("escape", "cancel", "Cancel", id="form.cancel"),
        Binding("ctrl+n", "add_interviewer", "Add interviewer", id="form.add_interviewer"),
    ]

    def __init__(self, interview: Interview | None, now: datetime) -> None:
        super().__init__()
        self.original = interview
        self.now = now
        self._initial: tuple[object, ...] = ()

    def compose(self) -> ComposeResult:
        item = self.original
        # Local time, DST-correct for its date: the zone parse_when reads it back in.
        when = f"{item.interview_at.astimezone():%Y-%m-%d %H:%M}" if item else ""
        yield Header()
        with VerticalScroll(id="form"):
            yield Label("Company *")
            yield Input(printable(item.company) if item else "", id="company")
            yield Static(classes="error", id="error-company")
            yield Label("Position")
            yield Input(printable(item.position) if item else "", id="position")
            yield Static(classes="error", id="error-position")
            yield Label("Date and time * (e.g. 2026-11-25 14:00, today 15:30, tomorrow 9am)")
            yield Input(when, id="when")
            yield Static(id="when-preview")
            yield Static(classes="error", id="error-when")
            with Horizontal(id="duration-format"):
                with Widget(classes="half"):
                    yield Label("Duration (minutes)")
                    yield Input(str(item.duration_minutes if item else 60), id="duration")
                with Widget(classes="half"):
                    yield Label("Format")
                    current = item.format if item and item.format in FORMATS else "video"
                    yield Select(
                        [(name, name) for name in FORMATS],
                        value=current,
                        allow_blank=False,
                        id="format",
                    )
            yield Static(classes="error", id="error-duration")
            with Horizontal(id="location-outcome"):
                with Widget(classes="half"):
                    yield Label("Location (address, room or link)")
                    yield Input(printable(item.location) if item else "", id="location")
                with Widget(classes="half"):
                    yield Label("Outcome")
                    outcome = item.outcome if item and item.outcome in OUTCOMES else ""
                    yield Select(
                        [(OUTCOME_NAMES.get(name, name), name) for name in OUTCOMES],
                        value=outcome,
                        allow_blank=False,
                        id="outcome",
                    )
            yield Label("Interviewers (name, email, title)")
            with Widget(id="interviewers"):
                for person in item.interviewers if item else []:
                    yield InterviewerRow(person)
                if not item or not item.interviewers:
                    yield InterviewerRow()
            yield Button("+ Add interviewer (ctrl+n)", id="add-interviewer")
            yield Static(classes="error", id="error-interviewers")
            yield Label("Topics discussed (one per line)")
            yield TextArea(
                "\n".join(printable(t, tabs=True) for t in item.topics) if item else "", id="topics"
            )
            yield Label("Company initiative they mentioned")
            yield Input(printable(item.initiative) if item else "", id="initiative")
            yield Label("Notes")
            yield TextArea(
                printable(item.notes, newlines=True, tabs=True) if item else "", id="notes"
            )
            with Horizontal(id="buttons"):
                yield Button("Save (ctrl+s)", variant="primary", id="save")
                yield Button("Cancel (esc)", id="cancel")

    def on_resize(self, event: events.Resize) -> None:
        self.set_class(event.size.height < COMPACT_BELOW, "-compact")

    def on_mount(self) -> None:
        self.set_class(self.app.size.height < COMPACT_BELOW, "-compact")
        self.title = "Edit interview" if self.original else "Add interview"
        if self.original:
            self.sub_title = printable(self.original.title)
        self._update_preview()
        self._initial = self._snapshot()
        self.query_one("#company", Input).focus()

    # -- reading the form ------------------------------------------------

    def _value(self, widget_id: str) -> str:
        return self.query_one(f"#{widget_id}", Input).value.strip()

    def _rows(self) -> list[InterviewerRow]:
        return list(self.query(InterviewerRow))

    def _snapshot(self) -> tuple[object, ...]:
        return (
            tuple(self.query_one(f"#{name}", Input).value for name in self._input_ids()),
            self.query_one("#format", Select).value,
            self.query_one("#outcome", Select).value,
            tuple(row.values() for row in self._rows()),
            self.query_one("#topics", TextArea).text,
            self.query_one("#notes", TextArea).text,
        )

    @staticmethod
    def _input_ids() -> tuple[str, ...]:
        return ("company", "position", "when", "duration", "location", "initiative")

    @property
    def dirty(self) -> bool:
        """True when anything differs from what the form opened with."""
        return self._snapshot() != self._initial

    # -- live feedback ---------------------------------------------------

    @on(Input.Changed, "#when")
    def _when_changed(self) -> None:
        self._update_preview()

    def _update_preview(self) -> None:
        preview = self.query_one("#when-preview", Static)
        text = self._value("when")
        if not text:
            preview.update("")
            return
        try:
            parsed = parse_when(text, self.now)
        except DateParseError:
            preview.update(Content("→ not a date and time yet"))
            preview.set_class(True, "invalid")
            return
        preview.set_class(False, "invalid")
        preview.update(Content(f"→ {exact(parsed)}"))

    def on_input_blurred(self, event: Input.Blurred) -> None:
        """An email is checked as the user leaves its box, not only on save."""
        if event.input.has_class("email"):
            self._error("interviewers", email_problem(event.input.value))

    def _error(self, field: str, message: str) -> None:
        widget = self.query_one(f"#error-{field}", Static)
        widget.update(Content(message))
        widget.set_class(bool(message), "shown")

    # -- actions ---------------------------------------------------------

    @on(Button.Pressed, "#add-interviewer")
    def action_add_interviewer(self) -> None:
        """Add an empty interviewer row and focus its name."""
        row = InterviewerRow()
        self.query_one("#interviewers").mount(row)
        self.call_after_refresh(lambda: row.query_one(".name", Input).focus())

    def on_interviewer_row_removed(self, event: InterviewerRow.Removed) -> None:
        event.row.remove()

    @on(Button.Pressed, "#save")
    def action_save(self) -> None:
        """Validate; on success dismiss with the interview, else show errors inline."""
        result = self._build()
        if result is not None:
            self.dismiss(result)

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        """Leave the form, offering to save first when something was changed."""
        if not self.dirty:
            self.dismiss(None)
            return

        def answered(choice: str | None) -> None:
            if choice == "save":
                self.action_save()
            elif choice == "discard":
                self.dismiss(None)

        self.app.push_screen(
            ChoiceModal(
                "Leave the form?",
                "You typed things here that are not saved yet.",
                [("save", "Save and close"), ("discard", "Discard changes"), ("cancel", "Stay")],
                about="leave",
            ),
            answered,
        )

    # -- KeepsText (quitting.py): ctrl+q and SIGHUP --------------------------

    def unsaved_text(self) -> str:
        if not self.is_mounted or not self.dirty:
            return ""
        return "The interview form has input that is not saved yet."

    def keep_text(self, done: Callable[[bool], object]) -> None:
        """Save the form's interview through the store (only when it is valid)."""
        from followup_tui.tui.app import FollowupApp

        result = self._build()
        app = self.app
        if result is None or not isinstance(app, FollowupApp):
            done(False)
            return
        snapshot = self._snapshot()

        def attempt() -> bool:
            try:
                app.store.save(result, now=app.now())
            except StoreError as error:
                self.notify(str(error), severity="error", markup=False, timeout=15)
                return False
            self._initial = snapshot
            return True

        app.writes.run(result.id, "interview form", attempt, done)

    def hold_autosave(self, holding: bool) -> None:
        """The form has no autosave."""

    def _build(self) -> Interview | None:
        errors: dict[str, tuple[str, Widget]] = {}
        company = self._value("company")
        if not company:
            errors["company"] = (
                "Enter the company name.",
                self.query_one("#company"),
            )
        when: datetime | None = None
        try:
            when = parse_when(self._value("when"), self.now)
        except DateParseError as error:
            errors["when"] = (str(error), self.query_one("#when"))
        duration = 0
        raw = self._value("duration")
        if not raw.isdigit() or not 1 <= int(raw) <= 24 * 60:
            errors["duration"] = (
                f"{raw!r} is not a duration; enter minutes from 1 to 1440, like 60.",
                self.query_one("#duration"),
            )
        else:
            duration = int(raw)
        people = []
        for row in self._rows():
            name, email, _title = row.values()
            if not any(row.values()):
                continue
            if not name:
                errors.setdefault(
                    "interviewers",
                    ("Every interviewer needs a name (or clear the row).", row.query_one(".name")),
                )
            elif email_problem(email):
                errors.setdefault("interviewers", (email_problem(email), row.query_one(".email")))
            people.append(row.to_interviewer())
        for field in FIELDS:
            self._error(field, errors[field][0] if field in errors else "")
        if errors:
            first = next(field for field in FIELDS if field in errors)
            errors[first][1].focus()
            self.notify("Fix the highlighted fields; nothing was saved.", severity="warning")
            return None
        assert when is not None
        interview = (
            copy.deepcopy(self.original)
            if self.original
            else Interview(company=company, position="", interview_at=when)
        )
        # The fields show text without control characters (RTL marks, CR); one the
        # user did not edit keeps the file's own text, byte for byte.
        old = self.original
        interview.company = _kept(company, old.company if old else None)
        interview.position = _kept(self._value("position"), old.position if old else None)
        interview.interview_at = when
        interview.duration_minutes = duration
        interview.format = str(self.query_one("#format", Select).value)
        interview.location = self._value("location")
        interview.outcome = str(self.query_one("#outcome", Select).value)
        interview.interviewers = people
        topics_text = self.query_one("#topics", TextArea).text
        topics = topics_text.splitlines()
        interview.topics = [topic.strip() for topic in topics if topic.strip()]
        if old and topics_text == "\n".join(printable(t, tabs=True) for t in old.topics):
            interview.topics = list(old.topics)
        interview.initiative = _kept(self._value("initiative"), old.initiative if old else None)
        notes = self.query_one("#notes", TextArea).text
        interview.notes = notes.strip("\n")
        if old and notes == printable(old.notes, newlines=True, tabs=True):
            interview.notes = old.notes
        return interview


def _kept(value: str, original: str | None) -> str:
    """``value`` from a one-line field, or ``original`` when the field shows it unedited."""
    if original is not None and value == printable(original).strip():
        return original
    return value
