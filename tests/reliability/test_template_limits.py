"""Promise 5: a runaway user template is stopped with one sentence; sandbox escapes are refused."""

from __future__ import annotations

from pathlib import Path

import pytest

from followup_tui.drafting.templates import TemplateError, TemplateLibrary
from followup_tui.storage.config import Profile
from tests.conftest import NOW, make_interview

PROFILE = Profile(name="Sam Lee", email="sam.lee@example.com")
NESTED = "{% for i in range(100000) %}{% for j in range(100000) %}x{% endfor %}{% endfor %}"
SILENT = "{% for i in range(100000) %}{% for j in range(100000) %}{% endfor %}{% endfor %}"


def write_template(folder: Path, name: str, body: str) -> None:
    """A user template file ``<folder>/<name>.j2`` with a plain subject."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / f"{name}.j2").write_text(
        f"---\ndescription: mine\nkind: custom\nsubject: Hi\n---\n{body}", encoding="utf-8"
    )


def render(folder: Path, body: str) -> str:
    """Render ``body`` as a user template; the TemplateError message if it fails."""
    write_template(folder, "mine", body)
    interview = make_interview()
    try:
        library = TemplateLibrary(folder)
        return library.render_for("mine", interview, interview.interviewers[0], PROFILE, NOW).body
    except TemplateError as error:
        return f"ERROR {error}"


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        (NESTED, "line 6 was stopped: it produced more than 100,000 characters."),
        (SILENT, "line 6 was stopped: its loops ran more than 200,000 steps;"),
        (
            "{% for t in interview.topics * 1000 %}{% for i in range(100000) %}"
            "{% endfor %}{% endfor %}",
            "was stopped: its loops ran more than 200,000 steps;",
        ),
        ("\n{{ 'x' * 10**9 }}", "line 7 was stopped: a repeated value would exceed 1,000,000"),
        ("{{ [1] * 10**8 }}", "was stopped: a repeated value would exceed"),
        ("{{ 10 ** 100000 }}", "was stopped: an exponent above 1,000 is not allowed."),
        ("{{ 'x'.center(10**9) }}", "was stopped: a number above 1,000,000 cannot be passed"),
        ("{{ 'x'|center(10**9) }}", "was stopped: a number above 1,000,000 cannot be passed"),
        ("{% set followup_loop_budget = 1 %}", "the name followup_loop_budget is reserved"),
        ("{{ '%999999999s' % 'x' }}", "was stopped: a width or precision above 1,000,000"),
        ("{{ '%.999999999f' % 1.5 }}", "was stopped: a width or precision above 1,000,000"),
        ("{{ '%(a)999999999s' % {'a': 1} }}", "was stopped: a width or precision above"),
        ("{{ '%*s' % (999999999, 'x') }}", "was stopped: a number above 1,000,000 cannot be"),
        ("{{ '%999999999s'|format('x') }}", "was stopped: a width or precision above"),
        ("{{ '{:>999999999}'.format('x') }}", "was stopped: a width or precision above"),
        ("{{ '{:{}}'.format('x', 999999999) }}", "was stopped: a number above 1,000,000"),
        ("{{ '{:{w}}'.format_map({'w': 999999999}) }}", "was stopped: a number above"),
        (
            "{% for x in range(30) recursive %}{% if loop.depth < 7 %}{{ loop(range(30)) }}"
            "{% endif %}{% endfor %}",
            "was stopped: its recursive loops and macros ran more than 20,000 steps; recurse less.",
        ),
        (
            "{% for x in range(30) if x >= 0 recursive %}{% if loop.depth < 7 %}"
            "{{ loop(range(30)) }}{% endif %}{% endfor %}",
            "was stopped: its recursive loops and macros ran more than 20,000 steps",
        ),
        (
            "{% macro f(n) %}{% if n %}{{ f(n - 1) }}{{ f(n - 1) }}{% endif %}{% endmacro %}"
            "{{ f(60) }}",
            "was stopped: its recursive loops and macros ran more than 20,000 steps",
        ),
        ("{{ followup_step() }}", "the name followup_step is reserved"),
        ("{{ ''.__class__.__mro__ }}", "line 6: not allowed in a template"),
        ("{{ cycler.__init__.__globals__ }}", "line 6: not allowed in a template"),
        ("{{ (1).__class__.__subclasses__() }}", "not allowed in a template"),
    ],
    ids=[
        "nested-output",
        "nested-silent",
        "list-times-range",
        "string-repeat",
        "list-repeat",
        "power",
        "center-method",
        "center-filter",
        "reserved",
        "percent-width",
        "percent-precision",
        "percent-named-width",
        "percent-star-width",
        "format-filter-width",
        "str-format-width",
        "str-format-nested-width",
        "format-map-nested-width",
        "recursive-loop",
        "recursive-filtered-loop",
        "macro-recursion",
        "reserved-step",
        "mro",
        "globals",
        "subclasses",
    ],
)
def test_runaway_or_escaping_template_is_one_sentence(
    tmp_path: Path, body: str, expected: str
) -> None:
    message = render(tmp_path, body)
    assert message.startswith(f"ERROR Template {tmp_path / 'mine.j2'}"), message[:200]
    assert expected in message
    assert "\n" not in message and message.endswith(".")


def test_normal_templates_are_not_limited(tmp_path: Path) -> None:
    """Loops, repetition and long output below the limits render as before."""
    body = (
        "{% for t in interview.topics %}{{ t }};{% endfor %}\n"
        "{% for i in range(100) %}{% for j in range(1900) %}{% endfor %}{% endfor %}"
        "{{ '-' * 40 }} {{ 2 ** 10 }} {{ 'x'|center(9) }}\n"
        "{{ 'y' * 90000 }}\n"
        "{{ '%5s|%-3d|%.2f|%%' % ('ab', 7, 1.234) }} {{ '%s!'|format('hi') }}"
        "{{ ' 100%% 1234567890 %s' % 'x' }}"
        " {{ '{:>6}|{:,.2f}'.format('z', 1234.5) }}\n"
        "{% for x in [[1, [2]], 3] recursive %}{% if x is iterable %}{{ loop(x) }}"
        "{% else %}{{ x }}{% endif %}{% endfor %}\n"
        "{% macro twice(n) %}{% if n %}{{ twice(n - 1) }}{{ twice(n - 1) }}{% else %}o"
        "{% endif %}{% endmacro %}{{ twice(10) }}\n"
    )
    out = render(tmp_path, body)
    assert not out.startswith("ERROR"), out[:300]
    assert "-" * 40 + " 1024 " in out and out.count("y") == 90000
    assert "   ab|7  |1.23|% hi! 100% 1234567890 x      z|1,234.50\n" in out  # "%%" is literal
    assert "\n123" + "o" * 1024 + "\n" in out and out.count("o" * 1024) == 1
    library = TemplateLibrary(tmp_path)
    interview = make_interview()
    for name in ("thank-you", "panel-thank-you"):
        rendered = library.render_for(name, interview, interview.interviewers[0], PROFILE, NOW)
        assert rendered.body.startswith("Dear Dana")
