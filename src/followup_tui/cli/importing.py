"""``followup import FILE.csv|FILE.json``: bring interviews in from this app or another tracker.

Every row is checked first: duplicates (same company, position and
interview time as an interview already in the home or earlier in the file)
are skipped, and bad rows are reported with their row number and the reason.
Nothing is imported while any row is bad, unless ``--skip-bad`` is given;
``--dry-run`` shows how the columns were read and the first rows as they would
be recorded, and changes nothing. The exit status is 1 when any row was bad.
"""

from __future__ import annotations

import sys

from followup_tui.cli.common import UserError

TYPE_CHECKING = False
if TYPE_CHECKING:
    import argparse
    from datetime import datetime
    from pathlib import Path
    from typing import Any

    from followup_tui.core.model import Interview
    from followup_tui.core.rows import Row
    from followup_tui.storage.mapping import Mapping

PREVIEW_ROWS = 3  # rows the dry run shows in full


def add_parser(
    subparsers: argparse._SubParsersAction[argparse.ArgumentParser], parent: argparse.ArgumentParser
) -> None:
    """Register ``followup import``."""
    parser = subparsers.add_parser(
        "import",
        parents=[parent],
        help="add interviews from a CSV or JSON file",
        description=__doc__.split("\n\n", 1)[1].strip().replace("``", "`"),
        epilog="CSV: the delimiter (, ; tab |) and the encoding (UTF-8 with or without BOM, "
        "UTF-16, Windows-1252) are detected. Headers are matched ignoring case, accents and "
        "spaces, with aliases for other trackers' exports and German, French, Spanish and "
        'Dutch wordings (Firma, Gespräch am, entreprise, empresa, bedrijf ...); --map "HEADER='
        'FIELD" names any other column (FIELD empty ignores it). At least company and '
        "interview_at are needed; interviewer, interviewer_email, interviewer_title and "
        "interview_time may come from their own columns. Dates: ISO, friendly "
        '("tomorrow 9am"), day-first 25.11.2026 14:00, or --date-format. topics may be '
        '"a; b" and interviewers "Name <email>; Other <email>", or JSON as written by '
        "`followup export`. Rows are counted like a spreadsheet (the header is row 1); JSON "
        "items from 1. See docs/guide/import.md.",
    )
    parser.add_argument("file", metavar="FILE", help="a .csv or .json file")
    parser.add_argument(
        "--dry-run",
        action="store_true",
        help="show the column mapping and the first rows as they would be recorded; change nothing",
    )
    parser.add_argument(
        "--map",
        action="append",
        default=[],
        metavar="HEADER=FIELD",
        help='read a column as a field, e.g. --map "Gespräch am=interview_at" (repeatable)',
    )
    parser.add_argument(
        "--date-format",
        default="",
        metavar="FORMAT",
        help='how interview_at is written, in strftime codes, e.g. "%%d/%%m/%%Y %%H:%%M"',
    )
    parser.add_argument(
        "--skip-bad", action="store_true", help="import the good rows even when some are bad"
    )
    parser.add_argument(
        "--strict",
        action="store_true",
        help="import nothing unless every row is good (the default; kept for scripts)",
    )
    parser.set_defaults(func=run)


class Source:
    """What was read from the file: its rows, and for CSV how it was read and mapped."""

    __slots__ = ("about", "mapping", "rows")

    def __init__(
        self,
        rows: list[tuple[int, dict[str, Any] | str]],
        about: str = "",
        mapping: Mapping | None = None,
    ) -> None:
        self.rows = rows
        self.about = about  # "UTF-8 with BOM, semicolon-separated"
        self.mapping = mapping


def read_rows(
    path: Path, now: datetime, explicit: dict[str, str] | None = None, date_format: str = ""
) -> Source:
    """(row number, record or the reason it is bad) for every row of the file."""
    from followup_tui.storage.csv_input import InputError, decode

    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise UserError(f"{path} does not exist.") from None
    except IsADirectoryError:
        raise UserError(f"{path} is a folder; give a .csv or .json file.") from None
    except OSError as error:
        raise UserError(f"Cannot read {path}: {error.strerror or error}.") from None
    suffix = path.suffix.lower()
    if suffix not in (".json", ".csv"):
        raise UserError(f"{path.name}: import reads .csv or .json files.")
    try:
        decoded = decode(data)
    except InputError as error:
        raise UserError(f"{path}: {error}.") from None
    if suffix == ".json":
        return Source(_json_rows(path, decoded.text, now))
    return _csv_rows(path, decoded.text, now, explicit or {}, date_format, decoded.encoding)


