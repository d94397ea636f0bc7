"""What the store's reads and writes give back: results, problems and refusals."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from followup_tui.core.model import Interview
from followup_tui.core.rows import Row
from followup_tui.storage.files import StoreError


class ConflictError(StoreError):
    """The file changed on disk since it was loaded; nothing was written."""

    def __init__(self, interview_id: str, message: str) -> None:
        super().__init__(message)
        self.interview_id = interview_id


class NotFoundError(StoreError):
    """No interview with that id."""


@dataclass(frozen=True)
class LoadProblem:
    """A file that could not be loaded, and why (with line/column or field)."""

    path: Path
    message: str

    def __str__(self) -> str:
        return f"{self.path}: {self.message}"


@dataclass(frozen=True, slots=True)
class Fingerprint:
    """What a file looked like when it was loaded or saved: its stat signature and digest."""

    signature: bytes  # files.packed(signature)
    digest: str


@dataclass
class LoadResult:
    interviews: list[Interview] = field(default_factory=list)
    problems: list[LoadProblem] = field(default_factory=list)


@dataclass
class RowsResult:
    """``Store.load_rows``: the list's row of every interview, and the files that failed."""

    rows: list[Row] = field(default_factory=list)
    problems: list[LoadProblem] = field(default_factory=list)


@dataclass
class Changes:
    """What changed on disk since the store last looked."""

    changed: list[Interview] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    problems: list[LoadProblem] = field(default_factory=list)

    def __bool__(self) -> bool:
        return bool(self.changed or self.removed or self.problems)
