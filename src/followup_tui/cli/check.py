"""``followup check``: run the checklist on a draft, for scripts and other editors.

Exit status: 0 when nothing fails, 1 when something fails, 2 for bad input
(unknown id, unreadable file, unknown interviewer, no draft to check).
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from followup_tui.cli.common import UserError, interviewer_for_address, open_context
from followup_tui.cli.listing import resolve_id

BAD_INPUT = 2


def _resolved(context: Any, given: str) -> str:
    """The id that ``given`` begins (exit status 2 when none or several do)."""
    from followup_tui.core.model import valid_id

    if not valid_id(given):
        return given  # the store names what is wrong with it
    try:
        return resolve_id(context, given)
    except UserError as error:
        raise UserError(str(error), BAD_INPUT) from None


MARKS = {"pass": "ok  ", "warn": "warn", "fail": "FAIL", "manual": "todo"}


def add_parser(subparsers: Any, parent: argparse.ArgumentParser) -> None:
    """Register ``followup check``."""
    parser = subparsers.add_parser(
        "check",
        parents=[parent],
        help="check a draft against the guide's rules",
        description=(
            "Check the interview's current draft, or a text written elsewhere "
            "(--subject and --body-file). Exit 0: nothing fails; 1: something fails; "
            "2: bad input."
        ),
    )
    parser.add_argument("id", metavar="ID", help="the interview id (see followup list)")
    parser.add_argument("--json", action="store_true", help="print the results as JSON")
    parser.add_argument("--subject", metavar="S", help="check this subject (not a saved draft)")
    parser.add_argument(
        "--body-file", metavar="FILE", help="the body to check ('-' reads standard input)"
    )
    parser.add_argument(
        "--to", metavar="EMAIL", help="recipient; picks the interviewer with that address"
    )
    parser.add_argument("--interviewer", metavar="NAME", help="who the email is for")
    parser.add_argument(
        "--kind", choices=("thank_you", "reminder"), help="kind of email (default: what is owed)"
    )
    parser.set_defaults(func=run)


def _read_body(name: str) -> str:
    try:
        if name == "-":
            return sys.stdin.read()
        return Path(name).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        reason = getattr(error, "strerror", None) or "not UTF-8 text"
        raise UserError(f"Cannot read {name}: {reason}.", BAD_INPUT) from None


def run(args: argparse.Namespace) -> int:
    """Run the checks and print them; the exit status says whether anything fails."""
    from followup_tui.checks import (
        DraftInput,
        current_draft_index,
        failing,
        load_dictionary,
        run_checks,
        score,
        settings_from_config,
    )
    from followup_tui.checks.report import as_json, locate, one_line
    from followup_tui.cli.output import clean
    from followup_tui.core.model import Followup
    from followup_tui.core.schedule import next_action
    from followup_tui.storage.config import ConfigError
    from followup_tui.storage.store import StoreError

    context = open_context(args)
    try:
        args.id = _resolved(context, args.id)  # a unique beginning of it is enough
        interview = context.store.load(args.id)
    except StoreError as error:
        raise UserError(str(error).rstrip(".") + ".", BAD_INPUT) from None
    adhoc = args.subject is not None or args.body_file is not None
    if adhoc:
        if args.body_file is None:
            raise UserError("--subject needs --body-file FILE (or - for stdin).", BAD_INPUT)
        names = [person.name for person in interview.interviewers]
        action = next_action(interview, context.now, context.config.timing)
        who = args.interviewer
        if who is not None and who not in names:
            choices = ", ".join(names) or "none recorded"
            raise UserError(
                f"No interviewer named {who!r} in {args.id} (choose one of: {choices}).",
                BAD_INPUT,
            )
        if who is None and args.to:
            who = interviewer_for_address(interview, args.to, args.id)
        if who is None and names:
            who = action.owed_to[0] if action.owed_to else names[0]
        person = interview.interviewer_named(who) if who else None
        followup = Followup(
            kind=args.kind or action.kind or "thank_you",
            to=args.to if args.to is not None else (person.email if person else ""),
            interviewer=who or "",
            subject=args.subject or "",
            body=_read_body(args.body_file),
        )
    else:
        index = current_draft_index(interview)
        who = args.interviewer
        if who is None and args.to:
            who = interviewer_for_address(interview, args.to, args.id)
        if who is not None:
            theirs = [
                number
                for number, item in enumerate(interview.followups)
                if not item.is_sent and item.interviewer == who
            ]
            index = theirs[-1] if theirs else None
            if index is None:
                raise UserError(
                    f"{args.id} has no draft for {who}; write one first (followup draft "
                    f"{args.id} --interviewer {who!r}).",
                    BAD_INPUT,
                )
        if index is None:
            raise UserError(
                f"{args.id} has no draft yet; write one in the app, or check a text with "
                "--subject S --body-file FILE.",
                BAD_INPUT,
            )
        followup = interview.followups[index]
    try:
        settings = settings_from_config(context.config)
    except ConfigError as error:
        raise UserError(str(error), BAD_INPUT) from None
    draft = DraftInput(
        interview=interview,
        followup=followup,
        profile=context.config.profile,
        now=context.now,
        dictionary=load_dictionary(context.home),
        **settings,
    )
    results = run_checks(draft)
    passed, total = score(results)
    fails = failing(results)
    if args.json:
        data = {
            "interview": interview.id,
            "interviewer": followup.interviewer,
            "kind": followup.kind,
            "passed": passed,
            "total": total,
            "failing": len(fails),
            "results": [as_json(result, followup) for result in results],
        }
        print(json.dumps(data, indent=2, ensure_ascii=False))
    else:
        width = max(len(result.title) for result in results)
        for result in results:
            mark = MARKS[result.status.value]
            if result.status.value == "manual" and result.ticked:
                mark = "done"
            print(clean(f"{mark}  {result.title:<{width}}  {result.reason}"))
            for item in locate(result, followup):
                print(clean(f"{'':<{width + 8}}{one_line(item)}"))
        tail = f"; {len(fails)} failing" if fails else "; nothing fails"
        print(f"{passed} of {total} passed{tail}.")
    return 1 if fails else 0