def _json_rows(path: Path, text: str, now: datetime) -> list[tuple[int, dict[str, Any] | str]]:
    import json

    from followup_tui.core.dates import DateParseError, parse_when

    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        raise UserError(
            f"{path} is not valid JSON: {error.msg} at line {error.lineno} column {error.colno}."
        ) from None
    if not isinstance(data, list):
        raise UserError(f"{path}: expected a JSON array of interviews, like `followup export`.")
    rows: list[tuple[int, dict[str, Any] | str]] = []
    for number, item in enumerate(data, start=1):
        if not isinstance(item, dict):
            rows.append((number, "expected a JSON object"))
            continue
        when = item.get("interview_at")
        if isinstance(when, str):
            try:
                item = {**item, "interview_at": parse_when(when, now).isoformat()}
            except DateParseError as error:
                rows.append((number, f"interview_at: {error}"))
                continue
        rows.append((number, item))
    return rows


def _csv_rows(
    path: Path,
    text: str,
    now: datetime,
    explicit: dict[str, str],
    date_format: str,
    encoding: str,
) -> Source:
    import csv
    import io

    from followup_tui.storage.csv_input import DELIMITER_NAMES, sep_hint, sniff_delimiter
    from followup_tui.storage.interchange import RecordError
    from followup_tui.storage.mapping import MappingError, choose, missing_message
    from followup_tui.storage.mapping import record_from_cells as to_record

    text, delimiter = sep_hint(text)
    delimiter = delimiter or sniff_delimiter(text)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        header = next(reader, [])
        lines = list(reader)
    except csv.Error as error:
        raise UserError(f"{path}: line {reader.line_num} is not CSV ({error}).") from None
    try:
        mapping = choose([cell.strip() for cell in header], explicit)
    except MappingError as error:
        raise UserError(f"{path}: {error}.") from None
    if mapping.missing():
        raise UserError(f"{path}: {missing_message(mapping, lines[0] if lines else [])}.")
    rows: list[tuple[int, dict[str, Any] | str]] = []
    for number, cells in enumerate(lines, start=2):
        if not any(cell.strip() for cell in cells):
            continue  # a blank line, as spreadsheets leave at the end
        if len(cells) > len(header):
            rows.append((number, "more cells than columns in the header"))
            continue
        try:
            rows.append((number, to_record(mapping.cells(cells), now, date_format)))
        except RecordError as error:
            rows.append((number, str(error)))
    about = f"{encoding}, {DELIMITER_NAMES.get(delimiter, repr(delimiter))}-separated"
    return Source(rows, about, mapping)


def duplicate_key(interview: Interview | Row) -> tuple[str, str, float]:
    return (
        interview.company.strip().casefold(),
        interview.position.strip().casefold(),
        interview.interview_at.timestamp(),
    )


