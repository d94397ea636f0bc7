"""Budgets that stop a runaway user template: loop steps, output size, huge values.

Jinja2's sandbox caps ``range()`` at 100,000 items but not nesting, so two
nested loops would run for hours. Every ``{% for %}`` of a template is
wrapped (in the parsed tree, before compiling) in a counter shared by the
whole render; a recursive loop (``loop(children)``), a macro and a
``{% call %}`` block count a step per item or per call, so recursion cannot
multiply work unseen either. Output is produced with ``generate()`` and
stopped past a size cap; ``*`` and ``**`` refuse results that would take
megabytes (``"x" * 10**9``); calls refuse huge integer arguments
(``"x".center(10**9)``); ``%``, the ``format`` filter and ``str.format``
refuse huge widths and precisions (``"%999999999s"``, ``"{:>999999999}"``).
Round two: a render also has a time budget (MAX_SECONDS, checked at every
loop step, call, operator and attribute access the sandbox sees), values
cannot grow past MAX_SIZE by ``+``, ``~`` (string joins are rewritten into a
checked call), ``replace`` or ``join``, integers cannot grow past
MAX_INT_BITS by ``*`` or ``**``, and ``lipsum`` is capped. Every value that
enters an operation is at most MAX_SIZE long, so no single step is slow.
Normal templates stay far below every limit at no measurable cost.
"""

from __future__ import annotations

import functools
import re
import threading
import time
from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING, Any, cast

if TYPE_CHECKING:
    from jinja2.sandbox import SandboxedEnvironment

MAX_LOOP_STEPS = 200_000  # all loop iterations of one render together
MAX_CALLS = 20_000  # recursive-loop items and macro calls: each costs ~50 loop steps
MAX_OUTPUT = 100_000  # characters of one rendered subject or body
MAX_SIZE = 1_000_000  # characters/items one value may grow to; largest int argument
MAX_EXPONENT = 1_000
MAX_SECONDS = 2.0  # one render's time budget
MAX_INT_BITS = 100_000  # about 30,000 digits: far past any date or count
MAX_LIPSUM_WORDS = 10_000
BUDGET_NAME = "followup_loop_budget"
TICK_NAME = "followup_step"
CONCAT_NAME = "followup_concat"
RESERVED = (BUDGET_NAME, TICK_NAME, CONCAT_NAME)
# The budget of the render running in this thread (renders may run in several threads).
_CURRENT = threading.local()
# One printf-style conversion: flags, then width and precision (digits or *).
# "%%" is a literal percent sign, so it is matched first and skipped.
PERCENT_SPEC = re.compile(r"%(?:%|(?:\([^)]*\))?[-#0 +]*(\*|\d+)?(?:\.(\*|\d+))?)")
DIGITS = re.compile(r"\d+")


class LimitError(Exception):
    """A template went over a budget; the message says which, as a sentence tail."""


class Budget:
    """Counts loop steps of one render, and watches its clock."""

    def __init__(self, steps: int = MAX_LOOP_STEPS, calls: int = MAX_CALLS) -> None:
        self.left = steps
        self.calls_left = calls
        self.seconds = MAX_SECONDS
        self.deadline = time.monotonic() + self.seconds

    def check_time(self) -> None:
        if time.monotonic() > self.deadline:
            raise LimitError(f"it took more than {self.seconds:g} seconds; make it simpler")

    def iterate(self, iterable: Iterable[Any]) -> Iterator[Any]:
        """Yield from ``iterable``, stopping the render when the budget is spent."""
        for item in iterable:
            self.left -= 1
            if self.left < 0:
                self.spent()
            self.check_time()
            yield item

    def tick(self) -> bool:
        """Count one item of a recursive loop or one macro call (True: goes in a test)."""
        self.check_time()
        self.calls_left -= 1
        if self.calls_left < 0:
            raise LimitError(
                f"its recursive loops and macros ran more than {MAX_CALLS:,} steps; recurse less"
            )
        return True

    def spent(self) -> None:
        raise LimitError(
            f"its loops ran more than {MAX_LOOP_STEPS:,} steps; "
            "loop over fewer items (nested loops multiply)"
        )


def _sized(value: object) -> bool:
    return isinstance(value, (str, bytes, list, tuple))


