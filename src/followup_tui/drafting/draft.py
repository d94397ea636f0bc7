"""Drafts: the follow-up being written for one interviewer of one interview.

A draft is a ``model.Followup`` in state ``draft`` inside ``interview.followups``,
identified by (interviewer, kind). These functions find or create it and fill it
from a template; callers save the interview through the store.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from followup_tui.core.model import FOLLOWUP_KINDS, Followup, Interview, Interviewer
from followup_tui.core.placeholders import BY_TEXT, find_missing
from followup_tui.core.schedule import next_action
from followup_tui.drafting.templates import (
    TemplateError,
    TemplateLibrary,
    build_context,
    join_and,
    previous_for,
)
from followup_tui.storage.config import Config


class DraftError(Exception):
    """The draft cannot be made as asked; one sentence for the user."""


def find_draft(interview: Interview, interviewer: str, kind: str) -> Followup | None:
    """The unsent draft for ``interviewer`` (name, or "" for everyone) and ``kind``."""
    for item in interview.followups:
        if not item.is_sent and item.kind == kind and item.interviewer == interviewer:
            return item
    return None


def in_flight_message(interview_id: str) -> str:
    """Why a follow-up caught mid-send by the queue cannot be opened or sent again."""
    return (
        "This follow-up may already have gone out (a queued send was interrupted); "
        "check your Sent folder, then run "
        f"`followup queue resolve {interview_id} --sent` or `--not-sent`."
    )


def owed_kind(interview: Interview, now: datetime, config: Config) -> str:
    """The kind of email the schedule says is owed now (thank-you when nothing is)."""
    action = next_action(interview, now, config.timing)
    return action.kind or "thank_you"


def pick_interviewer(
    interview: Interview, name: str | None, now: datetime, config: Config
) -> Interviewer | None:
    """The interviewer to write to: ``name``, else the first one still owed, else the first."""
    if name:
        person = interview.interviewer_named(name)
        if person is None:
            known = ", ".join(p.name for p in interview.interviewers) or "none recorded"
            raise DraftError(f"{name!r} is not an interviewer of this interview ({known}).")
        return person
    if not interview.interviewers:
        return None
    owed = next_action(interview, now, config.timing).owed_to
    for person in interview.interviewers:
        if person.name in owed:
            return person
    return interview.interviewers[0]


def template_for(library: TemplateLibrary, kind: str, interview: Interview) -> str:
    """The default template name for ``kind`` (the panel thank-you for panels)."""
    name = library.default_for(kind, panel=len(interview.interviewers) > 1)
    if name is None:
        raise DraftError(f"No template of kind {kind}; add one to the templates folder.")
    return name


def fill(
    draft: Followup,
    interview: Interview,
    library: TemplateLibrary,
    template: str,
    config: Config,
    now: datetime,
) -> None:
    """Replace subject and body of ``draft`` with ``template`` rendered for its interviewer.

    Raises TemplateError (with template name and line) and leaves the draft
    untouched when the template cannot be rendered.
    """
    person = interview.interviewer_named(draft.interviewer) if draft.interviewer else None
    # "yesterday", "today" are written for the day it goes out: its scheduled time, else now.
    scheduled = getattr(draft, "send_at", None) or draft.extra.get("send_at")
    sent = scheduled if isinstance(scheduled, datetime) and scheduled > now else now
    rendered = library.render_for(
        template, interview, person, config.profile, sent, previous_for(interview, person)
    )
    draft.subject = rendered.subject
    draft.body = rendered.body
    draft.template = template
    if not draft.to and person is not None and person.email:
        draft.to = person.email
    draft.updated_at = now


def open_draft(
    interview: Interview,
    library: TemplateLibrary,
    config: Config,
    now: datetime,
    *,
    interviewer: str | None = None,
    kind: str | None = None,
    template: str | None = None,
) -> tuple[Followup, str]:
    """Find or create the current draft and return it with a template problem, if any.

    A new draft is added to ``interview.followups`` and filled from ``template``
    (or the default for its kind). When the template fails, the draft is still
    created (empty) and the error sentence is returned so the caller can show
    it; an existing draft is never refilled unless ``template`` is given.
    """
    if kind is not None and kind not in FOLLOWUP_KINDS:
        raise DraftError(f"{kind!r} is not a kind of follow-up ({', '.join(FOLLOWUP_KINDS)}).")
    chosen_kind = kind or owed_kind(interview, now, config)
    person = pick_interviewer(interview, interviewer, now, config)
    name = person.name if person else ""
    draft = find_draft(interview, name, chosen_kind)
    if draft is not None and draft.in_flight:
        raise DraftError(in_flight_message(interview.id))
    problem = ""
    if draft is None:
        draft = Followup(
            kind=chosen_kind,
            interviewer=name,
            to=person.email if person else "",
            created_at=now,
            updated_at=now,
        )
        interview.followups.append(draft)
        template = template or template_for(library, chosen_kind, interview)
    elif not (draft.subject.strip() or draft.body.strip()):
        # Empty (an older version wrote one when its template failed): fill it now.
        template = template or draft.template or template_for(library, chosen_kind, interview)
    if template:
        try:
            fill(draft, interview, library, template, config, now)
        except TemplateError as error:
            draft.template = template
            problem = str(error)
    return draft, problem


def switch_template(
    draft: Followup,
    interview: Interview,
    library: TemplateLibrary,
    template: str,
    config: Config,
    now: datetime,
) -> None:
    """Refill ``draft`` from another template (its kind follows the template's kind)."""
    info = library.get(template)
    fill(draft, interview, library, template, config, now)
    if info.kind != "custom":
        draft.kind = info.kind


def _recorded(variable: str, context: dict[str, Any]) -> str:
    """The value a template would now show for ``variable`` ("" when still missing)."""
    section, _, key = variable.partition(".")
    value = context.get(section)
    if key:
        value = value.get(key) if isinstance(value, dict) else None
    if isinstance(value, list):
        return join_and([str(item) for item in value])
    return str(value) if value not in (None, "") else ""


def fillable(
    draft: Followup, interview: Interview, config: Config, now: datetime
) -> dict[str, str]:
    """Placeholders in ``draft`` whose value is now recorded: {placeholder: value}."""
    person = interview.interviewer_named(draft.interviewer) if draft.interviewer else None
    context = build_context(interview, person, config.profile, now, previous_for(interview, person))
    found: dict[str, str] = {}
    for text in (draft.to, draft.subject, draft.body):
        for item, _start, _end in find_missing(text):
            value = _recorded(BY_TEXT[item.text].variable, context)
            if value:
                found[item.text] = value
    return found


def fill_missing(draft: Followup, values: dict[str, str]) -> None:
    """Put recorded values where the draft shows their placeholders; nothing else changes."""
    for placeholder, value in values.items():
        draft.to = draft.to.replace(placeholder, value)
        draft.subject = draft.subject.replace(placeholder, " ".join(value.split()))
        draft.body = draft.body.replace(placeholder, value)
