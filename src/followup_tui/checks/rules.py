"""The guide's rules for a good follow-up, one function per check.

Each takes a DraftInput and returns one CheckResult. They are plain text
heuristics on purpose: fast enough to run on every keystroke pause, and
explainable in one line. Spelling lives in ``proofread.py``, the greeting and
topics in ``personal.py``, the recipient in ``recipient.py``.
"""

from __future__ import annotations

import re
from datetime import timedelta

from followup_tui.checks.base import (
    CheckResult,
    DraftInput,
    Finding,
    Status,
    contains_word,
    first_line_span,
    keywords,
    name_parts,
    paragraphs,
    word_count,
)
from followup_tui.checks.phrases import find_contribution, find_interest, find_thanks
from followup_tui.checks.timewords import stale_phrases
from followup_tui.core.humantime import day_and_time

SUBJECT_MAX = 78
PARAGRAPH_MAX_WORDS = 80
REMINDER_PURPOSE = re.compile(
    r"\b(follow(?:ing)?[- ]?up|checking in|check in|status|update|next steps|re:)", re.I
)
PREVIOUS = re.compile(
    r"\b(previous|earlier|last week|my (?:last |thank[- ]you )?(?:email|note|message)|"
    r"following up|follow up|wrote|reached out)\b",
    re.I,
)
# A subject that says nothing on its own, once "Re:" and punctuation are gone.
VAGUE = frozenset(
    """hi hello hey dear greetings following-up follow-up followup following up checking in
    thank-you thank you thanks update question quick-question quick question interview
    my-interview our-interview re""".split()
) | {
    "following up",
    "follow up",
    "checking in",
    "thank you",
    "quick question",
    "my interview",
    "our interview",
    "just checking in",
    "touching base",
}


def _title_for(kind: str) -> str:
    return "a reminder" if kind == "reminder" else "the thank-you"


def check_timing(draft: DraftInput) -> CheckResult:
    """When it goes out, and whether its timing words ("yesterday") are still true then."""
    result = _timing_window(draft)
    if draft.followup.kind == "reminder" or result.status is Status.FAIL:
        return result
    stale = tuple(stale_phrases(draft.followup.body, draft.interview.interview_at, draft.send_time))
    if not stale:
        return result
    first = stale[0]
    when = "when it goes out" if draft.send_time != draft.now else "today"
    return CheckResult(
        "timing",
        "Timing",
        Status.FAIL,
        f"'{first.text}' is not true {when}; write '{first.suggestion}'.",
        first.field,
        first.start,
        first.end,
        findings=stale,
    )


def _timing_window(draft: DraftInput) -> CheckResult:
    """Thank-you 24-48 h after the interview; a reminder about a week after the last email."""
    title = "Timing"
    interview, now, timing = draft.interview, draft.send_time, draft.timing
    kind = draft.followup.kind
    if kind == "reminder":
        sent = [item.sent_at for item in interview.sent_followups if item.sent_at is not None]
        if not sent:
            return CheckResult(
                "timing", title, Status.FAIL, "Nothing was sent yet; send the thank-you first."
            )
        last = max(sent)
        due = last + timedelta(days=timing.reminder_after_days)
        if now < due:
            return CheckResult(
                "timing",
                title,
                Status.FAIL,
                f"Too soon: your last email went out {day_and_time(last, now)}; wait until "
                f"{due.astimezone(now.tzinfo):%a %d %b}, about a week after it.",
            )
        return CheckResult(
            "timing", title, Status.PASS, "About a week since your last email: a good time."
        )
    ends = interview.ends_at
    if now < ends:
        return CheckResult(
            "timing",
            title,
            Status.FAIL,
            f"The interview has not ended yet; send {_title_for(kind)} after {ends:%a %H:%M}.",
        )
    hours = (now - ends).total_seconds() / 3600
    if hours <= timing.thank_you_ideal_hours:
        return CheckResult(
            "timing",
            title,
            Status.PASS,
            f"Within {timing.thank_you_ideal_hours:g} hours of the interview: well timed.",
        )
    if hours <= timing.thank_you_deadline_hours:
        return CheckResult(
            "timing",
            title,
            Status.PASS,
            f"Send today: the {timing.thank_you_deadline_hours:g}-hour window closes "
            f"{ends + timedelta(hours=timing.thank_you_deadline_hours):%a %H:%M}.",
        )
    return CheckResult(
        "timing",
        title,
        Status.WARN,
        f"Late, but still worth sending: the interview was {hours / 24:.0f} days ago.",
    )


def _position_named(subject: str, position: str) -> bool:
    if not position.strip():
        return True
    if position.lower() in subject.lower():
        return True
    wanted = keywords(position)
    return bool(wanted) and wanted <= keywords(subject)


def _vague(subject: str) -> bool:
    plain = re.sub(r"^(?:\s*(?:re|fwd?|aw)\s*:\s*)+", "", subject, flags=re.I)
    plain = re.sub(r"[^\w\s'-]+", " ", plain).strip().lower()
    plain = re.sub(r"\s+", " ", plain)
    return not plain or plain in VAGUE or len(keywords(plain)) == 0


