"""Fixtures for the reliability suites: homes on a RAM-backed folder when there is one.

These suites do thousands of real saves (fsync included). On a busy disk an
fsync can take half a second, so homes live under /dev/shm when it exists;
the promises tested (process death, concurrency, parsing) do not depend on
the disk surviving a power cut, which no test can simulate anyway.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from followup_tui.storage.paths import Home, open_home

RAM = Path("/dev/shm")


def fast_tempdir() -> Path:
    """A new private temp folder, in RAM when possible."""
    base = RAM if RAM.is_dir() and os.access(RAM, os.W_OK) else None
    return Path(tempfile.mkdtemp(prefix="followup-rel-", dir=base))


@pytest.fixture
def fast_dir() -> Iterator[Path]:
    path = fast_tempdir()
    yield path
    shutil.rmtree(path, ignore_errors=True)


@pytest.fixture
def fast_home(fast_dir: Path) -> Home:
    return open_home(fast_dir / "home")
