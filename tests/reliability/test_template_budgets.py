"""Promise 5, round two: templates render under a time and a size budget, off the UI thread.

The attacks the first round's step budget let through (lipsum with huge
arguments, an integer squared in a loop, a string or list doubled with ``~``
or ``+``, ``replace``/``join`` blow-ups) are each stopped with one sentence
naming the template and line; in the app, a slow template renders in a
thread, ctrl+q is answered meanwhile, and the error shows in the editor.
"""

from __future__ import annotations

import asyncio
import time
from pathlib import Path

import pytest

from followup_tui.drafting import limits
from tests.reliability.test_template_limits import render

SQUARE = (
    "{% set ns = namespace(x=10) %}{% for i in range(40) %}{% set ns.x = ns.x * ns.x %}"
    "{% endfor %}{{ ns.x > 0 }}"
)
ATTACKS = {
    "lipsum-huge": ("{{ lipsum(999999) }}", "lipsum"),
    "lipsum-long-paragraphs": ("{{ lipsum(50, max=999999) }}", "lipsum"),
    "int-square": (SQUARE, "a number would grow past"),
    "int-power-tower": ("{{ (10 ** 1000) ** 1000 }}", "a number would grow past"),
    "concat-doubling": (
        "{% set ns = namespace(s='x') %}{% for i in range(40) %}{% set ns.s = ns.s ~ ns.s %}"
        "{% endfor %}{{ ns.s|length }}",
        "would exceed 1,000,000",
    ),
    "plus-doubling-string": (
        "{% set ns = namespace(s='x') %}{% for i in range(40) %}{% set ns.s = ns.s + ns.s %}"
        "{% endfor %}{{ ns.s|length }}",
        "would exceed 1,000,000",
    ),
    "plus-doubling-list": (
        "{% set ns = namespace(s=[1]) %}{% for i in range(40) %}{% set ns.s = ns.s + ns.s %}"
        "{% endfor %}{{ ns.s|length }}",
        "would exceed 1,000,000",
    ),
    "replace-squaring": (
        "{% set ns = namespace(s='aa') %}{% for i in range(40) %}"
        "{% set ns.s = ns.s.replace('a', ns.s) %}{% endfor %}{{ ns.s|length }}",
        "would exceed 1,000,000",
    ),
    "replace-filter": (
        "{% set ns = namespace(s='aa') %}{% for i in range(40) %}"
        "{% set ns.s = ns.s|replace('a', ns.s) %}{% endfor %}{{ ns.s|length }}",
        "would exceed 1,000,000",
    ),
    "join-squaring": (
        "{% set ns = namespace(s='ab') %}{% for i in range(40) %}"
        "{% set ns.s = ns.s.join(ns.s) %}{% endfor %}{{ ns.s|length }}",
        "would exceed 1,000,000",
    ),
    "slow-steps": (
        "{% for i in range(99999) %}{{ ('x' * 999999).upper()|length }}{% endfor %}",
        "seconds",
    ),
}


@pytest.mark.parametrize("name", sorted(ATTACKS))
def test_attack_is_stopped_quickly(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, name: str
) -> None:
    monkeypatch.setattr(limits, "MAX_SECONDS", 1.0)
    body, fragment = ATTACKS[name]
    started = time.monotonic()
    message = render(tmp_path, body)
    elapsed = time.monotonic() - started
    assert message.startswith(f"ERROR Template {tmp_path / 'mine.j2'}, line 6"), message[:300]
    assert fragment in message and "\n" not in message, message[:300]
    assert elapsed < 10, elapsed  # 1 s budget; the machine is shared


def thank_you_template(folder: Path, body: str) -> None:
    """``body`` as the user's thank-you template (it replaces the built-in one)."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "thank-you.j2").write_text(
        f"---\ndescription: mine\nkind: thank_you\nsubject: Hi\n---\n{body}", encoding="utf-8"
    )


def test_normal_lipsum_and_arithmetic_still_work(tmp_path: Path) -> None:
    out = render(tmp_path, "{{ lipsum(2, html=False) }} {{ 2 ** 64 }} {{ 12345 * 67890 }}")
    assert not out.startswith("ERROR") and "18446744073709551616" in out and "838102050" in out


async def test_app_answers_ctrl_q_while_a_template_renders(
    home: object, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A thank-you template that takes seconds: the editor opens, ctrl+q quits at once."""
    from textual import events

    from followup_tui.storage.config import Config, Profile
    from followup_tui.storage.paths import Home
    from followup_tui.storage.store import Store
    from followup_tui.tui.app import FollowupApp
    from followup_tui.tui.screens import editor_keeping, editor_screen
    from followup_tui.tui.screens.editor_screen import EditorScreen
    from tests.conftest import NOW, make_interview

    assert isinstance(home, Home)
    monkeypatch.setattr(editor_keeping, "AUTOSAVE_SECONDS", 3600.0)
    monkeypatch.setattr(limits, "MAX_SECONDS", 8.0)
    slow = "{% for i in range(99999) %}{{ ('x' * 999999).upper()|length }}{% endfor %}"
    thank_you_template(home.templates, slow)
    interview = Store(home).save(make_interview(), now=NOW)
    app = FollowupApp(home, Config(profile=Profile(name="Sam Lee", email="sam@example.com")))
    async with app.run_test(size=(100, 30), notifications=True) as pilot:
        await pilot.pause()
        screen = EditorScreen(interview.id)
        started = time.monotonic()
        app.push_screen(screen)  # not awaited: it is mounted once the template rendered
        # No Pilot call from here on: each waits for the screen to be idle, which
        # is what the user cannot do. The key goes to the app as a terminal's would.
        await asyncio.sleep(editor_screen.MOUNT_WAIT_SECONDS + 0.5)
        assert screen.draft is None  # still rendering
        app.post_message(events.Key("ctrl+q", None))
        while app.is_running and time.monotonic() - started < 30:
            await asyncio.sleep(0.05)
        assert not app.is_running and time.monotonic() - started < 5


async def test_template_error_shows_in_the_editor(
    home: object, monkeypatch: pytest.MonkeyPatch
) -> None:
    from textual.widgets import Static

    from followup_tui.storage.config import Config, Profile
    from followup_tui.storage.paths import Home
    from followup_tui.storage.store import Store
    from followup_tui.tui.app import FollowupApp
    from followup_tui.tui.screens import editor_keeping
    from followup_tui.tui.screens.editor_screen import EditorScreen
    from tests.conftest import NOW, make_interview, until

    assert isinstance(home, Home)
    monkeypatch.setattr(editor_keeping, "AUTOSAVE_SECONDS", 3600.0)
    thank_you_template(home.templates, "{{ lipsum(999999) }}")
    interview = Store(home).save(make_interview(), now=NOW)
    app = FollowupApp(home, Config(profile=Profile(name="Sam Lee", email="sam@example.com")))
    async with app.run_test(size=(100, 30), notifications=True) as pilot:
        await pilot.pause()
        screen = EditorScreen(interview.id)
        await app.push_screen(screen)

        def status() -> str:
            found = screen.query("#status")
            return str(found.first(Static).content) if found else ""

        await until(pilot, lambda: "lipsum" in status(), what="the error in the editor")
        assert "thank-you.j2, line 6" in status() and "\n" not in status()
        assert app.screen is screen and app.is_running
