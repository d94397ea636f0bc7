"""The guide's rules for a good follow-up, one function per check.

Each takes a DraftInput and returns one CheckResult. They are plain text
heuristics on purpose: fast enough to run on every keystroke pause, and
explainable in one line. Spelling lives in ``proofread.py``.
"""

from __future__ import annotations

import re
from datetime import timedelta

from followup_tui.checks.base import (
    CheckResult,
    DraftInput,
    Status,
    contains_word,
    draft_interviewer,
    first_line_span,
    keywords,
    mentions,
    name_parts,
    paragraphs,
    word_count,
)
from followup_tui.core.humantime import day_and_time

SUBJECT_MAX = 78
PARAGRAPH_MAX_WORDS = 80
THANKS = re.compile(r"\b(thank|thanks|thankful|grateful|gratitude|appreciat\w*)\b", re.I)
REMINDER_PURPOSE = re.compile(
    r"\b(follow(?:ing)?[- ]?up|checking in|check in|status|update|next steps|re:)", re.I
)
INTEREST = re.compile(
    r"\b(interest(?:ed)?|enthusias\w*|excit\w*|eager\w*|keen|passionate|motivated|"
    r"look(?:ing)? forward to (?:joining|working|contributing))\b",
    re.I,
)
CONTRIBUTE = re.compile(
    r"\b(contribut\w*|bring(?:ing)? my|help(?:ing)? (?:the|your) team|add value|"
    r"apply my|put my|build(?:ing)? on|work(?:ing)? on)\b",
    re.I,
)
PREVIOUS = re.compile(
    r"\b(previous|earlier|last week|my (?:last |thank[- ]you )?(?:email|note|message)|"
    r"following up|follow up|wrote|reached out)\b",
    re.I,
)
GREETING = re.compile(r"^\s*(dear|hello|hi|good (?:morning|afternoon|evening))\b", re.I)
EMAIL = re.compile(r"^[^@\s,;<>\"]+@[^@\s,;<>\"]+\.[A-Za-z]{2,}$")


def _title_for(kind: str) -> str:
    return "a reminder" if kind == "reminder" else "the thank-you"


def check_timing(draft: DraftInput) -> CheckResult:
    """Thank-you 24-48 h after the interview; a reminder about a week after the last email."""
    title = "Timing"
    interview, now, timing = draft.interview, draft.now, draft.timing
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


def check_subject(draft: DraftInput) -> CheckResult:
    """Present, says why (thanks / follow-up), names the position and the sender, short."""
    title = "Subject line"
    subject = draft.followup.subject.strip()
    name = draft.profile.name.strip()
    position = draft.interview.position.strip()
    example = f"Thank You - {name or 'Your Name'} Interview for {position or 'the role'}"
    if not subject:
        return CheckResult(
            "subject", title, Status.FAIL, f"Add a subject, e.g. '{example}'.", "subject", 0, 0
        )
    missing: list[str] = []
    if draft.followup.kind == "reminder":
        if not (REMINDER_PURPOSE.search(subject) or THANKS.search(subject)):
            missing.append("that you are following up")
    elif not THANKS.search(subject):
        missing.append("thanks")
    if not _position_named(subject, position):
        missing.append(f"the position ({position})")
    end = len(draft.followup.subject)
    if missing:
        return CheckResult(
            "subject", title, Status.FAIL, f"Mention {' and '.join(missing)}.", "subject", 0, end
        )
    if not name:
        return CheckResult(
            "subject",
            title,
            Status.WARN,
            "Set your name in config.toml ([profile] name) so it can be checked here.",
        )
    if not any(contains_word(subject, part) for part in name_parts(name)):
        return CheckResult(
            "subject", title, Status.WARN, f"Add your name ({name}).", "subject", 0, end
        )
    if len(subject) > SUBJECT_MAX:
        return CheckResult(
            "subject",
            title,
            Status.WARN,
            f"{len(subject)} characters; phones cut it at about {SUBJECT_MAX}. Shorten it.",
            "subject",
            SUBJECT_MAX,
            end,
        )
    return CheckResult("subject", title, Status.PASS, "Clear: thanks, position and your name.")


