"""Build a realistic, deterministic followup-tui home of N interviews for benchmarks.

The same ``--count``, ``--seed`` and ``--now`` always give byte-identical files.
Interviews are spread over every state relative to ``--now`` (overdue, due,
reminder due, upcoming, waiting, closed), with 1-3 interviewers, topics, and
drafts of 150-300 words. Files are rendered by ``store.dump_interview`` (so they
are exactly what ``Store.save`` writes) and written with plain file writes
(mode 0600, no fsync, no lock): fast enough for 10,000 interviews.

Usage::

    python benchmarks/make_home.py --count 1000 --seed 1 \\
        --now 2026-11-26T09:00:00+01:00 /tmp/home-1000

The output folder must not hold interviews already (use ``--force`` to wipe
its ``interviews/`` first).
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import sys
from datetime import datetime, timedelta
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "src"))

from followup_tui.core.clock import parse_pinned  # noqa: E402
from followup_tui.core.model import Followup, Interview, Interviewer, Response, make_id  # noqa: E402
from followup_tui.storage.config import DEFAULT_CONFIG  # noqa: E402
from followup_tui.storage.paths import FILE_MODE, Home, open_home  # noqa: E402
from followup_tui.storage.store import SUFFIX, dump_interview  # noqa: E402

# Share of each state; closed dominates a long job search, as in real life.
STATE_WEIGHTS: tuple[tuple[str, int], ...] = (
    ("overdue", 8),
    ("due", 6),
    ("reminder_due", 6),
    ("upcoming", 5),
    ("waiting", 20),
    ("closed", 55),
    ("scheduled", 2),
)

_PREFIXES = (
    "Acme Arcadia Bluefin Borealis Cobalt Corvid Crimson Delta Ember Evergreen Falcon Fjord "
    "Gannet Granite Harbor Helix Indigo Iris Juniper Kestrel Lattice Lumen Maple Meridian "
    "Nimbus Northwind Obsidian Orchid Pelican Quartz Quill Redwood Saffron Sable Tandem "
    "Tidal Umber Vantage Vertex Willow Xenon Yarrow Zephyr Aurora Basalt Cinder Dune"
).split()
_SUFFIXES = (
    "Labs Systems Health Robotics Analytics Bank Logistics Energy Games Media Security "
    "Software Cloud Insurance Foods Mobility Bio Networks Retail Studios Works Capital"
).split()
POSITIONS = (
    "Backend Engineer",
    "Senior Python Developer",
    "Site Reliability Engineer",
    "Data Engineer",
    "Platform Engineer",
    "Staff Software Engineer",
    "Engineering Manager",
    "Frontend Developer",
    "Machine Learning Engineer",
    "Security Engineer",
    "DevOps Engineer",
    "Product Engineer",
)
FIRST = (
    "Dana Priya Tom Alice Bill Gavin Pepper Lucius Maria Chen Olu Sofia Lars Aiko Rahul "
    "Fatima Diego Hannah Ivan Julia Kwame Lena Marco Nadia Omar Paula Quentin Rosa Sven Yuki"
).split()
LAST = (
    "Reyes Natarajan Becker Wong Lumbergh Belson Potts Fox Garcia Wei Adeyemi Rossi Nilsson "
    "Tanaka Gupta Haddad Alvarez Schmidt Petrov Novak Mensah Fischer Bianchi Karimi Farouk "
    "Moreau Dubois Silva Larsen Sato"
).split()
TITLES = (
    "Engineering Manager",
    "Staff Engineer",
    "CTO",
    "Tech Lead",
    "Recruiter",
    "Director of Engineering",
    "Principal Engineer",
    "Product Manager",
)
TOPICS = (
    "moving billing to event sourcing",
    "the on-call rotation",
    "their Kubernetes migration",
    "SLO-based alerting",
    "the nightly ETL that keeps failing",
    "developer experience",
    "async Python at scale",
    "their code review culture",
    "threat modelling",
    "the new search API",
    "cutting cloud costs",
    "the monolith split",
    "observability with OpenTelemetry",
    "mentoring junior engineers",
    "the data retention policy",
    "feature flags and gradual rollouts",
)
INITIATIVES = (
    "the billing platform rewrite",
    "the move to streaming ingestion",
    "cutting pager noise by half",
    "the new mobile app",
    "the self-serve analytics portal",
    "",
)
FORMATS = ("video", "phone", "onsite")
OUTCOMES = ("offer", "rejected", "withdrawn", "no_reply")
_WORDS = (
    "thank you again for taking the time to meet with me about the role I enjoyed our "
    "conversation about how the team works and the problems you are solving next quarter "
    "it was great to hear more about your approach to shipping small changes often and I "
    "came away even more excited about the opportunity to contribute my experience with "
    "distributed systems reliable data pipelines and mentoring would help the team move "
    "faster while keeping quality high please let me know if there is anything else I can "
    "share such as references or examples of past work I look forward to hearing from you "
    "about the next steps in the process"
).split()


def company_name(rng: random.Random) -> str:
    """A plausible company name (about a thousand distinct ones)."""
    return f"{rng.choice(_PREFIXES)} {rng.choice(_SUFFIXES)}"


def draft_body(rng: random.Random, first_name: str, topic: str) -> str:
    """A draft email of 150-300 words, in paragraphs."""
    count = rng.randint(150, 300)
    words = rng.choices(_WORDS, k=count - 2)
    words[:0] = f"mentioned {topic}".split()
    paragraphs, start = [], 0
    while start < len(words):
        size = rng.randint(35, 70)
        chunk = words[start : start + size]
        paragraphs.append(" ".join(chunk).capitalize() + ".")
        start += size
    body = "\n\n".join(paragraphs)
    return f"Dear {first_name},\n\n{body}\n\nWarm regards,\nSam Lee"


def _interviewers(rng: random.Random, company: str) -> list[Interviewer]:
    domain = company.lower().replace(" ", "") + ".example"
    people: list[Interviewer] = []
    for _ in range(rng.choice((1, 1, 2, 2, 3))):
        first, last = rng.choice(FIRST), rng.choice(LAST)
        if any(p.name == f"{first} {last}" for p in people):
            continue
        email = f"{first.lower()}.{last.lower()}@{domain}"
        people.append(Interviewer(f"{first} {last}", email, rng.choice(TITLES)))
    return people


def _sent(person: Interviewer, kind: str, subject: str, when: datetime, n: int) -> Followup:
    return Followup(
        kind=kind,
        to=person.email,
        interviewer=person.name,
        subject=subject,
        body=f"(sent) Dear {person.first_name}, thank you for the conversation.",
        state="sent",
        created_at=when,
        sent_at=when,
        message_id=f"<bench-{n}-{int(when.timestamp())}@example.com>",
    )


def make_interview(rng: random.Random, now: datetime, state: str, n: int) -> Interview:
    """One interview whose next action at ``now`` is ``state`` (default timing)."""
    company = company_name(rng)
    position = rng.choice(POSITIONS)
    hour = rng.choice((9, 10, 11, 13, 14, 15, 16))
    duration = rng.choice((30, 45, 60, 60, 90))
    if state == "overdue":
        days = -rng.uniform(2.6, 6)
    elif state in ("due", "scheduled"):
        days = -rng.uniform(0.3, 1.6)
    elif state == "upcoming":
        days = rng.uniform(0.5, 20)
    elif state == "reminder_due":
        days = -rng.uniform(9, 20)
    elif state == "waiting":
        days = -rng.uniform(1.5, 6)
    else:
        days = -rng.uniform(5, 3 * 365)
    start = (now + timedelta(days=days)).replace(hour=hour, minute=0, second=0, microsecond=0)
    if state in ("due", "scheduled") and start + timedelta(minutes=duration) > now:
        start = now - timedelta(hours=rng.uniform(2, 30))
        start = start.replace(minute=0, second=0, microsecond=0)
    if state == "upcoming" and start <= now:
        start += timedelta(days=1)
    ends = start + timedelta(minutes=duration)
    people = _interviewers(rng, company)
    topics = rng.sample(TOPICS, rng.randint(1, 3))
    subject = f"Thank You - Sam Lee Interview for {position}"
    interview = Interview(
        company=company,
        position=position,
        interview_at=start,
        duration_minutes=duration,
        format=rng.choice(FORMATS),
        topics=topics,
        initiative=rng.choice(INITIATIVES),
        notes=f"Met {', '.join(p.name for p in people)}; ask about {topics[0]}.",
        interviewers=people,
        created_at=min(start - timedelta(days=3), now),
        updated_at=min(ends + timedelta(hours=1), now),
    )
    sent_at = ends + timedelta(hours=rng.uniform(3, 20))
    if state in ("reminder_due", "waiting") or (state == "closed" and rng.random() < 0.7):
        if state == "waiting":
            sent_at = min(sent_at, now - timedelta(hours=1))
        interview.followups = [_sent(p, "thank_you", subject, sent_at, n) for p in people]
    if state == "closed":
        roll = rng.random()
        if roll < 0.4 or not interview.followups:
            interview.outcome = rng.choice(OUTCOMES)
        elif roll < 0.7:
            interview.response = Response(sent_at + timedelta(days=rng.uniform(1, 6)), "Replied.")
        else:
            reminder = sent_at + timedelta(days=7, hours=2)
            interview.followups.append(_sent(people[0], "reminder", f"Re: {subject}", reminder, n))
    if state in ("overdue", "due", "reminder_due", "scheduled") or rng.random() < 0.15:
        person = rng.choice(people)
        kind = "reminder" if state == "reminder_due" else "thank_you"
        interview.followups.append(
            Followup(
                kind=kind,
                to=person.email,
                interviewer=person.name,
                subject=subject if kind == "thank_you" else f"Re: {subject}",
                body=draft_body(rng, person.first_name, rng.choice(topics)),
                created_at=interview.updated_at,
                updated_at=interview.updated_at,
            )
        )
        if state == "scheduled" and len(people) == 1:
            draft = interview.followups[-1]
            draft.state, draft.send_at = "scheduled", now + timedelta(hours=rng.uniform(1, 12))
        elif state == "scheduled":  # a panel: one queued thank-you each
            interview.followups = [
                Followup(
                    kind="thank_you",
                    to=person.email,
                    interviewer=person.name,
                    subject=subject,
                    body=draft_body(rng, person.first_name, rng.choice(topics)),
                    created_at=interview.updated_at,
                    updated_at=interview.updated_at,
                    state="scheduled",
                    send_at=now + timedelta(hours=2),
                )
                for person in people
            ]
    return interview


def make_interviews(count: int, seed: int, now: datetime) -> list[Interview]:
    """``count`` interviews with unique ids, deterministic from ``seed`` and ``now``."""
    rng = random.Random(seed)
    states = [name for name, _ in STATE_WEIGHTS]
    weights = [weight for _, weight in STATE_WEIGHTS]
    # Every state at least once (first seven), then the weighted mix.
    plan = states[: min(count, len(states))]
    plan += rng.choices(states, weights, k=max(0, count - len(plan)))
    interviews: list[Interview] = []
    taken: set[str] = set()
    for n, state in enumerate(plan):
        interview = make_interview(rng, now, state, n)
        base = make_id(interview.company, interview.position, interview.interview_at)
        candidate, number = base, 2
        while candidate in taken:
            candidate, number = f"{base}-{number}", number + 1
        interview.id = candidate
        taken.add(candidate)
        interviews.append(interview)
    return interviews


def write_home(root: Path, interviews: list[Interview], *, force: bool = False) -> Home:
    """Write the interviews (and a default config with a profile) into ``root``."""
    home = open_home(root)
    existing = [n for n in os.listdir(home.interviews) if n.endswith(SUFFIX)]
    if existing:
        if not force:
            raise SystemExit(f"{home.interviews} already holds interviews; use --force")
        shutil.rmtree(home.interviews)
        home = open_home(root)
    shutil.rmtree(home.cache, ignore_errors=True)
    home = open_home(root)
    config = DEFAULT_CONFIG.replace('name = ""  ', 'name = "Sam Lee"', 1).replace(
        'email = ""  ', 'email = "sam.lee@example.com"', 1
    )
    _write(home.config_file, config.encode("utf-8"))
    for interview in interviews:
        _write(home.interviews / f"{interview.id}{SUFFIX}", dump_interview(interview))
    return home


def _write(path: Path, data: bytes) -> None:
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, FILE_MODE)
    try:
        os.write(fd, data)
    finally:
        os.close(fd)


def main(argv: list[str] | None = None) -> int:
    """Command line entry point."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--count", type=int, default=1000, help="interviews (default 1000)")
    parser.add_argument("--seed", type=int, default=1, help="random seed (default 1)")
    parser.add_argument(
        "--now",
        default="2026-11-26T09:00:00+01:00",
        help="the moment states are relative to (pin FOLLOWUP_TUI_NOW to the same)",
    )
    parser.add_argument("--force", action="store_true", help="replace existing interviews")
    parser.add_argument("out", type=Path, help="home folder to create")
    args = parser.parse_args(argv)
    now = parse_pinned(args.now)
    interviews = make_interviews(args.count, args.seed, now)
    write_home(args.out, interviews, force=args.force)
    print(f"wrote {len(interviews)} interviews to {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
