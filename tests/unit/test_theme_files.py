"""Theme files: the TOML format is checked strictly, every error names the field."""

from __future__ import annotations

from pathlib import Path

import pytest

from followup_tui.storage.theme_files import (
    SHIPPED,
    USER,
    ThemeFileError,
    discover_themes,
    parse_theme,
    read_theme_folder,
    shipped_themes_folder,
)

SHIPPED_NAMES = {"followup-dark", "followup-light", "followup-high-contrast", "followup-ansi"}

MINIMAL = 'name = "mine"\nprimary = "#336699"\n'


def test_minimal_theme() -> None:
    spec = parse_theme(MINIMAL, "mine.toml", USER)
    assert (spec.name, spec.colors, spec.dark, spec.ansi) == (
        "mine",
        {"primary": "#336699"},
        True,
        False,
    )
    assert spec.source == USER


def test_full_theme() -> None:
    text = (
        'name = "paper"\ndark = false\nprimary = "#0B57D0"\nbackground = "#FFFFFF"\n'
        "text_alpha = 1\nluminosity_spread = 0.2\n"
        '[variables]\noverdue = "#B3261E"\nblock-cursor-text-style = "bold"\n'
    )
    spec = parse_theme(text, "paper.toml")
    assert spec.dark is False
    assert spec.colors == {"primary": "#0B57D0", "background": "#FFFFFF"}
    assert spec.numbers == {"text_alpha": 1.0, "luminosity_spread": 0.2}
    assert spec.variables == {"overdue": "#B3261E", "block-cursor-text-style": "bold"}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ('name = "x"\nprimary = "#fff', "not valid TOML"),
        ('primary = "#ffffff"\n', "name is missing"),
        ('name = ""\nprimary = "#ffffff"\n', "name must be"),
        ('name = "my theme"\nprimary = "#ffffff"\n', "name must be"),
        ('name = 3\nprimary = "#ffffff"\n', "name must be"),
        ('name = "x"\n', "primary is missing"),
        ('name = "x"\nprimary = 255\n', "primary must be text"),
        ('name = "x"\nprimary = "#fff"\nprimery = "#fff"\n', "unknown field 'primery'"),
        ('name = "x"\nprimary = "#fff"\ndark = "yes"\n', "dark must be true or false"),
        ('name = "x"\nprimary = "#fff"\ntext_alpha = 2\n', "text_alpha must be a number"),
        ('name = "x"\nprimary = "#fff"\ntext_alpha = true\n', "text_alpha must be a number"),
        ('name = "x"\nprimary = "#fff"\nvariables = "red"\n', "[variables] must be a table"),
        ('name = "x"\nprimary = "#fff"\n[variables]\nOverdue = "red"\n', "variables.Overdue"),
        ('name = "x"\nprimary = "#fff"\n[variables]\noverdue = 1\n', "variables.overdue must"),
    ],
)
def test_errors_name_the_field(text: str, expected: str) -> None:
    with pytest.raises(ThemeFileError) as info:
        parse_theme(text, "x.toml")
    assert expected in str(info.value)


def test_folder_reports_broken_files_and_keeps_the_rest(tmp_path: Path) -> None:
    (tmp_path / "a.toml").write_text(MINIMAL)
    (tmp_path / "b.toml").write_text('name = "b"\n')
    (tmp_path / "c.toml").write_text(MINIMAL)  # same name as a.toml
    (tmp_path / "d.toml").write_bytes(b"\xff\xfe")
    (tmp_path / "notes.txt").write_text("not a theme")
    specs, problems = read_theme_folder(tmp_path, USER)
    assert [spec.name for spec in specs] == ["mine"]
    assert [Path(problem.origin).name for problem in problems] == ["b.toml", "c.toml", "d.toml"]
    assert "primary is missing" in str(problems[0])
    assert str(problems[0]).startswith(f"Theme file {tmp_path / 'b.toml'}: ")
    assert "already used by" in problems[1].message


def test_missing_folder_is_empty(tmp_path: Path) -> None:
    assert read_theme_folder(tmp_path / "nope", USER) == ([], [])


def test_user_theme_replaces_a_shipped_one_by_name(tmp_path: Path) -> None:
    (tmp_path / "dark.toml").write_text('name = "followup-dark"\nprimary = "#ff00ff"\n')
    specs, problems = discover_themes(tmp_path)
    assert problems == []
    by_name = {spec.name: spec for spec in specs}
    assert set(by_name) == SHIPPED_NAMES
    assert by_name["followup-dark"].source == USER
    assert by_name["followup-dark"].colors == {"primary": "#ff00ff"}
    assert by_name["followup-light"].source == SHIPPED


def test_shipped_folder_found_in_the_source_checkout() -> None:
    specs, problems = read_theme_folder(shipped_themes_folder(), SHIPPED)
    assert problems == []
    assert {spec.name for spec in specs} == SHIPPED_NAMES


def test_guide_example_theme_is_valid() -> None:
    guide = Path(__file__).resolve().parents[2] / "docs" / "guide" / "themes.md"
    readme = guide.read_text(encoding="utf-8")
    section = readme.split("### Your own themes", 1)[1]
    example = section.split("```toml\n", 1)[1].split("```", 1)[0]
    spec = parse_theme(example, "themes.md")
    assert spec.name == "harbour"
    assert {"overdue", "due", "waiting", "closed", "check-manual"} <= set(spec.variables)