def run(args: argparse.Namespace) -> int:
    """Check every row, then create the good ones (all or none, unless --skip-bad)."""
    from pathlib import Path

    from followup_tui.cli.common import open_context
    from followup_tui.cli.listing import report_problems
    from followup_tui.cli.output import clean
    from followup_tui.core.model import SchemaError, valid_id
    from followup_tui.storage.interchange import from_record
    from followup_tui.storage.mapping import MappingError, parse_map

    try:
        explicit = parse_map(args.map)
    except MappingError as error:
        raise UserError(f"{error}.") from None
    context = open_context(args)
    source = read_rows(Path(args.file).expanduser(), context.now, explicit, args.date_format)
    existing = context.store.load_rows()  # rows hold what duplicate_key needs
    report_problems(existing.problems)
    seen = {duplicate_key(item): item.id for item in existing.rows}
    plan: list[tuple[int, Interview]] = []
    rejected = skipped = 0
    report: list[tuple[int, str]] = []
    for number, record in source.rows:
        if isinstance(record, str):
            rejected += 1
            report.append((number, f"rejected: {clean(record)}"))
            continue
        try:
            interview = from_record(record)
        except SchemaError as error:
            rejected += 1
            report.append((number, f"rejected: {clean(str(error))}"))
            continue
        key = duplicate_key(interview)
        if key in seen:
            skipped += 1
            report.append((number, f"skipped, duplicate of {clean(seen[key])}"))
            continue
        if not valid_id(interview.id) or interview.id in context.store.ids_on_disk():
            interview.id = ""
        seen[key] = interview.id or f"row {number}"
        plan.append((number, interview))
    if args.dry_run:
        sys.stdout.write(preview(args.file, source, plan))
    elif rejected and not args.skip_bad:
        sys.stdout.writelines(f"row {n}: {text}\n" for n, text in sorted(report))
        sys.stdout.write(
            f"{rejected} {'row' if rejected == 1 else 'rows'} rejected: nothing imported; "
            "fix them, or pass --skip-bad to import the other rows.\n"
        )
        return 1
    verb = "would create" if args.dry_run else "created"
    created = 0
    for number, interview in plan:
        if not args.dry_run:
            interview = _create(context, interview)
            created += 1
        label = interview.id or context.store.new_id(interview)
        when = interview.interview_at.strftime("%Y-%m-%d %H:%M")
        report.append((number, f"{verb} {label} ({clean(interview.title)}, {when})"))
    sys.stdout.writelines(f"row {n}: {text}\n" for n, text in sorted(report))
    total = len(plan) if args.dry_run else created
    note = ""
    if args.dry_run:
        note = " (dry run: nothing changed"
        if rejected and not args.skip_bad:
            note += "; with rejected rows a real run imports nothing unless --skip-bad"
        note += ")"
    sys.stdout.write(f"{total} {verb}, {skipped} duplicates skipped, {rejected} rejected{note}.\n")
    return 1 if rejected else 0


def preview(name: str, source: Source, plan: list[tuple[int, Interview]]) -> str:
    """The dry run's head: how the file was read, the mapping, the first rows as recorded."""
    from followup_tui.cli.output import clean

    lines: list[str] = []
    if source.mapping is not None:
        lines.append(f"{clean(name)}: {source.about}; columns:")
        mapping = source.mapping
        width = min(max((len(clean(h)) for h in mapping.headers), default=0), 30)
        for header, target, how in zip(mapping.headers, mapping.fields, mapping.how, strict=True):
            shown = clean(header) or "(no header)"
            lines.append(
                f"  {shown:<{width}} -> {target} ({how})"
                if target
                else f"  {shown:<{width}} -- {how}"
            )
        if "" in mapping.fields:
            lines.append('  (read an ignored column with --map "HEADER=FIELD")')
    if plan:
        count = min(len(plan), PREVIEW_ROWS)
        lines.append(f"first {count} {'row' if count == 1 else 'rows'} as they would be recorded:")
    for number, interview in plan[:PREVIEW_ROWS]:
        lines.append(f"  row {number}:")
        lines.extend(f"    {key} = {clean(value)}" for key, value in recorded(interview))
    return "".join(f"{line}\n" for line in lines)


def recorded(interview: Interview) -> list[tuple[str, str]]:
    """The fields of an interview worth showing, as text."""
    fields = [
        ("company", interview.company),
        ("position", interview.position),
        ("interview_at", interview.interview_at.isoformat()),
        ("duration_minutes", str(interview.duration_minutes)),
    ]
    for person in interview.interviewers:
        text = person.name + (f" <{person.email}>" if person.email else "")
        fields.append(("interviewer", text + (f", {person.title}" if person.title else "")))
    extra = [
        ("location", interview.location),
        ("topics", "; ".join(interview.topics)),
        ("notes", interview.notes),
        ("outcome", interview.outcome),
    ]
    fields.extend((key, value) for key, value in extra if value)
    return [(key, value if len(value) <= 60 else value[:59] + "…") for key, value in fields]


def _create(context: Any, interview: Interview) -> Interview:
    from followup_tui.storage.store import DurabilityError, StoreError

    try:
        saved: Interview = context.store.save(interview)
        return saved
    except DurabilityError as error:
        sys.stderr.write(f"followup: warning: {error}\n")
        return interview
    except StoreError as error:
        raise UserError(f"Import stopped: {error}") from None
