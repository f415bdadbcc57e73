"""Errors that carry a message for the user."""


class ActionRefused(Exception):
    """An action refused by a rule. The message is translated and shown to the user as it is."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message
