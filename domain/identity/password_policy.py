"""What makes a password acceptable."""

from __future__ import annotations

from domain.errors import InvalidInput

MIN_LENGTH = 10
MAX_LENGTH = 256


class WeakPassword(InvalidInput):
    """The password breaks one of the password rules."""

    title = "Password too weak"


def check_password(password: str) -> None:
    """Raise WeakPassword naming the first rule ``password`` breaks."""
    if len(password) < MIN_LENGTH:
        raise WeakPassword(f"The password must be at least {MIN_LENGTH} characters long (it has {len(password)}).")
    if len(password) > MAX_LENGTH:
        raise WeakPassword(f"The password must be at most {MAX_LENGTH} characters long.")
    if not any(c.isalpha() for c in password):
        raise WeakPassword("The password must contain at least one letter.")
    if not any(c.isdigit() for c in password):
        raise WeakPassword("The password must contain at least one digit.")
    if all(c.isalnum() for c in password):
        raise WeakPassword("The password must contain at least one symbol (e.g. ! ? # - _ or a space).")
