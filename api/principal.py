"""Who is calling: the session behind a bearer token or the session cookie."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated
from uuid import UUID

from fastapi import Depends, Request
from fastapi.security import APIKeyCookie, HTTPAuthorizationCredentials, HTTPBearer

from api.identity.base import RequestMeta
from domain.context import Actor
from domain.identity.errors import AccessDenied, NotAuthenticated
from domain.users import Role

SESSION_COOKIE = "baton_session"


@dataclass(frozen=True)
class Principal:
    """The signed-in user of a request, with their role and how far sign-in got."""

    user_id: UUID
    role: Role
    client_id: str
    session_id: UUID
    stage: str

    @property
    def actor(self) -> Actor:
        return Actor.user(self.user_id, self.role.value)

    @property
    def is_staff(self) -> bool:
        return self.role in (Role.ADMIN, Role.EMPLOYEE)


def _challenge(detail: str) -> NotAuthenticated:
    error = NotAuthenticated(detail)
    error.headers = {"WWW-Authenticate": 'Bearer realm="baton"'}  # type: ignore[attr-defined]
    return error


def presented_token(request: Request) -> str | None:
    """The session token of the request: ``Authorization: Bearer`` first, then the cookie."""
    header = request.headers.get("authorization", "")
    scheme, _, value = header.partition(" ")
    if scheme.lower() == "bearer" and value.strip():
        return value.strip()
    return request.cookies.get(SESSION_COOKIE) or None


async def request_meta(request: Request) -> RequestMeta:
    """Address, user agent and correlation id, for throttling and the security record."""
    return RequestMeta(
        address=request.client.host if request.client else "",
        user_agent=request.headers.get("user-agent", "")[:300],
        correlation_id=getattr(request.state, "correlation_id", ""),
    )


Meta = Annotated[RequestMeta, Depends(request_meta)]


# Declared so that the OpenAPI document (and the docs' "Authorize" button) shows both ways in.
bearer_scheme = HTTPBearer(auto_error=False, description="The token answered by POST /auth/login.")
cookie_scheme = APIKeyCookie(name=SESSION_COOKIE, auto_error=False, description="Set by POST /auth/login.")


def current_session(
    request: Request,
    bearer: Annotated[HTTPAuthorizationCredentials | None, Depends(bearer_scheme)],
    cookie: Annotated[str | None, Depends(cookie_scheme)],
) -> Principal:
    """The caller's session at any stage; 401 when there is none."""
    token = bearer.credentials.strip() if bearer and bearer.credentials.strip() else cookie
    if token is None:
        raise _challenge("Sign in first: POST /auth/login, then send the token as 'Authorization: Bearer <token>'.")
    try:
        session = request.app.state.container.identity.sessions.authenticate(token)
    except NotAuthenticated as exc:
        raise _challenge(exc.detail) from None
    return Principal(session.user_id, Role(session.role), session.client_id, session.id, session.stage)


AnySession = Annotated[Principal, Depends(current_session)]


async def enrolling(principal: AnySession) -> Principal:
    """Signed in with a password at least: enough to set up MFA."""
    if principal.stage == "mfa":
        raise _challenge("Finish signing in: send the code from your authenticator app to POST /auth/login/mfa.")
    return principal


Enrolling = Annotated[Principal, Depends(enrolling)]


async def signed_in(principal: Enrolling) -> Principal:
    """Fully signed in; staff without MFA may do nothing but enrol."""
    if principal.stage == "enrol":
        raise AccessDenied(
            "Set up multi-factor authentication first: staff accounts can do nothing else until it is on. "
            "Start with POST /me/mfa/enrolment."
        )
    return principal


SignedIn = Annotated[Principal, Depends(signed_in)]
