"""``followup queue``: what is scheduled, and ``run``, ``cancel``, ``resolve``, ``install``.

``followup send ID --at WHEN`` (cli/draft.py) queues a draft; ``queue run``
sends what is due (a systemd timer or cron runs it every few minutes; see
docs/guide/send-later.md).
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

    from followup_tui.cli.common import Context
    from followup_tui.core.model import Followup, Interview
    from followup_tui.mail.queue import Queued


def add_parser(
    subparsers: argparse._SubParsersAction[argparse.ArgumentParser], parent: argparse.ArgumentParser
) -> None:
    """Register ``followup queue`` and its subcommands."""
    from followup_tui.cli.common import Parser

    parser = subparsers.add_parser(
        "queue",
        parents=[parent],
        help="follow-ups scheduled to send later: list, run, cancel, resolve, install",
        description="List the follow-ups scheduled with `followup send ID --at WHEN` or the "
        "editor's Send later, and those the queue could not send (with why).",
    )
    parser.add_argument("--json", action="store_true", help="a JSON array for scripts")
    parser.set_defaults(func=run_list)
    commands: Any = parser.add_subparsers(
        dest="queue_command", metavar="COMMAND", parser_class=Parser
    )

    run = commands.add_parser(
        "run",
        parents=[parent],
        help="send every scheduled follow-up whose time has come (for a timer or cron)",
    )
    run.add_argument(
        "--wait",
        type=float,
        default=0.0,
        metavar="SECONDS",
        help="wait this long for another run to finish (default: leave it to that run)",
    )
    run.set_defaults(func=run_queue)

    cancel = commands.add_parser(
        "cancel",
        parents=[parent],
        help="unschedule a follow-up (or dismiss the queue's notice): it stays a draft",
    )
    cancel.add_argument("id", help="interview id (or a unique beginning of it)")
    cancel.add_argument("--interviewer", metavar="NAME", help="which one, when several are queued")
    cancel.set_defaults(func=run_cancel)

    resolve = commands.add_parser(
        "resolve",
        parents=[parent],
        help="say whether an interrupted send went out (check your Sent folder first)",
    )
    resolve.add_argument("id", help="interview id (or a unique beginning of it)")
    answer = resolve.add_mutually_exclusive_group(required=True)
    answer.add_argument("--sent", action="store_true", help="it is in your Sent folder")
    answer.add_argument(
        "--not-sent", action="store_true", help="it did not go out (back to a draft)"
    )
    resolve.add_argument("--interviewer", metavar="NAME", help="which one, when several")
    resolve.set_defaults(func=run_resolve)

    install = commands.add_parser(
        "install",
        parents=[parent],
        help="write a systemd user timer (or print a crontab line) that runs the queue",
        description="Write followup-queue.service and followup-queue.timer to your systemd "
        "user folder and print the command that enables them; with --cron print the "
        "crontab line instead. Nothing is enabled or edited for you.",
    )
    install.add_argument("--cron", action="store_true", help="print a crontab line instead")
    install.add_argument(
        "--every",
        type=int,
        default=5,
        choices=(1, 2, 3, 5, 10, 15, 20, 30),
        metavar="MINUTES",
        help="how often to run (1, 2, 3, 5, 10, 15, 20 or 30; default 5)",
    )
    install.add_argument(
        "--dir", metavar="PATH", help="write the units here (default ~/.config/systemd/user)"
    )
    install.add_argument("--force", action="store_true", help="replace changed unit files")
    install.set_defaults(func=run_install)


# -- helpers --------------------------------------------------------------------


def when_text(moment: datetime | None, now: datetime) -> str:
    """ "Tue 09:00"-style, as the list says it."""
    from followup_tui.core.humantime import day_and_time

    return day_and_time(moment, now) if moment is not None else "—"


def describe(item: Followup, now: datetime) -> str:
    """ "scheduled Tue 09:00", "unsure", "draft (not sent)"."""
    if item.is_scheduled:
        return f"scheduled {when_text(item.send_at, now)}"
    if item.state == "draft":
        return "held (a draft)"
    return item.state


def pick(interview: Interview, states: tuple[str, ...], interviewer: str | None) -> Followup:
    """The one follow-up of ``interview`` in ``states`` (for ``interviewer`` if given).

    A "draft" here is one the queue held back, with its notice.
    """
    from followup_tui.cli.output import clean

    found = [
        item
        for item in interview.followups
        if item.state in states and (item.state != "draft" or item.notice)
    ]
    if interviewer is not None:
        found = [item for item in found if item.interviewer == interviewer]
    if not found:
        raise UserError(
            f"{interview.id} has no {' or '.join(states)} follow-up"
            + (f" for {clean(interviewer)}" if interviewer else "")
            + "; see `followup queue`."
        )
    if len(found) > 1:
        names = ", ".join(clean(item.interviewer or "everyone") for item in found)
        raise UserError(f"{interview.id} has several ({names}); add --interviewer NAME.")
    return found[0]


def save(context: Context, interview: Interview) -> None:
    from followup_tui.storage.store import StoreError

    try:
        context.store.save(interview, now=context.now)
    except StoreError as error:
        raise UserError(str(error)) from None


def record(queued: Queued) -> dict[str, Any]:
    """One queued follow-up for ``--json``."""
    item = queued.followup
    return {
        "id": queued.interview.id,
        "company": queued.interview.company,
        "kind": item.kind,
        "interviewer": item.interviewer,
        "to": item.to,
        "subject": item.subject,
        "state": item.state,
        "send_at": item.send_at.isoformat() if item.send_at else None,
        "message_id": item.message_id,
        "notice": item.notice,
    }


# -- the commands ---------------------------------------------------------------


def run_list(args: argparse.Namespace) -> int:
    """Print what is scheduled (soonest first) and what the queue could not send."""
    from followup_tui.cli.common import open_context
    from followup_tui.cli.output import clean
    from followup_tui.mail.queue import listed

    context = open_context(args)
    found, problems = listed(context.store)
    for problem in problems:
        sys.stderr.write(f"followup: skipped {clean(problem)}\n")
    if args.json:
        import json

        items = [record(queued) for queued in found]
        sys.stdout.write(json.dumps(items, ensure_ascii=False, indent=2) + "\n")
        return 0
    if not found:
        sys.stdout.write("Nothing is scheduled. Queue a draft with `followup send ID --at WHEN`.\n")
        return 0
    for queued in found:
        item = queued.followup
        who = item.to or item.interviewer or "everyone"
        sys.stdout.write(
            f"{describe(item, context.now):<24}  {item.kind.replace('_', '-')} to {clean(who)}"
            f"  {queued.interview.id}\n"
        )
        if item.notice:
            sys.stdout.write(f"    {clean(item.notice)}\n")
    return 0


def run_queue(args: argparse.Namespace) -> int:
    """Send what is due; print one line per follow-up it touched (nothing when idle)."""
    from followup_tui.checks.at_send import QueueChecks
    from followup_tui.cli.common import open_context
    from followup_tui.cli.output import clean
    from followup_tui.inbox.sent import find_sent
    from followup_tui.mail.queue import QueueBusyError, Runner
    from followup_tui.storage.store import StoreError

    context = open_context(args)
    config = context.config
    runner = Runner(
        context.store,
        context.home,
        config,
        context.now,
        checks=QueueChecks(config, context.home),
        # An interrupted send is looked for in the [inbox] mailboxes (none: unsure).
        lookup=lambda message_id, since: find_sent(message_id, config, since=since),
    )
    try:
        outcomes = runner.run(wait=max(0.0, args.wait))
    except QueueBusyError as error:
        sys.stderr.write(f"followup: {error}\n")
        return 0
    except StoreError as error:
        raise UserError(str(error)) from None
    labels = {
        "sent": "Sent",
        "found": "Sent",
        "retry": "Not sent yet",
        "held": "Not sent",
        "missed": "Not sent",
        "unsure": "Unsure",
    }
    for outcome in outcomes:
        to = f" to {clean(outcome.to)}" if outcome.to else ""
        note = f" {clean(outcome.message)}" if outcome.message else ""
        sys.stdout.write(f"{labels[outcome.result]}: {outcome.interview_id}{to}.{note}\n")
    return 0


def run_cancel(args: argparse.Namespace) -> int:
    """Put a scheduled follow-up back to a draft."""
    from followup_tui.cli.common import open_context
    from followup_tui.cli.listing import load_one
    from followup_tui.mail.queue import QueueError, unschedule

    context = open_context(args)
    interview = load_one(context, args.id)
    item = pick(interview, ("scheduled", "draft"), args.interviewer)
    try:
        unschedule(item, context.now)
    except QueueError as error:
        raise UserError(str(error)) from None
    save(context, interview)
    print(f"Unscheduled; {interview.id} is a draft again (send it with `followup send`).")
    return 0


def run_resolve(args: argparse.Namespace) -> int:
    """Record whether an interrupted send went out."""
    from followup_tui.cli.common import open_context
    from followup_tui.cli.listing import load_one
    from followup_tui.mail.queue import QueueError, resolve

    context = open_context(args)
    interview = load_one(context, args.id)
    item = pick(interview, ("unsure", "sending"), args.interviewer)
    try:
        resolve(item, sent=bool(args.sent), now=context.now)
    except QueueError as error:
        raise UserError(str(error)) from None
    save(context, interview)
    if args.sent:
        print("Recorded as sent; the reminder clock has started.")
    else:
        print("Back to a draft: send it again or schedule it when you are ready.")
    return 0


def run_install(args: argparse.Namespace) -> int:
    """Write the systemd user units (or print the crontab line); enable nothing."""
    from followup_tui.cli.common import open_context
    from followup_tui.mail import queue_units

    context = open_context(args)
    command = [sys.executable, "-m", "followup_tui", "--home", str(context.home.root)]
    command += ["queue", "run"]
    if args.cron:
        print("Add this line with `crontab -e` (nothing was changed):")
        print(queue_units.cron_line(command, args.every))
        return 0
    folder = _unit_folder(args.dir)
    files = {
        queue_units.SERVICE_NAME: queue_units.service_unit(command),
        queue_units.TIMER_NAME: queue_units.timer_unit(args.every),
    }
    written = _write_units(folder, files, force=args.force)
    for path in written:
        print(f"Wrote {path}")
    print("Nothing is enabled yet. To start it now and at every login:")
    print(f"  systemctl --user daemon-reload && {queue_units.ENABLE_COMMAND}")
    print("On a home server, also let it run while you are logged out:")
    print(f"  {queue_units.LINGER_COMMAND}")
    return 0


def _unit_folder(given: str | None) -> Path:
    import os
    from pathlib import Path

    if given:
        return Path(given).expanduser()
    base = os.environ.get("XDG_CONFIG_HOME", "").strip() or os.path.expanduser("~/.config")
    return Path(base) / "systemd" / "user"


def _write_units(folder: Path, files: dict[str, str], *, force: bool) -> list[Path]:
    from followup_tui.storage.files import StoreError, atomic_write

    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise UserError(f"Cannot create {folder}: {error.strerror or error}.") from None
    for name, text in files.items():
        path = folder / name
        try:
            current = path.read_text(encoding="utf-8")
        except FileNotFoundError:
            continue
        except (OSError, UnicodeDecodeError) as error:
            raise UserError(f"Cannot read {path}: {error}.") from None
        if current != text and not force:
            raise UserError(
                f"{path} exists and differs from what would be written; "
                "add --force to replace it (nothing was written)."
            )
    written = []
    for name, text in files.items():
        path = folder / name
        try:
            atomic_write(path, text.encode("utf-8"), mode=0o644)
        except (OSError, StoreError) as error:
            raise UserError(f"Cannot write {path}: {error}.") from None
        written.append(path)
    return written
