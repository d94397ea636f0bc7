"""Reading other programs' CSV files: encoding, delimiter, header mapping, dates."""

from __future__ import annotations

import codecs
from datetime import datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from followup_tui.core.clock import aware
from followup_tui.core.dates import DateParseError, parse_imported
from followup_tui.storage.csv_input import InputError, decode, sep_hint, sniff_delimiter
from followup_tui.storage.interchange import RecordError
from followup_tui.storage.mapping import (
    ALIASES,
    FIELDS,
    WEAK_ALIASES,
    MappingError,
    choose,
    missing_message,
    normalize,
    parse_map,
    record_from_cells,
)
from tests.conftest import NOW

TEXT = "Firma;Gespräch am\nMüller & Söhne;24.11.2026 14:00\n"


@pytest.mark.parametrize(
    ("data", "encoding"),
    [
        (codecs.BOM_UTF8 + TEXT.encode(), "UTF-8 with BOM"),
        (TEXT.encode(), "UTF-8"),
        (TEXT.encode("cp1252"), "Windows-1252"),
        (TEXT.encode("utf-16"), "UTF-16 with BOM"),  # Excel's "Unicode text"
        (codecs.BOM_UTF16_BE + TEXT.encode("utf-16-be"), "UTF-16 with BOM"),
    ],
)
def test_decode_finds_the_encoding(data: bytes, encoding: str) -> None:
    decoded = decode(data)
    assert (decoded.text, decoded.encoding) == (TEXT, encoding)


def test_decode_refuses_what_is_no_text() -> None:
    with pytest.raises(InputError, match="neither UTF-8 nor Windows-1252"):
        decode(b"company\n\x81\x8d\x8f\x90\x9d\n")
    with pytest.raises(InputError, match="starts like UTF-8 with BOM"):
        decode(codecs.BOM_UTF8 + b"\xff\xfe")


@pytest.mark.parametrize(
    ("text", "delimiter"),
    [
        ("company,position,interview_at\nAcme,Dev,2026-11-24 14:00\n", ","),
        ("company;position;interview_at\nAcme;Dev;2026-11-24 14:00\n", ";"),
        ("company\tposition\tinterview_at\nAcme\tDev\t2026-11-24 14:00\n", "\t"),
        ("company|interview_at\nAcme|2026-11-24 14:00\n", "|"),
        # a ; inside a cell of a comma file, and a , inside a cell of a ; file
        ('company,interviewers\nAcme,"Dana <d@a.example>; Tom"\nGlobex,Tom\n', ","),
        ('Firma;Notizen\n"Acme, Inc.";"a, b, c"\nGlobex;x\n', ";"),
        ("Firma;Gespräch am\n", ";"),  # a header row alone
        ("company\nAcme\n", ","),  # one column: nothing to tell, the default
    ],
)
def test_sniff_delimiter(text: str, delimiter: str) -> None:
    assert sniff_delimiter(text) == delimiter


@pytest.mark.parametrize(
    "header", ["Interview_At", "interview at", "INTERVIEW-AT", " interview_at ", "InterviewAt"]
)
def test_headers_match_ignoring_case_and_spaces(header: str) -> None:
    mapping = choose(["Company", header], {})
    assert mapping.fields == ["company", "interview_at"] and mapping.how == ["name", "name"]


