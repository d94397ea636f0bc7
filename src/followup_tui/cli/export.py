"""``followup export``: a calendar of pending follow-ups, or every field as CSV / JSON."""

from __future__ import annotations

import sys

from followup_tui.cli.common import UserError

TYPE_CHECKING = False
if TYPE_CHECKING:
    import argparse
    from datetime import datetime

    from followup_tui.core.model import Interview
    from followup_tui.core.schedule import Timing

HELP = """\
Export the interviews.

  ics   one calendar event per owed follow-up, at its deadline, with an alarm
        (at the ideal time for a thank-you, at the due time for a reminder); an
        overdue one is due now, with its alarm a few minutes ahead. Each event
        keeps its UID, so importing the file again updates it; follow-ups done in
        the last two weeks come back cancelled, so calendars drop them.
        --vdir DIR keeps a folder of one .ics per event (khal, vdirsyncer) true:
        run it again after a change (or from a timer) and it updates and removes
        its own files; other files in DIR are never touched.
  csv   every field; topics, interviewers, follow-ups, the reply and unknown
        keys are JSON text in their cells. `followup import` reads it back.
  json  every field, one object per interview; `followup import` reads it back.
"""
FORMATS = ("ics", "csv", "json")


def add_parser(
    subparsers: argparse._SubParsersAction[argparse.ArgumentParser], parent: argparse.ArgumentParser
) -> None:
    """Register ``followup export``."""
    import argparse

    parser = subparsers.add_parser(
        "export",
        parents=[parent],
        help="calendar (ics, also as a vdir), CSV or JSON export",
        description=HELP,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument(
        "kind", nargs="?", choices=FORMATS, metavar="FORMAT", help="ics, csv or json"
    )
    parser.add_argument("--format", choices=FORMATS, help="the same as FORMAT")
    parser.add_argument(
        "-o", "--output", metavar="FILE", help="write to FILE (default: standard output)"
    )
    parser.add_argument(
        "--vdir", metavar="DIR", help="ics only: keep DIR as a vdir, one .ics file per event"
    )
    parser.set_defaults(func=run)


def calendar(interviews: list[Interview], now: datetime, timing: Timing) -> bytes:
    """An iCalendar file: the owed follow-ups, and the lately done ones as cancelled."""
    from followup_tui.storage import ics

    items = ics.pending(interviews, now, timing) + ics.lately_done(interviews, now, timing)
    return ics.calendar(items, now)


def csv_text(interviews: list[Interview]) -> bytes:
    import csv
    import io

    from followup_tui.storage.interchange import CSV_COLUMNS, to_csv_row

    buffer = io.StringIO(newline="")
    writer = csv.DictWriter(buffer, fieldnames=CSV_COLUMNS)
    writer.writeheader()
    for interview in interviews:
        writer.writerow(to_csv_row(interview))
    return buffer.getvalue().encode("utf-8")


def json_text(interviews: list[Interview]) -> bytes:
    import json

    from followup_tui.storage.interchange import to_record

    records = [to_record(interview) for interview in interviews]
    return (json.dumps(records, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


def run(args: argparse.Namespace) -> int:
    """Write the export to the file or to standard output."""
    from followup_tui.cli.common import open_context
    from followup_tui.cli.listing import report_problems

    fmt = _format(args)
    context = open_context(args)
    result = context.store.load_all()
    report_problems(result.problems)
    interviews = sorted(result.interviews, key=lambda item: (item.interview_at, item.id))
    if args.vdir:
        return _vdir(args.vdir, interviews, context.now, context.config.timing)
    if fmt == "ics":
        data = calendar(interviews, context.now, context.config.timing)
    elif fmt == "csv":
        data = csv_text(interviews)
    else:
        data = json_text(interviews)
    if not args.output or args.output == "-":
        sys.stdout.buffer.write(data)
        sys.stdout.flush()
        return 0
    from pathlib import Path

    from followup_tui.storage.files import StoreError, atomic_write

    target = Path(args.output).expanduser()
    try:
        atomic_write(target, data)
    except (OSError, StoreError) as error:
        reason = getattr(error, "strerror", None) or error
        raise UserError(f"Cannot write {target}: {reason}; check the folder exists.") from None
    sys.stderr.write(f"followup: wrote {len(interviews)} interviews to {target}\n")
    return 0


def _format(args: argparse.Namespace) -> str:
    """The one format asked for, as FORMAT or --format."""
    if args.kind and args.format and args.kind != args.format:
        raise UserError(f"Both {args.kind} and --format {args.format} given; choose one.")
    fmt: str = args.kind or args.format or ("ics" if args.vdir else "")
    if not fmt:
        raise UserError("Say what to export: followup export ics|csv|json (or --format).")
    if args.vdir and (fmt != "ics" or args.output):
        raise UserError("--vdir writes calendar events: use it with ics and without -o.")
    return fmt


def _vdir(folder: str, interviews: list[Interview], now: datetime, timing: Timing) -> int:
    from pathlib import Path

    from followup_tui.storage import ics, vdir
    from followup_tui.storage.store import DurabilityError, StoreError

    target = Path(folder).expanduser()
    try:
        done = vdir.sync(target, ics.pending(interviews, now, timing), now)
    except DurabilityError as error:
        sys.stderr.write(f"followup: warning: {error}\n")
        return 0
    except (OSError, StoreError) as error:
        reason = getattr(error, "strerror", None) or error
        raise UserError(f"Cannot update the calendar folder {target}: {reason}.") from None
    if done.written or done.removed or done.kept:  # silent when nothing changed: fit for cron
        sys.stderr.write(f"followup: {done.sentence(target)}\n")
    return 0
