"""The checklist as the send queue runs it: at the moment the email goes out.

``followup send --at``, the editor's "Send later" and ``followup queue run``
all judge a queued draft with ``now`` set to its send time, so a check that
depends on the moment (the timing window, relative words such as "yesterday")
answers for when the email arrives, not for when it was written.
"""

from __future__ import annotations

from datetime import datetime

from followup_tui.checks import DraftInput, failing, load_dictionary, run_checks
from followup_tui.checks import settings_from_config as settings_of
from followup_tui.core.model import Followup, Interview
from followup_tui.storage.config import Config, ConfigError
from followup_tui.storage.paths import Home


def failures_at(
    interview: Interview, followup: Followup, config: Config, home: Home, moment: datetime
) -> list[tuple[str, str]]:
    """The failing checks of ``followup`` if it went out at ``moment``: (id, "Title: reason")."""
    try:
        settings = settings_of(config)
    except ConfigError as error:
        return [("config", str(error))]
    results = run_checks(
        DraftInput(
            interview=interview,
            followup=followup,
            profile=config.profile,
            now=moment,
            send_at=moment,  # not the follow-up's own send_at: a late run sends later
            dictionary=load_dictionary(home),
            **settings,
        )
    )
    return [(result.id, f"{result.title}: {result.reason}") for result in failing(results)]


class QueueChecks:
    """``failures_at`` bound to a home and its settings, as ``mail.queue.Runner`` wants it."""

    __slots__ = ("config", "home")

    def __init__(self, config: Config, home: Home) -> None:
        self.config = config
        self.home = home

    def __call__(
        self, interview: Interview, followup: Followup, moment: datetime
    ) -> list[tuple[str, str]]:
        return failures_at(interview, followup, self.config, self.home, moment)