@pytest.mark.parametrize(
    ("headers", "fields"),
    [
        # JobHunter-style, German
        (
            ["Firma", "Stelle", "Gespräch am", "Ansprechpartner", "E-Mail", "Status"],
            ["company", "position", "interview_at", "interviewer", "interviewer_email", ""],
        ),
        # Huntr's export (keenlychuang/huntr-to-notion's sample): no interview time of its own
        (
            ["id", "createdAt", "title", "companyName", "location", "deadline", "listName"],
            ["", "created_at", "position", "company", "location", "", ""],
        ),
        # a generic spreadsheet
        (
            ["Company", "Job Title", "Interview Date", "Time", "Interviewer", "Email", "Notes"],
            [
                "company",
                "position",
                "interview_at",
                "interview_time",
                "interviewer",
                "interviewer_email",
                "notes",
            ],
        ),
        (["Entreprise", "Poste", "Date de l'entretien", "Recruteur", "Courriel"], None),
        (["Empresa", "Puesto", "Fecha de la entrevista", "Entrevistador", "Correo"], None),
        (["Bedrijf", "Functie", "Datum gesprek", "Contactpersoon", "E-mailadres"], None),
        # a weak alias (Date) gives way to a stronger one wherever it stands
        (["Date", "Company", "Interview"], ["", "company", "interview_at"]),
        (["Company", "Datum"], ["company", "interview_at"]),
    ],
)
def test_aliases_of_trackers_and_languages(headers: list[str], fields: list[str] | None) -> None:
    expected = fields or ["company", "position", "interview_at", "interviewer", "interviewer_email"]
    assert choose(headers, {}).fields == expected


def test_no_alias_means_two_fields() -> None:
    seen: dict[str, str] = {normalize(name): name for name in FIELDS}
    for table in (ALIASES, WEAK_ALIASES):
        for target, names in table.items():
            assert target in FIELDS
            for name in names.split("|"):
                key = normalize(name)
                assert seen.setdefault(key, target) == target, (name, seen[key], target)


def test_map_wins_ignores_and_names_unknown_headers() -> None:
    explicit = parse_map(["gespräch AM=interview_at", "Firma=", "Kunde=company"])
    mapping = choose(["Firma", "Kunde", "Gespräch am", "Termin"], explicit)
    assert mapping.fields == ["", "company", "interview_at", ""]
    assert mapping.how == [
        "ignored by --map",
        "--map",
        "--map",
        "ignored, Gespräch am is interview_at",
    ]
    with pytest.raises(MappingError, match=r"does not have \(wann\); the header row has: Firma"):
        choose(["Firma"], parse_map(["Wann=interview_at"]))


@pytest.mark.parametrize(
    ("item", "message"),
    [
        ("Firma", 'not "HEADER=FIELD"'),
        ("=company", 'not "HEADER=FIELD"'),
        ("Firma=firm", "'firm' is not a field; use one of id, company"),
    ],
)
def test_bad_map_items(item: str, message: str) -> None:
    with pytest.raises(MappingError, match=message):
        parse_map([item])


def test_a_header_may_hold_an_equals_sign() -> None:
    assert parse_map(["a=b=company"]) == {normalize("a=b"): "company"}


def test_missing_column_message_names_headers_and_the_fix() -> None:
    mapping = choose(["Firma", "Stelle", "Wann", "Wo"], {})
    message = missing_message(mapping, ["Acme", "Dev", "24.11.2026 14:00", "Berlin"])
    assert message == (
        "no column for interview_at; the header row has: Firma, Stelle, Wann, Wo. "
        'Name it with --map "Wann=interview_at"'
    )
    both = missing_message(choose(["A", "B"], {}), ["x", "2026-11-24 14:00"])
    assert both.endswith('--map "A=company" --map "B=interview_at"')


NOON = aware(datetime(2026, 11, 24, 12, 0))


@pytest.mark.parametrize(
    ("text", "fmt", "expected"),
    [
        ("24.11.2026 12:00", "", NOON),
        ("24.11.26 12:00 Uhr", "", NOON),
        ("24.11.2026, 12:00:00", "", NOON),
        ("24/11/2026 12pm", "", NOON),
        ("11/24/2026 12:00", "", NOON),
        ("2026-11-24 12:00", "", NOON),
        ("2026-11-24T12:00:00", "", NOON),
        ("11/03/2026 12:00", "%d/%m/%Y %H:%M", aware(datetime(2026, 3, 11, 12, 0))),
        ("Nov 24 2026 12:00", "%b %d %Y %H:%M", NOON),
    ],
)
def test_imported_dates(text: str, fmt: str, expected: datetime) -> None:
    assert parse_imported(text, NOW, fmt) == expected


