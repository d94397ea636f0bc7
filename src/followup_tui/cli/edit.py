"""``followup add``, ``sent ID`` and ``replied ID``: quick changes from a shell."""

from __future__ import annotations

import sys

from followup_tui.cli.common import UserError

TYPE_CHECKING = False
if TYPE_CHECKING:
    import argparse

    from followup_tui.cli.common import Context
    from followup_tui.core.model import Interview

FORMATS = ("video", "phone", "onsite", "other")


def add_parser(
    subparsers: argparse._SubParsersAction[argparse.ArgumentParser], parent: argparse.ArgumentParser
) -> None:
    """Register ``add``, ``sent`` and ``replied``."""
    import argparse

    add = subparsers.add_parser(
        "add",
        parents=[parent],
        help="record an interview and print its id",
        description="Record an interview and print its new id.",
        epilog='Example: followup add --company Acme --position "Backend Engineer" '
        '--at "tomorrow 14:00" --interviewer "Dana Reyes <dana@acme.example>, Engineering '
        'Manager" --topic "event sourcing"\n\n--at accepts "2026-11-25 14:00", "today 15:30", '
        '"tomorrow 9am", "yesterday 2pm", "mon 10:00", "last fri 11:00" or ISO 8601.',
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    add.add_argument("--company", required=True, help="company name (required)")
    add.add_argument("--position", default="", help="the role you interviewed for")
    add.add_argument("--at", required=True, metavar="WHEN", help="when the interview starts")
    add.add_argument(
        "--interviewer",
        action="append",
        default=[],
        metavar='"NAME <EMAIL>[, TITLE]"',
        help="someone on the panel (repeatable); email and title are optional",
    )
    add.add_argument("--topic", action="append", default=[], help="a topic discussed (repeatable)")
    add.add_argument("--initiative", default="", help="a project of theirs you talked about")
    add.add_argument("--notes", default="", help="free-form notes")
    add.add_argument("--location", default="", help="address or meeting link")
    add.add_argument(
        "--duration", type=int, default=60, metavar="MINUTES", help="length (default 60)"
    )
    add.add_argument("--format", choices=FORMATS, default="video", help="default video")
    add.set_defaults(func=run_add)

    sent = subparsers.add_parser(
        "sent",
        parents=[parent],
        help="record that the follow-up owed now went out (mail sent elsewhere)",
        description="Record that the follow-up owed now was sent outside followup: the "
        "thank-you to everyone not yet thanked, or the reminder. Starts the reminder clock.",
    )
    sent.add_argument("id", metavar="ID", help="interview id (or a unique beginning of it)")
    sent.add_argument(
        "--kind", choices=("thank_you", "reminder"), help="what was sent (default: what is owed)"
    )
    sent.set_defaults(func=run_sent)

    replied = subparsers.add_parser(
        "replied",
        parents=[parent],
        help="record that they answered (closes the follow-up)",
        description="Record that the company replied; no more follow-ups are owed.",
    )
    replied.add_argument("id", metavar="ID", help="interview id (or a unique beginning of it)")
    replied.add_argument("--note", default="", help="what they said, for your records")
    replied.set_defaults(func=run_replied)


def save(context: Context, interview: Interview) -> Interview:
    """Save through the store; every store failure becomes one line."""
    from followup_tui.storage.store import DurabilityError, StoreError

    try:
        return context.store.save(interview, now=context.now)
    except DurabilityError as error:
        sys.stderr.write(f"followup: warning: {error}\n")
        return interview
    except StoreError as error:
        raise UserError(str(error)) from None


def run_add(args: argparse.Namespace) -> int:
    """Create an interview from flags and print its id."""
    from followup_tui.cli.common import open_context
    from followup_tui.core.dates import DateParseError, parse_when
    from followup_tui.core.model import Interview, duration_problem
    from followup_tui.storage.interchange import RecordError, parse_person

    if not args.company.strip():
        raise UserError("--company is empty; give the company name.")
    if problem := duration_problem(args.duration):
        raise UserError(f"--duration: {problem}.")
    context = open_context(args)
    try:
        when = parse_when(args.at, context.now)
    except DateParseError as error:
        raise UserError(f"--at: {error}") from None
    try:
        people = [parse_person(text) for text in args.interviewer]
    except RecordError as error:
        raise UserError(f"--interviewer: {error}") from None
    interview = Interview(
        company=args.company.strip(),
        position=args.position.strip(),
        interview_at=when,
        duration_minutes=args.duration,
        format=args.format,
        location=args.location,
        topics=[topic.strip() for topic in args.topic if topic.strip()],
        initiative=args.initiative,
        notes=args.notes,
        interviewers=people,
    )
    saved = save(context, interview)
    sys.stdout.write(saved.id + "\n")
    return 0


def run_sent(args: argparse.Namespace) -> int:
    """Mark the follow-up owed now as sent."""
    from followup_tui.cli.common import open_context
    from followup_tui.cli.listing import load_one
    from followup_tui.cli.output import clean
    from followup_tui.core.actions import mark_sent
    from followup_tui.core.schedule import State, next_action

    context = open_context(args)
    interview = load_one(context, args.id)
    action = next_action(interview, context.now, context.config.timing)
    if action.state is State.CLOSED and args.kind is None:
        raise UserError(
            f"{interview.id} is closed ({action.summary.lower()}); nothing is owed. "
            "Use --kind to record a send anyway."
        )
    followup = mark_sent(interview, context.now, kind=args.kind, timing=context.config.timing)
    save(context, interview)
    who = followup.interviewer or followup.to or "everyone"
    after = next_action(interview, context.now, context.config.timing)
    sys.stdout.write(
        f"{interview.id}: {followup.kind.replace('_', '-')} to {clean(who)} marked sent; "
        f"now {after.state.value}.\n"
    )
    return 0


def run_replied(args: argparse.Namespace) -> int:
    """Mark the interview as answered."""
    from followup_tui.cli.common import open_context
    from followup_tui.cli.listing import load_one
    from followup_tui.core.actions import mark_replied

    context = open_context(args)
    interview = load_one(context, args.id)
    if interview.response is not None:
        raise UserError(f"{interview.id} already has a reply recorded; nothing changed.")
    mark_replied(interview, context.now, args.note)
    save(context, interview)
    sys.stdout.write(f"{interview.id}: reply recorded; closed.\n")
    return 0
