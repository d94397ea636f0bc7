"""The draft editor: To, Subject, Body, template and interviewer, save and send.

Drafts are saved into the interview file explicitly (ctrl+s) and automatically
about two seconds after the last change. Leaving with unsaved changes asks.
Sending and the other hand-offs are in ``editor_handoffs``.
"""

from __future__ import annotations

import asyncio
from dataclasses import replace
from typing import TYPE_CHECKING, Any, cast

from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.widgets import Input, Label, Select, Static, TextArea
from textual.widgets.text_area import Selection

from followup_tui.checks import DraftInput, load_dictionary, settings_from_config
from followup_tui.checks.base import word_count
from followup_tui.core.model import Followup, Interview
from followup_tui.core.text import printable
from followup_tui.drafting.draft import DraftError, open_draft, switch_template
from followup_tui.drafting.templates import TemplateError, TemplateLibrary
from followup_tui.mail.errors import MailError
from followup_tui.mail.sending import parse_recipients
from followup_tui.storage.config import ConfigError
from followup_tui.storage.store import StoreError
from followup_tui.tui.commands import ListCommands
from followup_tui.tui.keys import binding_rows, key_of
from followup_tui.tui.screens.checklist_screen import ChecklistScreen, JumpTo
from followup_tui.tui.screens.editor_missing import DraftMissing
from followup_tui.tui.screens.editor_send_later import SendLater
from followup_tui.tui.widgets.footer import Footer
from followup_tui.tui.widgets.header import Header
from followup_tui.tui.widgets.live_checklist import LiveChecklist

if TYPE_CHECKING:
    # The interview, its draft, the template's problem, and whether to save it at once.
    OpenResult = tuple[Interview, Followup, str | None, bool]
    from followup_tui.tui.app import FollowupApp

COMPACT_BELOW_ROWS = 26
"""Below this terminal height the fields drop their borders so the body keeps room."""


# How long the editor's mount waits for its template before rendering on in a worker.
MOUNT_WAIT_SECONDS = 1.0


