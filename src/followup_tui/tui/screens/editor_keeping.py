"""How the draft editor keeps what is typed: saving, autosave, leaving, discarding.

Autosave runs at most ``AUTOSAVE_SECONDS`` after the first unsaved change
(typing does not push it back), so a crash or a kill loses at most that much.
While a dialog decides about the changes (leave, quit, a conflict), autosave
waits for its answer: "Discard" must find the changes still unsaved.
"Discard" brings the draft back to what it was when this editor opened it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from textual.timer import Timer

from followup_tui.core.model import Followup, Interview
from followup_tui.core.text import printable
from followup_tui.tui.modals.choice_modal import ChoiceModal
from followup_tui.tui.screens.editor_handoffs import DraftHandoffs

AUTOSAVE_SECONDS = 2.0


@dataclass(frozen=True)
class Opened:
    """A draft's text as it was when the editor first showed it."""

    to: str
    subject: str
    body: str
    template: str

    @classmethod
    def of(cls, draft: Followup) -> Opened:
        return cls(draft.to, draft.subject, draft.body, draft.template)


class DraftKeeping(DraftHandoffs):
    """Saving for ``EditorScreen``; also what ctrl+q and SIGHUP ask of it (KeepsText)."""

    _autosave_timer: Timer | None
    _held: bool
    _opened: dict[tuple[str, str], Opened]

    if TYPE_CHECKING:

        def _update_counts(self) -> None: ...

        def load(self, interviewer: str | None, kind: str | None) -> None: ...

        def _fill_widgets(self) -> None: ...

        def _on_screen(self) -> tuple[str, str, str]: ...

    def _init_keeping(self) -> None:
        self._autosave_timer = None
        self._held = False
        self._opened = {}

    def _remember_opened(self) -> None:
        """Keep the draft's text the first time this editor shows it (for Discard)."""
        if self.draft is not None:
            # As shown (control characters dropped), so that merely looking is no change.
            to, subject, body = self._on_screen()
            key = (self.draft.interviewer, self.draft.kind)
            self._opened.setdefault(key, Opened(to, subject, body, self.draft.template))

    def _changed(self) -> None:
        """An edit: save within AUTOSAVE_SECONDS of the first unsaved one."""
        self.dirty = True
        if self._autosave_timer is None:
            self._autosave_timer = self.set_timer(AUTOSAVE_SECONDS, self._autosave)

    def _autosave(self) -> None:
        self._autosave_timer = None
        if self.dirty and not self.sending and not self._held:
            self.save(quiet=True)

    # -- KeepsText (quitting.py) -------------------------------------------------

    def _is_empty(self) -> bool:
        """Nothing worth keeping: no subject and no body (never written to disk)."""
        self._collect()
        return self.draft is None or not (self.draft.subject.strip() or self.draft.body.strip())

    def unsaved_text(self) -> str:
        if not self.dirty or self.draft is None or self._is_empty():
            return ""
        to = f" to {self.draft.to}" if self.draft.to else ""
        return f"The draft{to} has changes that are not saved yet."

    def keep_text(self, done: Callable[[bool], object]) -> None:
        self.save(quiet=True, then=done)

    def hold_autosave(self, holding: bool) -> None:
        self._held = holding
        if not holding and self.dirty and self._autosave_timer is None:
            self._autosave_timer = self.set_timer(AUTOSAVE_SECONDS, self._autosave)

    # -- saving ------------------------------------------------------------------

    def save(self, *, quiet: bool = False, then: Callable[[bool], object] | None = None) -> bool:
        """Write the draft into the interview file; True when it is on disk now.

        ``then(saved)`` hears the outcome once, now or (when another followup
        holds the home's lock) once the save is done or given up; typing goes
        on meanwhile and what is typed joins the waiting save.
        """
        interview, draft = self.interview, self.draft
        if interview is None or draft is None or self._is_empty():
            if interview is not None and draft is not None and not quiet:
                self.notify("The draft is empty; nothing was saved.", markup=False)
            if then is not None:
                then(False)
            return False

        def prepare() -> None:  # each try: what is on screen now, if it is still this draft
            if self.draft is draft:
                self._collect()
            draft.updated_at = self.followup.now()

        def saved(ok: bool) -> None:
            if ok and self.draft is draft:
                self.dirty = False
                self._update_counts()
                if not quiet:
                    self.notify("Draft saved.", markup=False)
            if then is not None:
                then(ok)

        from followup_tui.tui import conflicts

        who = draft.interviewer or draft.to
        to = f" to {printable(who)}" if who else ""
        return conflicts.save(
            self,
            interview,
            reload=self._reload_from_disk,
            then=saved,
            hold=self.hold_autosave,
            what=f"draft{to}",
            merge=("draft", id(interview)),
            prepare=prepare,
        )

    def still_saving(self) -> bool:
        """True (and says so) while this draft's save waits for another followup."""
        return self.interview is not None and self.followup.writes.refused(self.interview.id)

    def action_save(self) -> None:
        self.save()

    def _offer_reload(self, message: str, mine: Interview | None = None) -> None:
        """The one conflict dialog (``tui/conflicts.py``); autosave waits for its answer."""
        from followup_tui.tui import conflicts

        conflicts.offer(
            self,
            message,
            mine or self.interview,
            reload=self._reload_from_disk,
            hold=self.hold_autosave,
        )

    def _reload_from_disk(self) -> None:
        self.dirty = False
        self.load(self.draft.interviewer if self.draft else None, self.draft_kind())

    def draft_kind(self) -> str | None:
        return self.draft.kind if self.draft is not None else None

    # -- leaving -----------------------------------------------------------------

    def _session_changes(self) -> bool:
        """True when the draft on screen differs from what this editor opened."""
        if self.draft is None:
            return False
        self._collect()
        opened = self._opened.get((self.draft.interviewer, self.draft.kind))
        return self.dirty or (opened is not None and opened != Opened.of(self.draft))

    def action_leave(self) -> None:
        """Go back; with changes made here, ask first (keeping them is the default)."""
        if self.still_saving():
            return
        if not self._session_changes():
            self.dismiss()
            return
        self.hold_autosave(True)

        def kept(ok: bool) -> None:
            if (ok or self._is_empty()) and self.is_current:
                self.dismiss()

        def chosen(choice: str | None) -> None:
            self.hold_autosave(False)
            if choice == "save":
                self.save(quiet=True, then=kept)
            elif choice == "discard":
                self._discard(then=kept)

        self.app.push_screen(
            ChoiceModal(
                "Leave the draft?",
                "You changed this draft here. Keep the changes, or put it back the way "
                "it was when you opened it?",
                [("save", "Keep and leave"), ("discard", "Discard changes"), ("cancel", "Stay")],
                about="leave",
            ),
            chosen,
        )

    def _discard(self, then: Callable[[bool], object]) -> None:
        """Put the draft back as it was opened, on disk too; ``then(False)`` when that failed."""
        assert self.draft is not None
        opened = self._opened.get((self.draft.interviewer, self.draft.kind))
        if opened is None:
            self.dirty = False
            then(True)
            return
        self.draft.to, self.draft.subject = opened.to, opened.subject
        self.draft.body, self.draft.template = opened.body, opened.template
        self._fill_widgets()
        self.dirty = True

        def put_back(ok: bool) -> None:
            if ok or not (opened.subject.strip() or opened.body.strip()):
                self.dirty = False
                ok = True
            then(ok)

        self.save(quiet=True, then=put_back)
