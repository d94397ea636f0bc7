"""Promise 3: broken files are named with their problem, the rest loads, and the
broken file is never modified (bytes and mtime); unknown keys survive a save."""

from __future__ import annotations

import os
import tomllib

import pytest
import tomli_w

from followup_tui.storage.paths import Home
from followup_tui.storage.store import ConflictError, Store, dump_interview
from tests.conftest import NOW, make_interview

CASES = {
    "corrupt": (b'company = "Acme\ninterview_at = 2026-11-24T14:00:00\n', "line 1"),
    "wrong-type": (b'company = "Acme"\ninterview_at = 20261124\n', "interview_at"),
    "newer": (b'schema = 99\ncompany = "Acme"\ninterview_at = 2026-11-24T14:00:00\n', "newer"),
    "empty": (b"", "empty"),
    "binary": (bytes(range(256)) * 4, "UTF-8"),
}


@pytest.mark.parametrize("name", sorted(CASES))
def test_broken_file_named_and_never_touched(fast_home: Home, name: str) -> None:
    content, fragment = CASES[name]
    good = Store(fast_home).save(make_interview(), now=NOW)
    path = fast_home.interviews / f"{name}.toml"
    path.write_bytes(content)
    os.utime(path, ns=(1_000_000_000, 1_000_000_000))
    store = Store(fast_home)
    result = store.load_all()
    assert [i.id for i in result.interviews] == [good.id]
    [problem] = result.problems
    assert problem.path == path and fragment in problem.message
    if name == "corrupt":
        assert "column" in problem.message
    with pytest.raises(ConflictError):  # never overwritten, even when asked to
        store.save(make_interview(id=name))
    store.save(make_interview(company="Acme"), now=NOW)
    store.poll()
    Store(fast_home).load_all()
    assert path.read_bytes() == content
    assert path.stat().st_mtime_ns == 1_000_000_000


def test_directory_named_like_an_interview(fast_home: Home) -> None:
    (fast_home.interviews / "x.toml").mkdir()
    Store(fast_home).save(make_interview(), now=NOW)
    result = Store(fast_home).load_all()
    assert len(result.interviews) == 1
    [problem] = result.problems
    assert problem.path.name == "x.toml" and "directory" in problem.message.lower()


def test_unknown_keys_survive_nested(fast_home: Home) -> None:
    document = make_interview().to_dict()
    document["future"] = {"nested": {"deep": [1, 2, {"x": "y"}]}, "when": NOW}
    document["tags"] = [["a", "b"], []]
    document["interviewers"][0]["pronouns"] = "she/her"
    document["interviewers"][0]["links"] = {"site": "https://x.example"}
    document["attachments"] = [{"name": "cv.pdf", "meta": {"pages": 2}}]
    path = fast_home.interviews / "2026-11-24-acme.toml"
    path.write_text(tomli_w.dumps(document))
    store = Store(fast_home)
    interview = store.load("2026-11-24-acme")
    interview.notes = "edited"
    store.save(interview)
    saved = tomllib.loads(path.read_text())
    expected = tomllib.loads(tomli_w.dumps(document))
    expected["notes"] = "edited"
    assert saved == expected
    assert dump_interview(store.load("2026-11-24-acme")) == path.read_bytes()