class EditorScreen(SendLater, DraftMissing):
    """Write, save and send one follow-up email."""

    CSS_PATH = "editor_screen.tcss"
    AUTO_FOCUS = "#body"  # opened to write: the cursor starts in the body
    BINDINGS = [
        Binding("ctrl+s", "save", "Save", id="editor.save"),
        Binding("ctrl+g", "send", "Send", id="editor.send"),
        # ctrl+f: no Input, TextArea or Select binding (nor the app's) uses it.
        Binding("ctrl+f", "send_later", "Send later", id="editor.send_later"),
        Binding("ctrl+t", "mark_sent", "Mark sent", id="editor.mark_sent"),
        Binding("ctrl+o", "external_editor", "$EDITOR", id="editor.external"),
        Binding("ctrl+b", "copy", "Copy", id="editor.copy"),
        Binding("ctrl+r", "export", "Export .eml", id="editor.export"),
        Binding("ctrl+l", "mailto", "mailto:", id="editor.mailto"),
        Binding("ctrl+n", "checklist", "Checklist", id="editor.checklist"),
        Binding("escape", "leave", "Back", id="editor.back"),
        Binding("f2", "edit_interview", "Edit interview", show=False, id="editor.edit_interview"),
        Binding("f3", "setup", "Your name, email, mail", show=False, id="editor.setup"),
    ]
    COMMANDS = {ListCommands}

    def __init__(
        self,
        interview_id: str,
        interviewer_name: str | None = None,
        kind: str | None = None,
        *,
        jump: JumpTo | None = None,
    ) -> None:
        super().__init__()
        self.jump = jump
        self._dictionary: frozenset[str] = frozenset()
        self._check_settings: dict[str, Any] = {}
        self.interview_id = interview_id
        self.interviewer_name = interviewer_name
        self.kind = kind
        self.interview: Interview | None = None
        self.draft: Followup | None = None
        self.library: TemplateLibrary | None = None
        self.dirty = False
        self.sending = False
        self.template_problem = ""  # shown in the status bar until the draft is edited
        # What the widgets were filled with, and the draft's text it came from.
        self._shown: tuple[tuple[str, str, str], tuple[str, str, str]] = (("",) * 3, ("",) * 3)
        self._init_keeping()

    @property
    def followup(self) -> FollowupApp:
        return cast("FollowupApp", self.app)

    # -- layout ----------------------------------------------------------------

    def compose(self) -> ComposeResult:
        yield Header()
        with Vertical(id="editor"):
            with Horizontal(id="pickers"):
                yield Select[str]([], prompt="Template", id="template", allow_blank=True)
                yield Select[str]([], prompt="Interviewer", id="interviewer", allow_blank=True)
            with Horizontal(classes="field"):
                yield Label("To", classes="field-label")
                yield Input(id="to", placeholder="name@example.com, ...")
            with Horizontal(classes="field"):
                yield Label("Subject", classes="field-label")
                yield Input(id="subject")
            yield TextArea(id="body", soft_wrap=True, show_line_numbers=False)
            with Horizontal(id="status-bar"):
                yield Static("", id="status", markup=False)
                yield Static("", id="word-count", markup=False)
            yield LiveChecklist(id="checklist-summary")
        yield Footer()

    def on_resize(self, event: events.Resize) -> None:
        self._set_compact(event.size.height < COMPACT_BELOW_ROWS)

    def _set_compact(self, compact: bool) -> None:
        """Borderless one-row fields in short terminals (a tmux pane, a laptop split)."""
        self.set_class(compact, "-compact")
        for widget in self.query("#editor Select, #editor Input, #editor TextArea"):
            cast(Any, widget).compact = compact

    async def on_mount(self) -> None:
        app = self.followup
        self._set_compact(self.app.size.height < COMPACT_BELOW_ROWS)
        self._dictionary = load_dictionary(app.home)
        try:
            self._check_settings = settings_from_config(app.config)
        except ConfigError as error:
            self.notify(str(error), severity="warning", markup=False, timeout=15)
        self.library = TemplateLibrary(self.followup.home.templates)
        for problem in self.library.problems:
            self.notify(problem, severity="warning", markup=False, timeout=10)
        self.query_one(LiveChecklist).key_hint = key_of(
            self.app, self.BINDINGS, "checklist", app.config.keys
        )
        # In a thread: a user's template may take its whole time budget (seconds).
        # Textual answers no key while a screen's mount handler runs, so it waits
        # a moment (every normal template is done by then, and the editor is filled
        # once mounted, as callers expect); a slow one is finished by a worker
        # while the app answers keys (ctrl+q) and the status bar says so.
        work = asyncio.ensure_future(
            asyncio.to_thread(self._open, self.interviewer_name, self.kind)
        )
        done, _ = await asyncio.wait({work}, timeout=MOUNT_WAIT_SECONDS)
        if done:  # no key was answered meanwhile: the body gets the focus, as always
            self._after_open(work.result(), focus=True)
            return
        self.query_one("#status", Static).update("Rendering the template…")
        self.run_worker(self._finish_open(work), group="editor-open", exit_on_error=False)

    async def _finish_open(self, work: asyncio.Future[OpenResult | str]) -> None:
        opened = await self.followup.unless_closing(work)
        if opened is not None:  # None: the app is quitting
            self._after_open(opened)

    def _after_open(self, opened: OpenResult | str, *, focus: bool = False) -> None:
        self._show(opened)
        if self.draft is None:
            return  # it could not be opened: the editor left with the error
        if self.jump is not None:
            self.apply_jump(self.jump)
            return
        body = self.query_one("#body", TextArea)
        if focus or self.focused in (None, body):
            body.focus()  # after filling it, as when it was filled before AUTO_FOCUS
        self.offer_refill()

    def settings_changed(self) -> None:
        """config.toml changed while this editor is open: new keys, limits and profile."""
        app = self.followup
        try:
            self._check_settings = settings_from_config(app.config)
        except ConfigError as error:
            self.notify(str(error), severity="warning", markup=False, timeout=15)
        self.query_one(LiveChecklist).key_hint = key_of(
            self.app, self.BINDINGS, "checklist", app.config.keys
        )
        if self.draft is not None:
            self._update_counts()
            self._recheck()

    def palette_bindings(self) -> list[tuple[Binding, str]]:
        """Every editor command with its key, for the command palette."""
        return binding_rows(self.app, self.BINDINGS, self.followup.config.keys)

    # -- loading ---------------------------------------------------------------

    def load(self, interviewer: str | None, kind: str | None) -> None:
        """(Re)load the interview from disk and open the draft for ``interviewer``."""
        self._show(self._open(interviewer, kind))

    def _open(self, interviewer: str | None, kind: str | None) -> OpenResult | str:
        """Read the interview and open its draft (renders a template): any thread."""
        app = self.followup
        assert self.library is not None
        try:
            interview = app.store.load(self.interview_id)
            before = len(interview.followups)
            empty = [item for item in interview.followups if not (item.subject or item.body)]
            draft, problem = open_draft(
                interview, self.library, app.config, app.now(), interviewer=interviewer, kind=kind
            )
        except (StoreError, DraftError) as error:
            return str(error)
        refilled = any(item is draft for item in empty)  # an empty one filled just now
        return interview, draft, problem, len(interview.followups) > before or refilled

    def _show(self, opened: OpenResult | str) -> None:
        """Show what ``_open`` opened, or leave with its error."""
        if isinstance(opened, str):
            self.notify(opened, severity="error", markup=False, timeout=10)
            self.dismiss()
            return
        interview, draft, problem, keep = opened
        self.interview, self.draft = interview, draft
        self.template_problem = problem or ""
        if problem:
            self.notify(problem, severity="error", markup=False, timeout=15)
        if draft.notice:
            self.notify(draft.notice, title="Send later", severity="warning", markup=False)
        self.sub_title = printable(interview.title)
        self._fill_widgets()
        self._remember_opened()
        if keep:  # a new draft, or an empty one filled just now: keep it at once (unless empty)
            self.dirty = True
            if self._is_empty():  # the template failed: nothing to keep yet
                self.dirty = False
            else:
                self.save(quiet=True)

    def _fill_widgets(self) -> None:
        assert self.draft is not None and self.interview is not None and self.library is not None
        templates = self.query_one("#template", Select)
        templates.set_options(
            (Content(printable(f"{name} - {self.library.get(name).description}")), name)
            for name in self.library.names()
        )
        if self.draft.template in self.library.templates:
            templates.value = self.draft.template
        people = self.query_one("#interviewer", Select)
        names = [person.name for person in self.interview.interviewers]
        people.set_options((Content(printable(name)), name) for name in names)
        people.display = len(names) > 1
        if self.draft.interviewer in names:
            people.value = self.draft.interviewer
        # Control characters never belong in an email (To/Subject refuse them):
        # shown and kept without them, so no escape sequence reaches the terminal.
        self.query_one("#to", Input).value = printable(self.draft.to)
        self.query_one("#subject", Input).value = printable(self.draft.subject)
        self.query_one("#body", TextArea).load_text(
            printable(self.draft.body, newlines=True, tabs=True)
        )
        self._shown = (self._widgets_text(), (self.draft.to, self.draft.subject, self.draft.body))
        self._update_counts()
        self._recheck()

    # -- editing ---------------------------------------------------------------

    @on(Input.Changed, "#to")
    @on(Input.Changed, "#subject")
    @on(TextArea.Changed, "#body")
    def _edited(self, event: Any) -> None:
        if self.draft is None:
            return
        if self._on_screen() == (self.draft.to, self.draft.subject, self.draft.body):
            return  # the widgets were filled from the draft, not edited
        self._collect()
        self._changed()
        self.template_problem = ""
        self._update_counts()
        self._recheck()

    def _widgets_text(self) -> tuple[str, str, str]:
        return (
            self.query_one("#to", Input).value,
            self.query_one("#subject", Input).value,
            self.query_one("#body", TextArea).text,
        )

    def _on_screen(self) -> tuple[str, str, str]:
        """To, Subject and Body as they are in the widgets now.

        The widgets show the draft without control characters (RTL marks, CR);
        a field the user has not edited is the draft's own text, byte for byte.
        """
        shown, kept = self._shown
        return cast(
            "tuple[str, str, str]",
            tuple(
                kept[index] if text == shown[index] else text
                for index, text in enumerate(self._widgets_text())
            ),
        )

    def _collect(self) -> None:
        assert self.draft is not None
        self.draft.to, self.draft.subject, self.draft.body = self._on_screen()

    def _update_counts(self) -> None:
        body = self.query_one("#body", TextArea).text
        self.query_one("#word-count", Static).update(f"{word_count(body)} words")
        to = self.query_one("#to", Input).value
        status = self.query_one("#status", Static)
        try:
            if to.strip():
                parse_recipients(to)
            if self.template_problem:
                status.update(Content(printable(self.template_problem)))
            else:
                hint = self.missing_hint()
                state = "Unsaved changes" if self.dirty else "Saved"
                text = f"{state} · {hint}" if hint else state
                status.update(Content(printable(text + self.queue_status())))
            self.query_one("#to", Input).remove_class("invalid")
        except MailError as error:
            status.update(Content(printable(str(error))))
            self.query_one("#to", Input).add_class("invalid")

    def draft_input(self) -> DraftInput:
        """What the checklist needs to judge the draft as it is on screen now.

        A copy: the checks run in a worker while typing goes on, and reading the
        widgets must not change the draft (that is ``_edited``'s job).
        """
        assert self.interview is not None and self.draft is not None
        app = self.followup
        to, subject, body = self._on_screen()
        return DraftInput(
            interview=self.interview,
            followup=replace(
                self.draft, to=to, subject=subject, body=body, ticked=list(self.draft.ticked)
            ),
            profile=app.config.profile,
            now=app.now(),
            dictionary=self._dictionary,
            **{"timing": app.config.timing, **self._check_settings},
        )

    def _recheck(self) -> None:
        if self.draft is not None:
            self.query_one(LiveChecklist).schedule(self.draft_input)

    def apply_jump(self, jump: JumpTo) -> None:
        """Put the cursor on a problem the checklist found (field + character offsets)."""
        if jump.field == "body":
            body = self.query_one("#body", TextArea)
            body.selection = Selection(
                _location(body.text, jump.start), _location(body.text, jump.end)
            )
            body.focus()
        elif jump.field in ("to", "subject"):
            field = self.query_one(f"#{jump.field}", Input)
            field.focus()
            field.cursor_position = jump.start

    def action_checklist(self) -> None:
        """Open the full checklist for this draft (saving first)."""
        if self.interview is None or self.draft is None or self.still_saving():
            return
        if self.dirty:
            self.save(quiet=True, then=self._open_checklist)
            return
        self._open_checklist()

    def _open_checklist(self, saved: bool = True) -> None:
        if not saved or not self.is_current or self.interview is None or self.draft is None:
            return
        index = self.interview.followups.index(self.draft)
        interviewer, kind = self.draft.interviewer or None, self.draft.kind

        def back(result: JumpTo | None) -> None:
            # The checklist may have ticked items (a save): continue from the file.
            self.load(interviewer, kind)
            if result is not None:
                self.apply_jump(result)

        self.app.push_screen(ChecklistScreen(self.interview_id, index), back)

    @on(Select.Changed, "#template")
    async def _template_chosen(self, event: Select.Changed) -> None:
        if self.draft is None or event.value is Select.NULL:
            return
        if event.value == self.draft.template:
            return
        assert self.interview is not None and self.library is not None
        try:
            await asyncio.to_thread(  # a slow template must not freeze the app
                switch_template,
                self.draft,
                self.interview,
                self.library,
                str(event.value),
                self.followup.config,
                self.followup.now(),
            )
        except TemplateError as error:
            self.template_problem = str(error)
            self._update_counts()
            self.notify(str(error), severity="error", markup=False, timeout=15)
            return
        self.template_problem = ""
        self._fill_widgets()
        self.dirty = True
        self.save()

    @on(Select.Changed, "#interviewer")
    def _interviewer_chosen(self, event: Select.Changed) -> None:
        if self.draft is None or event.value is Select.NULL:
            return
        if event.value == self.draft.interviewer:
            return
        chosen, kind = str(event.value), self.draft.kind

        def saved(ok: bool) -> None:
            if ok:
                self.load(chosen, kind)
            elif self.draft is not None:  # stay on the draft that is not saved
                with self.prevent(Select.Changed):
                    cast("Select[str]", event.select).value = self.draft.interviewer

        if self.dirty:
            self.save(then=saved)
        else:
            self.load(chosen, kind)


def _location(text: str, offset: int) -> tuple[int, int]:
    """(row, column) in a TextArea for a character offset into its text."""
    offset = max(0, min(offset, len(text)))
    row = text.count("\n", 0, offset)
    return row, offset - (text.rfind("\n", 0, offset) + 1)
