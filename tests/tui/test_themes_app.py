"""Themes in the app: shipped and user themes load, broken ones are reported once,
the choice is saved to config.toml and restored, NO_COLOR keeps the words readable."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.filter import Monochrome, NoColor
from textual.theme import BUILTIN_THEMES

from followup_tui.storage.config import DEFAULT_THEME, load_config
from followup_tui.storage.paths import Home
from followup_tui.storage.store import Store
from followup_tui.storage.theme_files import ThemeFileError, parse_theme
from followup_tui.tui.app import FollowupApp
from followup_tui.tui.themes import build_theme, load_home_themes, load_themes
from followup_tui.tui.widgets.interview_table import InterviewTable
from tests.conftest import make_interview

GOOD = 'name = "mine"\nprimary = "#336699"\n[variables]\noverdue = "#ff0000"\n'


def test_every_shipped_theme_builds() -> None:
    loaded, problems = load_themes(None)
    assert problems == []
    assert sorted(theme.name for theme in loaded) == [
        "followup-ansi",
        "followup-dark",
        "followup-high-contrast",
        "followup-light",
    ]
    for theme in loaded:
        for variable in ("overdue", "due", "waiting", "closed", "check-fail", "check-manual"):
            assert variable in theme.variables, f"{theme.name} leaves ${variable} to chance"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ('name = "x"\nprimary = "#12345"\n', 'primary = "#12345" is not a colour'),
        ('name = "x"\nprimary = "#fff"\nbackground = "blurple"\n', "background ="),
        ('name = "x"\nprimary = "#fff"\n[variables]\ndue = "nope"\n', "variables.due"),
        ('name = "x"\nprimary = "#fff"\n[variables]\ndue = "red 50"\n', "variables.due"),
        (
            'name = "x"\nprimary = "#fff"\n[variables]\nblock-cursor-text-style = "shiny"\n',
            '"shiny" is not a text style',
        ),
    ],
)
def test_bad_colours_are_named(text: str, expected: str) -> None:
    with pytest.raises(ThemeFileError) as info:
        build_theme(parse_theme(text, "x.toml"))
    assert expected in str(info.value)


def test_colour_forms_that_are_accepted() -> None:
    text = (
        'name = "x"\nprimary = "rgb(10, 20, 30)"\nsecondary = "red"\naccent = "ansi_cyan"\n'
        '[variables]\nwaiting = "#81a1c1 35%"\nclosed = "auto 50%"\n'
        'block-cursor-text-style = "bold reverse"\n'
    )
    theme = build_theme(parse_theme(text, "x.toml"))
    assert theme.variables["waiting"] == "#81a1c1 35%"


def test_broken_user_themes_are_skipped(home: Home) -> None:
    (home.themes / "good.toml").write_text(GOOD)
    (home.themes / "colour.toml").write_text('name = "c"\nprimary = "#zzzzzz"\n')
    (home.themes / "toml.toml").write_text("name = \n")
    (home.themes / "noname.toml").write_text('primary = "#336699"\n')
    loaded, problems = load_home_themes(home)
    assert "mine" in {theme.name for theme in loaded}
    reported = {Path(problem.origin).name: problem.message for problem in problems}
    assert set(reported) == {"colour.toml", "toml.toml", "noname.toml"}
    assert "primary" in reported["colour.toml"]
    assert "not valid TOML" in reported["toml.toml"]
    assert "name is missing" in reported["noname.toml"]


async def test_app_offers_ours_users_and_builtin_themes(home: Home) -> None:
    (home.themes / "good.toml").write_text(GOOD)
    app = FollowupApp(home, load_config(home))
    async with app.run_test():
        assert app.theme == DEFAULT_THEME == "followup-dark"
        names = set(app.available_themes)
        assert {"followup-light", "followup-ansi", "mine"} <= names
        assert set(BUILTIN_THEMES) <= names
        assert app.theme_variables["overdue"] == "#FF7B7B"


async def test_broken_user_theme_is_one_notification(home: Home) -> None:
    (home.themes / "a.toml").write_text('name = "a"\nprimary = "#zzzzzz"\n')
    (home.themes / "b.toml").write_text('primary = "#336699"\n')
    app = FollowupApp(home, load_config(home))
    async with app.run_test(notifications=True) as pilot:
        await pilot.pause()
        assert app.theme == DEFAULT_THEME
        theme_toasts = [n for n in app._notifications if "theme" in n.message.lower()]
        assert len(theme_toasts) == 1
        message = theme_toasts[0].message
        assert str(home.themes / "a.toml") in message and "primary" in message
        assert str(home.themes / "b.toml") in message and "name is missing" in message


async def test_configured_theme_that_is_gone_falls_back(home: Home) -> None:
    config = load_config(home)
    config.theme = "deleted-theme"
    app = FollowupApp(home, config)
    async with app.run_test(notifications=True) as pilot:
        await pilot.pause()
        assert app.theme == DEFAULT_THEME
        messages = [n.message for n in app._notifications]
        assert any("no theme called 'deleted-theme'" in message for message in messages)


async def test_choice_is_saved_and_restored(home: Home) -> None:
    app = FollowupApp(home, load_config(home))
    async with app.run_test() as pilot:
        app.theme = "followup-light"
        await app.workers.wait_for_complete()
        await pilot.pause()
    text = home.config_file.read_text()
    assert 'theme = "followup-light"' in text
    assert "followup --list-themes" in text  # the comments of the file survive

    again = FollowupApp(home, load_config(home))
    async with again.run_test():
        assert again.theme == "followup-light"
        assert again.current_theme.dark is False


async def test_theme_for_one_run_is_not_saved(home: Home) -> None:
    app = FollowupApp(home, load_config(home), theme="followup-high-contrast")
    async with app.run_test():
        assert app.theme == "followup-high-contrast"
        await app.workers.wait_for_complete()
    assert load_config(home).theme == DEFAULT_THEME


async def test_demo_does_not_save(home: Home) -> None:
    app = FollowupApp(home, load_config(home), demo=True)
    async with app.run_test():
        app.theme = "nord"
        await app.workers.wait_for_complete()
    assert load_config(home).theme == DEFAULT_THEME


async def test_user_theme_overrides_shipped_one(home: Home) -> None:
    (home.themes / "mine.toml").write_text('name = "followup-dark"\nprimary = "#ff00ff"\n')
    app = FollowupApp(home, load_config(home))
    async with app.run_test():
        assert app.theme == "followup-dark"
        assert app.current_theme.primary == "#ff00ff"


@pytest.mark.parametrize(
    ("theme", "expected"), [("followup-dark", Monochrome), ("followup-ansi", NoColor)]
)
async def test_no_color(
    monkeypatch: pytest.MonkeyPatch, home: Home, theme: str, expected: type
) -> None:
    monkeypatch.setenv("NO_COLOR", "1")
    Store(home).save(make_interview())  # two days ago, nobody thanked: due
    Store(home).save(
        make_interview(
            company="Initech", interview_at=make_interview().interview_at.replace(day=20)
        )
    )
    app = FollowupApp(home, load_config(home), theme=theme)
    async with app.run_test() as pilot:
        await pilot.pause()
        assert app.no_color
        filters = [type(item) for item in app._filters if isinstance(item, Monochrome | NoColor)]
        assert filters == [expected]
        table = app.screen.query_one(InterviewTable)
        states = {str(table.get_row_at(row)[0]) for row in range(table.row_count)}
        assert states == {"! due", "‼ overdue"}
