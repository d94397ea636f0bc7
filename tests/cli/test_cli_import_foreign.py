"""``followup import`` of other trackers' CSV files: sniffing, aliases, --map, the dry run."""

from __future__ import annotations

import codecs
from datetime import datetime
from pathlib import Path

import pytest

from followup_tui.cli import main
from followup_tui.core.clock import aware
from followup_tui.storage.paths import Home
from followup_tui.storage.store import Store

# As JobHunter (and European spreadsheet programs) save it: BOM, ";", CRLF, German, day first.
JOBHUNTER = (
    "Firma;Stelle;Gespräch am;Ansprechpartner;E-Mail;Status;Notizen\r\n"
    "Müller & Söhne GmbH;Backend-Entwickler;24.11.2026 14:00;Dana Reyes;dana@mueller.example;"
    'offen;"Zeile eins\r\nZeile zwei"\r\n'
    "Globex;Data Engineer;25.11.2026 09:30;Tom Li;tom@globex.example;Absage;\r\n"
)


def run(home: Home, *args: str, capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    code = main(["--home", str(home.root), *args])
    out = capsys.readouterr()
    return code, out.out, out.err


def write(tmp_path: Path, data: bytes, name: str = "export.csv") -> str:
    path = tmp_path / name
    path.write_bytes(data)
    return str(path)


def test_jobhunter_export_dry_run_then_import(
    home: Home, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = write(tmp_path, codecs.BOM_UTF8 + JOBHUNTER.encode())
    code, out, err = run(home, "import", source, "--dry-run", capsys=capsys)
    assert code == 0 and err == "" and not Store(home).ids_on_disk()
    assert "UTF-8 with BOM, semicolon-separated; columns:" in out
    assert "  Gespräch am     -> interview_at (alias)" in out
    assert "  E-Mail          -> interviewer_email (alias)" in out
    assert "  Status          -- ignored" in out
    assert "first 2 rows as they would be recorded:" in out
    assert "    company = Müller & Söhne GmbH" in out
    assert f"    interview_at = {aware(datetime(2026, 11, 24, 14, 0)).isoformat()}" in out
    assert "    interviewer = Dana Reyes <dana@mueller.example>" in out
    assert "2 would create, 0 duplicates skipped, 0 rejected (dry run: nothing changed)." in out
    code, out, _ = run(home, "import", source, capsys=capsys)
    assert code == 0 and "2 created" in out
    interviews = sorted(Store(home).load_all().interviews, key=lambda item: item.interview_at)
    first = interviews[0]
    assert (first.company, first.position) == ("Müller & Söhne GmbH", "Backend-Entwickler")
    assert first.interview_at.replace(tzinfo=None).isoformat() == "2026-11-24T14:00:00"
    assert [(p.name, p.email) for p in first.interviewers] == [
        ("Dana Reyes", "dana@mueller.example")
    ]
    assert first.notes.splitlines() == ["Zeile eins", "Zeile zwei"]
    assert "Status" not in first.extra and "status" not in first.extra


def test_cp1252_and_a_map_for_an_unknown_header(
    home: Home, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    text = "Kunde;Wann;Gespräch mit\r\nMüller;24.11.2026 14:00;Jörg Ähm\r\n"
    source = write(tmp_path, text.encode("cp1252"))
    code, _, err = run(home, "import", source, capsys=capsys)
    assert code == 1
    line = err.strip()
    assert len(line.splitlines()) == 1
    assert (
        "no column for company or interview_at; the header row has: Kunde, Wann, Gespräch mit"
        in line
    )
    assert '--map "Kunde=company" --map "Wann=interview_at"' in line
    code, out, err = run(
        home,
        "import",
        source,
        "--map",
        "Kunde=company",
        "--map",
        "wann=interview_at",
        "--map",
        "Gespräch mit=interviewer",
        capsys=capsys,
    )
    assert code == 0 and err == "" and "1 created" in out
    interview = Store(home).load_all().interviews[0]
    assert interview.company == "Müller" and interview.interviewers[0].name == "Jörg Ähm"


@pytest.mark.parametrize("delimiter", [";", ",", "\t"])
def test_english_headers_need_no_options(
    home: Home, tmp_path: Path, capsys: pytest.CaptureFixture[str], delimiter: str
) -> None:
    rows = [
        ["Company", "Position", "Interview_At", "Interviewer", "Email"],
        ["Acme", "Dev", "2026-11-24 14:00", "Dana Reyes", "dana@acme.example"],
        ["Initech", "Ops, nights", "2026-11-23 10:00", "", ""],
    ]
    text = "".join(
        delimiter.join(f'"{cell}"' if "," in cell else cell for cell in row) + "\n" for row in rows
    )
    code, out, err = run(home, "import", write(tmp_path, text.encode()), capsys=capsys)
    assert (code, err) == (0, "") and "2 created" in out
    positions = sorted(item.position for item in Store(home).load_all().interviews)
    assert positions == ["Dev", "Ops, nights"]


def test_bad_rows_by_number_and_nothing_half_imports(
    home: Home, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    text = (
        "Firma;Gespräch am;E-Mail\n"
        "Acme;24.11.2026 14:00;\n"
        "Globex;03/04/2026 10:00;\n"
        "Initech;24.11.2026;\n"
        "\n"
        "Umbrella;24.11.2026 15:00;nobody@umbrella.example\n"
    )
    source = write(tmp_path, text.encode())
    code, out, _ = run(home, "import", source, capsys=capsys)
    assert code == 1 and not Store(home).ids_on_disk()
    assert "row 3: rejected: interview_at: '03/04/2026 10:00' could be day first" in out
    assert "row 4: rejected: interview_at: '24.11.2026' has no time" in out
    assert "row 6: rejected: interviewer: 'nobody@umbrella.example' has no name" in out
    assert "3 rows rejected: nothing imported; fix them, or pass --skip-bad" in out
    code, out, _ = run(home, "import", source, "--dry-run", capsys=capsys)
    assert "a real run imports nothing unless --skip-bad" in out and not Store(home).ids_on_disk()
    code, out, _ = run(
        home, "import", source, "--date-format", "%d.%m.%Y %H:%M", "--skip-bad", capsys=capsys
    )
    assert code == 1 and "1 created" in out
    assert "row 3: rejected: interview_at: '03/04/2026 10:00' does not match --date-format" in out
    assert [item.company for item in Store(home).load_all().interviews] == ["Acme"]


def test_bad_map_is_one_sentence(
    home: Home, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = write(tmp_path, b"Firma;Termin\nAcme;24.11.2026 14:00\n")
    code, _, err = run(home, "import", source, "--map", "Termin=when", capsys=capsys)
    assert code == 1 and err.startswith("followup: --map 'Termin=when': 'when' is not a field")
    code, _, err = run(home, "import", source, "--map", "Datum=interview_at", capsys=capsys)
    assert "the header row has: Firma, Termin" in err and len(err.splitlines()) == 1


def test_excel_unicode_text_and_sep_line(
    home: Home, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Excel's "Unicode text" is UTF-16 with tabs; its CSV may start with sep=;."""
    text = "Company\tJob Title\tInterview Date\tTime\nAcme\tDev\t24/11/2026\t14:00\n"
    code, out, err = run(home, "import", write(tmp_path, text.encode("utf-16")), capsys=capsys)
    assert (code, err) == (0, "") and "1 created" in out
    hinted = "sep=;\r\nCompany;Interview;Notes\r\nGlobex;2026-11-25 10:00;a, b\r\n"
    code, out, _ = run(
        home, "import", write(tmp_path, hinted.encode(), "x.csv"), "--dry-run", capsys=capsys
    )
    assert code == 0 and "semicolon-separated" in out and "    notes = a, b" in out
    assert "row 2: would create" in out
