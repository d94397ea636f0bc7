"""Email templates: built-in and user Jinja2 templates rendered in a sandbox.

A template file is a header block between ``---`` lines, then the body::

    ---
    description: Thank-you within 24-48 hours
    kind: thank_you            # thank_you | reminder | clarification | custom
    panel: false               # true: meant for one email per panel member
    subject: Thank You - {{ profile.name }} Interview for {{ interview.position }}
    ---
    Dear {{ interviewer.name }},
    ...

Built-in templates ship in ``builtin_templates/``; files in ``<home>/templates``
with the same name override them, other names add to them. Rendering uses a
``SandboxedEnvironment``: a value that is missing (or empty) shows as a visible
placeholder such as ``[a topic you discussed]`` (core/placeholders.py), never a
hole in the email; the checklist fails on it. Jinja2 is imported
lazily so the command line's fast paths never load it.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any

from followup_tui.core.humantime import day_phrase
from followup_tui.core.model import FOLLOWUP_KINDS, SENT_OUTSIDE, Followup, Interview, Interviewer
from followup_tui.core.placeholders import missing_for, placeholder
from followup_tui.storage.files import read_text

if TYPE_CHECKING:
    from jinja2.sandbox import SandboxedEnvironment

    from followup_tui.storage.config import Profile

SUFFIX = ".j2"
HEADER_KEYS = ("description", "kind", "panel", "subject")
BUILTIN_ORDER = ("thank-you", "panel-thank-you", "reminder", "clarification")

# Where to fill in a missing value, by the variable's section.
HINTS = {
    "profile": "set it under [profile] in config.toml",
    "interview": "fill it in on the interview",
    "interviewer": "fill it in on the interviewer",
    "topic": "add a topic you talked about to the interview",
    "previous": "a reminder refers to an earlier email; send or mark the thank-you first",
}


class TemplateError(Exception):
    """A template cannot be read or rendered; one sentence with its name and line."""


@dataclass(frozen=True)
class TemplateInfo:
    """One available template: its header fields and where it came from."""

    name: str
    description: str
    kind: str
    subject: str
    body: str
    panel: bool = False
    path: str = ""
    builtin: bool = True
    body_line: int = 1  # line of the file where the body starts
    subject_line: int = 1


@dataclass(frozen=True)
class Rendered:
    """A filled-in email for one interviewer."""

    template: str
    kind: str
    subject: str
    body: str
    interviewer: str = ""
    to: str = ""


class Section(dict[str, Any]):
    """A context namespace that knows its name, for clear 'not set' errors."""

    def __init__(self, section: str, values: dict[str, Any]) -> None:
        super().__init__({key: value for key, value in values.items() if _filled(value)})
        self._section = section


def _filled(value: object) -> bool:
    return value not in ("", None, [], ())


# -- parsing -------------------------------------------------------------------


def parse_template(text: str, name: str, *, path: str = "", builtin: bool = False) -> TemplateInfo:
    """Split a template file into its header fields and body."""
    where = path or name
    lines = text.splitlines(keepends=True)
    if not lines or lines[0].strip() != "---":
        raise TemplateError(
            f"Template {where} must start with a '---' header block holding its subject."
        )
    header: dict[str, str] = {}
    subject_line = 1
    end = None
    for index, line in enumerate(lines[1:], start=2):
        stripped = line.strip()
        if stripped == "---":
            end = index
            break
        if not stripped or stripped.startswith("#"):
            continue
        key, sep, value = stripped.partition(":")
        key = key.strip()
        if not sep or key not in HEADER_KEYS:
            raise TemplateError(
                f"Template {where}, line {index}: expected one of "
                f"{', '.join(HEADER_KEYS)} as 'key: value', found {stripped[:40]!r}."
            )
        if key != "subject" and " #" in value:
            value = value.split(" #", 1)[0]
        header[key] = value.strip()
        if key == "subject":
            subject_line = index
    if end is None:
        raise TemplateError(f"Template {where}: the header block has no closing '---' line.")
    if not header.get("subject"):
        raise TemplateError(f"Template {where}: the header block needs a 'subject:' line.")
    kind = header.get("kind", "custom")
    if kind not in FOLLOWUP_KINDS:
        raise TemplateError(
            f"Template {where}: kind {kind!r} is not one of {', '.join(FOLLOWUP_KINDS)}."
        )
    panel = header.get("panel", "false").lower()
    if panel not in ("true", "false"):
        raise TemplateError(f"Template {where}: panel must be true or false.")
    return TemplateInfo(
        name=name,
        description=header.get("description", ""),
        kind=kind,
        subject=header["subject"],
        body="".join(lines[end:]),
        panel=panel == "true",
        path=path,
        builtin=builtin,
        body_line=end + 1,
        subject_line=subject_line,
    )


# -- the library ---------------------------------------------------------------


class TemplateLibrary:
    """Built-in templates plus the user's folder (which wins on equal names)."""

    def __init__(self, user_dir: Path | None = None) -> None:
        self.user_dir = user_dir
        self.templates: dict[str, TemplateInfo] = {}
        self.problems: list[str] = []
        self.reload()

    def reload(self) -> None:
        """Read every template again; broken user files become ``problems``."""
        self.templates = {}
        self.problems = []
        folder = resources.files("followup_tui.drafting").joinpath("builtin_templates")
        for entry in sorted(folder.iterdir(), key=lambda item: item.name):
            if entry.name.endswith(SUFFIX):
                name = entry.name[: -len(SUFFIX)]
                text = entry.read_text(encoding="utf-8")
                self.templates[name] = parse_template(text, name, path=name, builtin=True)
        if self.user_dir is None or not self.user_dir.is_dir():
            return
        for path in sorted(self.user_dir.glob(f"*{SUFFIX}")):
            name = path.name[: -len(SUFFIX)]
            try:
                text = read_text(path)
                self.templates[name] = parse_template(text, name, path=str(path))
            except (OSError, UnicodeDecodeError) as error:
                self.problems.append(f"Cannot read template {path}: {error}.")
            except TemplateError as error:
                self.problems.append(str(error))

    def names(self) -> list[str]:
        """Template names, built-in order first (thank-you before the rest)."""

        def key(name: str) -> tuple[int, int, str]:
            builtin = BUILTIN_ORDER.index(name) if name in BUILTIN_ORDER else len(BUILTIN_ORDER)
            return (_KIND_ORDER.get(self.kind_of(name), 9), builtin, name)

        return sorted(self.templates, key=key)

    def kind_of(self, name: str) -> str:
        return self.templates[name].kind if name in self.templates else "custom"

    def get(self, name: str) -> TemplateInfo:
        """The template called ``name``; TemplateError when there is none."""
        try:
            return self.templates[name]
        except KeyError:
            known = ", ".join(self.names())
            raise TemplateError(f"There is no template {name!r}; choose one of {known}.") from None

    def default_for(self, kind: str, *, panel: bool = False) -> str | None:
        """The template to start a ``kind`` email from (the panel one for panels)."""
        exact = "thank-you" if kind == "thank_you" else kind
        if kind == "thank_you" and panel and "panel-thank-you" in self.templates:
            return "panel-thank-you"
        if exact in self.templates and self.templates[exact].kind == kind:
            return exact
        matches = [name for name in self.names() if self.templates[name].kind == kind]
        return matches[0] if matches else None

    def render(self, name: str, context: dict[str, Any]) -> Rendered:
        """Render subject and body of ``name`` with ``context`` in the sandbox."""
        info = self.get(name)
        env = _environment()
        subject = _render(env, info, info.subject, context, info.subject_line - 1)
        subject = " ".join(subject.split())
        body = _render(env, info, info.body, context, info.body_line - 1)
        interviewer = context.get("interviewer")
        return Rendered(
            template=name,
            kind=info.kind,
            subject=subject,
            body=body.strip("\n") + "\n",
            interviewer=interviewer.get("name", "") if isinstance(interviewer, dict) else "",
            to=interviewer.get("email", "") if isinstance(interviewer, dict) else "",
        )

    def render_for(
        self,
        name: str,
        interview: Interview,
        interviewer: Interviewer | None,
        profile: Profile,
        now: datetime,
        previous: Followup | None = None,
    ) -> Rendered:
        """Render ``name`` for one interviewer of ``interview``."""
        return self.render(name, build_context(interview, interviewer, profile, now, previous))

    def render_panel(
        self, name: str, interview: Interview, profile: Profile, now: datetime
    ) -> list[Rendered]:
        """One personalised draft per interviewer (the panel case)."""
        return [
            self.render_for(name, interview, person, profile, now, previous_for(interview, person))
            for person in interview.interviewers
        ]


