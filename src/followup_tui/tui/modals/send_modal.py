"""The confirmation shown before an email goes out: recipient, subject, problems."""

from __future__ import annotations

from followup_tui.tui.modals.choice_modal import ChoiceModal


class SendConfirmModal(ChoiceModal):
    """Asks "Send this email?" and lists failing checklist items, if any.

    Returns ``send`` or ``cancel``.
    """

    def __init__(self, to: str, subject: str, problems: list[str] | None = None) -> None:
        problems = problems or []
        super().__init__(
            "Send this email?",
            f"To: {to}\nSubject: {subject}",
            [("send", "Send anyway" if problems else "Send"), ("cancel", "Cancel")],
            details=problems,
            details_title=f"{len(problems)} checklist item(s) not met:" if problems else "",
        )
