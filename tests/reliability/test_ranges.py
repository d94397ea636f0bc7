"""Promise 5: one out-of-range value never takes anything down.

Dates outside 1970..2200, durations outside 1..1440 minutes and non-finite or
huge timing numbers are refused where they enter (CLI, import, config) and
make a file "broken" exactly like a TOML error: reported with the field, left
byte-identical, the rest loads. The hypothesis test feeds every date and
number field extreme values through load, schedule, rows, status, list,
export and show; none may raise.
"""

from __future__ import annotations

import json
import os
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from followup_tui.cli.main import main
from followup_tui.core.rows import Row
from followup_tui.core.schedule import next_action
from followup_tui.storage.config import ConfigError, parse_config
from followup_tui.storage.paths import Home, open_home
from followup_tui.storage.store import Store, StoreError
from tests.conftest import NOW, make_interview
from tests.reliability.conftest import fast_tempdir

GOOD = (
    'company = "Acme"\nposition = "Engineer"\ninterview_at = 2026-11-24T14:00:00+01:00\n'
    "duration_minutes = 60\n"
)
# (file text, the field its problem names)
OUT_OF_RANGE = {
    "year-9999": ("interview_at = 9999-12-31T23:30:00", "interview_at"),
    "year-1": ("interview_at = 0001-01-01T00:10:00+05:00", "interview_at"),
    "year-1969": ("interview_at = 1969-12-31T23:59:00Z", "interview_at"),
    "year-2201": ("interview_at = 2201-01-01T00:00:00Z", "interview_at"),
    "huge-duration": ("duration_minutes = 99999999999", "duration_minutes"),
    "zero-duration": ("duration_minutes = 0", "duration_minutes"),
    "sent-9999": (
        '[[followups]]\nkind = "thank_you"\nstate = "sent"\nsent_at = 9999-12-31T23:59:59Z',
        "followups[0].sent_at",
    ),
    "reply-year-1": ("[response]\nreceived_at = 0001-01-01T00:00:00", "response.received_at"),
    "created-9999": ("created_at = 9999-01-01T00:00:00Z", "created_at"),
}


def _file(body: str) -> str:
    """GOOD with the lines ``body`` sets replaced (tables go after the top-level keys)."""
    first = body.split("=", 1)[0].strip()
    lines = [line for line in GOOD.splitlines() if not line.startswith(first + " ")]
    return "\n".join(lines) + "\n" + body + "\n"


def run(home: Home, *args: str) -> int:
    return main(["--home", str(home.root), *args])


@pytest.mark.parametrize("name", sorted(OUT_OF_RANGE))
def test_out_of_range_file_is_broken_and_untouched(
    fast_home: Home, name: str, capsys: pytest.CaptureFixture[str]
) -> None:
    body, field = OUT_OF_RANGE[name]
    good = Store(fast_home).save(make_interview(), now=NOW)
    path = fast_home.interviews / f"{name}.toml"
    path.write_text(_file(body))
    before = path.read_bytes()
    os.utime(path, ns=(1_000_000_000, 1_000_000_000))
    result = Store(fast_home).load_all()
    assert [i.id for i in result.interviews] == [good.id]
    [problem] = result.problems
    assert problem.path == path and f"field {field}" in problem.message, problem.message
    assert "1970" in problem.message or "1440" in problem.message, problem.message
    rows = Store(fast_home).load_rows()
    assert [row.id for row in rows.rows] == [good.id] and len(rows.problems) == 1
    for command in (
        ["status"],
        ["list"],
        ["list", "--json"],
        ["export", "--format", "json"],
        ["show", good.id],
    ):
        assert run(fast_home, *command) in (0, 1), command
    out, err = capsys.readouterr()
    assert "Traceback" not in out + err and "OverflowError" not in out + err
    assert path.read_bytes() == before and path.stat().st_mtime_ns == 1_000_000_000