@pytest.mark.parametrize(
    ("text", "fmt", "message"),
    [
        ("03/04/2026 10:00", "", 'could be day first or month first; pass --date-format "%d/%m/%Y'),
        ("31.02.2026 10:00", "", "not a real date"),
        ("24.11.2026", "", "has no time"),
        ("someday", "", "is not a date and time"),
        ("2026-11-24 12:00", "%d.%m.%Y %H:%M", "does not match --date-format %d.%m.%Y %H:%M"),
    ],
)
def test_imported_dates_refused_with_the_reason(text: str, fmt: str, message: str) -> None:
    with pytest.raises(DateParseError, match=message.replace("(", r"\(")):
        parse_imported(text, NOW, fmt)


@given(st.datetimes(min_value=datetime(2000, 1, 1), max_value=datetime(2099, 12, 31)))
def test_day_first_dates_round_trip(moment: datetime) -> None:
    moment = moment.replace(second=0, microsecond=0)
    assert parse_imported(moment.strftime("%d.%m.%Y %H:%M"), NOW) == aware(moment)


def test_record_from_cells_joins_date_time_and_people() -> None:
    cells = {
        "company": "Acme",
        "interview_at": "24.11.2026",
        "interview_time": "12:00",
        "interviewer": "Dana Reyes; Tom Li",
        "interviewer_email": "dana@acme.example; tom@acme.example",
        "interviewers": "Ann <ann@acme.example>",
    }
    record = record_from_cells(cells, NOW)
    assert record["interview_at"] == NOON.isoformat()
    assert record["interviewers"] == [
        {"name": "Ann", "email": "ann@acme.example"},
        {"name": "Dana Reyes", "email": "dana@acme.example"},
        {"name": "Tom Li", "email": "tom@acme.example"},
    ]
    with pytest.raises(RecordError, match="'x@acme.example' has no name"):
        record_from_cells({"company": "A", "interviewer_email": "x@acme.example"}, NOW)
    with pytest.raises(RecordError, match="interview_at: '03/04/2026 10:00' could be"):
        record_from_cells({"company": "A", "interview_at": "03/04/2026 10:00"}, NOW)


def test_an_id_column_names_the_file_only_in_this_apps_own_layout() -> None:
    assert choose(["id", "company", "interview_at"], {}).fields[0] == "id"
    huntr = choose(["id", "companyName", "Interview Date"], {})
    assert huntr.fields[0] == "" and "another tracker's id" in huntr.how[0]
    assert choose(["id", "Firma", "Termin"], parse_map(["id=id"])).fields[0] == "id"


def test_a_lone_dash_is_an_empty_cell() -> None:
    record = record_from_cells(
        {"company": "Yext", "interview_at": "2026-11-24 12:00", "location": "-"}, NOW
    )
    assert "location" not in record


@pytest.mark.parametrize(
    ("cell", "minutes"),
    [("45", 45), ("45 min", 45), ("90 Minuten", 90), ("1,5 Std", 90), ("1.5 h", 90), ("2h", 120)],
)
def test_durations_as_trackers_write_them(cell: str, minutes: int) -> None:
    cells = {"company": "A", "interview_at": "2026-11-24 12:00", "duration_minutes": cell}
    assert record_from_cells(cells, NOW)["duration_minutes"] == minutes


@pytest.mark.parametrize("cell", ["sixty", "45.5", "1 week"])
def test_durations_that_are_not_minutes_are_refused(cell: str) -> None:
    cells = {"company": "A", "interview_at": "2026-11-24 12:00", "duration_minutes": cell}
    with pytest.raises(RecordError, match="duration_minutes: .* is not a whole number"):
        record_from_cells(cells, NOW)


def test_excel_sep_line_names_the_delimiter() -> None:
    assert sep_hint("sep=;\r\nA,B;C\r\n") == ("A,B;C\r\n", ";")
    assert sep_hint("sep=x\nA") == ("sep=x\nA", "")
    assert sep_hint("company,interview_at\n") == ("company,interview_at\n", "")
