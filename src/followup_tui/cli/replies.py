"""``followup replies``: read the mailboxes in [inbox] and record replies and thank-yous found.

``--dry-run`` prints one line per change it would make and records nothing;
``--json`` prints the scan as one JSON object; ``--undo MESSAGE_ID`` takes
back what a scan recorded from that message (and never records it again).
"""

from __future__ import annotations

import sys

from followup_tui.cli.common import UserError

TYPE_CHECKING = False
if TYPE_CHECKING:
    import argparse

    from followup_tui.cli.common import Context
    from followup_tui.inbox.scan import ScanResult


def add_parser(
    subparsers: argparse._SubParsersAction[argparse.ArgumentParser], parent: argparse.ArgumentParser
) -> None:
    """Register ``followup replies``."""
    parser = subparsers.add_parser(
        "replies",
        parents=[parent],
        help="find replies and thank-yous sent elsewhere in your mailbox ([inbox])",
        description="Read the mailboxes set up under [inbox] in config.toml (Maildir, notmuch, "
        "IMAP; read-only, headers only) and record each reply from an interviewer (closing its "
        "follow-up) and each thank-you you sent from another mail client. Nothing is sent, "
        "moved, deleted or marked read.",
    )
    parser.add_argument(
        "--dry-run", action="store_true", help="print what would be recorded, record nothing"
    )
    parser.add_argument("--json", action="store_true", help="the scan as one JSON object")
    parser.add_argument(
        "--undo",
        metavar="MESSAGE_ID",
        help="take back what a scan recorded from this message (shown by --json)",
    )
    parser.set_defaults(func=run_replies)


def run_replies(args: argparse.Namespace) -> int:
    """Scan (or undo one finding) and report; exit 1 when a source or a save failed."""
    from followup_tui.cli.common import open_context
    from followup_tui.cli.output import clean
    from followup_tui.inbox.scan import InboxError, scan

    context = open_context(args)
    if args.undo:
        return _undo(context, args.undo)
    try:
        result = scan(
            context.home, context.store, context.config, context.now, dry_run=args.dry_run
        )
    except InboxError as error:
        raise UserError(str(error)) from None
    if args.json:
        _print_json(result, args.dry_run)
    else:
        prefix = "would record: " if args.dry_run else ""
        for change in result.changes:
            sys.stdout.write(clean(prefix + change.line()) + "\n")
        for change in result.suggestions:
            sys.stdout.write(clean(change.line()) + "\n")
        if not args.dry_run and result.changes:
            sys.stdout.write(clean(result.notice()) + "\n")
        if not result.changes and not result.suggestions:
            sys.stdout.write(f"No new replies ({result.read} new messages read).\n")
    if result.broken:
        sys.stderr.write(
            f"followup: {result.broken} message(s) could not be read and were skipped.\n"
        )
    for problem in [*result.problems, *result.failed]:
        sys.stderr.write(f"followup: {clean(problem)}\n")
    return 1 if result.problems or result.failed else 0


def _print_json(result: ScanResult, dry_run: bool) -> None:
    import json

    payload = {
        "dry_run": dry_run,
        "changes": [change.to_json() for change in result.changes],
        "suggestions": [change.to_json() for change in result.suggestions],
        "read": result.read,
        "broken": result.broken,
        "problems": result.problems + result.failed,
    }
    sys.stdout.write(json.dumps(payload, indent=2, ensure_ascii=False) + "\n")


def _undo(context: Context, message_id: str) -> int:
    from followup_tui.cli.output import clean
    from followup_tui.inbox.scan import undo_message
    from followup_tui.storage.store import StoreError

    try:
        titles = undo_message(context.home, context.store, message_id.strip(), context.now)
    except (OSError, StoreError) as error:
        raise UserError(f"The undo could not be saved: {error}.") from None
    if not titles:
        sys.stdout.write("Nothing recorded from that message; it will not be recorded again.\n")
    for title in titles:
        sys.stdout.write(clean(f"Undone: {title}") + "\n")
    return 0
