"""Personal touch: greets this draft's interviewer by name and recalls the conversation.

One distinctive recorded term is enough (a product, a technology, a word of
the topic that is neither a stop word nor a generic one like "team"). The
interviewer's own topics count first, then the interview's and its initiative.
A draft that recalls specific details nobody recorded gets a warning (record
them so the check can see them), not a fail.
"""

from __future__ import annotations

import re

from followup_tui.checks import names
from followup_tui.checks.base import (
    STOPWORDS,
    CheckResult,
    DraftInput,
    Finding,
    Status,
    draft_interviewer,
    first_line_span,
    straight,
    words,
)

TITLE = "Personal touch"
GENERIC = frozenset(
    """team teams role roles position job company work working project projects plan plans
    process interview interviews conversation discussion talk chat opportunity business people
    culture product products thing things way ways time day week great lot also more part use
    using about discussed discuss talked future current next steps goal goals approach vision
    """.split()
)
# Phrases that recall something specific from the interview, recorded or not.
DETAIL = re.compile(
    r"\b(?:you (?:described|mentioned|showed|explained|shared|walked me through)|"
    r"(?:our|the) (?:conversation|discussion|talk|chat|exchange) (?:about|on|of|around)|"
    r"(?:hearing|learning|talking|speaking) (?:about|how)|discussion of|"
    r"the way you|your (?:plan|approach|idea|thoughts) (?:to|for|on))\b",
    re.IGNORECASE,
)


def _stem(word: str) -> str:
    return straight(word).lower().removesuffix("'s")[:5]


def distinctive_terms(text: str, common: set[str]) -> dict[str, str]:
    """Stem -> word for the words of a topic that could only come from it."""
    found: dict[str, str] = {}
    for match in words(text.replace("-", " ")):
        word = straight(match.group()).lower().removesuffix("'s")
        if len(word) < 3 or word in STOPWORDS or word in GENERIC or word in common:
            continue
        found.setdefault(_stem(word), match.group())
    return found


def topics_for(draft: DraftInput) -> list[str]:
    """What was discussed: this interviewer's topics first, then the interview's."""
    person = draft_interviewer(draft.interview, draft.followup)
    own = list(person.topics) if person is not None else []
    items = [*own, *draft.interview.topics, draft.interview.initiative]
    return [item for item in dict.fromkeys(items) if item.strip()]


def check_personal(draft: DraftInput) -> CheckResult:
    """Greets this draft's interviewer by name and refers to something discussed."""
    body = draft.followup.body
    interview = draft.interview
    start, end = first_line_span(body)
    greeting = body[start:end]
    person = draft_interviewer(interview, draft.followup)
    if person is None:
        return CheckResult(
            "personal",
            TITLE,
            Status.WARN,
            "Choose which interviewer this draft is for, so the greeting can be checked.",
        )
    used = names.greeted_as(greeting, person)
    if used is None:
        other = names.greets_other(greeting, person, interview.interviewers)
        text = (
            f"Greets {other.name}, but this draft is for {person.name}."
            if other is not None
            else f"Greet {person.name} by name, e.g. '{names.suggestion(person)}'."
        )
        finding = Finding(
            "greeting", greeting, "body", start, end, names.suggestion(person), Status.FAIL
        )
        return CheckResult(
            "personal", TITLE, Status.FAIL, text, "body", start, end, findings=(finding,)
        )
    subjects = topics_for(draft)
    if not subjects:
        return CheckResult(
            "personal",
            TITLE,
            Status.WARN,
            "No topics recorded for this interview; add one and refer to it.",
        )
    common = {
        straight(match.group()).lower()
        for text in (interview.company, interview.position)
        for match in words(text)
    }
    body_stems = {_stem(match.group()) for match in words(body.replace("-", " "))}
    for item in subjects:
        terms = distinctive_terms(item, common)
        hit = next((word for stem, word in terms.items() if stem in body_stems), None)
        if hit is not None:
            return CheckResult(
                "personal", TITLE, Status.PASS, f"Greets {used} and recalls '{item}'."
            )
    detail = DETAIL.search(body)
    if detail is not None:
        return CheckResult(
            "personal",
            TITLE,
            Status.WARN,
            "Recalls details that are not recorded; record what you discussed so the check "
            "can see it.",
            "body",
            *detail.span(),
            findings=(
                Finding(
                    "unrecorded-topic",
                    detail.group(),
                    "body",
                    *detail.span(),
                    "add it to the interview's topics",
                    Status.WARN,
                ),
            ),
        )
    finding = Finding("no-topic", "", "body", end, end, f"mention {subjects[0]}", Status.FAIL)
    return CheckResult(
        "personal",
        TITLE,
        Status.FAIL,
        f"Refer to something you discussed, e.g. {subjects[0]}.",
        "body",
        end,
        end,
        findings=(finding,),
    )
