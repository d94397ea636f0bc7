"""``followup export``: a calendar of pending follow-ups, or every field as CSV / JSON."""

from __future__ import annotations

import sys

from followup_tui.cli.common import UserError

TYPE_CHECKING = False
if TYPE_CHECKING:
    import argparse
    from datetime import datetime

    from followup_tui.core.model import Interview
    from followup_tui.core.schedule import NextAction, Timing

PENDING = ("overdue", "due", "reminder due", "upcoming", "waiting")
HELP = """\
Export the interviews.

  ics   one calendar event per pending follow-up, at its deadline, with an alarm
        (at the ideal time for a thank-you, at the due time for a reminder);
        import it into a phone or desktop calendar to be reminded there.
  csv   every field; topics, interviewers, follow-ups, the reply and unknown
        keys are JSON text in their cells. `followup import` reads it back.
  json  every field, one object per interview; `followup import` reads it back.
"""


def add_parser(
    subparsers: argparse._SubParsersAction[argparse.ArgumentParser], parent: argparse.ArgumentParser
) -> None:
    """Register ``followup export``."""
    import argparse

    parser = subparsers.add_parser(
        "export",
        parents=[parent],
        help="calendar (ics), CSV or JSON export",
        description=HELP,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--format", required=True, choices=("ics", "csv", "json"))
    parser.add_argument(
        "-o", "--output", metavar="FILE", help="write to FILE (default: standard output)"
    )
    parser.set_defaults(func=run)


def calendar(pairs: list[tuple[Interview, NextAction]], now: datetime, timing: Timing) -> bytes:
    """An iCalendar file with one VEVENT (and VALARM) per pending follow-up."""
    from datetime import UTC, timedelta

    from icalendar import Alarm, Calendar, Event

    cal = Calendar()
    cal.add("prodid", "-//followup-tui//follow-up deadlines//EN")
    cal.add("version", "2.0")
    cal.add("x-wr-calname", "Interview follow-ups")
    for interview, action in pairs:
        if action.state.value not in PENDING or action.deadline is None:
            continue
        kind = action.kind or "thank_you"
        noun = "thank-you" if kind == "thank_you" else "reminder"
        to_whom = f" to {', '.join(action.owed_to)}" if action.owed_to else ""
        event = Event()
        event.add("uid", f"{interview.id}-{kind}@followup-tui")
        event.add("dtstamp", now.astimezone(UTC))
        start = action.deadline.astimezone(UTC)
        event.add("dtstart", start)
        event.add("dtend", start + timedelta(minutes=15))
        event.add("summary", f"Send {noun}{to_whom}: {interview.company} · {interview.position}")
        event.add(
            "description",
            f"{action.summary} ({action.state.value}).\n"
            f"Interview: {interview.interview_at.isoformat()}\n"
            f"followup show {interview.id}",
        )
        event.add("categories", ["followup", action.state.value])
        alarm = Alarm()
        alarm.add("action", "DISPLAY")
        alarm.add("description", f"Send the {noun}: {interview.company}")
        if action.ideal_by is not None and action.ideal_by < action.deadline:
            alarm.add("trigger", action.ideal_by - action.deadline)
        else:
            alarm.add("trigger", timedelta(0))
        event.add_component(alarm)
        cal.add_component(event)
    return bytes(cal.to_ical())


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
    from followup_tui.core.schedule import by_urgency

    context = open_context(args)
    result = context.store.load_all()
    report_problems(result.problems)
    interviews = sorted(result.interviews, key=lambda item: (item.interview_at, item.id))
    if args.format == "ics":
        pairs = by_urgency(interviews, context.now, context.config.timing)
        data = calendar(pairs, context.now, context.config.timing)
    elif args.format == "csv":
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
