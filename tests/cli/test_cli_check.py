"""``followup check``: exit codes, text and JSON output, bad input in one line."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from followup_tui.cli import main
from followup_tui.storage.paths import Home
from followup_tui.storage.store import Store
from tests.conftest import make_interview
from tests.unit.checks_data import (
    FILLED_BODY,
    FILLED_SUBJECT,
    GUIDE_BODY,
    filled_followup,
    panel_interview,
)

PROFILE = '[profile]\nname = "Sam Lee"\nemail = "sam.lee@example.com"\n'


@pytest.fixture
def saved(home: Home, store: Store) -> str:
    home.config_file.write_text(PROFILE, encoding="utf-8")
    home.config_file.chmod(0o600)  # private, as the app writes it: no permission warning
    interview = store.save(make_interview(followups=[filled_followup()]))
    return interview.id


def check(home: Home, *args: str) -> int:
    return main(["check", "--home", str(home.root), *args])


def test_good_draft_exits_0(home: Home, saved: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert check(home, saved) == 0
    out = capsys.readouterr().out
    assert "Personal touch" in out and "Greets Dana" in out
    assert out.strip().endswith("9 of 11 passed; nothing fails.")


def test_json_is_data(home: Home, saved: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert check(home, saved, "--json") == 0
    data = json.loads(capsys.readouterr().out)
    assert data["passed"] == 9 and data["total"] == 11 and data["failing"] == 0
    assert [item["id"] for item in data["results"]][:3] == ["timing", "subject", "personal"]
    assert data["results"][-1]["status"] == "manual"


def test_failing_text_exits_1(
    home: Home, saved: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    body = tmp_path / "body.txt"
    body.write_text(GUIDE_BODY, encoding="utf-8")
    code = check(home, saved, "--subject", FILLED_SUBJECT, "--body-file", str(body), "--json")
    assert code == 1
    data = json.loads(capsys.readouterr().out)
    statuses = {item["id"]: item["status"] for item in data["results"]}
    assert statuses["proofread"] == "fail"
    assert statuses["subject"] == "pass"
    assert data["interviewer"] == "Dana Reyes"


def test_text_from_elsewhere_for_another_interviewer(
    home: Home, store: Store, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from tests.unit.checks_data import panel_interview

    interview = store.save(panel_interview())
    body = tmp_path / "body.txt"
    body.write_text(FILLED_BODY, encoding="utf-8")
    args = ["--subject", FILLED_SUBJECT, "--body-file", str(body), "--interviewer", "Tom Becker"]
    assert check(home, interview.id, *args) == 1
    out = capsys.readouterr().out
    assert "Greets Dana Reyes, but this draft is for Tom Becker." in out


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["2026-01-01-nobody"], "No interview '2026-01-01-nobody'"),
        (["Not An Id"], "is not an interview id"),
        (["{id}", "--subject", "x", "--body-file", "/no/such/file"], "Cannot read /no/such/file"),
        (["{id}", "--subject", "x"], "--subject needs --body-file"),
        (["{id}", "--body-file", "-", "--interviewer", "Zed"], "No interviewer named 'Zed'"),
    ],
)
def test_bad_input_exits_2_in_one_line(
    home: Home, saved: str, args: list[str], message: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert check(home, *[arg.format(id=saved) for arg in args]) == 2
    err = capsys.readouterr().err
    assert message in err
    assert err.count("\n") == 1 and "Traceback" not in err


def test_no_draft_says_how_to_write_one(
    home: Home, store: Store, capsys: pytest.CaptureFixture[str]
) -> None:
    interview = store.save(make_interview())
    assert check(home, interview.id) == 2
    assert "has no draft yet" in capsys.readouterr().err


def test_word_limit_from_config(home: Home, saved: str, capsys: pytest.CaptureFixture[str]) -> None:
    home.config_file.write_text(PROFILE + "[checks]\nthank_you_max_words = 50\n", "utf-8")
    assert check(home, saved) == 1
    assert "cut it to 50 or fewer" in capsys.readouterr().out
    home.config_file.write_text(PROFILE + "[checks]\nthank_you_max_words = 0\n", "utf-8")
    assert check(home, saved) == 2
    assert "checks.thank_you_max_words" in capsys.readouterr().err


def test_user_dictionary(
    home: Home, store: Store, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    interview = store.save(make_interview())
    home.config_file.write_text(PROFILE, encoding="utf-8")
    body = tmp_path / "body.txt"
    body.write_text(FILLED_BODY.replace("event-driven", "Flinkish"), encoding="utf-8")
    args = [interview.id, "--subject", FILLED_SUBJECT, "--body-file", str(body)]
    assert check(home, *args) == 0  # an unknown word far from any common one only warns
    assert "'Flinkish' is not in the dictionary" in capsys.readouterr().out
    home.dictionary_file.write_text("# my words\nflinkish\n", encoding="utf-8")
    assert check(home, *args) == 0
    assert "Flinkish" not in capsys.readouterr().out


def test_every_finding_is_listed_with_line_and_column(
    home: Home, store: Store, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    interview = store.save(make_interview())
    home.config_file.write_text(PROFILE, encoding="utf-8")
    body = tmp_path / "body.txt"
    typos = FILLED_BODY.replace("enjoyed", "enjoyd").replace("information", "informaton")
    body.write_text(typos.replace("the position", "the the position"), encoding="utf-8")
    args = [interview.id, "--subject", FILLED_SUBJECT, "--body-file", str(body)]
    assert check(home, *args) == 1
    out = capsys.readouterr().out
    lines = typos.replace("the position", "the the position").splitlines()
    row = next(index for index, line in enumerate(lines) if "enjoyd" in line)
    column = lines[row].index("enjoyd") + 1
    assert f"body {row + 1}:{column}  spelling 'enjoyd': enjoyed" in out
    assert "spelling 'informaton': information" in out
    assert "doubled-word 'the the': the" in out
    assert check(home, *args, "--json") == 1
    data = json.loads(capsys.readouterr().out)
    proofread = next(item for item in data["results"] if item["id"] == "proofread")
    kinds = [(f["kind"], f["text"], f["line"], f["column"]) for f in proofread["findings"]]
    assert ("spelling", "enjoyd", row + 1, column) in kinds
    assert {kind for kind, *_ in kinds} == {"spelling", "doubled-word"}
    assert all(f["suggestion"] for f in proofread["findings"])


def test_check_to_picks_the_interviewer(
    home: Home, store: Store, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    interview = store.save(panel_interview())
    home.config_file.write_text(PROFILE, encoding="utf-8")
    body = tmp_path / "body.txt"
    body.write_text(FILLED_BODY.replace("Dear Dana", "Dear Tom"), encoding="utf-8")
    args = [interview.id, "--subject", FILLED_SUBJECT, "--body-file", str(body), "--json"]
    assert check(home, *args, "--to", "tom@acme.example") in (0, 1)
    data = json.loads(capsys.readouterr().out)
    assert data["interviewer"] == "Tom Becker"
    personal = next(item for item in data["results"] if item["id"] == "personal")
    assert personal["status"] == "pass"


def test_check_to_picks_that_interviewers_saved_draft(
    home: Home, store: Store, capsys: pytest.CaptureFixture[str]
) -> None:
    home.config_file.write_text(PROFILE, encoding="utf-8")
    tom = filled_followup(
        to="tom@acme.example",
        interviewer="Tom Becker",
        body=FILLED_BODY.replace("Dear Dana", "Dear Tom"),
    )
    interview = store.save(panel_interview(followups=[tom, filled_followup()]))
    assert check(home, interview.id, "--to", "tom@acme.example", "--json") == 0
    assert json.loads(capsys.readouterr().out)["interviewer"] == "Tom Becker"
    assert check(home, interview.id, "--interviewer", "Nobody Here") == 2
    assert "has no draft for Nobody Here" in capsys.readouterr().err
