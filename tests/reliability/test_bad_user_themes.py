"""Promise 8: any bad user theme is skipped with a notice, never fatal, whatever its name.

A user theme named like a shipped theme (or like one of Textual's) replaces
it only when it is good; a bad one is reported and the original stays, so the
app starts on its default theme even when the bad file is named for it.
"""

from __future__ import annotations

import pytest
from textual.theme import BUILTIN_THEMES

from followup_tui.storage.config import DEFAULT_THEME, Config
from followup_tui.storage.paths import Home
from followup_tui.tui.app import FollowupApp
from followup_tui.tui.themes import load_home_themes

BAD = {
    "bad-colour": 'name = "{name}"\nprimary = "not-a-colour"\n',
    "bad-variable": 'name = "{name}"\nprimary = "#123456"\n[variables]\noverdue = "nope"\n',
    "bad-number": 'name = "{name}"\nprimary = "#123456"\ntext_alpha = 7\n',
    "bad-toml": 'name = "{name}"\nprimary = \n',
}
NAMES = [DEFAULT_THEME, "followup-light", "nord", "textual-dark", "mine"]


@pytest.mark.parametrize("name", NAMES)
@pytest.mark.parametrize("kind", sorted(BAD))
async def test_bad_user_theme_is_skipped_with_a_notice(home: Home, name: str, kind: str) -> None:
    home.themes.mkdir(exist_ok=True)
    (home.themes / f"{name}.toml").write_text(BAD[kind].format(name=name))
    loaded, problems = load_home_themes(home)
    assert len(problems) == 1 and f"{name}.toml" in str(problems[0])
    if name.startswith("followup-"):  # the shipped one of that name is still offered
        assert name in [theme.name for theme in loaded]
    app = FollowupApp(home, Config(theme=name))
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await pilot.pause()
        assert app.is_running
        expected = name if name in NAMES[:2] or name in BUILTIN_THEMES else DEFAULT_THEME
        assert app.theme == expected
        messages = " ".join(str(note.message) for note in app._notifications)
        assert "skipped" in messages and f"{name}.toml" in messages, messages
