"""``followup list`` and ``followup show ID``: the interviews, for humans and scripts."""

from __future__ import annotations

import sys

from followup_tui.cli.common import UserError

TYPE_CHECKING = False
if TYPE_CHECKING:
    import argparse
    from datetime import datetime
    from typing import Any

    from followup_tui.cli.common import Context
    from followup_tui.core.model import Interview
    from followup_tui.core.rows import Row
    from followup_tui.core.schedule import NextAction

STATE_NAMES = (
    "overdue",
    "due",
    "reminder-due",
    "no-reply",
    "upcoming",
    "scheduled",
    "waiting",
    "closed",
)


def add_parser(
    subparsers: argparse._SubParsersAction[argparse.ArgumentParser], parent: argparse.ArgumentParser
) -> None:
    """Register ``followup list`` and ``followup show``."""
    parser = subparsers.add_parser(
        "list",
        parents=[parent],
        help="the interviews, most urgent first",
        description="List the interviews, most urgent first, with their next action. "
        "Filters combine; --json prints one object per interview for scripts.",
    )
    parser.add_argument("--overdue", action="store_true", help="only overdue thank-yous")
    parser.add_argument("--due", action="store_true", help="only thank-yous due now")
    parser.add_argument(
        "--state",
        action="append",
        choices=STATE_NAMES,
        metavar="STATE",
        help=f"only this state (repeatable): {', '.join(STATE_NAMES)}",
    )
    parser.add_argument("--company", metavar="TEXT", help="only companies containing TEXT")
    parser.add_argument("--json", action="store_true", help="a JSON array for scripts")
    parser.add_argument(
        "--format",
        metavar="TEMPLATE",
        help="one line per interview from TEMPLATE, with {id} {state} {deadline} {company} "
        "{position} {interview_at} {summary} {owed_to}, e.g. '{id}\\t{state}' "
        "(on a pipe without it: every field, tab-separated)",
    )
    parser.set_defaults(func=run_list)

    show = subparsers.add_parser(
        "show",
        parents=[parent],
        help="everything about one interview",
        description="Show one interview: details, interviewers, follow-ups and what is next. "
        "ID may be any unique beginning of the id shown by `followup list`.",
    )
    show.add_argument("id", metavar="ID", help="interview id (or a unique beginning of it)")
    show.add_argument("--json", action="store_true", help="every field as a JSON object")
    show.set_defaults(func=run_show)


def report_problems(problems: list[Any]) -> None:
    """One stderr line per broken file, so scripts still get clean stdout."""
    from followup_tui.cli.output import clean

    for problem in problems:
        sys.stderr.write(f"followup: skipped {clean(str(problem))}\n")


def resolve_id(context: Context, given: str) -> str:
    """An exact id, or the one id that starts with ``given``; else a UserError."""
    ids = context.store.ids_on_disk()
    if given in ids:
        return given
    matches = [item for item in ids if item.startswith(given)] if given else []
    if len(matches) == 1:
        return matches[0]
    if matches:
        shown = ", ".join(matches[:3]) + (", ..." if len(matches) > 3 else "")
        raise UserError(f"{given!r} matches {len(matches)} interviews ({shown}); give more of it.")
    raise UserError(f"No interview {given!r} in {context.home.interviews}; see `followup list`.")


def load_one(context: Context, given: str) -> Interview:
    """Load an interview by (prefix of) id, turning store errors into one line."""
    from followup_tui.storage.store import StoreError

    interview_id = resolve_id(context, given)
    try:
        return context.store.load(interview_id)
    except StoreError as error:
        path = context.home.interviews / f"{interview_id}.toml"
        raise UserError(f"{path} cannot be read: {error}") from None


def iso(moment: datetime | None) -> str | None:
    return moment.isoformat() if moment is not None else None


def action_record(action: NextAction) -> dict[str, Any]:
    return {
        "state": action.state.value,
        "summary": action.summary,
        "deadline": iso(action.deadline),
        "ideal_by": iso(action.ideal_by),
        "kind": action.kind,
        "owed_to": list(action.owed_to),
    }


def _selected(args: argparse.Namespace, interview: Row, action: NextAction) -> bool:
    wanted = set(args.state or [])
    if args.overdue:
        wanted.add("overdue")
    if args.due:
        wanted.add("due")
    if wanted and action.state.value.replace(" ", "-") not in wanted:
        return False
    return not args.company or args.company.casefold() in interview.company.casefold()


def short_time(moment: datetime | None, *, weekday: bool = False) -> str:
    """Local time, e.g. "Nov 26 09:00" (with "Thu " in front when asked)."""
    if moment is None:
        return "—"
    return moment.astimezone().strftime("%a %b %d %H:%M" if weekday else "%b %d %H:%M")


def table(pairs: list[tuple[Row, NextAction]], columns: int) -> list[str]:
    """Rows that fit ``columns`` cells; the id column is never cut when it fits at all."""
    from followup_tui.cli.output import clean, fit

    state_w, when_w = 12, 12
    id_w = max([2] + [len(item.id) for item, _ in pairs])
    rest = columns - state_w - when_w - 3 * 2 - 1
    id_w = min(id_w, max(8, rest - 16))
    company_w = max(6, rest - id_w)
    lines = [
        f"{fit('STATE', state_w)}  {fit('NEXT BY', when_w)}  "
        f"{fit('COMPANY · POSITION', company_w)}  {fit('ID', id_w)}".rstrip()
    ]
    for interview, action in pairs:
        title = clean(f"{interview.company} · {interview.position}".strip(" ·"))
        line = (
            f"{fit(action.state.value, state_w)}  {fit(short_time(action.deadline), when_w)}  "
            f"{fit(title, company_w)}  {fit(interview.id, id_w)}"
        )
        lines.append(line.rstrip())
    return lines


