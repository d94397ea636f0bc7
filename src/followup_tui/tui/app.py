"""The Textual application: holds the store, config and clock; screens do the work."""

from __future__ import annotations

import asyncio
import os
from collections.abc import Awaitable, Callable
from datetime import datetime
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

from textual.app import App
from textual.filter import Monochrome, NoColor

from followup_tui.core import clock
from followup_tui.core.model import Followup
from followup_tui.storage.config import (
    DEFAULT_THEME,
    Config,
    ConfigError,
    config_stamp,
    load_config,
    needs_setup,
    save_setting,
    settings_parts,
)
from followup_tui.storage.paths import Home, permission_warning
from followup_tui.storage.store import Store, StoreError
from followup_tui.tui.inbox_watch import InboxWatch
from followup_tui.tui.quitting import ask_to_quit, install_exit_signals
from followup_tui.tui.screens.list_screen import InterviewListScreen
from followup_tui.tui.send_queue import QueueSender
from followup_tui.tui.themes import load_home_themes, problems_sentence
from followup_tui.tui.writes import Writes

T = TypeVar("T")

if TYPE_CHECKING:
    from rich.console import RenderableType

    from followup_tui.storage.ahead import Ahead
    from followup_tui.tui.screens.checklist_screen import JumpTo


def _has_interviews(home: Home) -> bool:
    """True when the interviews folder holds at least one file (stops at the first)."""
    try:
        with os.scandir(home.interviews) as entries:
            return any(entry.name.endswith(".toml") for entry in entries)
    except OSError:
        return False


CONFIG_POLL_SECONDS = 2.0
"""How often config.toml's stat is compared (one stat call)."""


