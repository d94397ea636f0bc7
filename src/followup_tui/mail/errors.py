"""The one error every part of sending raises."""


class MailError(Exception):
    """The email could not be built or sent; one sentence saying what and what to do.

    ``uncertain``: the server may have taken the email anyway (a timeout after
    the data went out, a crash inside smtplib); the queue never retries those.
    """

    def __init__(self, message: str, *, uncertain: bool = False) -> None:
        super().__init__(message)
        self.uncertain = uncertain
