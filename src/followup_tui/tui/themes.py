"""Turn theme files into Textual Themes, checking every colour before registering.

``App.register_theme`` does not validate colours, and a bad one would only
fail when the theme is applied; so each value is parsed here with
``Color.parse`` and a bad file is reported (file + field) and skipped.
"""

from __future__ import annotations

import re
from pathlib import Path

from textual.color import Color, ColorParseError
from textual.css.constants import VALID_STYLE_FLAGS
from textual.theme import BUILTIN_THEMES, Theme

from followup_tui.core.text import quoted
from followup_tui.storage.paths import Home
from followup_tui.storage.theme_files import (
    SHIPPED,
    ThemeFileError,
    ThemeProblem,
    ThemeSpec,
    discover_themes,
)

TEXT_STYLES = frozenset(VALID_STYLE_FLAGS)
ALPHA = re.compile(r"^\d{1,3}(\.\d+)?%$")


def _check_color(value: str, where: str) -> None:
    try:
        Color.parse(value)
    except ColorParseError:
        raise ThemeFileError(
            f'{where} = {quoted(value)} is not a colour; use e.g. "#1e2128", "rgb(30,33,40)", '
            '"red" or "ansi_red"'
        ) from None


def _check_variable(name: str, value: str) -> None:
    """A variable is a text style (for *-text-style) or a colour with an optional alpha %."""
    where = f"variables.{name}"
    if name.endswith("text-style"):
        bad = [word for word in value.split() if word not in TEXT_STYLES]
        if bad:
            raise ThemeFileError(
                f"{where} = {quoted(value)}: {quoted(bad[0])} is not a text style "
                f"(use {', '.join(sorted(TEXT_STYLES))})"
            )
        return
    words = value.split()
    if len(words) == 2 and ALPHA.match(words[1]):
        words = words[:1]
    if len(words) != 1:
        raise ThemeFileError(
            f'{where} = {quoted(value)} is not a colour such as "#ff6b6b" or "red 50%"'
        )
    if words[0] != "auto":
        _check_color(words[0], where)


def build_theme(spec: ThemeSpec) -> Theme:
    """A Textual Theme from a validated spec; raises ThemeFileError on a bad colour."""
    for key, value in spec.colors.items():
        _check_color(value, key)
    for name, value in spec.variables.items():
        _check_variable(name, value)
    colors = spec.colors
    theme = Theme(
        name=spec.name,
        primary=colors["primary"],
        secondary=colors.get("secondary"),
        accent=colors.get("accent"),
        foreground=colors.get("foreground"),
        background=colors.get("background"),
        surface=colors.get("surface"),
        panel=colors.get("panel"),
        boost=colors.get("boost"),
        warning=colors.get("warning"),
        error=colors.get("error"),
        success=colors.get("success"),
        dark=spec.dark,
        variables=dict(spec.variables),
        ansi=spec.ansi,
    )
    if "luminosity_spread" in spec.numbers:
        theme.luminosity_spread = spec.numbers["luminosity_spread"]
    if "text_alpha" in spec.numbers:
        theme.text_alpha = spec.numbers["text_alpha"]
    if spec.source == SHIPPED:
        # Ours: tests/test_theme_contrast.py generates each one. Generating the colour
        # system of every shipped theme at every start delayed the first paint.
        return theme
    try:
        theme.to_color_system().generate()
    except Exception as error:  # noqa: BLE001 Textual's colour maths on odd input: report, do not crash
        raise ThemeFileError(
            f"the colours cannot be combined into a theme ({quoted(str(error))})"
        ) from None
    return theme


def load_themes(
    user_folder: Path | None, shipped: Path | None = None
) -> tuple[list[Theme], list[ThemeProblem]]:
    """Shipped and user themes as (loaded, failed); failed files are skipped."""
    specs, problems = discover_themes(user_folder, shipped)
    loaded: list[Theme] = []
    for spec in specs:
        try:
            loaded.append(build_theme(spec))
        except ThemeFileError as error:
            if spec.replaces is None:
                problems.append(ThemeProblem(spec.origin, str(error)))
                continue
            # Named like a shipped theme: that one stays, so the default can never go missing.
            problems.append(
                ThemeProblem(spec.origin, f"{error}; the shipped {spec.name} is used instead")
            )
            loaded.append(build_theme(spec.replaces))
    return loaded, problems


def load_home_themes(home: Home) -> tuple[list[Theme], list[ThemeProblem]]:
    """The themes an app on ``home`` offers besides Textual's built-in ones."""
    return load_themes(home.themes)


def all_theme_names(loaded: list[Theme]) -> list[str]:
    """Our and the user's themes (in file order), then Textual's built-ins not overridden."""
    names = [theme.name for theme in loaded]
    names.extend(name for name in BUILTIN_THEMES if name not in names)
    return names


def problems_sentence(problems: list[ThemeProblem]) -> str:
    """One notification text for every skipped theme file."""
    if len(problems) == 1:
        return f"{problems[0]}; it was skipped."
    lines = "\n".join(f"- {problem}" for problem in problems)
    return f"{len(problems)} theme files were skipped:\n{lines}"