class FollowupApp(App[None]):
    """followup-tui: what do I owe whom, and by when?"""

    TITLE = "followup"
    # The first screen's CSS: read with the app's own, in the one parse before the
    # first paint (as the screen's CSS_PATH, pushing it parsed everything again).
    CSS_PATH = [Path(__file__).parent / "screens" / "list_screen.tcss"]

    def __init__(
        self,
        home: Home,
        config: Config,
        *,
        theme: str | None = None,
        demo: bool = False,
        index_ahead: Ahead | None = None,
        offer_setup: bool = False,
    ) -> None:
        super().__init__()
        self._quitting = asyncio.Event()
        # Started by the command line: ask for a missing name/email on a setup screen.
        self.offer_setup = offer_setup
        self._setup_offered = False
        self._config_stamp = config_stamp(home)
        self.home = home
        # The cache being synced in a child process (cli.main), for the list.
        self.index_ahead = index_ahead
        self.config = config
        self.store = Store(home)
        self.writes = Writes(self, self.store)  # saves that find the home's lock taken wait here
        self.demo = demo
        self.inbox = InboxWatch(self)
        self.sender = QueueSender(self)  # sends the queue's due follow-ups while open
        self._requested_theme = theme or config.theme
        self._theme_settled = False
        loaded, self.theme_problems = load_home_themes(home)
        for item in loaded:
            self.register_theme(item)
        # Chosen here rather than in on_mount: Textual then refreshes the CSS for it
        # before the first screen is styled, not after.
        self._theme_messages = self._choose_start_theme()

    def exit(
        self, result: None = None, return_code: int = 0, message: RenderableType | None = None
    ) -> None:
        """Quit; a screen still waiting on slow work (a template rendering) stops waiting."""
        self._quitting.set()
        super().exit(result, return_code, message)

    async def unless_closing(self, work: Awaitable[T]) -> T | None:
        """The result of ``work``, or None as soon as the app quits (``work`` runs on).

        For a screen's handler awaiting a thread: Textual closes a screen only
        once its handler returns, so without this ctrl+q would wait for it.
        """
        task = asyncio.ensure_future(work)
        closing = asyncio.ensure_future(self._quitting.wait())
        done, _ = await asyncio.wait({task, closing}, return_when=asyncio.FIRST_COMPLETED)
        closing.cancel()
        return task.result() if task in done else None

    def _fatal_error(self) -> None:
        """Textual's crash report (App._fatal_error), without any frame's local variables.

        Locals hold the mail settings, drafts, a file's bytes and, inside
        smtplib, the plain password; Textual would print them into the terminal
        (and tmux's scrollback). The exception and the frames are still shown.
        """
        import rich
        from rich.segment import Segments
        from rich.traceback import Traceback

        self.bell()
        traceback = Traceback(show_locals=False, width=None, suppress=[rich])
        self._exit_renderables.append(
            Segments(self.console.render(traceback, self.console.options))
        )
        self._close_messages_no_wait()

    def get_theme_variable_defaults(self) -> dict[str, str]:
        """Urgency and checklist colours, derived from the theme unless it sets them."""
        colors = self.current_theme.to_color_system().generate()
        return {
            "overdue": colors["error"],
            "due": colors["warning"],
            "reminder-due": colors["warning"],
            "upcoming": colors["primary"],
            "waiting": colors["foreground-muted"],
            "no-reply": colors["warning"],
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
        messages = [*self._theme_messages, *self.config.warnings]
        if messages:
            self.notify("\n".join(messages), severity="warning", markup=False, timeout=20)
        if self.config.keys:
            self.set_keymap(self.config.keys)
        self.push_screen(InterviewListScreen())
        self.call_after_refresh(self._check_privacy)
        self.call_after_refresh(self.inbox.start)
        self.call_after_refresh(self.sender.start)
        install_exit_signals(self)
        if not self.demo:
            self.set_interval(CONFIG_POLL_SECONDS, self._poll_config, name="config-poll")
        # A newcomer (no interviews yet) is asked at once; a home with interviews
        # (synced, imported) shows its list and asks at the first `w`.
        if self.offer_setup and needs_setup(self.config) and not _has_interviews(self.home):
            self._setup_offered = True
            self.open_setup()

    def open_setup(self, done: Callable[[bool | None], None] | None = None) -> None:
        """The setup screen: profile and mail settings, written to config.toml."""
        from followup_tui.tui.screens.setup_screen import SetupScreen

        if not isinstance(self.screen, SetupScreen):
            self.push_screen(SetupScreen(), done)

    # -- live settings -----------------------------------------------------------

    def _poll_config(self) -> None:
        """config.toml changed on disk: use it (a broken edit keeps the old settings)."""
        stamp = config_stamp(self.home)
        if stamp == self._config_stamp:
            return
        self._config_stamp = stamp
        try:
            config = load_config(self.home, create=False)
        except ConfigError as error:
            self.notify(
                f"{error} The settings from before stay in use until it is fixed.",
                title="config.toml not reloaded",
                severity="error",
                markup=False,
                timeout=20,
            )
            return
        self.use_config(config)

    def use_config(self, config: Config, *, quiet: bool = False) -> None:
        """Switch to new settings (mail, profile, timing, checks, keys, theme) at once."""
        old, self.config = self.config, config
        self._config_stamp = config_stamp(self.home)
        changed = [name for name, part in settings_parts(old, config) if part]
        if not changed:
            return
        if old.keys != config.keys:
            self.set_keymap(config.keys)
        if old.theme != config.theme and config.theme in self.available_themes:
            self.theme = config.theme
        for screen in self.screen_stack:  # open editors: key hints, [checks] limits
            changed_hook = getattr(screen, "settings_changed", None)
            if callable(changed_hook):
                changed_hook()
        if not quiet:
            self.notify(
                f"Settings reloaded from config.toml: {', '.join(changed)}.",
                markup=False,
                timeout=6,
            )

    async def action_quit(self) -> None:
        """ctrl+q: asks first when a draft or form holds unsaved text."""
        ask_to_quit(self)

    def _check_privacy(self) -> None:
        """Warn when other users can read the home; in a thread, after the first paint.

        It stats every interview file, which the list
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
        """Write (or continue) the follow-up that is owed for this interview.

        Without your name or email, the setup screen asks for them first (once).
        """
        from followup_tui.tui.screens.editor_screen import EditorScreen

        if self.offer_setup and not self._setup_offered and needs_setup(self.config):
            self._setup_offered = True
            self.open_setup(lambda _saved: self.open_editor(interview_id, jump=jump))
            return

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
