"""No key of a screen shadows a key of the focused widget, nor the other way round.

Walks every screen and modal with every focusable widget it contains: with the
widget focused, the keys its own bindings (and those of the containers between
it and the screen) handle must not be keys the screen or the app would act on.
An Input or TextArea also takes every printable character, so a *priority*
screen binding on a letter would eat typed text. ctrl+k on the editor, the
key that deleted to the end of the line instead of opening the checklist, is
the case this guards against.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from textual.actions import parse
from textual.binding import Binding
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import Input, TextArea

from followup_tui.core.model import Interviewer
from followup_tui.core.schedule import next_action
from followup_tui.storage.config import Config, Profile
from followup_tui.storage.paths import Home
from followup_tui.storage.store import Store
from followup_tui.tui.app import FollowupApp
from followup_tui.tui.modals.choice_modal import ChoiceModal
from followup_tui.tui.modals.confirm import ConfirmModal
from followup_tui.tui.modals.conflict import ConflictModal
from followup_tui.tui.modals.path_modal import PathModal
from followup_tui.tui.modals.send_modal import SendConfirmModal
from followup_tui.tui.screens.checklist_screen import ChecklistScreen
from followup_tui.tui.screens.detail_screen import DetailScreen
from followup_tui.tui.screens.editor_screen import EditorScreen
from followup_tui.tui.screens.form_screen import FormScreen
from followup_tui.tui.screens.help_screen import HelpScreen
from followup_tui.tui.screens.list_screen import InterviewListScreen
from followup_tui.tui.screens.setup_screen import SetupScreen
from tests.conftest import NOW, make_interview, until

# Keys where the widget and the screen mean the same thing: copy the selection.
SAME_MEANING = {"ctrl+c", "super+c"}
# An open dropdown closes on Escape first; the screen's Escape works once it is closed.
NESTED = {("SelectOverlay", "escape")}


def _keys(bindings: Any) -> dict[str, list[Binding]]:
    return {key: list(found) for key, found in bindings.key_to_bindings.items()}


def _active(screen: Screen[Any], binding: Binding) -> bool:
    namespace, name, params = parse(binding.action)
    if namespace:  # app.something: the app decides
        return True
    return screen.check_action(name, params) is not False


def overlaps(screen: Screen[Any], widget: Widget) -> list[str]:
    """Every key both the focused ``widget`` (or a container of it) and the screen/app bind."""
    own: dict[str, list[Binding]] = {}
    node: Any = widget
    while node is not None and node is not screen:
        for key, found in _keys(node._bindings).items():
            own.setdefault(key, []).extend(found)
        node = node.parent
    types_text = isinstance(widget, Input | TextArea)
    found = []
    for holder in (screen, screen.app):
        for key, bindings in _keys(holder._bindings).items():
            if key in SAME_MEANING or (type(widget).__name__, key) in NESTED:
                continue
            for binding in bindings:
                if holder is screen and not _active(screen, binding):
                    continue
                printable = len(key) == 1 or key in ("space", "slash", "question_mark")
                if key in own or (types_text and binding.priority and printable):
                    widget_action = own[key][0].action if key in own else "typing"
                    found.append(
                        f"{type(screen).__name__}: {key} is {binding.action!r} there, but "
                        f"{widget_action!r} on the focused {type(widget).__name__}"
                        f"#{widget.id}"
                    )
    return found


def _home(home: Home) -> str:
    interview = make_interview(
        interviewers=[
            Interviewer("Dana Reyes", "dana@acme.example", "Engineering Manager"),
            Interviewer("Lee Park", "lee@acme.example", "Staff Engineer"),
        ]
    )
    return Store(home).save(interview, now=NOW).id


def _screens(app: FollowupApp, interview_id: str) -> list[tuple[str, Callable[[], Screen[Any]]]]:
    def interview() -> Any:
        return app.store.load(interview_id)

    return [
        ("editor", lambda: EditorScreen(interview_id)),
        ("form", lambda: FormScreen(interview(), NOW)),
        ("new form", lambda: FormScreen(None, NOW)),
        ("checklist", lambda: ChecklistScreen(interview_id)),
        (
            "detail",
            lambda: DetailScreen(interview(), next_action(interview(), NOW), NOW),
        ),
        ("help", lambda: HelpScreen([("a", "Add")])),
        ("setup", lambda: SetupScreen()),
        ("choice", lambda: ChoiceModal("Title", "Message", [("a", "A"), ("b", "B")])),
        ("confirm", lambda: ConfirmModal("Sure?")),
        ("conflict", lambda: ConflictModal("Changed on disk.")),
        ("path", lambda: PathModal("Export to", "/tmp/x.eml")),
        ("send", lambda: SendConfirmModal("dana@acme.example", "Subject", ["Fails: why"])),
    ]


def _focusable(screen: Screen[Any]) -> list[Widget]:
    return [widget for widget in screen.query("*") if widget.focusable or widget.can_focus]


async def _walk(app: FollowupApp, pilot: Any, screen: Screen[Any]) -> list[str]:
    problems = []
    widgets = _focusable(screen)
    assert widgets or isinstance(screen, HelpScreen), f"{screen} has nothing to focus"
    for widget in widgets:
        if widget.display and widget.can_focus:
            widget.focus()
            await pilot.pause()
        problems += overlaps(screen, widget)
    return problems


async def test_no_screen_key_overlaps_a_focused_widget_key(home: Home) -> None:
    interview_id = _home(home)
    config = Config(profile=Profile(name="Sam Lee", email="sam@example.org"))
    app = FollowupApp(home, config)
    problems: list[str] = []
    async with app.run_test(size=(120, 40)) as pilot:
        await until(pilot, lambda: isinstance(app.screen, InterviewListScreen))
        listing = app.screen
        await pilot.press("slash", "a")  # the filter box: shown while it holds text
        await pilot.pause()
        problems += await _walk(app, pilot, listing)
        await pilot.press("escape")
        for name, make in _screens(app, interview_id):
            screen = make()
            await app.push_screen(screen)
            await until(pilot, lambda screen=screen: screen.is_mounted, what=name)
            await pilot.pause()
            problems += await _walk(app, pilot, screen)
            app.pop_screen()
            await pilot.pause()
    assert problems == [], "\n".join(problems)


@pytest.mark.parametrize("key", ["ctrl+k", "ctrl+a", "ctrl+e"])
async def test_the_walk_catches_an_editor_key_a_text_field_uses(
    home: Home, monkeypatch: pytest.MonkeyPatch, key: str
) -> None:
    """The guard itself: binding the checklist to ctrl+k again is reported."""
    bindings = [
        Binding(key, "checklist", "Checklist", id="editor.checklist")
        if isinstance(binding, Binding) and binding.id == "editor.checklist"
        else binding
        for binding in EditorScreen.BINDINGS
    ]
    monkeypatch.setattr(EditorScreen, "BINDINGS", bindings)
    monkeypatch.setattr(EditorScreen, "_merged_bindings", EditorScreen._merge_bindings())
    interview_id = _home(home)
    app = FollowupApp(home, Config(profile=Profile(name="Sam Lee", email="sam@example.org")))
    async with app.run_test(size=(120, 40)) as pilot:
        screen = EditorScreen(interview_id)
        await app.push_screen(screen)
        await until(pilot, lambda: screen.is_mounted)
        problems = await _walk(app, pilot, screen)
    assert any(f"{key} is 'checklist'" in line for line in problems), problems
