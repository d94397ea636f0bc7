"""``followup draft ID`` prints the draft; ``followup send ID`` sends it.

``draft`` writes headers then body to stdout, ready for mutt/aerc/himalaya.
``send`` asks for confirmation (unless --yes) and records the send exactly as
the editor screen does.
"""

from __future__ import annotations

import argparse
import sys
from typing import Any

from followup_tui.cli.common import Context, UserError, interviewer_for_address, open_context
from followup_tui.cli.listing import resolve_id
from followup_tui.cli.output import clean


def add_parser(subparsers: Any, parent: argparse.ArgumentParser) -> None:
    """Register ``draft`` and ``send``."""
    draft = subparsers.add_parser(
        "draft",
        parents=[parent],
        help="print the follow-up draft for an interview (headers, blank line, body)",
    )
    draft.add_argument("id", help="interview id")
    draft.add_argument("--template", metavar="NAME", help="fill the draft from this template")
    draft.add_argument(
        "--to", metavar="EMAIL", help="recipient; picks the interviewer with that address"
    )
    draft.add_argument("--interviewer", metavar="NAME", help="which interviewer (for panels)")
    draft.set_defaults(func=run_draft)
    send = subparsers.add_parser(
        "send", parents=[parent], help="send the follow-up draft through [mail] settings"
    )
    send.add_argument("id", help="interview id")
    send.add_argument(
        "--to", metavar="EMAIL", help="recipient; picks the interviewer with that address"
    )
    send.add_argument("--interviewer", metavar="NAME", help="which interviewer (for panels)")
    send.add_argument("--yes", action="store_true", help="do not ask for confirmation")
    send.add_argument(
        "--at",
        metavar="WHEN",
        help='send later instead, e.g. "tomorrow 9:00" or "mon 9am" (see `followup queue`)',
    )
    send.set_defaults(func=run_send)


def _prepare(context: Context, args: argparse.Namespace) -> tuple[Any, Any]:
    from followup_tui.drafting.draft import DraftError, open_draft
    from followup_tui.drafting.templates import TemplateLibrary
    from followup_tui.mail.errors import MailError
    from followup_tui.mail.sending import check_header
    from followup_tui.storage.store import StoreError

    library = TemplateLibrary(context.home.templates)
    for problem in library.problems:
        sys.stderr.write(f"followup: warning: {problem}\n")
    try:
        args.id = resolve_id(context, args.id)  # a unique beginning of it is enough
        interview = context.store.load(args.id)
        who = args.interviewer
        if who is None and args.to:
            who = interviewer_for_address(interview, args.to, args.id)
        draft, problem = open_draft(
            interview,
            library,
            context.config,
            context.now,
            interviewer=who,
            template=getattr(args, "template", None),
        )
    except (StoreError, DraftError) as error:
        raise UserError(str(error)) from None
    if problem:
        raise UserError(problem)
    if args.to:
        try:
            draft.to = check_header("--to", args.to)
        except MailError as error:
            raise UserError(str(error)) from None
    return interview, draft


def run_draft(args: argparse.Namespace) -> int:
    """Print the draft and keep it in the interview file."""
    from followup_tui.storage.store import StoreError

    context = open_context(args)
    interview, draft = _prepare(context, args)
    try:
        context.store.save(interview, now=context.now)
    except StoreError as error:
        raise UserError(str(error)) from None
    sys.stdout.write(
        f"To: {clean(draft.to)}\nSubject: {clean(draft.subject)}\n\n"
        f"{clean(draft.body, keep_newlines=True)}"
    )
    return 0


def _checklist_lines(context: Context, interview: Any, draft: Any) -> str:
    """The failing and unticked checklist items, as the editor's confirmation lists them."""
    from followup_tui.checks import (
        DraftInput,
        before_sending,
        load_dictionary,
        run_checks,
        settings_from_config,
    )
    from followup_tui.storage.config import ConfigError

    try:
        settings = settings_from_config(context.config)
    except ConfigError as error:
        raise UserError(str(error)) from None
    results = run_checks(
        DraftInput(
            interview=interview,
            followup=draft,
            profile=context.config.profile,
            now=context.now,
            dictionary=load_dictionary(context.home),
            **settings,
        )
    )
    lines = before_sending(results)
    if not lines:
        return "Checklist: every item is done.\n"
    items = "".join(f"  - {clean(line)}\n" for line in lines)
    return f"Checklist: {len(lines)} item(s) not done:\n{items}"


def run_send(args: argparse.Namespace) -> int:
    """Send the draft (after confirmation) and record it as sent."""
    from followup_tui.mail.errors import MailError
    from followup_tui.mail.sending import build_message, send_followup
    from followup_tui.storage.store import StoreError

    context = open_context(args)
    interview, draft = _prepare(context, args)
    try:
        build_message(draft, context.config.profile, context.config.mail, context.now)
        context.store.save(interview, now=context.now)  # the draft is kept whatever happens
    except (MailError, StoreError) as error:
        raise UserError(str(error)) from None
    if args.at is not None:
        return send_later(context, interview, draft, args.at, yes=args.yes)
    if not args.yes:
        sys.stderr.write(f"To: {clean(draft.to)}\nSubject: {clean(draft.subject)}\n")
        sys.stderr.write(_checklist_lines(context, interview, draft))
        sys.stderr.write("Send this email? [y/N] ")
        sys.stderr.flush()
        answer = sys.stdin.readline().strip().lower()
        if answer not in ("y", "yes"):
            sys.stderr.write("Not sent; the draft is kept.\n")
            return 1
    try:
        result = send_followup(
            interview,
            draft,
            store=context.store,
            home=context.home,
            config=context.config,
            now=context.now,
        )
    except (MailError, StoreError) as error:
        raise UserError(str(error)) from None
    print(f"Sent to {clean(draft.to)} ({result.message_id}).")
    if result.refused:
        print(f"Refused by the server: {', '.join(result.refused)}.")
    if result.warning:
        print(result.warning)
    return 0


def send_later(context: Context, interview: Any, draft: Any, when: str, *, yes: bool) -> int:
    """``send --at``: check the draft as at its send time, then queue it."""
    from followup_tui.checks.at_send import failures_at
    from followup_tui.core.dates import DateParseError, parse_when
    from followup_tui.core.humantime import day_and_time, exact
    from followup_tui.mail.queue import QueueError, schedule
    from followup_tui.storage.store import StoreError

    try:
        send_at = parse_when(when, context.now)
    except DateParseError as error:
        raise UserError(f"--at: {error}") from None
    failures = failures_at(interview, draft, context.config, context.home, send_at)
    if failures:
        moment = day_and_time(send_at, context.now)
        sys.stderr.write(f"If it went out {moment}, these checks would fail:\n")
        for _, reason in failures:
            sys.stderr.write(f"  - {clean(reason)}\n")
        if not yes:
            sys.stderr.write("Schedule it anyway? [y/N] ")
            sys.stderr.flush()
            if sys.stdin.readline().strip().lower() not in ("y", "yes"):
                sys.stderr.write("Not scheduled; the draft is kept.\n")
                return 1
    try:
        schedule(draft, send_at, context.now, accepted=[check_id for check_id, _ in failures])
        context.store.save(interview, now=context.now)
    except QueueError as error:
        raise UserError(str(error)) from None
    except StoreError as error:
        raise UserError(str(error)) from None
    print(
        f"Scheduled for {exact(send_at)} ({day_and_time(send_at, context.now)}) to "
        f"{clean(draft.to)}. `followup queue run` sends it at or after that time; "
        "`followup queue install` sets up a timer that runs it."
    )
    return 0
