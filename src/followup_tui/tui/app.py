"""The Textual application: holds the store, config and clock; screens do the work."""

from __future__ import annotations

from datetime import datetime
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

from textual.app import App
from textual.filter import Monochrome, NoColor

from followup_tui.core import clock
from followup_tui.core.model import Followup
from followup_tui.storage.config import DEFAULT_THEME, Config, save_setting
from followup_tui.storage.paths import Home, permission_warning
from followup_tui.storage.store import Store, StoreError
from followup_tui.tui.inbox_watch import InboxWatch
from followup_tui.tui.screens.list_screen import InterviewListScreen
from followup_tui.tui.send_queue import CHECK_EVERY_SECONDS, due_now, outcome_note, send_due
from followup_tui.tui.themes import load_home_themes, problems_sentence

if TYPE_CHECKING:
    from followup_tui.storage.ahead import Ahead
    from followup_tui.tui.screens.checklist_screen import JumpTo


class FollowupApp(App[None]):
    """followup-tui: what do I owe whom, and by when?"""

    TITLE = "followup"
    # The first screen's CSS: read with the app's own, in the one parse before the
    # first paint (as the screen's CSS_PATH, pushing it parsed everything again: 3 ms).
    CSS_PATH = [Path(__file__).parent / "screens" / "list_screen.tcss"]

    def __init__(
        self,
        home: Home,
        config: Config,
        *,
        theme: str | None = None,
        demo: bool = False,
        index_ahead: Ahead | None = None,
    ) -> None:
        super().__init__()
        self.home = home
        # The cache being synced in a child process (cli.main), for the list.
        self.index_ahead = index_ahead
        self.config = config
        self.store = Store(home)
        self.demo = demo
        self.inbox = InboxWatch(self)
        self._requested_theme = theme or config.theme
        self._theme_settled = False
        loaded, self.theme_problems = load_home_themes(home)
        for item in loaded:
            self.register_theme(item)
        # Chosen here rather than in on_mount: Textual then refreshes the CSS for it
        # before the first screen is styled, not after.
        self._theme_messages = self._choose_start_theme()

    def get_theme_variable_defaults(self) -> dict[str, str]:
        """Urgency and checklist colours, derived from the theme unless it sets them."""
        colors = self.current_theme.to_color_system().generate()
        return {
            "overdue": colors["error"],
            "due": colors["warning"],
            "reminder-due": colors["warning"],
            "upcoming": colors["primary"],
            "waiting": colors["foreground-muted"],
            # ANSI themes (ansi-dark, followup-ansi) have no foreground-disabled.
            "closed": colors.get("foreground-disabled", colors["text-disabled"]),
            "check-pass": colors["success"],
            "check-warn": colors["warning"],
            "check-fail": colors["error"],
            "check-manual": colors["accent"],
        }

    def now(self) -> datetime:
        """The current time (honours FOLLOWUP_TUI_NOW)."""
        return clock.now()

    def on_mount(self) -> None:
        self._theme_settled = True
        if self._theme_messages:
            self.notify(
                "\n".join(self._theme_messages), severity="warning", markup=False, timeout=20
            )
        if self.config.keys:
            self.set_keymap(self.config.keys)
        self.push_screen(InterviewListScreen())
        self.call_after_refresh(self._check_privacy)
        self.call_after_refresh(self.inbox.start)
        self.set_interval(CHECK_EVERY_SECONDS, self._send_queue_tick)

    # -- sending what the queue holds while the app is open ----------------------

    def _send_queue_tick(self) -> None:
        """Every half minute: when a listed follow-up's time has come, run the queue."""
        lists = [screen for screen in self.screen_stack if isinstance(screen, InterviewListScreen)]
        if lists and due_now(self, lists[0].rows.values()):
            self.run_worker(
                partial(self._send_queue, lists[0]),
                thread=True,
                group="send-queue",
                exclusive=True,
                exit_on_error=False,
            )

    def _send_queue(self, screen: InterviewListScreen) -> None:
        for outcome in send_due(self):
            text, problem = outcome_note(outcome)
            self.call_from_thread(
                self.notify,
                text,
                title="Send later",
                severity="warning" if problem else "information",
                markup=False,
                timeout=20 if problem else 10,
            )
        self.call_from_thread(screen.poll_store, full=True)

    def _check_privacy(self) -> None:
        """Warn when other users can read the home; in a thread, after the first paint.

        It stats every interview file (20 ms at 10,000 here), which the list
        does not need before it is drawn.
        """
        self.run_worker(self._privacy_warning, thread=True, group="privacy", exit_on_error=False)

    def _privacy_warning(self) -> None:
        warning = permission_warning(self.home)
        if warning:
            self.call_from_thread(
                self.notify, warning, severity="warning", markup=False, timeout=20
            )

    # -- opening the editor and the checklist (requested by the list) ---------------

    def on_interview_list_screen_draft_requested(
        self, message: InterviewListScreen.DraftRequested
    ) -> None:
        self.open_editor(message.interview_id)

    def on_interview_list_screen_checklist_requested(
        self, message: InterviewListScreen.ChecklistRequested
    ) -> None:
        self.open_checklist(message.interview_id)

    def open_editor(self, interview_id: str, *, jump: JumpTo | None = None) -> None:
        """Write (or continue) the follow-up that is owed for this interview."""
        from followup_tui.tui.screens.editor_screen import EditorScreen

        interviewer = kind = None
        if jump is not None:  # continue the very draft the checklist looked at
            draft = self._current_draft(interview_id)
            if draft is not None:
                interviewer, kind = draft.interviewer or None, draft.kind
        self.push_screen(
            EditorScreen(interview_id, interviewer, kind, jump=jump),
            lambda _: self.refresh_list_row(interview_id),
        )

    def open_checklist(self, interview_id: str) -> None:
        """The checklist for the interview's current draft; Enter on a problem opens the editor."""
        from followup_tui.tui.screens.checklist_screen import ChecklistScreen

        def done(result: JumpTo | None) -> None:
            self.refresh_list_row(interview_id)
            if result is not None:
                self.open_editor(interview_id, jump=result)

        self.push_screen(ChecklistScreen(interview_id), done)

    def _current_draft(self, interview_id: str) -> Followup | None:
        from followup_tui.checks import current_draft_index

        try:
            interview = self.store.load(interview_id)
        except StoreError:
            return None
        index = current_draft_index(interview)
        return None if index is None else interview.followups[index]

    def on_app_focus(self) -> None:
        """Back in the terminal (where it reports focus): look at every file again."""
        for screen in self.screen_stack:
            if isinstance(screen, InterviewListScreen) and screen.is_mounted:
                screen.poll_store(full=True)

    def refresh_list_row(self, interview_id: str) -> None:
        """Re-read one interview into the list (after another screen or a scan saved it)."""
        for screen in self.screen_stack:
            if isinstance(screen, InterviewListScreen):
                screen.refresh_interview(interview_id)

    def _choose_start_theme(self) -> list[str]:
        """Use the requested theme, else the default; returns one message per problem."""
        requested = self._requested_theme
        messages = [problems_sentence(self.theme_problems)] if self.theme_problems else []
        if requested in self.available_themes:
            self.theme = requested
        else:
            self.theme = DEFAULT_THEME
            messages.append(
                f"There is no theme called {requested!r}; using {DEFAULT_THEME} "
                "(ctrl+p, then Theme, lists the others)."
            )
        return messages

    def watch_theme(self, name: str) -> None:
        """Keep NO_COLOR right for the new theme and remember the user's choice."""
        if self.no_color:
            # Textual picks its NO_COLOR filter once, for the theme active at start-up;
            # ANSI themes need NoColor (Monochrome turns ANSI colours black).
            wanted = NoColor() if self.native_ansi_color else Monochrome()
            self._filters = [
                wanted if isinstance(item, Monochrome | NoColor) else item for item in self._filters
            ]
        if self._theme_settled and name != self.config.theme:
            self.config.theme = name
            self.remember_setting("theme", name, "theme")

    def remember_setting(self, key: str, value: object, what: str) -> None:
        """Write ``[ui] key = value`` to config.toml for the next launch (not in demo mode).

        In a thread, since the save fsyncs; a failure is one toast, the session keeps
        the value. ``what`` names the setting in that toast.
        """
        if not self.demo:
            self.run_worker(
                partial(self._save_setting, key, value, what),
                thread=True,
                exclusive=True,
                group=f"save-{key}",
            )

    def _save_setting(self, key: str, value: object, what: str) -> None:
        try:
            save_setting(self.home, "ui", key, value)
        except Exception as error:  # noqa: BLE001 any failure is one toast, never a crash
            self.call_from_thread(
                self.notify,
                f"Could not save the {what} to {self.home.config_file}: {error}. "
                "It applies to this session only.",
                severity="error",
                markup=False,
            )