@pytest.mark.parametrize(
    ("argv", "needle"),
    [
        (["add", "--company", "X", "--at", "9999-12-31 23:30"], "1970"),
        (["add", "--company", "X", "--at", "1900-01-01 10:00"], "1970"),
        (["add", "--company", "X", "--at", "2026-11-24 10:00", "--duration", "99999999"], "1440"),
        (["add", "--company", "X", "--at", "2026-11-24 10:00", "--duration", "1441"], "1440"),
    ],
)
def test_cli_refuses_out_of_range(
    home: Home, capsys: pytest.CaptureFixture[str], argv: list[str], needle: str
) -> None:
    assert run(home, *argv) == 1
    err = capsys.readouterr().err
    assert needle in err and err.count("\n") == 1, err
    assert Store(home).ids_on_disk() == []


def test_import_refuses_out_of_range(home: Home, tmp_path: Path) -> None:
    source = tmp_path / "in.csv"
    source.write_text(
        "company,position,interview_at,duration_minutes\n"
        "Acme,Eng,2026-11-24 10:00,99999999999\n"
        "Beta,Eng,9999-12-31 23:30,60\n"
        "Good,Eng,2026-11-24 10:00,45\n"
    )
    run(home, "import", "--skip-bad", str(source))
    store = Store(home)
    result = store.load_all()
    assert [i.company for i in result.interviews] == ["Good"] and result.problems == []


def test_store_refuses_to_write_out_of_range(store: Store) -> None:
    for bad in (
        make_interview(duration_minutes=10**12),
        make_interview(interview_at=datetime(9999, 12, 31, 23, 30, tzinfo=UTC)),
    ):
        with pytest.raises(StoreError, match="1970|1440"):
            store.save(bad)
    assert store.ids_on_disk() == []


@pytest.mark.parametrize(
    ("line", "key"),
    [
        ("thank_you_ideal_hours = nan", "thank_you_ideal_hours"),
        ("thank_you_deadline_hours = inf", "thank_you_deadline_hours"),
        ("reminder_after_days = 1e300", "reminder_after_days"),
        ("max_reminders = 99999999999999", "max_reminders"),
        ("reminder_after_days = -inf", "reminder_after_days"),
    ],
)
def test_config_timing_must_be_finite_and_bounded(tmp_path: Path, line: str, key: str) -> None:
    with pytest.raises(ConfigError) as raised:
        parse_config(f"[timing]\n{line}\n", tmp_path / "config.toml")
    message = str(raised.value)
    assert f"timing.{key}" in message and "\n" not in message, message


def test_config_timing_error_is_one_line_in_the_cli(
    home: Home, capsys: pytest.CaptureFixture[str]
) -> None:
    home.config_file.write_text("[timing]\nthank_you_ideal_hours = nan\n")
    assert run(home, "list") == 1
    err = capsys.readouterr().err
    assert "timing.thank_you_ideal_hours" in err and err.count("\n") == 1, err
    assert run(home, "status", "--json") == 0  # the tmux line counts it as broken
    document = json.loads(capsys.readouterr().out)
    assert document["broken"] == 1
    assert "timing.thank_you_ideal_hours" in document["broken_files"][0]["problem"]


# -- every field, extreme values --------------------------------------------------

