"""The checklist: the guide's rules for a good follow-up, run on a draft.

Pure code (no Textual): the CLI's ``followup check`` and the TUI's checklist
screen and editor summary all call ``run_checks``. Every result says pass,
warn, fail or manual, with one line telling the user what to fix and where.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from followup_tui.checks.base import CheckResult, DraftInput, Finding, Status, draft_interviewer
from followup_tui.checks.personal import check_personal
from followup_tui.checks.proofread import check_proofread
from followup_tui.checks.recipient import check_ready
from followup_tui.checks.rules import (
    check_concise,
    check_gratitude,
    check_interest,
    check_subject,
    check_timing,
)
from followup_tui.checks.tone import check_tone
from followup_tui.core.model import Interview
from followup_tui.storage.config import Config, ConfigError
from followup_tui.storage.files import read_text
from followup_tui.storage.paths import Home

__all__ = [
    "CHECKS",
    "MANUAL_ITEMS",
    "before_sending",
    "CheckResult",
    "DraftInput",
    "Finding",
    "Status",
    "current_draft_index",
    "draft_interviewer",
    "failing",
    "load_dictionary",
    "run_checks",
    "score",
    "settings_from_config",
    "summary_line",
]

CHECKS: tuple[Callable[[DraftInput], CheckResult], ...] = (
    check_timing,
    check_subject,
    check_personal,
    check_interest,
    check_gratitude,
    check_concise,
    check_tone,
    check_proofread,
    check_ready,
)

# (id, title, reason): what only the user can check, ticked per draft.
MANUAL_ITEMS: tuple[tuple[str, str, str], ...] = (
    (
        "read-aloud",
        "Read it once aloud",
        "Reading aloud catches clumsy sentences no checker sees.",
    ),
    (
        "name-spelling",
        "Checked the spelling of the interviewer's name",
        "Compare it with their email signature or profile.",
    ),
)
SUMMARY_WIDTH = 60


def run_checks(draft: DraftInput) -> list[CheckResult]:
    """Every check on one draft, in the checklist's order, manual items last."""
    results = [check(draft) for check in CHECKS]
    ticked = set(draft.followup.ticked)
    for item_id, title, reason in MANUAL_ITEMS:
        person = draft_interviewer(draft.interview, draft.followup)
        if item_id == "name-spelling" and person is not None:
            reason = f"Is it really '{person.name}'? Compare with their email signature."
        results.append(CheckResult(item_id, title, Status.MANUAL, reason, ticked=item_id in ticked))
    return results


def score(results: list[CheckResult]) -> tuple[int, int]:
    """(passed, total): passes plus ticked manual items, out of every item."""
    return sum(1 for result in results if result.passed), len(results)


def failing(results: list[CheckResult]) -> list[CheckResult]:
    """The items that fail (listed when confirming a send)."""
    return [result for result in results if result.status is Status.FAIL]


def before_sending(results: list[CheckResult]) -> list[str]:
    """What the send confirmation lists: failing items, then unticked manual ones."""
    lines = [f"{item.title}: {item.reason}" for item in failing(results)]
    lines += [
        f"Not ticked: {item.title}"
        for item in results
        if item.status is Status.MANUAL and not item.ticked
    ]
    return lines


def summary_line(results: list[CheckResult]) -> str:
    """One short line for the editor: "6 of 11 · fix: Subject line, Proofread"."""
    passed, total = score(results)
    head = f"{passed} of {total}"
    fails = failing(results)
    warns = [result for result in results if result.status is Status.WARN]
    untick = [r for r in results if r.status is Status.MANUAL and not r.ticked]
    if fails:
        tail = "fix: " + ", ".join(_counted(result) for result in fails)
    elif warns:
        tail = "check: " + ", ".join(_counted(result) for result in warns)
    elif untick:
        tail = f"tick {len(untick)} manual item{'s' if len(untick) > 1 else ''}"
    else:
        tail = "ready to send"
    line = f"{head} · {tail}"
    if len(line) > SUMMARY_WIDTH:
        line = line[: SUMMARY_WIDTH - 1].rstrip(", ") + "…"
    return line


def _counted(result: CheckResult) -> str:
    """A rule's title, with how many findings it has when there are several."""
    count = len(result.findings)
    return f"{result.title} ({count})" if count > 1 else result.title


def current_draft_index(interview: Interview) -> int | None:
    """Index in ``followups`` of the newest draft, or None when there is none."""
    best: int | None = None
    best_key: float = float("-inf")
    for index, item in enumerate(interview.followups):
        if item.is_sent:
            continue
        moment = item.updated_at or item.created_at
        key = moment.timestamp() if moment is not None else float("-inf")
        if best is None or key >= best_key:
            best, best_key = index, key
    return best


def load_dictionary(home: Home) -> frozenset[str]:
    """Words the user says are right: ``<home>/dictionary.txt``, one a line, # comments."""
    try:
        text = read_text(home.dictionary_file)
    except (OSError, UnicodeDecodeError):
        return frozenset()
    found = set()
    for line in text.splitlines():
        word = line.split("#", 1)[0].strip()
        if word:
            found.add(word.lower())
    return frozenset(found)


SPELLINGS = ("both", "en_GB", "en_US")  # British and American both accepted by default
SETTINGS = {
    "thank_you_max_words": "max_words_thank_you",
    "reminder_max_words": "max_words_reminder",
}


def settings_from_config(config: Config) -> dict[str, Any]:
    """DraftInput keyword arguments from config.toml ([timing] and [checks]).

    Raises ConfigError naming the setting when a [checks] word limit is not a
    positive whole number or ``spelling`` is not both, en_GB or en_US.
    """
    settings: dict[str, Any] = {"timing": config.timing}
    for key, value in config.checks.items():
        if key == "spelling":
            if value not in SPELLINGS:
                raise ConfigError(
                    f"config.toml: checks.spelling must be one of {', '.join(SPELLINGS)}, "
                    f"found {value!r}."
                )
            settings["spelling"] = value
            continue
        if key not in SETTINGS:
            continue
        if isinstance(value, bool) or not isinstance(value, int) or value <= 0:
            raise ConfigError(
                f"config.toml: checks.{key} must be a whole number above 0, found {value!r}."
            )
        settings[SETTINGS[key]] = value
    return settings
