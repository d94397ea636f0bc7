"""The cache's SQL: the schedule's rules over the summary columns, and the row columns.

``GROUP_SQL`` and ``MOMENT_SQL`` are ``schedule.next_action`` and
``schedule.urgency_key`` on a row's summary (POSIX seconds): hypothesis checks
them against the schedule itself (tests/cli/test_cli_status.py).
"""

from __future__ import annotations

TYPE_CHECKING = False  # not typing.TYPE_CHECKING: importing typing costs milliseconds
if TYPE_CHECKING:
    import sqlite3

    from followup_tui.core.schedule import Timing

STATES = (
    "overdue",
    "due",
    "reminder due",
    "no reply",
    "upcoming",
    "scheduled",
    "waiting",
    "closed",
)
# (thank_you_ideal_hours, thank_you_deadline_hours, reminder_after_days, max_reminders,
# reply_wait_days)
TimingTuple = tuple[float, float, float, int, float]
DEFAULT_TIMING: TimingTuple = (24.0, 48.0, 7.0, 1, 7.0)
CONFIG = "config.toml"
SCHEDULE_SLACK_S = 15 * 60.0  # schedule.SCHEDULE_SLACK (a test keeps them equal)

# schedule.next_action on the summary columns: the state's index in STATES, and
# the moment that orders a state's interviews (the deadline, the reminder's date,
# the queued send's time, or minus the interview's date, most recent first, for
# closed ones). A thank-you skipped with nothing sent waits with no date (ordered
# like a closed one); after the last reminder the interview waits reply_wait_days,
# then "no reply".
GROUP_SQL = """CASE
    WHEN closed THEN 7
    WHEN scheduled_at IS NOT NULL AND :now < scheduled_at + :slack THEN 5
    WHEN :now < ends_at THEN 4
    WHEN owed THEN CASE WHEN :now <= ends_at + :deadline THEN 1 ELSE 0 END
    WHEN last_sent IS NULL THEN 6
    WHEN reminders >= :max_reminders THEN
        CASE WHEN :now < last_sent + :wait THEN 6 ELSE 3 END
    WHEN :now < last_sent + :reminder THEN 6
    ELSE 2 END"""
MOMENT_SQL = """CASE
    WHEN closed THEN -interview_at
    WHEN scheduled_at IS NOT NULL AND :now < scheduled_at + :slack THEN scheduled_at
    WHEN :now < ends_at OR owed THEN ends_at + :deadline
    WHEN last_sent IS NULL THEN -interview_at
    WHEN reminders >= :max_reminders THEN last_sent + :wait
    ELSE last_sent + :reminder END"""
ROW_SQL = (
    "name, mtime_ns, ctime_ns, size, ino, digest, company, position, interview_iso, "
    "replied_iso, ends_iso, closed_reason, owed, owed_to, everyone, last_sent_iso, reminders, "
    "search, scheduled_iso, review, next_send_iso, reminder_to"
)
INSERT = "INSERT OR REPLACE INTO files VALUES (" + ", ".join("?" * 30) + ")"
# At least the :last+1 most urgent rows: everything up to the :last-th (or tied with
# it within a second, for float rounding), so sorting them gives the true top.
HEAD_SQL = f"""
    WITH ranked AS (
        SELECT name AS key, {GROUP_SQL} AS grp, {MOMENT_SQL} AS moment
        FROM files WHERE problem IS NULL
    ),
    edge AS (SELECT grp, moment FROM ranked ORDER BY grp, moment LIMIT 1 OFFSET :last)
    SELECT {ROW_SQL} FROM files JOIN ranked ON files.name = ranked.key
    WHERE NOT EXISTS (SELECT 1 FROM edge)
       OR ranked.grp < (SELECT grp FROM edge)
       OR (ranked.grp = (SELECT grp FROM edge)
           AND ranked.moment <= (SELECT moment FROM edge) + 1.0)
"""


def timing_tuple(timing: Timing) -> TimingTuple:
    """A schedule.Timing as the five numbers the SQL needs."""
    return (
        float(timing.thank_you_ideal_hours),
        float(timing.thank_you_deadline_hours),
        float(timing.reminder_after_days),
        int(timing.max_reminders),
        float(timing.reply_wait_days),
    )


def parameters(now: float, timing: TimingTuple) -> dict[str, float]:
    """The named parameters of GROUP_SQL and MOMENT_SQL at ``now``."""
    _, deadline_hours, reminder_days, max_reminders, wait_days = timing
    return {
        "now": now,
        "deadline": deadline_hours * 3600,
        "reminder": reminder_days * 86400,
        "max_reminders": max_reminders,
        "slack": SCHEDULE_SLACK_S,
        "wait": wait_days * 86400,
    }


def timing_of(db: sqlite3.Connection) -> tuple[TimingTuple, str]:
    """config.toml's timing as last synced, and its problem ("" when it is sound)."""
    found = db.execute(
        "SELECT problem, ideal_hours, deadline_hours, reminder_days, max_reminders, "
        "reply_wait_days FROM config WHERE name = ?",
        (CONFIG,),
    ).fetchone()
    if found is None:
        return DEFAULT_TIMING, ""
    problem, *numbers = found
    return tuple(numbers), problem or ""


def tally(db: sqlite3.Connection, now: float, timing: TimingTuple) -> dict[str, int]:
    """How many readable files are in each state at ``now`` (states with none left out)."""
    found = db.execute(
        f"SELECT {GROUP_SQL} AS grp, count(*) FROM files WHERE problem IS NULL GROUP BY grp",
        parameters(now, timing),
    )
    return {STATES[group]: number for group, number in found}


def counts_and_review(
    db: sqlite3.Connection, now: float, timing: TimingTuple
) -> tuple[dict[str, int], int]:
    """``tally``, and how many interviews have a queued send that needs the user (one scan)."""
    counts, review = {}, 0
    for group, number, held in db.execute(
        f"SELECT {GROUP_SQL} AS grp, count(*), total(review) FROM files "
        "WHERE problem IS NULL GROUP BY grp",
        parameters(now, timing),
    ):
        counts[STATES[group]] = number
        review += int(held)
    return counts, review