def check_personal(draft: DraftInput) -> CheckResult:
    """Greets this draft's interviewer by name and refers to something discussed."""
    title = "Personal touch"
    body = draft.followup.body
    interview = draft.interview
    start, end = first_line_span(body)
    greeting = body[start:end]
    person = draft_interviewer(interview, draft.followup)
    if person is None:
        return CheckResult(
            "personal",
            title,
            Status.WARN,
            "Choose which interviewer this draft is for, so the greeting can be checked.",
        )
    greets = any(contains_word(greeting, part) for part in name_parts(person.name))
    if not greets:
        for other in interview.interviewers:
            if other.name != person.name and any(
                contains_word(greeting, part) for part in name_parts(other.name)
            ):
                return CheckResult(
                    "personal",
                    title,
                    Status.FAIL,
                    f"Greets {other.name}, but this draft is for {person.name}.",
                    "body",
                    start,
                    end,
                )
        return CheckResult(
            "personal",
            title,
            Status.FAIL,
            f"Greet {person.name} by name, e.g. 'Dear {person.first_name},'.",
            "body",
            start,
            end,
        )
    subjects = [*interview.topics, interview.initiative]
    subjects = [item for item in subjects if item.strip()]
    if not subjects:
        return CheckResult(
            "personal",
            title,
            Status.WARN,
            "No topics recorded for this interview; add one and refer to it.",
        )
    stems = keywords(body)
    if not any(mentions(stems, item) for item in subjects):
        return CheckResult(
            "personal",
            title,
            Status.FAIL,
            f"Refer to something you discussed, e.g. {subjects[0]}.",
            "body",
            end,
            end,
        )
    return CheckResult(
        "personal", title, Status.PASS, f"Greets {person.first_name} and recalls your talk."
    )


def check_interest(draft: DraftInput) -> CheckResult:
    """Still interested, and (thank-you) how they would contribute; (reminder) recalls the email."""
    title = "Continued interest"
    body = draft.followup.body
    end = len(body)
    if not INTEREST.search(body):
        return CheckResult(
            "interest",
            title,
            Status.FAIL,
            "Say you are still interested in the role, e.g. 'I remain very interested'.",
            "body",
            end,
            end,
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
    if not CONTRIBUTE.search(body):
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
    if THANKS.search(body):
        return CheckResult("gratitude", title, Status.PASS, "Thanks them for their time.")
    status = Status.WARN if draft.followup.kind == "reminder" else Status.FAIL
    start, end = first_line_span(body)
    return CheckResult(
        "gratitude",
        title,
        status,
        "Thank them for their time, e.g. 'Thank you for meeting with me'.",
        "body",
        end,
        end,
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


def check_ready(draft: DraftInput) -> CheckResult:
    """A valid recipient address and a signature with the sender's name."""
    title = "Ready to send"
    followup = draft.followup
    recipients = [part.strip() for part in followup.to.split(",") if part.strip()]
    if not recipients:
        return CheckResult(
            "ready", title, Status.FAIL, "Add the recipient's email address.", "to", 0, 0
        )
    for part in recipients:
        if not EMAIL.match(part):
            start = followup.to.find(part)
            return CheckResult(
                "ready",
                title,
                Status.FAIL,
                f"'{part}' is not an email address; fix the To: field.",
                "to",
                start,
                start + len(part),
            )
    name = draft.profile.name.strip()
    body = followup.body
    if not name:
        return CheckResult(
            "ready",
            title,
            Status.WARN,
            "Set your name in config.toml ([profile] name) so the signature can be checked.",
        )
    tail_start = max(0, len(body.rstrip()) - 200)
    tail = body[tail_start:]
    if not any(contains_word(tail, part) for part in name_parts(name)):
        end = len(body.rstrip())
        return CheckResult(
            "ready",
            title,
            Status.FAIL,
            f"Sign it with your name, e.g. 'Warm regards,' then '{name}'.",
            "body",
            end,
            end,
        )
    person = draft_interviewer(draft.interview, followup)
    lowered = [part.lower() for part in recipients]
    if person is not None and person.email and person.email.strip().lower() not in lowered:
        return CheckResult(
            "ready",
            title,
            Status.WARN,
            f"Goes to {followup.to}, but {person.name}'s address is {person.email}.",
            "to",
            0,
            len(followup.to),
        )
    return CheckResult("ready", title, Status.PASS, f"To {followup.to}, signed {name}.")