def _is_int(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _clock() -> None:
    """Stop the render running in this thread when its time is up."""
    budget: Budget | None = getattr(_CURRENT, "budget", None)
    if budget is not None:
        budget.check_time()


def _too_long(size: int) -> None:
    if size > MAX_SIZE:
        raise LimitError(f"a value would exceed {MAX_SIZE:,} characters or items")


def _check_result(value: Any) -> Any:
    if _sized(value):
        _too_long(len(value))
    return value


def _check_growth(function: Any, args: tuple[Any, ...]) -> None:
    """Refuse ``replace``/``join`` whose result would be huge, before it is built.

    ``args`` are those of the method with its string first (``s.replace(a, b)``
    is ``(s, a, b)``), or those of the filter (``do_replace(eval_ctx, s, a, b)``).
    """
    name = getattr(function, "__name__", "")
    if name in ("do_replace", "do_join"):
        args = args[1:]  # the filters' eval context
    if name in ("replace", "do_replace") and len(args) >= 3:
        text, old, new = args[:3]
        if isinstance(text, str) and isinstance(old, str) and isinstance(new, str):
            count = text.count(old) if old else len(text) + 1
            _too_long(len(text) + count * max(0, len(new) - len(old)))
    elif name in ("join", "do_join") and len(args) >= 1:
        items, separator = (args[1], args[0]) if name == "join" else (args[0], "")
        if name == "do_join" and len(args) >= 2:
            separator = args[1]
        if isinstance(separator, str) and _sized(items):
            joined = sum(len(item) if isinstance(item, str) else 1 for item in items)
            _too_long(len(separator) * max(0, len(items) - 1) + joined)


def concat(*parts: Any) -> str:
    """``a ~ b``, refusing a result past MAX_SIZE (Jinja's own join has no limit)."""
    _clock()
    texts = [str(part) for part in parts]
    _too_long(sum(map(len, texts)))
    return "".join(texts)


def lipsum(n: int = 5, html: bool = True, min: int = 20, max: int = 100) -> Any:  # noqa: A002
    """Jinja's ``lipsum``, capped at MAX_LIPSUM_WORDS words."""
    from jinja2.utils import generate_lorem_ipsum

    if not all(_is_int(value) for value in (n, min, max)) or n * max > MAX_LIPSUM_WORDS:
        raise LimitError(f"lipsum is limited to {MAX_LIPSUM_WORDS:,} words (paragraphs times max)")
    return generate_lorem_ipsum(n=n, html=html, min=min, max=max)


def _check_arguments(args: tuple[Any, ...], kwargs: dict[str, Any]) -> None:
    for value in (*args, *kwargs.values()):
        if isinstance(value, int) and abs(value) > MAX_SIZE:
            raise LimitError(f"a number above {MAX_SIZE:,} cannot be passed to a function")


def _check_percent(template: object, values: object) -> None:
    """Refuse a ``%`` format whose width or precision would build a huge string."""
    if not isinstance(template, str) or "%" not in template:
        return
    starred = False
    for match in PERCENT_SPEC.finditer(template):
        for part in match.groups():
            if part == "*":
                starred = True
            elif part and int(part) > MAX_SIZE:
                raise LimitError(f"a width or precision above {MAX_SIZE:,} is not allowed")
    if starred:
        items = values.values() if isinstance(values, dict) else values
        _check_arguments(tuple(items) if isinstance(items, Iterable) else (items,), {})


def _check_format_spec(template: str) -> None:
    """Refuse a ``str.format`` template whose widths or precisions are huge."""
    import string

    try:
        fields = list(string.Formatter().parse(template))
    except ValueError:
        return  # a malformed template: str.format says what is wrong
    for _text, _name, spec, _conversion in fields:
        for digits in DIGITS.findall(spec or ""):
            if int(digits) > MAX_SIZE:
                raise LimitError(f"a width or precision above {MAX_SIZE:,} is not allowed")


def _checked_format(function: Any) -> Any:
    """The ``format`` filter (``"%s"|format(x)``) with the ``%`` checks."""

    @functools.wraps(function)
    def wrapper(value: Any, *args: Any, **kwargs: Any) -> Any:
        _check_arguments(args, kwargs)
        _check_percent(value, kwargs or args)
        return function(value, *args, **kwargs)

    return wrapper


def _checked(function: Any) -> Any:
    """``function`` refusing huge integer arguments (filters are called directly)."""

    @functools.wraps(function)  # keeps Jinja's pass_context/pass_eval_context marker
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        _clock()
        _check_arguments(args, kwargs)
        _check_growth(function, args)
        return _check_result(function(*args, **kwargs))

    return wrapper


def limited_environment(**options: Any) -> SandboxedEnvironment:
    """A SandboxedEnvironment whose operators and calls refuse huge values."""
    from jinja2.sandbox import SandboxedEnvironment, safe_range

    class LimitedEnvironment(SandboxedEnvironment):
        """Refuses ``*``/``**`` results and call arguments beyond the limits."""

        intercepted_binops = frozenset(["*", "**", "%", "+"])

        def call_binop(self, context: Any, operator: str, left: Any, right: Any) -> Any:
            _clock()
            if operator == "*":
                for seq, count in ((left, right), (right, left)):
                    if _sized(seq) and isinstance(count, int) and len(seq) * count > MAX_SIZE:
                        raise LimitError(f"a repeated value would exceed {MAX_SIZE:,} characters")
                if _is_int(left) and _is_int(right):
                    _check_bits(left.bit_length() + right.bit_length())
            if operator == "**" and isinstance(right, int) and abs(right) > MAX_EXPONENT:
                raise LimitError(f"an exponent above {MAX_EXPONENT:,} is not allowed")
            if operator == "**" and _is_int(left) and _is_int(right) and right > 0:
                _check_bits((abs(left) - 1).bit_length() * right)
            if operator == "+" and _sized(left) and _sized(right):
                _too_long(len(left) + len(right))
            if operator == "%":
                _check_percent(left, right)
            return super().call_binop(context, operator, left, right)

        def getattr(self, obj: Any, attribute: str) -> Any:
            _clock()
            return super().getattr(obj, attribute)

        def getitem(self, obj: Any, argument: Any) -> Any:
            _clock()
            return super().getitem(obj, argument)

        def wrap_str_format(self, value: Any) -> Any:
            wrapped = super().wrap_str_format(value)
            if wrapped is None:
                return None
            _check_format_spec(value.__self__)
            mapping = value.__name__ == "format_map"

            @functools.wraps(wrapped)
            def checked(*args: Any, **kwargs: Any) -> Any:
                if mapping and len(args) == 1 and isinstance(args[0], dict):
                    _check_arguments((), args[0])  # nested widths: "{:{w}}"
                else:
                    _check_arguments(args, kwargs)
                return wrapped(*args, **kwargs)

            return checked

        def call(__self, __context: Any, __obj: Any, *args: Any, **kwargs: Any) -> Any:  # noqa: N805
            _clock()
            if __obj is not safe_range:  # range() has its own cap and message
                _check_arguments(args, kwargs)
                bound = getattr(__obj, "__self__", None)
                _check_growth(__obj, (bound, *args) if isinstance(bound, str) else args)
            return _check_result(super().call(__context, __obj, *args, **kwargs))

    env = LimitedEnvironment(**options)
    env.filters = {name: _checked(function) for name, function in env.filters.items()}
    env.filters["format"] = _checked_format(env.filters["format"].__wrapped__)
    env.globals["lipsum"] = lipsum
    return env


def _check_bits(bits: int) -> None:
    if bits > MAX_INT_BITS:
        raise LimitError(f"a number would grow past {MAX_INT_BITS:,} bits")


def render_limited(env: SandboxedEnvironment, source: str, context: dict[str, Any]) -> str:
    """Render ``source`` with a fresh loop budget and the output cap."""
    from jinja2 import nodes

    tree = env.parse(source)
    for name in tree.find_all(nodes.Name):
        if name.name in RESERVED:
            raise LimitError(f"the name {name.name} is reserved")

    def step(lineno: int) -> nodes.Call:
        call = nodes.Call(nodes.Name(TICK_NAME, "load"), [], [], None, None)
        call.set_lineno(lineno)
        call.set_environment(env)
        return call

    for loop in tree.find_all(nodes.For):
        if loop.recursive:  # loop(children) re-enters with new items: count each item
            if loop.test is not None:
                loop.test = nodes.And(step(loop.lineno), loop.test)
                loop.test.set_lineno(loop.lineno)
            else:
                loop.body.insert(0, nodes.ExprStmt(step(loop.lineno), lineno=loop.lineno))
            continue
        wrapped = nodes.Call(nodes.Name(BUDGET_NAME, "load"), [loop.iter], [], None, None)
        wrapped.set_lineno(loop.iter.lineno or loop.lineno)
        wrapped.set_environment(env)
        loop.iter = wrapped
    for found in tree.find_all((nodes.Macro, nodes.CallBlock)):
        block = cast("nodes.Macro | nodes.CallBlock", found)  # find_all is typed as Node
        block.body.insert(0, nodes.ExprStmt(step(block.lineno), lineno=block.lineno))
    tree = _check_concats(tree, env)
    template = env.from_string(tree)
    budget = Budget()
    chunks: list[str] = []
    size = 0
    names = {BUDGET_NAME: budget.iterate, TICK_NAME: budget.tick, CONCAT_NAME: concat}
    previous = getattr(_CURRENT, "budget", None)
    _CURRENT.budget = budget
    try:
        for chunk in template.generate({**context, **names}):
            size += len(chunk)
            if size > MAX_OUTPUT:
                raise LimitError(f"it produced more than {MAX_OUTPUT:,} characters")
            budget.check_time()
            chunks.append(chunk)
    finally:
        _CURRENT.budget = previous
    return "".join(chunks)


def _check_concats(tree: Any, env: SandboxedEnvironment) -> Any:
    """``tree`` with every ``a ~ b`` rewritten into ``followup_concat(a, b)`` (size-checked)."""
    from jinja2 import nodes
    from jinja2.visitor import NodeTransformer

    class CheckedConcat(NodeTransformer):
        def visit_Concat(self, node: nodes.Concat) -> nodes.Node:  # noqa: N802 - Jinja's name
            self.generic_visit(node)
            call = nodes.Call(nodes.Name(CONCAT_NAME, "load"), node.nodes, [], None, None)
            call.set_lineno(node.lineno)
            call.set_environment(env)
            return call

    return CheckedConcat().visit(tree)
