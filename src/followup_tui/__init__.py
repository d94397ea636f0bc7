"""followup-tui: never miss the follow-up email after an interview.

The package root stays tiny: the CLI imports it on every call (including the
tmux status line), so nothing heavy may be imported here.
"""

__version__ = "0.1.0"
