"""Promise 12 (hand edits): comments and layout written by hand survive a save.

A file with comments is saved through tomlkit, changing only the values that
changed; the result must mean exactly what the plain writer would write (it
is checked with tomllib, else the plain writer is used). Files without
comments keep the fast writer.
"""

from __future__ import annotations

import tomllib

from followup_tui.core import actions
from followup_tui.storage.paths import Home
from followup_tui.storage.store import Store, dump_interview
from tests.conftest import NOW

HAND = """\
# Acme: second round, the team lead was late
schema = 1
company = "Acme"   # the recruiter said "Acme Corp" in mail
position = "Backend Engineer"
interview_at = 2026-11-24T14:00:00+01:00
duration_minutes = 60
format = "video"
topics = ["billing", "on-call"]  # what we talked about
notes = \"\"\"
Ask about the on-call rotation.
\"\"\"

# the panel
[[interviewers]]
name = "Dana Reyes"   # engineering manager
email = "dana@acme.example"
"""


def test_comments_survive_a_save(home: Home) -> None:
    path = home.interviews / "2026-11-24-acme.toml"
    path.write_text(HAND)
    store = Store(home)
    interview = store.load("2026-11-24-acme")
    actions.mark_sent(interview, NOW)
    interview.notes = "Ask about the on-call rotation.\nAnd the budget.\n"
    store.save(interview, now=NOW)
    text = path.read_text()
    for comment in (
        "# Acme: second round, the team lead was late",
        '# the recruiter said "Acme Corp" in mail',
        "# what we talked about",
        "# the panel",
        "# engineering manager",
    ):
        assert comment in text, text
    assert tomllib.loads(text) == tomllib.loads(dump_interview(interview).decode())
    again = Store(home).load("2026-11-24-acme")
    assert again.sent_followups and again.notes.endswith("And the budget.\n")


def test_files_without_comments_keep_the_plain_writer(home: Home) -> None:
    path = home.interviews / "2026-11-24-acme.toml"
    path.write_text(HAND)
    path.write_bytes(dump_interview(Store(home).load("2026-11-24-acme")))
    store = Store(home)
    interview = store.load("2026-11-24-acme")
    interview.notes = "changed"
    store.save(interview, now=NOW)
    assert path.read_bytes() == dump_interview(interview)
