"""Shared fixtures: a fresh home per test, a fixed clock, sample interviews."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import pytest

from followup_tui.core.model import Interview, Interviewer
from followup_tui.storage.paths import Home, open_home
from followup_tui.storage.store import Store

CET = timezone(timedelta(hours=1))
NOW = datetime(2026, 11, 26, 9, 0, tzinfo=CET)


@pytest.fixture(autouse=True)
def _isolated_env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Iterator[None]:
    """No test may touch the real home or depend on the real clock or colours."""
    monkeypatch.setenv("FOLLOWUP_TUI_HOME", str(tmp_path / "default-home"))
    monkeypatch.setenv("FOLLOWUP_TUI_NOW", NOW.isoformat())
    monkeypatch.delenv("NO_COLOR", raising=False)
    yield


@pytest.fixture
def now() -> datetime:
    return NOW


@pytest.fixture
def home(tmp_path: Path) -> Home:
    return open_home(tmp_path / "home")


@pytest.fixture
def store(home: Home) -> Store:
    return Store(home)


def make_interview(**overrides: object) -> Interview:
    """A realistic interview two days before NOW; override any field."""
    values: dict[str, object] = {
        "company": "Acme",
        "position": "Backend Engineer",
        "interview_at": datetime(2026, 11, 24, 14, 0, tzinfo=CET),
        "topics": ["moving billing to event sourcing", "the on-call rotation"],
        "initiative": "the billing platform rewrite",
        "interviewers": [Interviewer("Dana Reyes", "dana@acme.example", "Engineering Manager")],
    }
    values.update(overrides)
    return Interview(**values)  # type: ignore[arg-type]


async def until(
    pilot: Any, ready: Callable[[], object], *, seconds: float = 180, what: str = "the app"
) -> None:
    """Let the app work until ``ready()`` holds; fail after ``seconds``.

    The deadline is generous on purpose: the machines are shared, and under
    load a first paint alone has taken ten seconds. A fixed number of short
    pauses gave up too early there. The app always gets at least one pause.
    """
    deadline = time.monotonic() + seconds
    await pilot.pause(0.05)
    while not ready():
        assert time.monotonic() < deadline, f"timed out after {seconds:g} s waiting for {what}"
        await pilot.pause(0.05)


def rewrite_in_place(path: Path, old: str, new: str) -> None:
    """Change a file the way `>>` or some editors do: same folder entry, new bytes."""
    text = path.read_text()
    with path.open("r+") as handle:  # no rename: the folder's stamp does not move
        handle.truncate(0)
        handle.write(text.replace(old, new))


@pytest.fixture
def lasting_launch_toast(monkeypatch: pytest.MonkeyPatch) -> None:
    """The launch toast stays until dismissed (a starved test could miss a 10 s one)."""
    from followup_tui.tui.screens import list_base

    monkeypatch.setattr(list_base, "LAUNCH_NOTE_SECONDS", 3600.0)


async def launch_toast_settled(pilot: Any) -> None:
    """Snapshot ``run_before``: wait for the launch notification, then dismiss it.

    The toast is posted after the first paint and expires after 10 s, so on a
    loaded machine a snapshot could be taken before, during or after it (use
    with the ``lasting_launch_toast`` fixture, or a slow run may never see it).
    Its text is checked by the Pilot and end-to-end tests; snapshots show the list.
    """
    await until(pilot, lambda: pilot.app.screen.query("Toast"), what="the launch notification")
    pilot.app.clear_notifications()
    await pilot.pause()


def count_parses(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The ids of the interview files parsed from now on (each parse appends one)."""
    from followup_tui.storage import toml_format as store_module

    parsed: list[str] = []
    real = store_module.parse_interview

    def counting(data: bytes, interview_id: str) -> Interview:
        parsed.append(interview_id)
        return real(data, interview_id)

    monkeypatch.setattr(store_module, "parse_interview", counting)
    return parsed


@pytest.fixture
def berlin(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """The machine's zone is Europe/Berlin, so the pinned NOW (+01:00 in November) is local.

    Times a user types ("tomorrow 9:00") and the send-later proposals are local wall-clock
    times; this makes them agree with NOW whatever zone the test machine is in.
    """
    monkeypatch.setenv("TZ", "Europe/Berlin")
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()
