"""The pages behind invitation and setup links: set a password, then (staff) set up MFA and keep the backup codes.

Rendered here, from the API process, with no script and nothing loaded from elsewhere. The JSON API
(/auth/invitations/{token}, /me/mfa/...) stays as it is for UIs; these pages use the same identity
services and the same policy (each route declares its action), and answer a refusal as a page.
"""

from __future__ import annotations

from collections.abc import Callable, Coroutine
from typing import Annotated, Any

from fastapi import APIRouter, Form, Request, Response
from fastapi.responses import HTMLResponse, RedirectResponse

from api.contract import ContractRoute
from api.deps import ContainerDep
from api.identity.mfa import qr_code_svg
from api.pages import setup
from api.pages.html import page
from api.policy import performs
from api.principal import AnySession, Meta
from api.problems import status_of
from api.routes.auth import InvitationToken, set_session_cookie
from domain.errors import DomainError, InvalidInput

MFA_PAGE = "/setup/mfa"


class PageRoute(ContractRoute):
    """A page: a refusal (an expired link, no session, ...) is answered as a page too, not as JSON."""

    def get_route_handler(self) -> Callable[[Request], Coroutine[Any, Any, Response]]:
        handler = super().get_route_handler()

        async def as_page(request: Request) -> Response:
            try:
                return await handler(request)
            except DomainError as refused:
                return page(
                    refused.title, setup.problem(refused.title, refused.detail), status=status_of(type(refused))
                )

        return as_page


router = APIRouter(tags=["pages"], route_class=PageRoute, include_in_schema=False)
LINK = [performs("invitation.accept")]
ENROL = [performs("me.enrol_mfa")]
Text = Annotated[str, Form(max_length=256)]


@router.get("/welcome/{token}", response_class=HTMLResponse, dependencies=LINK, include_in_schema=False)
def welcome(token: InvitationToken, container: ContainerDep) -> Response:
    """Who the link is for, and the form that sets the password."""
    user, expires_at = container.identity.invitations.check(token)
    return page("Choose a password", setup.password_form(user, expires_at))


@router.post("/welcome/{token}", response_class=HTMLResponse, dependencies=LINK, include_in_schema=False)
def set_password(
    token: InvitationToken, container: ContainerDep, meta: Meta, password: Text = "", password_confirmation: Text = ""
) -> Response:
    """Set the password; staff go on to set up MFA, signed in for that (a session cookie)."""
    identity = container.identity
    user, expires_at = identity.invitations.check(token)
    try:
        identity.invitations.accept(token, password, password_confirmation, meta)
    except InvalidInput as refused:
        return page("Choose a password", setup.password_form(user, expires_at, refused.detail), status=422)
    signed_in = identity.signin.login(user.email, password, meta)
    if signed_in.stage != "enrol":
        return page("Password set", setup.password_set(user))
    moved = RedirectResponse(MFA_PAGE, status_code=303)
    set_session_cookie(container, moved, signed_in.token)
    return moved


@router.get(MFA_PAGE, response_class=HTMLResponse, dependencies=ENROL, include_in_schema=False)
def mfa_setup(principal: AnySession, container: ContainerDep, meta: Meta) -> Response:
    """A new authenticator secret: its QR code, its key, and the field for the first code."""
    if container.users.get(principal.user_id).mfa_enabled:
        detail = "Your account already has an authenticator app. Sign in with it, or ask an admin to reset it."
        return page("MFA is already on", setup.problem("MFA is already on", detail), status=409)
    enrolment = container.identity.mfa.start_enrolment(principal.user_id, meta)
    return page("Set up MFA", setup.enrolment(qr_code_svg(enrolment.provisioning_uri), enrolment.secret))


@router.post(MFA_PAGE, response_class=HTMLResponse, dependencies=ENROL, include_in_schema=False)
def mfa_confirm(principal: AnySession, container: ContainerDep, meta: Meta, code: Text = "") -> Response:
    """Turn MFA on with the first code; the backup codes are shown this once."""
    mfa = container.identity.mfa
    try:
        codes = mfa.confirm(principal.user_id, principal.session_id, code, meta)
    except InvalidInput as refused:
        pending = mfa.pending(principal.user_id)
        body = setup.enrolment(qr_code_svg(pending.provisioning_uri), pending.secret, refused.detail)
        return page("Set up MFA", body, status=422)
    return page("Your backup codes", setup.backup_codes(container.users.get(principal.user_id), codes))
