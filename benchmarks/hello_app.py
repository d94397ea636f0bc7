# Copied unchanged from the team's shared bench harness (shared/bench/hello_app.py).
"""Minimal Textual app: the practical floor for any Textual app's startup.

Shows a single Static 'Hello'. Used by tui_latency.py as the reference case:

    tui_latency.py --case 'hello::python hello_app.py::Hello'

With --input it also shows a focused Input with the placeholder 'Type here',
which gives a keystroke-latency floor: type one character and wait for the
placeholder to disappear:

    tui_latency.py --case 'hello-input::python hello_app.py --input::Type here::x::!Type here'
"""

import sys

from textual.app import App, ComposeResult
from textual.widgets import Input, Static


class HelloApp(App):
    def __init__(self, with_input: bool = False) -> None:
        super().__init__()
        self.with_input = with_input

    def compose(self) -> ComposeResult:
        yield Static("Hello")
        if self.with_input:
            yield Input(placeholder="Type here")


if __name__ == "__main__":
    HelloApp(with_input="--input" in sys.argv[1:]).run()
