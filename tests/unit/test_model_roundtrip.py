"""Property: any interview survives save and load with nothing lost."""

from __future__ import annotations

import string
from datetime import datetime, timedelta, timezone
from pathlib import Path
from tempfile import TemporaryDirectory

from hypothesis import given, settings
from hypothesis import strategies as st

from followup_tui.core.model import FOLLOWUP_KINDS, Followup, Interview, Interviewer, Response
from followup_tui.storage.paths import open_home
from followup_tui.storage.store import Store

text = st.text(st.characters(blacklist_categories=("Cs",)), max_size=40)
offsets = st.integers(min_value=-12 * 60, max_value=14 * 60).map(
    lambda minutes: timezone(timedelta(minutes=minutes))
)
moments = st.builds(
    lambda seconds, tz: datetime.fromtimestamp(seconds, tz),
    st.integers(min_value=946684800, max_value=2524608000),
    offsets,
)
keys = st.text(string.ascii_lowercase + "_", min_size=1, max_size=12).filter(
    lambda key: key not in Interview.KNOWN
)
extra_values = st.one_of(
    st.integers(-(2**60), 2**60), text, st.booleans(), st.lists(text, max_size=3)
)

interviewers = st.builds(
    Interviewer,
    name=text.filter(lambda s: s.strip() != ""),
    email=text,
    title=text,
    extra=st.dictionaries(
        keys.filter(lambda k: k not in Interviewer.KNOWN), extra_values, max_size=2
    ),
    greet=text,
    topics=st.lists(text, max_size=3),
)


@st.composite
def followups(draw: st.DrawFn) -> Followup:
    state = draw(st.sampled_from(["draft", "sent"]))
    return Followup(
        kind=draw(st.sampled_from(FOLLOWUP_KINDS)),
        to=draw(text),
        subject=draw(text),
        body=draw(st.text(max_size=300)),
        state=state,
        interviewer=draw(text),
        sent_at=draw(moments) if state == "sent" else None,
        created_at=draw(st.none() | moments),
        ticked=draw(st.lists(text, max_size=3)),
        message_id=draw(text),
        found_in=draw(text),
    )


interviews = st.builds(
    Interview,
    company=text.filter(lambda s: s.strip() != ""),
    position=text,
    interview_at=moments,
    duration_minutes=st.integers(0, 600),
    format=text,
    location=text,
    topics=st.lists(text, max_size=4),
    initiative=text,
    notes=st.text(max_size=500),
    outcome=st.sampled_from(["", "offer", "rejected"]),
    interviewers=st.lists(interviewers, max_size=3),
    followups=st.lists(followups(), max_size=3),
    response=st.none()
    | st.builds(
        Response,
        received_at=moments,
        note=text,
        sender=text,
        subject=text,
        message_id=text,
        matched=st.sampled_from(["", "thread", "sender"]),
    ),
    extra=st.dictionaries(keys, extra_values, max_size=3),
)


@settings(max_examples=100, deadline=None)
@given(interviews)
def test_any_interview_round_trips(interview: Interview) -> None:
    with TemporaryDirectory() as folder:
        store = Store(open_home(Path(folder)))
        saved = store.save(interview)
        loaded = Store(store.home).load(saved.id)
        assert loaded == saved