_KIND_ORDER = {kind: index for index, kind in enumerate(FOLLOWUP_KINDS)}


# -- rendering -----------------------------------------------------------------


def _environment() -> SandboxedEnvironment:
    from jinja2 import StrictUndefined
    from jinja2.utils import missing

    from followup_tui.drafting.limits import limited_environment

    class NamedUndefined(StrictUndefined):
        """Shows a missing recorded value as a visible ``[placeholder]``.

        ``{{ topic }}`` without a topic renders ``[a topic you discussed]``, which
        the checklist fails on; tests (``is defined``, ``if``) see it as absent.
        Other uses (arithmetic, attributes of it), names no interview records
        (a typo) and blocked attributes fail with a message naming them.
        """

        def _variable(self) -> str | None:
            """The recorded value this stands for, when it is one a placeholder exists for."""
            if self._undefined_hint is not None:  # unsafe access and the like: an error
                return None
            owner = self._undefined_obj
            if isinstance(owner, Section):
                variable = f"{owner._section}.{self._undefined_name}"
            elif owner is missing and self._undefined_name:
                variable = str(self._undefined_name)
            else:
                return None
            return variable if missing_for(variable) is not None else None

        # StrictUndefined types these as never returning; here they return for known names.
        def __str__(self) -> str:  # type: ignore[override]
            variable = self._variable()
            if variable is None:
                return str(super().__str__())
            return placeholder(variable)

        def __iter__(self) -> Iterator[Any]:  # type: ignore[override]
            variable = self._variable()
            if variable is None:
                return iter(super().__iter__())
            return iter([placeholder(variable)])

        def __bool__(self) -> bool:  # type: ignore[override]
            if self._variable() is None:
                return bool(super().__bool__())
            return False

        @property
        def _undefined_message(self) -> str:
            owner = self._undefined_obj
            name = self._undefined_name
            if isinstance(owner, Section):
                full = f"{owner._section}.{name}"
                hint = HINTS.get(owner._section, "")
            elif self._undefined_hint is not None:
                return self._undefined_hint
            elif owner is missing:
                full, hint = str(name), HINTS.get(str(name), "")
            else:
                return str(super()._undefined_message)
            return f"{full} is not set" + (f"; {hint}" if hint else "")

    env = limited_environment(
        undefined=NamedUndefined, keep_trailing_newline=True, trim_blocks=True, autoescape=False
    )
    env.filters["join_and"] = join_and
    return env


