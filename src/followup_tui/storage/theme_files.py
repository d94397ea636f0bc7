"""Theme files: the TOML format of shipped and user themes, read and checked.

A theme file maps onto Textual's ``Theme`` (name, colours, ``dark``, extra
``[variables]``). This module only reads and validates the structure; colour
values are checked by ``followup_tui.tui.themes``, which builds the Themes.
It never imports Textual, so ``followup --list-themes`` stays cheap.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from followup_tui.core.text import printable
from followup_tui.storage.files import read_text

COLOR_FIELDS = (
    "primary",
    "secondary",
    "accent",
    "foreground",
    "background",
    "surface",
    "panel",
    "boost",
    "warning",
    "error",
    "success",
)
NUMBER_FIELDS = ("luminosity_spread", "text_alpha")
BOOL_FIELDS = ("dark", "ansi")
KNOWN_FIELDS = ("name", *COLOR_FIELDS, *BOOL_FIELDS, *NUMBER_FIELDS, "variables")
NAME_PATTERN = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_-]*$")
VARIABLE_PATTERN = re.compile(r"^[a-z][a-z0-9-]*$")
SHIPPED = "shipped"
USER = "user"


class ThemeFileError(Exception):
    """A theme file cannot be used; the message names the field and what is expected."""


@dataclass(frozen=True)
class ThemeSpec:
    """One theme file's content, validated in structure (not yet in colour)."""

    name: str
    origin: str
    colors: dict[str, str]
    dark: bool = True
    ansi: bool = False
    numbers: dict[str, float] = field(default_factory=dict)
    variables: dict[str, str] = field(default_factory=dict)
    source: str = SHIPPED
    # The shipped theme of the same name this user theme replaces: used when this one is bad.
    replaces: ThemeSpec | None = None


@dataclass(frozen=True)
class ThemeProblem:
    """A theme file that was skipped, and why (one sentence)."""

    origin: str
    message: str

    def __str__(self) -> str:
        # Shown in a toast and on stderr: the file's name (and any value a message
        # quotes) may hold escape sequences, which never reach the terminal.
        return printable(f"Theme file {self.origin}: {self.message}")


def _expect_text(raw: dict[str, Any], key: str) -> str:
    value = raw[key]
    if not isinstance(value, str) or not value.strip():
        raise ThemeFileError(f'{key} must be text such as "#1e2128", found {value!r}')
    return value.strip()


def parse_theme(text: str, origin: str, source: str = SHIPPED) -> ThemeSpec:
    """Parse one theme file's text; raises ThemeFileError naming the field."""
    try:
        raw = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise ThemeFileError(f"not valid TOML ({error})") from None  # tomllib quotes no text
    unknown = sorted(set(raw) - set(KNOWN_FIELDS))
    if unknown:
        raise ThemeFileError(
            f"unknown field {unknown[0]!r}; the fields are {', '.join(KNOWN_FIELDS)}"
        )
    if "name" not in raw:
        raise ThemeFileError('name is missing; add e.g. name = "my-theme"')
    name = raw["name"]
    if not isinstance(name, str) or not NAME_PATTERN.match(name):
        raise ThemeFileError(
            f'name must be letters, digits, "-" or "_" such as "my-theme", found {name!r}'
        )
    if "primary" not in raw:
        raise ThemeFileError("primary is missing; every theme needs a primary colour")
    colors = {key: _expect_text(raw, key) for key in COLOR_FIELDS if key in raw}
    flags: dict[str, bool] = {"dark": True, "ansi": False}
    for key in BOOL_FIELDS:
        if key in raw:
            if not isinstance(raw[key], bool):
                raise ThemeFileError(f"{key} must be true or false, found {raw[key]!r}")
            flags[key] = raw[key]
    numbers: dict[str, float] = {}
    for key in NUMBER_FIELDS:
        if key in raw:
            value = raw[key]
            if isinstance(value, bool) or not isinstance(value, int | float):
                raise ThemeFileError(f"{key} must be a number from 0 to 1, found {value!r}")
            if not 0 <= value <= 1:
                raise ThemeFileError(f"{key} must be a number from 0 to 1, found {value!r}")
            numbers[key] = float(value)
    variables = raw.get("variables", {})
    if not isinstance(variables, dict):
        raise ThemeFileError('[variables] must be a table of name = "value" lines')
    for key, value in variables.items():
        if not VARIABLE_PATTERN.match(key):
            raise ThemeFileError(
                f"variables.{key} is not a variable name (lower-case letters, digits and -)"
            )
        if not isinstance(value, str) or not value.strip():
            raise ThemeFileError(f'variables.{key} must be text such as "#ff6b6b"')
    return ThemeSpec(
        name=name,
        origin=origin,
        colors=colors,
        dark=flags["dark"],
        ansi=flags["ansi"],
        numbers=numbers,
        variables={key: value.strip() for key, value in variables.items()},
        source=source,
    )


def read_theme_folder(folder: Path, source: str) -> tuple[list[ThemeSpec], list[ThemeProblem]]:
    """Read every ``*.toml`` in a folder (sorted by file name); a missing folder is empty."""
    specs: list[ThemeSpec] = []
    problems: list[ThemeProblem] = []
    try:
        entries = sorted(
            (entry for entry in folder.iterdir() if entry.name.endswith(".toml")),
            key=lambda entry: entry.name,
        )
    except (FileNotFoundError, NotADirectoryError):
        return specs, problems
    except OSError as error:
        problems.append(ThemeProblem(str(folder), f"cannot be read ({error.strerror or error})"))
        return specs, problems
    seen: dict[str, str] = {}
    for entry in entries:
        origin = str(entry)
        try:
            text = read_text(entry)
            spec = parse_theme(text, origin, source)
        except (OSError, UnicodeDecodeError) as error:
            problems.append(ThemeProblem(origin, f"cannot be read ({str(error)!r})"))
            continue
        except ThemeFileError as error:
            problems.append(ThemeProblem(origin, str(error)))
            continue
        if spec.name in seen:
            problems.append(
                ThemeProblem(origin, f"the name {spec.name!r} is already used by {seen[spec.name]}")
            )
            continue
        seen[spec.name] = origin
        specs.append(spec)
    return specs, problems


def shipped_themes_folder() -> Path:
    """The app's own themes: inside the installed package, else the source checkout's.

    A plain path, not ``importlib.resources``: the package is always installed
    as files, and that module's import and first lookup cost part of the start.
    """
    packaged = Path(__file__).parents[1] / "themes"
    if packaged.is_dir():
        return packaged
    return Path(__file__).resolve().parents[3] / "themes"


def discover_themes(
    user_folder: Path | None, shipped: Path | None = None
) -> tuple[list[ThemeSpec], list[ThemeProblem]]:
    """Shipped themes, then the user's; a user theme replaces a shipped one of its name
    (which it keeps in ``replaces``, for when its colours turn out bad)."""
    specs, problems = read_theme_folder(shipped or shipped_themes_folder(), SHIPPED)
    if user_folder is not None:
        user_specs, user_problems = read_theme_folder(user_folder, USER)
        problems.extend(user_problems)
        by_name = {spec.name: spec for spec in specs}
        for spec in user_specs:
            by_name[spec.name] = replace(spec, replaces=by_name.get(spec.name))
        specs = list(by_name.values())
    return specs, problems
