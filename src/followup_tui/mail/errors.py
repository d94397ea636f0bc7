"""The one error every part of sending raises."""


class MailError(Exception):
    """The email could not be built or sent; one sentence saying what and what to do."""