def _render(
    env: SandboxedEnvironment, info: TemplateInfo, source: str, context: dict[str, Any], offset: int
) -> str:
    import jinja2

    from followup_tui.drafting.limits import LimitError, render_limited

    where = info.path or info.name
    try:
        return render_limited(env, source, context)
    except jinja2.TemplateSyntaxError as error:
        line = (error.lineno or 1) + offset
        raise TemplateError(f"Template {where}, line {line}: {error.message}.") from None
    except jinja2.exceptions.SecurityError as error:
        line = _template_line(sys.exc_info()[2]) + offset
        raise TemplateError(
            f"Template {where}, line {line}: not allowed in a template ({error})."
        ) from None
    except LimitError as error:
        line = _template_line(sys.exc_info()[2]) + offset
        raise TemplateError(f"Template {where}, line {line} was stopped: {error}.") from None
    except jinja2.UndefinedError as error:
        line = _template_line(sys.exc_info()[2]) + offset
        raise TemplateError(f"Template {where}, line {line}: {error}.") from None
    except Exception as error:  # noqa: BLE001 - any failure of user code is one message
        line = _template_line(sys.exc_info()[2]) + offset
        raise TemplateError(
            f"Template {where}, line {line}: {type(error).__name__}: {error}."
        ) from None


def _template_line(tb: Any) -> int:
    """The template line of the innermost frame that belongs to the template."""
    line = 1
    while tb is not None:
        if tb.tb_frame.f_code.co_filename == "<template>":
            line = tb.tb_lineno
        tb = tb.tb_next
    return line


