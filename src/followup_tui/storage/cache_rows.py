"""The list's row of an interview as the cache's columns, and back.

Datetimes are kept as ISO text (exact, offsets included) beside POSIX seconds
for SQL; interviewer names as one text with a separator. Imports the model
only when rows are built: ``followup status`` needs none of this.
"""

from __future__ import annotations

from followup_tui.storage import files

TYPE_CHECKING = False  # not typing.TYPE_CHECKING: importing typing costs milliseconds
if TYPE_CHECKING:
    from datetime import datetime

    from followup_tui.core.rows import Row

SUFFIX = ".toml"
Signature = files.Signature
NO_ROW = (None,) * 21  # the columns of a file that cannot be read


_LIST = "\x1e"  # starts a JSON list of names (only when a name holds a separator)
_SEP = "\x1f"


def _names(names: tuple[str, ...]) -> str:
    if all(name and _SEP not in name and _LIST not in name for name in names):
        return _SEP.join(names)
    import json

    return _LIST + json.dumps(list(names))


def _unnames(text: str) -> tuple[str, ...]:
    if not text:
        return ()
    if text[0] == _LIST:
        import json

        return tuple(json.loads(text[1:]))
    return tuple(text.split(_SEP))


def _iso(moment: datetime | None) -> str | None:
    return None if moment is None else moment.isoformat()


def row_columns(row: Row) -> tuple[object, ...]:
    """The summary and list columns of ``row`` (in the table's order)."""
    facts = row.facts
    last = facts.last_sent
    return (
        1 if facts.closed else 0,
        facts.ends_at.timestamp(),
        1 if facts.owes_thank_you else 0,
        None if last is None else last.timestamp(),
        facts.reminders,
        row.interview_at.timestamp(),
        row.company,
        row.position,
        row.interview_at.isoformat(),
        _iso(row.replied_at),
        facts.ends_at.isoformat(),
        facts.closed,
        _names(facts.owed_to),
        _names(facts.everyone),
        _iso(last),
        row.search,
        None if facts.scheduled_at is None else facts.scheduled_at.timestamp(),
        1 if facts.review else 0,
        _iso(facts.scheduled_at),
        _iso(facts.next_send),
        _names(facts.reminder_to),
    )


class Rows:
    """Builds Row objects from ``ROW_SQL`` results (imports the model only when used)."""

    def __init__(self) -> None:
        from datetime import datetime

        from followup_tui.core.rows import Row
        from followup_tui.core.schedule import Facts

        self._when = datetime.fromisoformat
        self._row, self._facts = Row, Facts
        self._zones: dict[object, object] = {}  # one tzinfo object per offset, not one per date

    def moment(self, text: str | None) -> datetime | None:
        if text is None:
            return None
        value = self._when(text)
        zone = value.tzinfo
        if zone is not None:
            kept = self._zones.setdefault(zone, zone)
            if kept is not zone:
                value = value.replace(tzinfo=kept)  # type: ignore[arg-type]
        return value

    def build(self, record: tuple[object, ...]) -> tuple[str, Signature, Row]:
        (name, mtime, ctime, size, ino, digest, company, position, at, replied, ends) = record[:11]
        closed, owed, owed_to, everyone, last_sent, reminders, search = record[11:18]
        scheduled, review, next_send, reminder_to = record[18:]
        moment = self.moment
        facts = self._facts(
            moment(ends),  # type: ignore[arg-type]
            closed,  # type: ignore[arg-type]
            bool(owed),
            _unnames(owed_to),  # type: ignore[arg-type]
            _unnames(everyone),  # type: ignore[arg-type]
            moment(last_sent),  # type: ignore[arg-type]
            reminders,  # type: ignore[arg-type]
            moment(scheduled),  # type: ignore[arg-type]
            bool(review),
            moment(next_send),  # type: ignore[arg-type]
            _unnames(reminder_to),  # type: ignore[arg-type]
        )
        interview_id = name[: -len(SUFFIX)]  # type: ignore[index]
        row = self._row(
            interview_id,
            company,  # type: ignore[arg-type]
            position,  # type: ignore[arg-type]
            moment(at),  # type: ignore[arg-type]
            moment(replied),  # type: ignore[arg-type]
            facts,
            search,  # type: ignore[arg-type]
            digest,  # type: ignore[arg-type]
        )
        return interview_id, (mtime, ctime, size, ino), row  # type: ignore[return-value]


def parse_columns(data: bytes, interview_id: str, digest: str) -> tuple[object, ...]:
    """(problem, *row columns) for a file's bytes: the problem is None when it parses."""
    from followup_tui.core.rows import Row
    from followup_tui.storage import toml_format

    try:
        interview = toml_format.parse_interview(data, interview_id)
        interview.loaded_digest = digest
        return (None, *row_columns(Row.of(interview)))
    except files.StoreError as error:
        return (str(error), *NO_ROW)
    except (ValueError, OverflowError) as error:  # a date the schedule cannot work with
        return (f"a date or duration is out of range ({error})", *NO_ROW)
