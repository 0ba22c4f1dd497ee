"""Errors of signing in and access. The API decides how each is answered (api/problems.py)."""

from __future__ import annotations

from domain.errors import DomainError


class NotAuthenticated(DomainError):
    """No valid session, or wrong credentials."""

    title = "Not authenticated"


class AccessDenied(DomainError):
    """Signed in, but this role or state may not do that."""

    title = "Forbidden"


class InvitationUnusable(DomainError):
    """The invitation link expired, was used, or was replaced by a newer one."""

    title = "Invitation link not valid"


class TooManyAttempts(DomainError):
    """Too many failed sign-ins: wait before trying again."""

    title = "Too many attempts"

    def __init__(self, detail: str, retry_after_seconds: int) -> None:
        super().__init__(detail)
        self.retry_after_seconds = max(retry_after_seconds, 1)