YEARS = st.sampled_from([1, 2, 1969, 1970, 2026, 2200, 2201, 9998, 9999])
OFFSETS = st.sampled_from(["", "Z", "+05:00", "-12:00", "+14:00"])
MOMENT = st.builds(
    lambda year, offset, late: (
        f"{year:04d}-{'12-31T23:59:59' if late else '01-01T00:00:01'}" + offset
    ),
    YEARS,
    OFFSETS,
    st.booleans(),
)
NUMBER = st.sampled_from(
    ["0", "1", "-1", "1440", "1441", "99999999999", "-99999999999", "9" * 30, "nan", "inf"]
)
HOURS = st.sampled_from(["0", "24", "1e300", "nan", "-inf", "8760", "999999999"])


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    interview_at=MOMENT,
    duration=NUMBER,
    sent_at=MOMENT,
    received_at=st.one_of(st.none(), MOMENT),
    created_at=MOMENT,
    ideal=HOURS,
    reminder=HOURS,
)
def test_extreme_values_never_raise(
    capsys: pytest.CaptureFixture[str],
    interview_at: str,
    duration: str,
    sent_at: str,
    received_at: str | None,
    created_at: str,
    ideal: str,
    reminder: str,
) -> None:
    home = open_home(fast_tempdir() / "home")
    home.config_file.write_text(
        f"[timing]\nthank_you_ideal_hours = {ideal}\nreminder_after_days = {reminder}\n"
    )
    text = (
        f'company = "Acme"\ninterview_at = {interview_at}\nduration_minutes = {duration}\n'
        f"created_at = {created_at}\n"
        f'[[followups]]\nkind = "thank_you"\nstate = "sent"\nsent_at = {sent_at}\n'
    )
    if received_at is not None:
        text += f"[response]\nreceived_at = {received_at}\n"
    path = home.interviews / "extreme.toml"
    path.write_text(text)
    store = Store(home)
    loaded = store.load_all()
    for interview in loaded.interviews:
        action = next_action(interview, NOW)
        Row.of(interview)
        if action.deadline is not None:
            action.deadline.timestamp()
    store.load_rows()
    for command in (
        ["status"],
        ["status", "--json"],
        ["list"],
        ["list", "--json"],
        ["export", "--format", "json"],
        ["export", "--format", "csv"],
        ["export", "--format", "ics"],
        ["show", "extreme"],
    ):
        code = run(home, *command)
        assert code in (0, 1, 2), (command, code)
    out, err = capsys.readouterr()
    assert "Traceback" not in out + err and "Error:" not in out, err[-500:]
    assert path.read_text() == text


def test_deadline_arithmetic_at_the_edges() -> None:
    """At the far edges of the accepted window nothing computed from a file overflows."""
    for moment in (
        datetime(1970, 1, 1, 0, 0, tzinfo=timezone(timedelta(hours=14))),
        datetime(2200, 12, 31, 23, 59, tzinfo=timezone(timedelta(hours=-12))),
    ):
        interview = make_interview(interview_at=moment, duration_minutes=1440)
        action = next_action(interview, NOW)
        assert action.deadline is not None
        json.dumps(action.deadline.isoformat())
        Row.of(interview)


async def test_live_reload_of_out_of_range_files_keeps_an_unsaved_draft(
    home: Home, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Another shell writes year-9999 files (one of them the interview being edited)."""
    from textual.widgets import TextArea

    from followup_tui.storage.config import Config, Profile
    from followup_tui.tui.app import FollowupApp
    from followup_tui.tui.screens import editor_keeping, list_base
    from followup_tui.tui.screens.editor_screen import EditorScreen
    from tests.conftest import until

    monkeypatch.setattr(editor_keeping, "AUTOSAVE_SECONDS", 3600.0)
    monkeypatch.setattr(list_base, "POLL_SECONDS", 3600.0)  # the test polls by hand
    edited = Store(home).save(make_interview(), now=NOW)
    app = FollowupApp(home, Config(profile=Profile(name="Sam Lee", email="sam@example.com")))
    async with app.run_test(size=(120, 40), notifications=True) as pilot:
        await pilot.pause()
        listing = app.screen
        screen = EditorScreen(edited.id)
        await app.push_screen(screen)
        await until(pilot, lambda: screen.query("#body"))
        body = screen.query_one("#body", TextArea)
        body.focus()
        body.move_cursor((0, 0))
        await pilot.press("U", "n", "s", "a", "v", "e", "d")
        assert screen.dirty
        for name, (line, _) in OUT_OF_RANGE.items():
            (home.interviews / f"{name}.toml").write_text(_file(line))
        path = Store(home).path_for(edited.id)
        path.write_text(
            path.read_text().replace("duration_minutes = 60", "duration_minutes = 10000000000")
        )
        listing.poll_store(full=True)  # type: ignore[attr-defined]
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert app.is_running and app.screen is screen
        assert body.text.startswith("Unsaved") and screen.dirty
