"""Shipped themes are readable: WCAG contrast of text and urgency colours.

Body text must reach 4.5:1 (7:1 in followup-high-contrast) on background,
surface and panel; urgency and checklist colours the same on the background
and surfaces, also after NO_COLOR's grey conversion (Textual's Monochrome).
"""

from __future__ import annotations

import pytest
from textual.color import Color
from textual.theme import Theme

from followup_tui.tui.themes import load_themes

URGENCY = (
    "overdue",
    "due",
    "reminder-due",
    "no-reply",
    "upcoming",
    "waiting",
    "closed",
    "check-pass",
    "check-warn",
    "check-fail",
    "check-manual",
)
SURFACES = ("background", "surface", "panel")
SHIPPED = {theme.name: theme for theme in load_themes(None)[0]}
TRUE_COLOUR = sorted(name for name, theme in SHIPPED.items() if not theme.ansi)


def luminance(color: Color) -> float:
    """WCAG 2 relative luminance."""

    def channel(value: int) -> float:
        c = value / 255
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = color.rgb
    return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b)


def contrast(a: Color, b: Color) -> float:
    high, low = sorted((luminance(a), luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def minimum(theme: Theme) -> float:
    return 7.0 if theme.name == "followup-high-contrast" else 4.5


def test_contrast_formula() -> None:
    assert contrast(Color.parse("#000000"), Color.parse("#ffffff")) == pytest.approx(21.0)
    assert contrast(Color.parse("#777777"), Color.parse("#ffffff")) == pytest.approx(4.48, 0.01)


def test_there_are_true_colour_themes_to_check() -> None:
    assert TRUE_COLOUR == ["followup-dark", "followup-high-contrast", "followup-light"]


@pytest.mark.parametrize("name", TRUE_COLOUR)
def test_body_text_contrast(name: str) -> None:
    theme = SHIPPED[name]
    colors = theme.to_color_system().generate()
    text = Color.parse(colors["foreground"])
    for surface in SURFACES:
        ratio = contrast(text, Color.parse(colors[surface]))
        assert ratio >= minimum(theme), f"{name}: foreground on {surface} is {ratio:.2f}:1"


@pytest.mark.parametrize("name", TRUE_COLOUR)
def test_urgency_colour_contrast(name: str) -> None:
    theme = SHIPPED[name]
    colors = theme.to_color_system().generate()
    for variable in URGENCY:
        fg = Color.parse(theme.variables[variable])
        for surface in SURFACES:
            bg = Color.parse(colors[surface])
            ratio = contrast(fg, bg)
            assert ratio >= minimum(theme), f"{name}: ${variable} on {surface} is {ratio:.2f}:1"
            grey = contrast(fg.monochrome, bg.monochrome)
            assert grey >= 4.5, f"{name}: ${variable} on {surface} under NO_COLOR is {grey:.2f}:1"


@pytest.mark.parametrize("name", TRUE_COLOUR)
def test_status_colours_readable_as_text(name: str) -> None:
    theme = SHIPPED[name]
    colors = theme.to_color_system().generate()
    background = Color.parse(colors["background"])
    for key in ("primary", "warning", "error", "success", "accent"):
        ratio = contrast(Color.parse(colors[key]), background)
        assert ratio >= 4.5, f"{name}: ${key} on the background is {ratio:.2f}:1"


def test_ansi_theme_uses_only_the_terminal_palette() -> None:
    theme = SHIPPED["followup-ansi"]
    assert theme.ansi is True
    values = [
        theme.primary,
        theme.secondary,
        theme.accent,
        theme.foreground,
        theme.background,
        theme.surface,
        theme.panel,
        theme.warning,
        theme.error,
        theme.success,
        *(value for key, value in theme.variables.items() if not key.endswith("text-style")),
    ]
    assert all(value is not None and value.startswith("ansi_") for value in values)
    assert all(Color.parse(value).ansi is not None for value in values if value)


def test_guide_example_is_readable() -> None:
    from pathlib import Path

    from followup_tui.storage.theme_files import parse_theme
    from followup_tui.tui.themes import build_theme

    guide = Path(__file__).resolve().parents[2] / "docs" / "guide" / "themes.md"
    readme = guide.read_text(encoding="utf-8")
    example = readme.split("### Your own themes", 1)[1].split("```toml\n", 1)[1].split("```")[0]
    theme = build_theme(parse_theme(example, "themes.md"))
    colors = theme.to_color_system().generate()
    for surface in SURFACES:
        bg = Color.parse(colors[surface])
        for variable in URGENCY:
            fg = Color.parse(theme.variables[variable])
            assert contrast(fg, bg) >= 4.5, f"${variable} on {surface}"
        assert contrast(Color.parse(colors["foreground"]), bg) >= 4.5
