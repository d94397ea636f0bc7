"""The key a binding has now (after the user's ``[keys]`` remap), for hints and the palette."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any

from textual.binding import Binding, BindingType

if TYPE_CHECKING:
    from textual.app import App


def shown_keys(app: App[Any], binding: Binding, keymap: Mapping[str, str]) -> str:
    """The binding's keys as the footer shows them, e.g. ``^n`` or ``enter, ^o``."""
    keys = keymap.get(binding.id or "", binding.key)
    return ", ".join(app.get_key_display(Binding(key.strip(), "")) for key in keys.split(","))


def binding_rows(
    app: App[Any], bindings: Iterable[BindingType], keymap: Mapping[str, str]
) -> list[tuple[Binding, str]]:
    """Every binding with the key it has now."""
    return [
        (binding, shown_keys(app, binding, keymap))
        for binding in bindings
        if isinstance(binding, Binding)
    ]


def key_of(
    app: App[Any], bindings: Iterable[BindingType], action: str, keymap: Mapping[str, str]
) -> str:
    """The key shown for ``action`` among ``bindings`` ("" when it has none)."""
    for binding, key in binding_rows(app, bindings, keymap):
        if binding.action == action:
            return key
    return ""
