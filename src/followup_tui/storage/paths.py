"""Where followup-tui keeps its data: the one module that knows the layout.

The home is ``platformdirs.user_config_dir("followup-tui")`` unless
``--home PATH`` or ``FOLLOWUP_TUI_HOME`` says otherwise. Folders are created
0700 and files 0600: interview notes are personal data.
"""

from __future__ import annotations

import os
import stat
from dataclasses import dataclass
from pathlib import Path

APP_NAME = "followup-tui"
ENV_HOME = "FOLLOWUP_TUI_HOME"
DIR_MODE = 0o700
FILE_MODE = 0o600


class HomeError(Exception):
    """The data home cannot be used (not a folder, no permission, ...)."""


def default_home() -> Path:
    """The platform's per-user config folder for the app."""
    import platformdirs  # imported here: the status line rarely needs it

    return Path(platformdirs.user_config_dir(APP_NAME))


def resolve_home(cli_home: str | os.PathLike[str] | None = None) -> Path:
    """Pick the home: ``--home`` wins over ``FOLLOWUP_TUI_HOME``, then the default."""
    if cli_home:
        return Path(cli_home).expanduser()
    env = os.environ.get(ENV_HOME)
    if env:
        return Path(env).expanduser()
    return default_home()


@dataclass(frozen=True)
class Home:
    """The layout of one data home."""

    root: Path

    @property
    def config_file(self) -> Path:
        return self.root / "config.toml"

    @property
    def interviews(self) -> Path:
        return self.root / "interviews"

    @property
    def templates(self) -> Path:
        return self.root / "templates"

    @property
    def themes(self) -> Path:
        return self.root / "themes"

    @property
    def trash(self) -> Path:
        return self.root / "trash"

    @property
    def sent(self) -> Path:
        return self.root / "sent"

    @property
    def cache(self) -> Path:
        return self.root / ".cache"

    @property
    def lock_file(self) -> Path:
        return self.root / ".lock"

    @property
    def queue_lock_file(self) -> Path:
        """Held by ``followup queue run`` (and the app's sender): one run sends at a time."""
        return self.root / ".queue-lock"

    @property
    def dictionary_file(self) -> Path:
        return self.root / "dictionary.txt"

    def folders(self) -> tuple[Path, ...]:
        return (
            self.root,
            self.interviews,
            self.templates,
            self.themes,
            self.trash,
            self.sent,
            self.cache,
        )


def open_home(root: Path, *, create: bool = True) -> Home:
    """Return the home at ``root``, creating its folders (0700) when asked.

    Raises HomeError with one sentence saying what is wrong and what to do.
    """
    home = Home(root)
    if root.exists() and not root.is_dir():
        raise HomeError(f"The home {root} is a file, not a folder; pass a folder with --home.")
    if not create:
        return home
    for folder in home.folders():
        try:
            if not folder.is_dir():
                folder.mkdir(mode=DIR_MODE, parents=True, exist_ok=True)
                os.chmod(folder, DIR_MODE)
        except FileExistsError:
            raise HomeError(
                f"{folder} exists but is not a folder; move it away and try again."
            ) from None
        except OSError as error:
            raise HomeError(
                f"Cannot create {folder}: {error.strerror or error}; "
                "check the permissions or pass another folder with --home."
            ) from None
    return home


OPEN_TO_OTHERS = stat.S_IRWXG | stat.S_IRWXO  # any permission for group or others


def readable_by_others(path: Path) -> bool:
    """True when group or others may read or enter ``path``."""
    try:
        mode = path.stat().st_mode
    except OSError:
        return False
    return bool(mode & OPEN_TO_OTHERS)


def permission_warning(home: Home) -> str | None:
    """One sentence when other users can read the home (None when it is private).

    Checks the home, its folders, config.toml and the interview files; the
    first one open to group or others is named (the interview files in name
    order). It runs before every start, so the files are stat'ed straight
    from a directory scan: a big home's files as Path objects, sorted first,
    cost a visible part of the start.
    """
    found = next(
        (path for path in [*home.folders(), home.config_file] if readable_by_others(path)), None
    )
    if found is None:
        open_files = []
        try:
            with os.scandir(home.interviews) as entries:
                for entry in entries:
                    try:
                        mode = entry.stat().st_mode
                    except OSError:
                        continue
                    if mode & OPEN_TO_OTHERS:
                        open_files.append(entry.name)
        except OSError:
            pass
        if open_files:
            found = home.interviews / min(open_files)
    if found is None:
        return None
    return (
        f"{found} can be read by other users of this computer; "
        f"run chmod -R go-rwx {home.root} to keep your interview notes private."
    )
