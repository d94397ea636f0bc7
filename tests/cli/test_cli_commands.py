"""list/show/add/sent/replied and export/import on a temporary home."""

from __future__ import annotations

import json
from datetime import timedelta
from pathlib import Path

import pytest
from icalendar import Calendar

from followup_tui.cli import main
from followup_tui.storage.paths import Home, open_home
from followup_tui.storage.store import Store
from tests.conftest import NOW, make_interview


def run(home: Home, *args: str, capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    code = main(["--home", str(home.root), *args])
    out = capsys.readouterr()
    return code, out.out, out.err


def test_add_list_show_sent_replied(home: Home, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(
        home,
        "add",
        "--company",
        "Acme",
        "--position",
        "Backend Engineer",
        "--at",
        "yesterday 14:00",
        "--interviewer",
        "Dana Reyes <dana@acme.example>, Engineering Manager",
        "--topic",
        "billing",
        capsys=capsys,
    )
    assert code == 0 and out == "2026-11-25-acme-backend-engineer\n"
    interview = Store(home).load("2026-11-25-acme-backend-engineer")
    assert interview.interviewers[0].email == "dana@acme.example"
    assert interview.interviewers[0].title == "Engineering Manager"
    items = json.loads(run(home, "list", "--json", capsys=capsys)[1])
    assert [(i["id"], i["state"]) for i in items] == [(interview.id, "due")]
    assert json.loads(run(home, "list", "--json", "--overdue", capsys=capsys)[1]) == []
    shown = json.loads(run(home, "show", "2026-11-25", "--json", capsys=capsys)[1])
    assert shown["company"] == "Acme" and shown["next_action"]["owed_to"] == ["Dana Reyes"]
    assert run(home, "sent", interview.id, capsys=capsys)[0] == 0
    assert Store(home).load(interview.id).sent_followups[0].kind == "thank_you"
    assert json.loads(run(home, "list", "--json", capsys=capsys)[1])[0]["state"] == "waiting"
    assert run(home, "replied", interview.id, capsys=capsys)[0] == 0
    assert Store(home).load(interview.id).response is not None


def test_list_table_strips_control_characters(
    store: Store, capsys: pytest.CaptureFixture[str]
) -> None:
    store.save(make_interview(company="Evil\x1b]52;c;AAAA\x07\u202eCorp\x9b"))
    code, out, _ = run(store.home, "list", capsys=capsys)
    assert code == 0
    assert not any(ord(c) < 32 and c not in "\n\t" or 0x7F <= ord(c) <= 0x9F for c in out)
    assert "\u202e" not in out and "Evil" in out


def test_list_on_a_pipe_prints_whole_ids_and_cells(
    store: Store, capsys: pytest.CaptureFixture[str]
) -> None:
    long = "A Company With A Very Long Name Indeed"
    store.save(make_interview(company=long, position="Principal\tPlatform Engineer"))
    interview_id = store.ids_on_disk()[0]
    assert len(interview_id) > 40
    code, out, _ = run(store.home, "list", capsys=capsys)
    assert code == 0
    fields = out.rstrip("\n").split("\t")
    assert fields[2:5] == [long, "Principal Platform Engineer", interview_id]
    assert fields[0] == "upcoming" or fields[0] in ("due", "overdue", "waiting")
    code, out, _ = run(store.home, "list", "--format", "{id}|{company}", capsys=capsys)
    assert out == f"{interview_id}|{long}\n"
    code, _, err = run(store.home, "list", "--format", "{nope}", capsys=capsys)
    assert code != 0 and "cannot be filled in" in err and "{id}" in err


@pytest.mark.parametrize(
    ("args", "needle"),
    [
        (["show", "nope"], "No interview 'nope'"),
        (["sent", "../etc"], "No interview"),
        (["add", "--company", "A", "--at", "someday"], "--at:"),
        (["add", "--company", "A", "--at", "today 9am", "--interviewer", "<x@y>"], "Name <email>"),
        (["import", "/nonexistent/file.csv"], "does not exist"),
    ],
)
def test_errors_are_one_line(
    home: Home, capsys: pytest.CaptureFixture[str], args: list[str], needle: str
) -> None:
    code, out, err = run(home, *args, capsys=capsys)
    assert code == 1 and err.count("\n") == 1 and needle in err and "Traceback" not in err


def test_ics_export_parses(store: Store, capsys: pytest.CaptureFixture[str]) -> None:
    store.save(make_interview(company="Due", interview_at=NOW - timedelta(days=1)))
    store.save(
        make_interview(company="Past", interview_at=NOW - timedelta(days=20), outcome="offer")
    )
    code, out, _ = run(store.home, "export", "--format", "ics", capsys=capsys)
    calendar = Calendar.from_ical(out)
    events = list(calendar.walk("VEVENT"))
    assert code == 0 and len(events) == 1
    event = events[0]
    assert "Due" in str(event["summary"]) and "Dana Reyes" in str(event["summary"])
    assert event.decoded("dtstart") == NOW - timedelta(days=1) + timedelta(hours=49)
    alarms = list(event.walk("VALARM"))
    assert len(alarms) == 1 and alarms[0].decoded("trigger") == -timedelta(hours=24)


@pytest.mark.parametrize("fmt", ["csv", "json"])
def test_round_trip_into_an_empty_home(
    store: Store, capsys: pytest.CaptureFixture[str], tmp_path: Path, fmt: str
) -> None:
    from followup_tui.core.model import Followup, Response

    store.save(make_interview(notes='line one\nline, "two"', location="Room 1"))
    sent = Followup(kind="thank_you", state="sent", sent_at=NOW, subject="Thanks", body="Hi\n")
    store.save(
        make_interview(company="Globex", followups=[sent], response=Response(NOW, "call me"))
    )
    target = tmp_path / f"out.{fmt}"
    assert run(store.home, "export", "--format", fmt, "-o", str(target), capsys=capsys)[0] == 0
    other = open_home(tmp_path / "other")
    code, out, _ = run(other, "import", str(target), capsys=capsys)
    assert code == 0 and "2 created" in out
    before = sorted(store.load_all().interviews, key=lambda i: i.id)
    after = sorted(Store(other).load_all().interviews, key=lambda i: i.id)
    assert after == before
    code, out, _ = run(other, "import", str(target), capsys=capsys)
    assert "0 created, 2 duplicates skipped" in out


def test_import_bad_rows_strict_and_dry_run(
    home: Home, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    source = tmp_path / "in.csv"
    source.write_text(
        "company,position,interview_at,duration_minutes,interviewers,topics\n"
        'Acme,Dev,2026-11-24 14:00,60,"Dana <d@a.example>; Tom",a; b\n'
        ",Dev,2026-11-24 14:00,60,,\n"
        "Globex,Ops,someday,60,,\n"
        "Initech,Data,2026-11-20 10:00,sixty,,\n"
        "Acme,Dev,2026-11-24 14:00,45,,\n"
    )
    code, out, _ = run(home, "import", str(source), "--strict", capsys=capsys)
    assert code == 1 and "nothing imported" in out and not Store(home).ids_on_disk()
    code, out, _ = run(home, "import", str(source), "--dry-run", capsys=capsys)
    assert "row 2: would create" in out and not Store(home).ids_on_disk()
    code, out, _ = run(home, "import", str(source), capsys=capsys)
    assert code == 1 and "3 rows rejected: nothing imported" in out
    assert "--skip-bad" in out and not Store(home).ids_on_disk()
    code, out, _ = run(home, "import", str(source), "--skip-bad", capsys=capsys)
    lines = out.splitlines()
    assert code == 1
    assert lines[0].startswith("row 2: created 2026-11-24-acme-dev")
    assert lines[1].startswith("row 3: rejected: company")
    assert lines[2].startswith("row 4: rejected: interview_at")
    assert lines[3].startswith("row 5: rejected: duration_minutes")
    assert lines[4].startswith("row 6: skipped, duplicate of row 2")
    interview = Store(home).load("2026-11-24-acme-dev")
    assert [p.name for p in interview.interviewers] == ["Dana", "Tom"]
    assert interview.topics == ["a", "b"]
