"""The confirmation shown before an email goes out: recipient, subject, problems."""

from __future__ import annotations

from followup_tui.tui.modals.choice_modal import ChoiceModal


class SendConfirmModal(ChoiceModal):
    """Asks "Send this email?" and lists failing and unticked checklist items.

    When a check fails, "Back to the draft" is the default (Enter does not
    send); otherwise "Send" is. Returns ``send`` or ``cancel``.
    """

    def __init__(
        self, to: str, subject: str, problems: list[str] | None = None, *, fails: bool = False
    ) -> None:
        problems = problems or []
        choices = (
            [("cancel", "Back to the draft"), ("send", "Send anyway")]
            if fails
            else [("send", "Send"), ("cancel", "Cancel")]
        )
        super().__init__(
            "Send this email?",
            f"To: {to}\nSubject: {subject}",
            choices,
            details=problems,
            details_title=f"{len(problems)} checklist item(s) not done:" if problems else "",
            about="send",
        )
