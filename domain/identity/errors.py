"""Errors of signing in and access, each with the HTTP status it answers with."""

from __future__ import annotations

from domain.errors import DomainError


class NotAuthenticated(DomainError):
    """No valid session, or wrong credentials."""

    title = "Not authenticated"
    status = 401


class AccessDenied(DomainError):
    """Signed in, but this role or state may not do that."""

    title = "Forbidden"
    status = 403


class InvitationUnusable(DomainError):
    """The invitation link expired, was used, or was replaced by a newer one."""

    title = "Invitation link not valid"
    status = 410


class TooManyAttempts(DomainError):
    """Too many failed sign-ins: wait before trying again."""

    title = "Too many attempts"
    status = 429

    def __init__(self, detail: str, retry_after_seconds: int) -> None:
        super().__init__(detail)
        self.headers = {"Retry-After": str(max(retry_after_seconds, 1))}
