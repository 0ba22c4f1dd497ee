"""Who is calling: the session behind a bearer token or the session cookie.

How far sign-in must have got, and which roles may act, is the policy's to say (api/policy.py).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated
from uuid import UUID

from fastapi import Depends, Request
from fastapi.security import APIKeyCookie, HTTPAuthorizationCredentials, HTTPBearer
from starlette.concurrency import run_in_threadpool

from api import one_hop
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


SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


def _origin(url: str) -> str:
    scheme, _, rest = url.partition("://")
    return f"{scheme.lower()}://{rest.split('/', 1)[0].lower()}" if rest else ""


def same_origin(request: Request) -> None:
    """Refuse (403) a cookie-signed request a page of another site made: Origin (or Referer) must be this server."""
    came_from = _origin(request.headers.get("origin", "")) or _origin(request.headers.get("referer", ""))
    ours = {
        _origin(request.app.state.container.settings.public_url),
        _origin(f"{request.url.scheme}://{request.headers.get('host', '')}"),
    }
    if not came_from or came_from not in ours:
        raise AccessDenied(
            "Refused: a request signed in with the session cookie must come from a page of this server "
            f"(Origin {came_from or 'missing'}). Programs send the token as 'Authorization: Bearer <token>' instead."
        )


# Declared so that the OpenAPI document (and the docs' "Authorize" button) shows both ways in.
bearer_scheme = HTTPBearer(auto_error=False, description="The token answered by POST /auth/login.")
cookie_scheme = APIKeyCookie(name=SESSION_COOKIE, auto_error=False, description="Set by POST /auth/login.")


@one_hop.marks
async def current_session(
    request: Request,
    bearer: Annotated[HTTPAuthorizationCredentials | None, Depends(bearer_scheme)],
    cookie: Annotated[str | None, Depends(cookie_scheme)],
) -> Principal:
    """The caller's session at any stage; 401 when there is none.

    Checked against the database on every request (a revoked session fails at once): on a
    one-hop route in the request's hop, on its connection (api/one_hop.py); else on a hop of its own.
    """
    bearer_token = bearer.credentials.strip() if bearer else ""
    token = bearer_token or cookie
    if token is None:
        raise NotAuthenticated(
            "Sign in first: POST /auth/login, then send the token as 'Authorization: Bearer <token>'."
        )
    if not bearer_token and request.method not in SAFE_METHODS:
        same_origin(request)  # a browser sends the cookie with requests other sites make: see where it came from
    work = one_hop.RequestWork.current()
    if work is not None:
        pending: Principal = work.session(lambda: _signed_in(request, token))
        return pending
    return await run_in_threadpool(_signed_in, request, token)


def _signed_in(request: Request, token: str) -> Principal:
    session = request.app.state.container.identity.sessions.authenticate(token)
    return Principal(session.user_id, Role(session.role), session.client_id, session.id, session.stage)


# The caller at any stage of sign-in: only for routes whose declared action checked it (api/policy.py).
AnySession = Annotated[Principal, Depends(current_session)]