def join_and(items: list[str]) -> str:
    """``a``, ``a and b``, ``a, b and c``."""
    items = [str(item) for item in items]
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]


# -- context -------------------------------------------------------------------


def when_text(moment: datetime, now: datetime) -> str:
    """How the email refers to the interview day when sent at ``now``: today, yesterday, ..."""
    return day_phrase(moment, now)


def long_date(moment: date) -> str:
    return f"{moment.day} {moment:%B %Y}"


def previous_for(interview: Interview, interviewer: Interviewer | None) -> Followup | None:
    """The last sent follow-up to this interviewer (or to everyone), for reminders."""
    name = interviewer.name if interviewer else ""
    email = interviewer.email.lower() if interviewer and interviewer.email else ""
    candidates = [
        item
        for item in interview.sent_followups
        if not name
        or item.interviewer == name
        or (email and email in item.recipients())
        or (not item.interviewer and not item.recipients())
    ]
    dated = [item for item in candidates if item.sent_at is not None]
    return max(dated, key=lambda item: item.sent_at or datetime.min) if dated else None


def build_context(
    interview: Interview,
    interviewer: Interviewer | None,
    profile: Profile,
    now: datetime,
    previous: Followup | None = None,
) -> dict[str, Any]:
    """The variables a template sees; empty values are left out (so they are errors)."""
    people = interview.interviewers
    index = people.index(interviewer) if interviewer in people else 0
    topics = interview.topics
    context: dict[str, Any] = {
        "interview": Section(
            "interview",
            {
                "company": interview.company,
                "position": interview.position,
                "date": long_date(interview.interview_at),
                "weekday": f"{interview.interview_at:%A}",
                "when": when_text(interview.interview_at, now),
                "format": interview.format,
                "location": interview.location,
                "topics": list(topics),
                "initiative": interview.initiative,
                "notes": interview.notes,
            },
        ),
        "interviewer": Section(
            "interviewer",
            {
                "name": interviewer.name if interviewer else "",
                "first_name": interviewer.first_name if interviewer else "",
                "greet": interviewer.greeting_name if interviewer else "",
                "topics": list(interviewer.topics) if interviewer else [],
                "title": interviewer.title if interviewer else "",
                "email": interviewer.email if interviewer else "",
            },
        ),
        "others": [person.name for person in people if person is not interviewer],
        "profile": Section(
            "profile",
            {
                "name": profile.name,
                "email": profile.email,
                "phone": profile.phone,
                "signature": profile.signature or profile.name,
            },
        ),
        "today": long_date(now),
    }
    own = [item for item in (interviewer.topics if interviewer else []) if item.strip()]
    if own:  # what was discussed with this person comes first
        context["topic"] = own[0]
    elif topics:
        context["topic"] = topics[index % len(topics)]
    if previous is not None:
        context["previous"] = Section(
            "previous",
            {
                # A follow-up marked as sent elsewhere has no known subject to quote.
                "subject": "" if previous.subject == SENT_OUTSIDE else previous.subject,
                "date": long_date(previous.sent_at) if previous.sent_at else "",
                "kind": previous.kind.replace("_", "-"),
            },
        )
    return context
