"""Budgets that stop a runaway user template: loop steps, output size, huge values.

Jinja2's sandbox caps ``range()`` at 100,000 items but not nesting, so two
nested loops would run for hours. Every ``{% for %}`` of a template is
wrapped (in the parsed tree, before compiling) in a counter shared by the
whole render; output is produced with ``generate()`` and stopped past a size
cap; ``*`` and ``**`` refuse results that would take megabytes (``"x" *
10**9``); calls refuse huge integer arguments (``"x".center(10**9)``).
Normal templates stay far below every limit at no measurable cost.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from jinja2.sandbox import SandboxedEnvironment

MAX_LOOP_STEPS = 200_000  # all loop iterations of one render together
MAX_OUTPUT = 100_000  # characters of one rendered subject or body
MAX_SIZE = 1_000_000  # characters/items one value may grow to; largest int argument
MAX_EXPONENT = 1_000
BUDGET_NAME = "followup_loop_budget"


class LimitError(Exception):
    """A template went over a budget; the message says which, as a sentence tail."""


class Budget:
    """Counts loop steps of one render."""

    def __init__(self, steps: int = MAX_LOOP_STEPS) -> None:
        self.left = steps

    def iterate(self, iterable: Iterable[Any]) -> Iterator[Any]:
        """Yield from ``iterable``, stopping the render when the budget is spent."""
        for item in iterable:
            self.left -= 1
            if self.left < 0:
                raise LimitError(
                    f"its loops ran more than {MAX_LOOP_STEPS:,} steps; "
                    "loop over fewer items (nested loops multiply)"
                )
            yield item


def _sized(value: object) -> bool:
    return isinstance(value, (str, bytes, list, tuple))


def _check_arguments(args: tuple[Any, ...], kwargs: dict[str, Any]) -> None:
    for value in (*args, *kwargs.values()):
        if isinstance(value, int) and abs(value) > MAX_SIZE:
            raise LimitError(f"a number above {MAX_SIZE:,} cannot be passed to a function")


def _checked(function: Any) -> Any:
    """``function`` refusing huge integer arguments (filters are called directly)."""

    @functools.wraps(function)  # keeps Jinja's pass_context/pass_eval_context marker
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        _check_arguments(args, kwargs)
        return function(*args, **kwargs)

    return wrapper


def limited_environment(**options: Any) -> SandboxedEnvironment:
    """A SandboxedEnvironment whose operators and calls refuse huge values."""
    from jinja2.sandbox import SandboxedEnvironment, safe_range

    class LimitedEnvironment(SandboxedEnvironment):
        """Refuses ``*``/``**`` results and call arguments beyond the limits."""

        intercepted_binops = frozenset(["*", "**"])

        def call_binop(self, context: Any, operator: str, left: Any, right: Any) -> Any:
            if operator == "*":
                for seq, count in ((left, right), (right, left)):
                    if _sized(seq) and isinstance(count, int) and len(seq) * count > MAX_SIZE:
                        raise LimitError(f"a repeated value would exceed {MAX_SIZE:,} characters")
            if operator == "**" and isinstance(right, int) and abs(right) > MAX_EXPONENT:
                raise LimitError(f"an exponent above {MAX_EXPONENT:,} is not allowed")
            return super().call_binop(context, operator, left, right)

        def call(__self, __context: Any, __obj: Any, *args: Any, **kwargs: Any) -> Any:  # noqa: N805
            if __obj is not safe_range:  # range() has its own cap and message
                _check_arguments(args, kwargs)
            return super().call(__context, __obj, *args, **kwargs)

    env = LimitedEnvironment(**options)
    env.filters = {name: _checked(function) for name, function in env.filters.items()}
    return env


def render_limited(env: SandboxedEnvironment, source: str, context: dict[str, Any]) -> str:
    """Render ``source`` with a fresh loop budget and the output cap."""
    from jinja2 import nodes

    tree = env.parse(source)
    if any(name.name == BUDGET_NAME for name in tree.find_all(nodes.Name)):
        raise LimitError(f"the name {BUDGET_NAME} is reserved")
    for loop in tree.find_all(nodes.For):
        wrapped = nodes.Call(nodes.Name(BUDGET_NAME, "load"), [loop.iter], [], None, None)
        wrapped.set_lineno(loop.iter.lineno or loop.lineno)
        wrapped.set_environment(env)
        loop.iter = wrapped
    template = env.from_string(tree)
    budget = Budget()
    chunks: list[str] = []
    size = 0
    for chunk in template.generate({**context, BUDGET_NAME: budget.iterate}):
        size += len(chunk)
        if size > MAX_OUTPUT:
            raise LimitError(f"it produced more than {MAX_OUTPUT:,} characters")
        chunks.append(chunk)
    return "".join(chunks)
