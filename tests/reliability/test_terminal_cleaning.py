"""Promise 4, round two: no string from a file or a command reaches the terminal raw.

Theme values and theme file names, `check`, `export` to a terminal and every
other CLI text go through one cleaning; JSON escapes C0/C1 and bidi controls
as ``\\uXXXX`` (the data survives, the terminal is safe); CSV cells that a
spreadsheet would run as a formula get a leading ``'`` (OWASP), unless
``--keep-formulas``, and import takes the guard off again.
"""

from __future__ import annotations

import json
import os
import pty
import select
import subprocess
from pathlib import Path

import pytest

from followup_tui.cli.main import main
from followup_tui.storage.paths import Home, open_home
from followup_tui.storage.store import Store
from followup_tui.tui.themes import load_home_themes, problems_sentence
from tests.conftest import NOW, make_interview
from tests.reliability.helpers import child_env
from tests.reliability.hostile import BIDI, C1, OSC52, hostile_interview, leaks

OSC0 = "\x1b]0;pwned title\x07"


def run(home: Home, *args: str) -> int:
    return main(["--home", str(home.root), *args])


def _bad_themes(home: Home) -> None:
    home.themes.mkdir(exist_ok=True)
    (home.themes / "clip.toml").write_text(
        f'name = "clip"\nprimary = "{OSC52.replace(chr(7), "")}"\n'.replace("\x1b", "\\u001b")
    )
    (home.themes / "title.toml").write_text(
        f'name = "title"\nprimary = "#112233"\n[variables]\nfoo = "{OSC0}"\n'.replace(
            "\x1b", "\\u001b"
        ).replace("\x07", "\\u0007")
    )
    (home.themes / f"evil{OSC0}{C1}.toml").write_text("name = 3\n")


def test_list_themes_prints_no_escape(home: Home, capsys: pytest.CaptureFixture[str]) -> None:
    _bad_themes(home)
    assert run(home, "--list-themes") == 0
    out, err = capsys.readouterr()
    assert leaks(out) == [] and leaks(err) == [], err
    assert err.count("skipped") == 3 and "clip.toml" in err and "title.toml" in err, err


def test_app_notice_of_skipped_themes_has_no_escape(home: Home) -> None:
    _bad_themes(home)
    loaded, problems = load_home_themes(home)
    assert len(problems) == 3
    sentence = problems_sentence(problems)
    assert leaks(sentence) == [], sentence
    assert "\\u001b" in sentence  # the bad value is quoted escaped, so it can be found


def test_check_prints_no_escape(home: Home, capsys: pytest.CaptureFixture[str]) -> None:
    home.config_file.write_text('[profile]\nname = "Sam Lee"\n')
    interview = Store(home).save(hostile_interview(), now=NOW)
    run(home, "check", interview.id)
    out, err = capsys.readouterr()
    assert leaks(out) == [] and leaks(err) == [], out[:2000]
    assert "passed" in out


@pytest.mark.parametrize(
    "argv",
    [
        ["list", "--json"],
        ["show", "{id}", "--json"],
        ["export", "--format", "json"],
        ["check", "{id}", "--json"],
        ["status", "--json"],
    ],
    ids=["list", "show", "export", "check", "status"],
)
def test_json_escapes_controls(
    home: Home, capsys: pytest.CaptureFixture[str], argv: list[str]
) -> None:
    home.config_file.write_text('[profile]\nname = "Sam Lee"\n')
    interview = Store(home).save(hostile_interview(), now=NOW)
    (home.interviews / "broken.toml").write_text(f'company = "{BIDI}"\n\x85')
    run(home, *[part.format(id=interview.id) for part in argv])
    out = capsys.readouterr().out
    assert leaks(out) == [] and "\u202e" not in out and "\x85" not in out, out[:500]
    document = json.loads(out)  # still valid JSON, and the data is all there
    text = "\n".join(_strings(document))
    if argv[0] in ("list", "show", "export"):
        assert OSC52 in text  # the company name, escapes and all
    if argv[0] in ("show", "export"):
        assert C1 in text and BIDI in text


def _strings(value: object) -> list[str]:
    """Every string in a JSON document (keys included)."""
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [*value.keys(), *(s for item in value.values() for s in _strings(item))]
    if isinstance(value, list):
        return [s for item in value for s in _strings(item)]
    return []


def _pty_run(home: Home, *args: str) -> bytes:
    """Run ``followup`` with its standard output on a real terminal; all it wrote."""
    master, slave = pty.openpty()
    process = subprocess.Popen(
        [os.sys.executable, "-m", "followup_tui", "--home", str(home.root), *args],  # type: ignore[attr-defined]
        stdout=slave,
        stderr=subprocess.PIPE,
        env={**child_env(), "FOLLOWUP_TUI_NOW": NOW.isoformat()},
    )
    os.close(slave)
    chunks = []
    while True:
        ready, _, _ = select.select([master], [], [], 60)
        if not ready:
            break
        try:
            chunk = os.read(master, 65536)
        except OSError:
            break
        if not chunk:
            break
        chunks.append(chunk)
    process.wait(timeout=60)
    os.close(master)
    return b"".join(chunks)


@pytest.mark.parametrize("fmt", ["csv", "ics", "json"])
def test_export_to_a_terminal_is_cleaned(home: Home, fmt: str) -> None:
    Store(home).save(
        make_interview(company=f"Evil {OSC52}{C1}", position=f"P {BIDI}", notes=OSC0), now=NOW
    )
    text = _pty_run(home, "export", "--format", fmt).decode("utf-8", "replace")
    assert leaks(text) == [] and "Evil" in text, text[:1000]


def test_export_to_a_file_keeps_the_data(home: Home, tmp_path: Path) -> None:
    Store(home).save(make_interview(company=f"Evil {OSC52}"), now=NOW)
    target = tmp_path / "out.csv"
    assert run(home, "export", "--format", "csv", "-o", str(target)) == 0
    assert OSC52 in target.read_text()


FORMULAS = ['=HYPERLINK("http://evil")', "+1+1", "-2+3", "@SUM(A1)", "\tTab", "\rCR"]


def test_csv_cells_cannot_run_as_formulas(
    home: Home, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    import csv

    Store(home).save(
        make_interview(company=FORMULAS[0], position=FORMULAS[1], notes=FORMULAS[2]), now=NOW
    )
    Store(home).save(
        make_interview(company="Beta", position=FORMULAS[3], location=FORMULAS[4], notes="x"),
        now=NOW,
    )
    target = tmp_path / "out.csv"
    assert run(home, "export", "--format", "csv", "-o", str(target)) == 0
    with target.open(newline="", encoding="utf-8") as handle:
        cells = [cell for row in csv.reader(handle) for cell in row]
    for formula in FORMULAS[:5]:
        assert formula not in cells and "'" + formula in cells, (formula, cells)
    raw = tmp_path / "raw.csv"
    assert run(home, "export", "--format", "csv", "--keep-formulas", "-o", str(raw)) == 0
    with raw.open(newline="", encoding="utf-8") as handle:
        raw_cells = [cell for row in csv.reader(handle) for cell in row]
    assert FORMULAS[0] in raw_cells
    # The guard comes off on import: the round trip keeps every value.
    fresh = open_home(tmp_path / "fresh")
    assert run(fresh, "import", str(target)) == 0
    values = {
        (i.company, i.position, i.notes, i.location) for i in Store(fresh).load_all().interviews
    }
    assert (FORMULAS[0], FORMULAS[1], FORMULAS[2], "") in values
    assert ("Beta", FORMULAS[3], "x", FORMULAS[4]) in values
    capsys.readouterr()
