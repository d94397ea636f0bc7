"""``followup import FILE.csv|FILE.json``: bring interviews in, row by row.

Each row is checked on its own: good rows are created, duplicates (same
company, position and interview time as an interview already in the home or
earlier in the file) are skipped, and bad rows are rejected with their row
number and the reason. ``--strict`` imports nothing unless every row is good;
``--dry-run`` only reports. The exit status is 1 when any row was rejected.
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


def add_parser(
    subparsers: argparse._SubParsersAction[argparse.ArgumentParser], parent: argparse.ArgumentParser
) -> None:
    """Register ``followup import``."""
    parser = subparsers.add_parser(
        "import",
        parents=[parent],
        help="add interviews from a CSV or JSON file",
        description=__doc__.split("\n\n", 1)[1].strip().replace("``", "`"),
        epilog="CSV needs a header row with at least company and interview_at (friendly dates "
        'like "2026-11-25 14:00" work); topics may be "a; b" and interviewers '
        '"Name <email>; Other <email>", or JSON as written by `followup export`. '
        "Rows are counted like a spreadsheet (the header is row 1); JSON items from 1.",
    )
    parser.add_argument("file", metavar="FILE", help="a .csv or .json file")
    parser.add_argument("--dry-run", action="store_true", help="report only; change nothing")
    parser.add_argument(
        "--strict", action="store_true", help="import nothing unless every row is good"
    )
    parser.set_defaults(func=run)


def read_rows(path: Path, now: datetime) -> list[tuple[int, dict[str, Any] | str]]:
    """(row number, record or the reason it is bad) for every row of the file."""
    try:
        text = path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise UserError(f"{path} does not exist.") from None
    except IsADirectoryError:
        raise UserError(f"{path} is a folder; give a .csv or .json file.") from None
    except UnicodeDecodeError:
        raise UserError(f"{path} is not UTF-8 text; save it as UTF-8 and try again.") from None
    except OSError as error:
        raise UserError(f"Cannot read {path}: {error.strerror or error}.") from None
    suffix = path.suffix.lower()
    if suffix == ".json":
        return _json_rows(path, text, now)
    if suffix == ".csv":
        return _csv_rows(path, text, now)
    raise UserError(f"{path.name}: import reads .csv or .json files.")


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


def _csv_rows(path: Path, text: str, now: datetime) -> list[tuple[int, dict[str, Any] | str]]:
    import csv
    import io

    from followup_tui.storage.interchange import RecordError, from_csv_row

    reader = csv.DictReader(io.StringIO(text, newline=""))
    try:
        header = reader.fieldnames or []
    except csv.Error as error:
        raise UserError(f"{path}: the header row is not CSV ({error}).") from None
    missing = [name for name in ("company", "interview_at") if name not in header]
    if missing:
        raise UserError(f"{path}: the header row has no {' or '.join(missing)} column.")
    rows: list[tuple[int, dict[str, Any] | str]] = []
    number = 1
    while True:
        try:
            row = next(reader)
        except StopIteration:
            break
        except csv.Error as error:
            raise UserError(f"{path}: line {reader.line_num} is not CSV ({error}).") from None
        number += 1
        try:
            rows.append((number, from_csv_row(row, now)))
        except RecordError as error:
            rows.append((number, str(error)))
    return rows


def duplicate_key(interview: Interview | Row) -> tuple[str, str, float]:
    return (
        interview.company.strip().casefold(),
        interview.position.strip().casefold(),
        interview.interview_at.timestamp(),
    )


def run(args: argparse.Namespace) -> int:
    """Check every row, then create the good ones (unless --dry-run or --strict fails)."""
    from pathlib import Path

    from followup_tui.cli.common import open_context
    from followup_tui.cli.listing import report_problems
    from followup_tui.cli.output import clean
    from followup_tui.core.model import SchemaError, valid_id
    from followup_tui.storage.interchange import from_record

    context = open_context(args)
    rows = read_rows(Path(args.file).expanduser(), context.now)
    existing = context.store.load_rows()  # rows hold what duplicate_key needs
    report_problems(existing.problems)
    seen = {duplicate_key(item): item.id for item in existing.rows}
    plan: list[tuple[int, Interview]] = []
    rejected = skipped = 0
    report: list[tuple[int, str]] = []
    for number, record in rows:
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
    if args.strict and rejected:
        sys.stdout.writelines(f"row {n}: {text}\n" for n, text in sorted(report))
        sys.stdout.write(f"{rejected} rows rejected; --strict: nothing imported.\n")
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
    sys.stdout.write(
        f"{total} {verb}, {skipped} duplicates skipped, {rejected} rejected"
        + (" (dry run: nothing changed)" if args.dry_run else "")
        + ".\n"
    )
    return 1 if rejected else 0


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
