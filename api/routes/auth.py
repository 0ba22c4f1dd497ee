"""Signing in and out, and accepting invitations."""

from __future__ import annotations

from fastapi import APIRouter, Request, Response, status

from api.identity.base import SESSION_IDLE_HOURS
from api.identity.signin import SignInResult
from api.principal import SESSION_COOKIE, AnySession, Meta, presented_token
from api.routes.user_schemas import ActivatedOut, CodeIn, InvitationOut, LoginIn, SetPasswordIn, SignInOut
from domain.context import Actor
from domain.identity.errors import NotAuthenticated

router = APIRouter(prefix="/auth", tags=["auth"])

_NEXT = {
    "mfa": "Send the current code from your authenticator app (or a backup code) to POST /auth/login/mfa.",
    "enrol": "MFA is required for staff: set it up with POST /me/mfa/enrolment.",
    "full": "You are signed in.",
}


def _answer(request: Request, response: Response, result: SignInResult) -> SignInOut:
    secure = str(request.app.state.container.settings.public_url).startswith("https://")
    response.set_cookie(
        SESSION_COOKIE,
        result.token,
        max_age=SESSION_IDLE_HOURS * 3600,
        httponly=True,
        samesite="lax",
        secure=secure,
    )
    return SignInOut(stage=result.stage, token=result.token, user_id=result.user_id, next=_NEXT[result.stage])  # type: ignore[arg-type]


@router.post("/login", response_model=SignInOut)
def login(body: LoginIn, request: Request, response: Response, meta: Meta) -> SignInOut:
    """Sign in with email and password; staff then send a code (or enrol in MFA)."""
    result = request.app.state.container.identity.signin.login(body.email, body.password, meta)
    return _answer(request, response, result)


@router.post("/login/mfa", response_model=SignInOut)
def login_mfa(body: CodeIn, request: Request, response: Response, meta: Meta, _: AnySession) -> SignInOut:
    """Finish signing in with a TOTP code or a backup code (each works once)."""
    token = presented_token(request)
    if token is None:  # AnySession already refused a request without a token
        raise NotAuthenticated("Sign in with your email and password first.")
    result = request.app.state.container.identity.signin.complete(token, body.code, meta)
    return _answer(request, response, result)


@router.post("/logout", status_code=status.HTTP_204_NO_CONTENT)
def logout(request: Request, principal: AnySession) -> Response:
    """End this session."""
    identity = request.app.state.container.identity
    ctx = identity.deps.ctx(Actor.user(principal.user_id, principal.role.value))
    identity.sessions.end(ctx, principal.user_id, "signed out", only=principal.session_id)
    response = Response(status_code=status.HTTP_204_NO_CONTENT)
    response.delete_cookie(SESSION_COOKIE)
    return response


@router.get("/invitations/{token}", response_model=InvitationOut)
def check_invitation(token: str, request: Request) -> InvitationOut:
    """Whom an invitation link is for; 410 when it expired, was used or replaced."""
    user, expires_at = request.app.state.container.identity.invitations.check(token)
    return InvitationOut(email=user.email, name=user.name, role=user.role, expires_at=expires_at)


@router.post("/invitations/{token}", response_model=ActivatedOut)
def accept_invitation(token: str, body: SetPasswordIn, request: Request, meta: Meta) -> ActivatedOut:
    """Set your password from the invitation link; then sign in."""
    user_id = request.app.state.container.identity.invitations.accept(
        token, body.password, body.password_confirmation, meta
    )
    return ActivatedOut(user_id=user_id, next="Your password is set. Sign in with POST /auth/login.")
