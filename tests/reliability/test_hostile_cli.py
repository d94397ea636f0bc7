"""Promise 4 in the CLI: hostile interview text never puts a control character on stdout."""

from __future__ import annotations

import pytest

from followup_tui.cli.main import main
from followup_tui.storage.paths import Home
from followup_tui.storage.store import Store
from tests.reliability.hostile import hostile_interview, leaks


@pytest.mark.parametrize(
    "argv",
    [["list"], ["show", "{id}"], ["status"], ["draft", "{id}"]],
    ids=["list", "show", "status", "draft"],
)
def test_cli_output_has_no_control_characters(
    home: Home, capsys: pytest.CaptureFixture[str], argv: list[str]
) -> None:
    home.config_file.write_text('[profile]\nname = "Sam Lee"\n')
    interview = Store(home).save(hostile_interview())
    args = [part.format(id=interview.id) for part in argv]
    code = main(["--home", str(home.root), *args])
    out, err = capsys.readouterr()
    assert leaks(out) == [] and leaks(err) == [], (code, out[:300], err[:300])
    if argv[0] != "status":  # status prints counts only
        assert "Evil" in out + err, (code, out[:300], err[:300])
