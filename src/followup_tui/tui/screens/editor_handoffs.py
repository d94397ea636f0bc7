"""The draft editor's ways out: $EDITOR, clipboard, mailto:, .eml, mark as sent, send.

``DraftHandoffs`` holds the actions; ``EditorScreen`` (editor_screen.py) adds
the fields, the template and interviewer pickers, saving and the checklist,
and binds the keys. Sending runs in a thread worker; the UI never freezes.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from textual import work
from textual.screen import Screen
from textual.widgets import Input, Static, TextArea

from followup_tui.core import actions
from followup_tui.core.model import Followup, Interview
from followup_tui.mail.errors import MailError
from followup_tui.mail.sending import (
    build_message,
    default_eml_name,
    export_eml,
    mailto_link,
    send_followup,
)
from followup_tui.storage.store import StoreError
from followup_tui.tui.external_editor import EditorCommandError, edit_text
from followup_tui.tui.modals.path_modal import PathModal
from followup_tui.tui.modals.send_modal import SendConfirmModal
from followup_tui.tui.widgets.live_checklist import LiveChecklist

if TYPE_CHECKING:
    from followup_tui.checks import DraftInput
    from followup_tui.tui.app import FollowupApp


def split_edited(text: str, to: str, subject: str) -> tuple[str, str, str]:
    """Read back a draft from the external editor: optional To:/Subject: lines, then body."""
    lines = text.split("\n")
    index = 0
    while index < len(lines) and lines[index].lower().startswith(("to:", "subject:")):
        key, _, value = lines[index].partition(":")
        if key.lower() == "to":
            to = value.strip()
        else:
            subject = value.strip()
        index += 1
    if index and index < len(lines) and not lines[index].strip():
        index += 1
    return to, subject, "\n".join(lines[index:])


class DraftHandoffs(Screen[None]):
    """Everything that takes the draft out of the editor, for ``EditorScreen``."""

    # Set by EditorScreen.__init__.
    interview: Interview | None
    draft: Followup | None
    dirty: bool
    sending: bool

    if TYPE_CHECKING:  # EditorScreen's, declared for the type checker

        @property
        def followup(self) -> FollowupApp: ...

        def save(
            self, *, quiet: bool = False, then: Callable[[bool], object] | None = None
        ) -> bool: ...

        def still_saving(self) -> bool: ...

        def _collect(self) -> None: ...

        def draft_input(self) -> DraftInput: ...

    # -- hand-offs -------------------------------------------------------------

    def action_external_editor(self) -> None:
        """Edit To, Subject and Body in $VISUAL / $EDITOR, then reload them."""
        assert self.draft is not None
        self._collect()
        text = f"To: {self.draft.to}\nSubject: {self.draft.subject}\n\n{self.draft.body}"
        try:
            edited = edit_text(self.app, text, suffix=".eml.txt")
        except EditorCommandError as error:
            self.notify(str(error), severity="error", markup=False)
            return
        if edited == text:
            return
        to, subject, body = split_edited(edited, self.draft.to, self.draft.subject)
        self.query_one("#to", Input).value = to
        self.query_one("#subject", Input).value = " ".join(subject.split())
        self.query_one("#body", TextArea).load_text(body)
        self._collect()
        self.dirty = True
        self.save(quiet=True)

    def action_copy(self) -> None:
        """Copy subject and body to the clipboard (OSC 52, works over SSH)."""
        self._collect()
        assert self.draft is not None
        self.app.copy_to_clipboard(f"Subject: {self.draft.subject}\n\n{self.draft.body}")
        self.notify(self._clipboard_note("Subject and body"), markup=False, timeout=12)

    def action_mailto(self) -> None:
        """Copy a mailto: link for the draft."""
        self._collect()
        assert self.draft is not None
        try:
            link = mailto_link(self.draft.to, self.draft.subject, self.draft.body)
        except MailError as error:
            self.notify(str(error), severity="error", markup=False)
            return
        self.app.copy_to_clipboard(link)
        self.notify(self._clipboard_note("The mailto: link"), markup=False, timeout=12)

    def _clipboard_note(self, what: str) -> str:
        """What a copy did (the terminal may ignore it) and the other ways out."""
        from followup_tui.tui.keys import key_of

        keys = self.followup.config.keys

        def key(action: str) -> str:
            return key_of(self.app, self.BINDINGS, action, keys)

        where = (
            "in tmux this needs `set -g set-clipboard on`"
            if os.environ.get("TMUX")
            else "some terminals (and tmux without `set -g set-clipboard on`) ignore it"
        )
        return (
            f"{what} sent to the terminal's clipboard (OSC 52); {where}. "
            f"Nothing there? {key('export')} saves an .eml file, "
            f"{key('external_editor')} opens the draft in $EDITOR."
        )

    def action_export(self) -> None:
        """Export the draft as an .eml file at a path the user picks."""
        self._collect()
        assert self.draft is not None and self.interview is not None
        suggested = str(Path.cwd() / default_eml_name(self.interview, self.draft))

        def chosen(path: str | None) -> None:
            if not path or self.draft is None:
                return
            app = self.followup
            try:
                message = build_message(self.draft, app.config.profile, app.config.mail, app.now())
                written = export_eml(message, Path(path))
            except MailError as error:
                self.notify(str(error), severity="error", markup=False, timeout=10)
                return
            self.notify(f"Saved {written}", markup=False, timeout=10)

        self.app.push_screen(PathModal("Export as .eml to", suggested), chosen)

    def action_mark_sent(self) -> None:
        """Record that this email went out elsewhere; starts the reminder clock."""
        assert self.draft is not None and self.interview is not None
        if self.still_saving():
            return
        self._collect()
        app, draft = self.followup, self.draft
        before = (draft.state, draft.notice, draft.sent_at, draft.updated_at, draft.message_id)
        actions.mark_sent(self.interview, app.now(), draft=draft, timing=app.config.timing)
        self.dirty = True

        def saved(ok: bool) -> None:
            if not ok:  # not on disk: the draft stays a draft, here too
                draft.state, draft.notice, draft.sent_at, draft.updated_at = before[:4]
                draft.message_id = before[4]
                return
            self.notify("Marked as sent; the reminder clock has started.", markup=False)
            if self.is_current:
                self.dismiss()

        self.save(quiet=True, then=saved)

    # -- sending ---------------------------------------------------------------

    def action_send(self) -> None:
        """Confirm (listing failing checklist items), then send in a worker."""
        assert self.draft is not None
        self._collect()
        problems, fails = self.query_one(LiveChecklist).problems(self.draft_input())
        app = self.followup
        try:
            build_message(self.draft, app.config.profile, app.config.mail, app.now())
        except MailError as error:
            self.notify(str(error), severity="error", markup=False, timeout=10)
            return

        def chosen(choice: str | None) -> None:
            if choice == "send":
                self.sending = True
                self.query_one("#status", Static).update("Sending…")
                self._send_worker()

        self.app.push_screen(
            SendConfirmModal(self.draft.to, self.draft.subject, problems, fails=fails), chosen
        )

    @work(thread=True, exclusive=True, group="send")
    def _send_worker(self) -> None:
        assert self.interview is not None and self.draft is not None
        app = self.followup
        try:
            result = send_followup(
                self.interview,
                self.draft,
                store=app.store,
                home=app.home,
                config=app.config,
                now=app.now(),
            )
        except (MailError, StoreError) as error:
            self.app.call_from_thread(self._send_failed, str(error))
            return
        note = f"Sent to {self.draft.to}."
        if result.refused:
            note += f" Refused: {', '.join(result.refused)}."
        if result.warning:
            note += f" {result.warning}"
        self.app.call_from_thread(self._send_done, note)

    def _send_failed(self, message: str) -> None:
        self.sending = False
        self.query_one("#status", Static).update("Not sent")
        self.notify(message, title="Not sent", severity="error", markup=False, timeout=20)

    def _send_done(self, note: str) -> None:
        self.sending = False
        self.dirty = False
        self.notify(note, title="Sent", markup=False, timeout=10)
        self.dismiss()