FIELDS = ("state", "deadline", "company", "position", "id", "interview_at", "summary", "owed_to")


def cells(interview: Row, action: NextAction) -> dict[str, str]:
    """Every field of a list line, whole, as one line of clean text each."""
    from followup_tui.cli.output import clean

    values = {
        "state": action.state.value.replace(" ", "-"),
        "deadline": iso(action.deadline) or "",
        "company": interview.company,
        "position": interview.position,
        "id": interview.id,
        "interview_at": interview.interview_at.isoformat(),
        "summary": action.summary,
        "owed_to": ", ".join(action.owed_to),
    }
    # A tab or newline inside a value would shift the columns a script reads.
    return {key: clean(value).replace("\t", " ") for key, value in values.items()}


def formatted(pairs: list[tuple[Row, NextAction]], template: str | None) -> list[str]:
    """Lines for a pipe: TEMPLATE filled in, or every field tab-separated."""
    if template is None:
        return ["\t".join(cells(*pair)[key] for key in FIELDS) for pair in pairs]
    template = template.replace("\\t", "\t").replace("\\n", "\n")
    lines = []
    for pair in pairs:
        try:
            lines.append(template.format_map(cells(*pair)))
        except (KeyError, IndexError, ValueError, AttributeError) as error:
            names = " ".join(f"{{{key}}}" for key in FIELDS)
            raise UserError(
                f"--format {template!r} cannot be filled in ({error}); use {names}."
            ) from None
    return lines


def run_list(args: argparse.Namespace) -> int:
    """Print the interviews, filtered, most urgent first."""
    import shutil

    from followup_tui.cli.common import open_context
    from followup_tui.core.rows import rank

    context = open_context(args)
    result = context.store.load_rows()  # the list's rows, from the cache
    report_problems(result.problems)
    pairs = rank(result.rows, context.now, context.config.timing)
    pairs = [pair for pair in pairs if _selected(args, *pair)]
    if args.json:
        from followup_tui.cli.output import json_dumps

        items = [
            {
                "id": item.id,
                "company": item.company,
                "position": item.position,
                "interview_at": item.interview_at.isoformat(),
                "interviewers": list(item.facts.everyone),
                **action_record(action),
            }
            for item, action in pairs
        ]
        sys.stdout.write(json_dumps(items, indent=2) + "\n")
        return 0
    if args.format is not None or not sys.stdout.isatty():
        # For scripts: whole ids and cells, never cut to a terminal's width.
        lines = formatted(pairs, args.format)
        sys.stdout.write("".join(line + "\n" for line in lines))
        return 0
    if not pairs:
        sys.stdout.write("No interviews match.\n" if result.rows else "No interviews yet.\n")
        return 0
    columns = shutil.get_terminal_size((80, 24)).columns
    sys.stdout.write("\n".join(table(pairs, max(columns, 50))) + "\n")
    return 0


def run_show(args: argparse.Namespace) -> int:
    """Print one interview in full."""
    from followup_tui.cli.common import open_context
    from followup_tui.cli.output import clean
    from followup_tui.core.schedule import next_action

    context = open_context(args)
    interview = load_one(context, args.id)
    action = next_action(interview, context.now, context.config.timing)
    if args.json:
        from followup_tui.cli.output import json_dumps
        from followup_tui.storage.interchange import to_record

        document = {**to_record(interview), "next_action": action_record(action)}
        sys.stdout.write(json_dumps(document, indent=2) + "\n")
        return 0
    out = [
        clean(interview.title),
        f"  id          {interview.id}",
        f"  when        {short_time(interview.interview_at, weekday=True)} "
        f"({interview.duration_minutes} min, {clean(interview.format)})",
    ]
    if interview.location:
        out.append(f"  location    {clean(interview.location)}")
    out.append(f"  state       {action.state.value}: {clean(action.summary)}")
    if action.deadline is not None:
        out.append(f"  next by     {short_time(action.deadline)}")
    if interview.outcome:
        out.append(f"  outcome     {interview.outcome}")
    if interview.topics:
        out.append(f"  topics      {clean('; '.join(interview.topics))}")
    if interview.initiative:
        out.append(f"  initiative  {clean(interview.initiative)}")
    for person in interview.interviewers:
        details = ", ".join(part for part in (person.email, person.title) if part)
        suffix = f" ({clean(details)})" if details else ""
        out.append(f"  interviewer {clean(person.name)}{suffix}")
    for item in interview.followups:
        if item.is_sent:
            when = short_time(item.sent_at)
        elif item.send_at is not None:
            when = f"{item.state}, goes out {short_time(item.send_at)}"
        else:
            when = "draft"
        who = item.interviewer or item.to or "everyone"
        out.append(f"  follow-up   {item.kind} to {clean(who)}: {when}")
        if item.notice and not item.is_sent:
            out.append(f"              {clean(item.notice)}")
    if interview.response is not None:
        found = interview.response
        note = f": {clean(found.note)}" if found.note else ""
        how = f" ({clean(found.matched)} match)" if found.matched else ""
        sender = f" from {clean(found.sender)}{how}" if found.sender else ""
        out.append(f"  reply       {short_time(found.received_at)}{sender}{note}")
    if interview.notes.strip():
        out.append("  notes")
        notes = clean(interview.notes, keep_newlines=True)
        out.extend(f"    {line}" for line in notes.splitlines())
    sys.stdout.write("\n".join(out) + "\n")
    return 0
