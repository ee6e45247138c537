"""Errors a service raises for its caller to show to a user."""


class ValidationError(Exception):
    """Input that breaks a rule; ``errors`` maps each field to its messages."""

    def __init__(self, errors: dict[str, list[str]]):
        super().__init__(errors)
        self.errors = errors


class NotFound(Exception):
    """The object asked for does not exist (or is not reachable from where it was asked)."""


class TooLarge(Exception):
    """An upload over the configured size limit."""
