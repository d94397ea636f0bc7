"""Values a draft still lacks: the status line's hint and filling them in later.

A template renders a missing value as a placeholder (``[your name]``). The
editor's status line names what is missing and the key that records it (the
setup screen for the profile, the interview form for the rest). When the
values are recorded later, the editor offers to fill them in (only the
placeholders change) or to re-fill the whole draft from its template; it
never replaces the user's edits without asking.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from followup_tui.core.placeholders import find_missing, missing_for
from followup_tui.drafting.draft import fill_missing, fillable, switch_template
from followup_tui.drafting.templates import TemplateError
from followup_tui.tui.keys import key_of
from followup_tui.tui.modals.choice_modal import ChoiceModal
from followup_tui.tui.screens.editor_keeping import DraftKeeping

if TYPE_CHECKING:
    from followup_tui.core.model import Interview
    from followup_tui.drafting.templates import TemplateLibrary


class DraftMissing(DraftKeeping):
    """The missing-value hint and the re-fill offer, for ``EditorScreen``."""

    library: TemplateLibrary | None

    def missing_hint(self) -> str:
        """ "Missing: your name (F3), a topic you discussed (F2)", or ""."""
        if self.draft is None:
            return ""
        keys = {
            "setup": key_of(self.app, self.BINDINGS, "setup", self.followup.config.keys),
            "interview": key_of(
                self.app, self.BINDINGS, "edit_interview", self.followup.config.keys
            ),
        }
        found = [
            item
            for text in (self.draft.subject, self.draft.body)
            for item, *_ in find_missing(text)
        ]
        if not self.draft.to.strip() and (email := missing_for("interviewer.email")):
            found.append(email)  # To stays empty (a placeholder is no address)
        seen: dict[str, str] = {}
        for item in found:
            key = keys.get(item.where, "")
            seen.setdefault(item.what, f"{item.what} ({key})" if key else item.what)
        return "Missing: " + ", ".join(seen.values()) if seen else ""

    def action_setup(self) -> None:
        """Your name, email and mail settings; then offer to fill the draft in."""
        self.followup.open_setup(lambda _saved: self.offer_refill())

    def action_edit_interview(self) -> None:
        """Edit this interview (topics, position, people); then offer to fill the draft in."""
        from followup_tui.tui.screens.form_screen import FormScreen

        if self.interview is None or self.still_saving():
            return

        def saved(result: Interview, ok: bool) -> None:
            if ok and self.draft is not None:
                self.load(self.draft.interviewer or None, self.draft.kind)
                self.offer_refill()

        def done(result: Interview | None) -> None:
            if result is None or self.draft is None:
                return
            from followup_tui.tui import conflicts

            conflicts.save(
                self,
                result,
                reload=self._reload_from_disk,
                then=lambda ok: saved(result, ok),
                hold=self.hold_autosave,
            )

        def edit(ok: bool = True) -> None:
            if ok and self.interview is not None and self.is_current:
                self.app.push_screen(FormScreen(self.interview, self.followup.now()), done)

        if self.dirty:
            self.save(quiet=True, then=edit)
        else:
            edit()

    def offer_refill(self) -> None:
        """Placeholders whose values are now recorded: ask how to use them."""
        if self.draft is None or self.interview is None:
            return
        app = self.followup
        values = fillable(self.draft, self.interview, app.config, app.now())
        if not values:
            self._update_counts()
            return
        self.hold_autosave(True)

        def chosen(choice: str | None) -> None:
            self.hold_autosave(False)
            if self.draft is None or self.interview is None:
                return
            if choice == "fill":
                fill_missing(self.draft, values)
            elif choice == "refill" and self.library is not None:
                try:
                    switch_template(
                        self.draft,
                        self.interview,
                        self.library,
                        self.draft.template,
                        app.config,
                        app.now(),
                    )
                except TemplateError as error:
                    self.notify(str(error), severity="error", markup=False, timeout=15)
                    return
            else:
                return
            self._fill_widgets()
            self.dirty = True
            self.save(quiet=True)

        shown = ", ".join(f"{key} → {value}" for key, value in values.items())
        self.app.push_screen(
            ChoiceModal(
                "Fill in what is now recorded?",
                f"This draft still shows placeholders that now have values: {shown}.",
                [
                    ("fill", "Fill them in"),
                    ("refill", "Re-fill from the template (replaces your edits)"),
                    ("keep", "Keep the draft as it is"),
                ],
                about="refill",
            ),
            chosen,
        )
