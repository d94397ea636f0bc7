"""Findings with their line and column, for the command line and the editor.

One place turns a checklist result into the list of problems the user fixes:
its findings, or (for a rule that found no particular text) one finding at
the place the result points to; each with a 1-based line and column.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from followup_tui.checks.base import CheckResult, Finding, Status, line_column
from followup_tui.core.model import Followup


@dataclass(frozen=True)
class Located:
    """A finding and where it is: line and column in its field (None when nowhere)."""

    finding: Finding
    line: int | None
    column: int | None


def findings_of(result: CheckResult) -> tuple[Finding, ...]:
    """The result's findings; a failing or warning result without any gets one of its own."""
    if result.findings or result.status not in (Status.FAIL, Status.WARN):
        return result.findings
    return (
        Finding(
            result.id, "", result.field, result.start, result.end, result.reason, result.status
        ),
    )


def field_text(followup: Followup, field: str | None) -> str:
    """The text of one field of the draft ("" for an unknown one)."""
    return {"subject": followup.subject, "body": followup.body, "to": followup.to}.get(
        field or "", ""
    )


def locate(result: CheckResult, followup: Followup) -> list[Located]:
    """Every finding of ``result`` with its line and column."""
    located = []
    for finding in findings_of(result):
        if finding.field is None or finding.start is None:
            located.append(Located(finding, None, None))
            continue
        line, column = line_column(field_text(followup, finding.field), finding.start)
        located.append(Located(finding, line, column))
    return located


def as_json(result: CheckResult, followup: Followup) -> dict[str, Any]:
    """One result as plain data: the verdict and every finding with its position."""
    return {
        "id": result.id,
        "title": result.title,
        "status": result.status.value,
        "reason": result.reason,
        "ticked": result.ticked,
        "field": result.field,
        "start": result.start,
        "end": result.end,
        "findings": [
            {
                "kind": item.finding.kind,
                "text": item.finding.text,
                "status": item.finding.status.value,
                "field": item.finding.field,
                "line": item.line,
                "column": item.column,
                "start": item.finding.start,
                "end": item.finding.end,
                "suggestion": item.finding.suggestion,
                "action": item.finding.action,
            }
            for item in locate(result, followup)
        ],
    }


def one_line(item: Located) -> str:
    """A finding in one line: "body 3:14  spelling 'recieve': receive"."""
    finding = item.finding
    where = f"{finding.field} {item.line}:{item.column}" if item.line is not None else "-"
    text = f" '{finding.text}'" if finding.text and finding.text != finding.suggestion else ""
    fix = f": {finding.suggestion}" if finding.suggestion else ""
    return f"{where}  {finding.kind}{text}{fix}"
