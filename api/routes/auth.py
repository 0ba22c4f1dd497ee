"""Signing in and out, and accepting invitations."""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated

from fastapi import Path, Request, Response, status
from starlette.background import BackgroundTask

from api.contract import resource_router
from api.deps import ContainerDep
from api.identity.signin import SignInResult
from api.policy import performs
from api.principal import SESSION_COOKIE, AnySession, Meta, presented_token
from api.problems import problem, status_of
from api.routes.user_schemas import ActivatedOut, CodeIn, InvitationOut, LoginIn, SetPasswordIn, SignInOut
from api.schemas import NO_NUL
from api.services import Services
from domain.context import Actor
from domain.identity.errors import InvitationUnusable, NotAuthenticated, TooManyAttempts

router = resource_router("/auth", "auth")
SIGN_IN = [performs("session.start", raises=(NotAuthenticated, TooManyAttempts))]
InvitationToken = Annotated[str, Path(max_length=200, pattern=NO_NUL, description="The token of the invitation link")]
FINISH_SIGN_IN = [performs("session.own", raises=(TooManyAttempts,))]
OWN_SESSION = [performs("session.own")]
INVITATION = [performs("invitation.accept", raises=(InvitationUnusable,))]

_NEXT = {
    "mfa": "Send the current code from your authenticator app (or a backup code) to POST /auth/login/mfa.",
    "enrol": "MFA is required for staff: set it up with POST /me/mfa/enrolment.",
    "full": "You are signed in.",
}


def set_session_cookie(container: Services, response: Response, token: str) -> None:
    """The session cookie: HttpOnly, SameSite=Lax, Secure behind https, for the session's longest life."""
    response.set_cookie(
        SESSION_COOKIE,
        token,
        max_age=int(container.identity.deps.lifetimes.absolute.total_seconds()),
        httponly=True,
        samesite="lax",
        secure=str(container.settings.public_url).startswith("https://"),
    )


def _answer(container: Services, response: Response, result: SignInResult) -> SignInOut:
    set_session_cookie(container, response, result.token)
    return SignInOut(stage=result.stage, token=result.token, user_id=result.user_id, next=_NEXT[result.stage])  # type: ignore[arg-type]


def _run_all(records: list[Callable[[], None]]) -> None:
    for record in records:
        record()


@router.post("/login", response_model=SignInOut, dependencies=SIGN_IN)
def login(body: LoginIn, container: ContainerDep, response: Response, meta: Meta) -> SignInOut | Response:
    """Sign in with email and password; staff then send a code (or enrol in MFA)."""
    later: list[Callable[[], None]] = []
    try:
        result = container.identity.signin.login(body.email, body.password, meta, defer=later.append)
    except NotAuthenticated as refused:
        # A refusal is recorded in the user's history once it is answered, so a known email and an
        # unknown one are answered after the same work (docs/security.md, "Timing").
        answer = problem(status_of(NotAuthenticated), refused.title, refused.detail)
        answer.background = BackgroundTask(_run_all, later)
        return answer
    return _answer(container, response, result)


@router.post("/login/mfa", response_model=SignInOut, dependencies=FINISH_SIGN_IN)
def login_mfa(
    body: CodeIn, request: Request, container: ContainerDep, response: Response, meta: Meta, _: AnySession
) -> SignInOut:
    """Finish signing in with a TOTP code or a backup code (each works once)."""
    token = presented_token(request)
    if token is None:  # AnySession already refused a request without a token
        raise NotAuthenticated("Sign in with your email and password first.")
    result = container.identity.signin.complete(token, body.code, meta)
    return _answer(container, response, result)


@router.post("/logout", status_code=status.HTTP_204_NO_CONTENT, dependencies=OWN_SESSION)
def logout(container: ContainerDep, principal: AnySession) -> Response:
    """End this session."""
    identity = container.identity
    ctx = identity.deps.ctx(Actor.user(principal.user_id, principal.role.value))
    identity.sessions.end(ctx, principal.user_id, "signed out", only=principal.session_id)
    response = Response(status_code=status.HTTP_204_NO_CONTENT)
    response.delete_cookie(SESSION_COOKIE)
    return response


@router.get("/invitations/{token}", response_model=InvitationOut, dependencies=INVITATION)
def check_invitation(token: InvitationToken, container: ContainerDep) -> InvitationOut:
    """Whom an invitation link is for; 410 when it expired, was used or replaced."""
    user, expires_at = container.identity.invitations.check(token)
    return InvitationOut(email=user.email, name=user.name, role=user.role, expires_at=expires_at)


@router.post("/invitations/{token}", response_model=ActivatedOut, dependencies=INVITATION)
def accept_invitation(token: InvitationToken, body: SetPasswordIn, container: ContainerDep, meta: Meta) -> ActivatedOut:
    """Set your password from the invitation link; then sign in."""
    user_id = container.identity.invitations.accept(token, body.password, body.password_confirmation, meta)
    return ActivatedOut(user_id=user_id, next="Your password is set. Sign in with POST /auth/login.")
