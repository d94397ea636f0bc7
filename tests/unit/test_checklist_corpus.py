"""The checklist on the project's labelled corpus (``tests/data/checklist``).

Every case says what each rule should answer; this test runs the real
checklist on each, prints the agreement per rule, and fails when a rule agrees
on fewer than 95% of the cases or when any good draft gets a failing verdict.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from followup_tui.checks import CHECKS, DraftInput, Status
from followup_tui.core.model import Followup, Interview
from followup_tui.storage.config import Profile

CORPUS = Path(__file__).parent.parent / "data" / "checklist"
RULES = (
    "timing",
    "subject",
    "personal",
    "interest",
    "gratitude",
    "concise",
    "tone",
    "proofread",
    "ready",
)
THRESHOLD = 0.95


@dataclass(frozen=True)
class Case:
    """One labelled draft."""

    name: str
    label: str
    draft: DraftInput
    expect: dict[str, str]


def load_case(path: Path) -> Case:
    """A case file read into the checklist's own input."""
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    interview = Interview.from_dict(data["interview"], id=path.stem)
    followup = Followup.from_dict(data["draft"], "draft.")
    now = data["now"]
    assert isinstance(now, datetime)
    draft = DraftInput(
        interview=interview,
        followup=followup,
        profile=Profile(**data.get("profile", {})),
        now=now,
    )
    expect = {rule: data.get("expect", {}).get(rule, "pass") for rule in RULES}
    assert data["label"] in ("good", "bad"), path
    return Case(path.stem, data["label"], draft, expect)


def cases() -> list[Case]:
    """Every case of the corpus, in file order."""
    return [load_case(path) for path in sorted(CORPUS.glob("*.toml"))]


def verdicts(case: Case) -> dict[str, str]:
    """What each rule answers on the case's draft."""
    return {result.id: result.status.value for result in (check(case.draft) for check in CHECKS)}


def test_the_corpus_is_big_and_balanced() -> None:
    corpus = cases()
    good = [case for case in corpus if case.label == "good"]
    assert len(corpus) >= 40
    assert abs(len(good) - len(corpus) / 2) <= 2
    for case in corpus:
        unknown = set(tomllib.loads((CORPUS / f"{case.name}.toml").read_text()).get("expect", {}))
        assert unknown <= set(RULES), case.name
        if case.label == "bad":
            assert any(value == "fail" for value in case.expect.values()), case.name
        else:
            assert "fail" not in case.expect.values(), case.name


def test_agreement_per_rule_and_no_failing_good_draft() -> None:
    corpus = cases()
    agree = dict.fromkeys(RULES, 0)
    misses: list[str] = []
    good_failures: list[str] = []
    for case in corpus:
        got = verdicts(case)
        for rule in RULES:
            if got[rule] == case.expect[rule]:
                agree[rule] += 1
            else:
                misses.append(f"{case.name}: {rule} said {got[rule]}, expected {case.expect[rule]}")
            if case.label == "good" and got[rule] == Status.FAIL.value:
                good_failures.append(f"{case.name}: {rule}")
    table = [
        f"{rule:<10} {agree[rule]:>3}/{len(corpus)}  {agree[rule] / len(corpus):.1%}"
        for rule in RULES
    ]
    total = sum(agree.values()) / (len(corpus) * len(RULES))
    report = "\n".join([*table, f"overall    {total:.1%}", *misses])
    print("\n" + report)
    assert good_failures == [], report
    low = [rule for rule in RULES if agree[rule] / len(corpus) < THRESHOLD]
    assert low == [], report
