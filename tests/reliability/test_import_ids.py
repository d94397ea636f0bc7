"""Promise 6: `followup import` never loses or duplicates an interview.

Ids are reserved under the home's lock by an exclusive create (the name must
not exist), so rows that would share an id get distinct ids; the duplicate
check runs under the same lock, so concurrent imports of the same rows give
each interview once.
"""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest

from followup_tui.cli.main import main
from followup_tui.storage.paths import Home
from followup_tui.storage.store import Store, atomic_write
from tests.conftest import NOW, make_interview
from tests.reliability.helpers import spawn

IMPORTERS = 4
ROWS = 10


def _rows(count: int) -> list[dict[str, object]]:
    return [
        {
            "company": f"Company {n}",
            "position": "Engineer",
            "interview_at": f"2026-11-{10 + n:02d}T10:00:00+01:00",
            "notes": f"row {n}",
        }
        for n in range(count)
    ]


def test_rows_with_the_same_id_get_distinct_files(
    home: Home, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    rows = _rows(2)
    for row in rows:
        row["id"] = "2026-11-10-same"
    source = tmp_path / "in.json"
    source.write_text(json.dumps(rows))
    assert main(["--home", str(home.root), "import", str(source)]) == 0
    out = capsys.readouterr().out
    assert "2 created" in out
    loaded = Store(home).load_all().interviews
    assert sorted(i.notes for i in loaded) == ["row 0", "row 1"]
    assert sorted(i.id for i in loaded) == ["2026-11-10-same", "2026-11-10-same-2"]


def test_rows_whose_made_ids_collide_keep_both(home: Home, tmp_path: Path) -> None:
    """Same company, position and day, different hours: one id base, two interviews."""
    source = tmp_path / "in.csv"
    source.write_text(
        "company,position,interview_at\nAcme,Eng,2026-11-24 10:00\nAcme,Eng,2026-11-24 15:00\n"
    )
    assert main(["--home", str(home.root), "import", str(source)]) == 0
    assert len(Store(home).load_all().interviews) == 2


def test_an_id_taken_on_disk_is_not_overwritten(home: Home, tmp_path: Path) -> None:
    first = Store(home).save(make_interview(notes="mine"), now=NOW)
    source = tmp_path / "in.json"
    row = {**_rows(1)[0], "id": first.id}
    source.write_text(json.dumps([row]))
    assert main(["--home", str(home.root), "import", str(source)]) == 0
    loaded = {i.id: i.notes for i in Store(home).load_all().interviews}
    assert loaded[first.id] == "mine" and sorted(loaded.values()) == ["mine", "row 0"]


def test_exclusive_create_refuses_an_existing_name(tmp_path: Path) -> None:
    path = tmp_path / "x.toml"
    path.write_bytes(b"old")
    with pytest.raises(FileExistsError):
        atomic_write(path, b"new", exclusive=True)
    assert path.read_bytes() == b"old" and sorted(p.name for p in tmp_path.iterdir()) == ["x.toml"]
    (tmp_path / "dangling.toml").symlink_to(tmp_path / "elsewhere")
    with pytest.raises(FileExistsError):
        atomic_write(tmp_path / "dangling.toml", b"new", exclusive=True)
    assert not (tmp_path / "elsewhere").exists()
    atomic_write(tmp_path / "y.toml", b"new", exclusive=True)
    assert (tmp_path / "y.toml").read_bytes() == b"new"


@pytest.mark.parametrize("round_", range(3))
def test_concurrent_imports_of_the_same_rows(home: Home, tmp_path: Path, round_: int) -> None:
    source = tmp_path / "in.json"
    source.write_text(json.dumps(_rows(ROWS)))
    workers = [
        spawn(
            "followup_tui",
            "--home",
            str(home.root),
            "import",
            str(source),
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
        )
        for _ in range(IMPORTERS)
    ]
    outputs = [worker.communicate(timeout=300) for worker in workers]
    assert [worker.returncode for worker in workers] == [0] * IMPORTERS, outputs
    result = Store(home).load_all()
    assert result.problems == []
    assert sorted(i.notes for i in result.interviews) == sorted(f"row {n}" for n in range(ROWS))
    created = sum(int(out.decode().rsplit("\n", 2)[-2].split()[0]) for out, _ in outputs)
    assert created == ROWS, outputs
