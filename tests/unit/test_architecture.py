"""Domain modules never import Textual; the CLI's cheap path skips Textual and Jinja2."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import followup_tui

PACKAGE = Path(followup_tui.__file__).parent


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
    return names


def test_domain_modules_never_import_textual() -> None:
    offenders = []
    for path in PACKAGE.rglob("*.py"):
        if "tui" in path.relative_to(PACKAGE).parts:
            continue
        for name in _imports(path):
            if name == "textual" or name.startswith(("textual.", "rich")):
                offenders.append(f"{path.relative_to(PACKAGE)} imports {name}")
    assert offenders == []


def test_cli_import_does_not_pull_textual_or_jinja() -> None:
    code = (
        "import sys, followup_tui.cli, followup_tui.storage.store, followup_tui.core.schedule;"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in ('textual','jinja2','rich')))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        check=True,
        env={"PYTHONPATH": str(PACKAGE.parent)},
    )
    assert out.stdout.strip() == "[]"