def check_subject(draft: DraftInput) -> CheckResult:
    """Present, specific and naming the position; thanks / follow-up and the sender's name help."""
    title = "Subject line"
    subject = draft.followup.subject.strip()
    name = draft.profile.name.strip()
    position = draft.interview.position.strip()
    example = f"Thank You - {name or 'Your Name'} Interview for {position or 'the role'}"
    end = len(draft.followup.subject)

    def result(status: Status, reason: str, start: int = 0, kind: str = "subject") -> CheckResult:
        finding = Finding(kind, "", "subject", start, end, example, status)
        return CheckResult(
            "subject", title, status, reason, "subject", start, end, findings=(finding,)
        )

    if not subject:
        return result(Status.FAIL, f"Add a subject, e.g. '{example}'.")
    if _vague(subject):
        return result(Status.FAIL, f"'{subject}' is too vague; say what it is, e.g. '{example}'.")
    if not _position_named(subject, position):
        return result(Status.FAIL, f"Name the position ({position}), e.g. '{example}'.")
    if draft.followup.kind == "reminder":
        if not (REMINDER_PURPOSE.search(subject) or find_thanks(subject)):
            return result(Status.WARN, "Say that you are following up, e.g. 'Following up - ...'.")
    elif draft.followup.kind == "thank_you" and not find_thanks(subject):
        return result(Status.WARN, f"A thank-you usually says so, e.g. '{example}'.")
    if not name:
        return CheckResult(
            "subject",
            title,
            Status.WARN,
            "Set your name in config.toml ([profile] name) so it can be checked here.",
        )
    if not any(contains_word(subject, part) for part in name_parts(name)):
        return result(Status.WARN, f"Add your name ({name}).")
    if len(subject) > SUBJECT_MAX:
        return result(
            Status.WARN,
            f"{len(subject)} characters; phones cut it at about {SUBJECT_MAX}. Shorten it.",
            SUBJECT_MAX,
        )
    return CheckResult("subject", title, Status.PASS, "Clear: the position and your name.")


def check_interest(draft: DraftInput) -> CheckResult:
    """Still interested, and (thank-you) how they would contribute; (reminder) recalls the email."""
    title = "Continued interest"
    body = draft.followup.body
    end = len(body)
    withdrawn, found = find_interest(body)
    if withdrawn and found is not None:
        finding = Finding("interest", found.group(), "body", *found.span(), "", Status.FAIL)
        return CheckResult(
            "interest",
            title,
            Status.FAIL,
            f"'{found.group()}' says you are no longer interested; is this the email you "
            "mean to send?",
            "body",
            *found.span(),
            findings=(finding,),
        )
    if found is None:
        finding = Finding("interest", "", "body", end, end, "I remain very interested")
        return CheckResult(
            "interest",
            title,
            Status.FAIL,
            "Say you are still interested in the role, e.g. 'I remain very interested'.",
            "body",
            end,
            end,
            findings=(finding,),
        )
    if draft.followup.kind == "reminder":
        if not PREVIOUS.search(body):
            return CheckResult(
                "interest",
                title,
                Status.WARN,
                "Remind them of your previous email, e.g. 'Following up on my note of ...'.",
                "body",
                end,
                end,
            )
        return CheckResult("interest", title, Status.PASS, "Still interested; recalls your email.")
    if find_contribution(body) is None:
        return CheckResult(
            "interest",
            title,
            Status.WARN,
            "Add how you would contribute to the team or a project you discussed.",
            "body",
            end,
            end,
        )
    return CheckResult("interest", title, Status.PASS, "Interest and contribution are clear.")


def check_gratitude(draft: DraftInput) -> CheckResult:
    """Thanks the interviewer for their time."""
    title = "Gratitude"
    body = draft.followup.body
    if find_thanks(body):
        return CheckResult("gratitude", title, Status.PASS, "Thanks them for their time.")
    status = Status.WARN if draft.followup.kind == "reminder" else Status.FAIL
    start, end = first_line_span(body)
    finding = Finding("gratitude", "", "body", end, end, "Thank you for meeting with me", status)
    return CheckResult(
        "gratitude",
        title,
        status,
        "Thank them for their time, e.g. 'Thank you for meeting with me'.",
        "body",
        end,
        end,
        findings=(finding,),
    )


def check_concise(draft: DraftInput) -> CheckResult:
    """Within the word limit, with short paragraphs."""
    title = "Concise"
    body = draft.followup.body
    limit = (
        draft.max_words_reminder if draft.followup.kind == "reminder" else draft.max_words_thank_you
    )
    count = word_count(body)
    if count == 0:
        return CheckResult("concise", title, Status.FAIL, "The email is empty.", "body", 0, 0)
    if count > limit:
        return CheckResult(
            "concise",
            title,
            Status.FAIL,
            f"{count} words; cut it to {limit} or fewer.",
            "body",
            0,
            len(body),
        )
    for number, (start, end) in enumerate(paragraphs(body), 1):
        words_in = word_count(body[start:end])
        if words_in > PARAGRAPH_MAX_WORDS:
            return CheckResult(
                "concise",
                title,
                Status.WARN,
                f"Paragraph {number} has {words_in} words; split it (aim for under "
                f"{PARAGRAPH_MAX_WORDS}).",
                "body",
                start,
                end,
            )
    return CheckResult("concise", title, Status.PASS, f"{count} words (limit {limit}).")
