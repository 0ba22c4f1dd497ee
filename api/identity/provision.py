"""Create a ready-to-use account with a session in one call: for tests, benchmarks and demos.

It walks the same path a person does (invitation, password, sign-in, MFA
enrolment), only without email, and returns a bearer token.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from uuid import UUID, uuid4

import pyotp

from api.identity.base import RequestMeta
from api.identity.service import Identity
from domain.context import Actor
from domain.users import Invitation, Role


@dataclass(frozen=True)
class ProvisionedUser:
    """An active user, signed in: ``token`` works as ``Authorization: Bearer <token>``."""

    user_id: UUID
    email: str
    password: str
    role: Role
    token: str
    totp_secret: str
    backup_codes: list[str]


def provision_user(  # noqa: PLR0913
    identity: Identity,
    *,
    role: Role | str = Role.ADMIN,
    email: str | None = None,
    name: str = "Test User",
    password: str | None = None,
    client_id: str = "",
    with_mfa: bool | None = None,
) -> ProvisionedUser:
    """Invite, activate and sign in a user; staff (and clients if ``with_mfa``) enrol in MFA.

    Without ``password`` the user gets a new random one (answered in ``ProvisionedUser.password``).
    """
    role = Role(role)
    password = password or new_password()
    email = email or f"{role.value}-{uuid4().hex[:10]}@example.com"
    if role is Role.CLIENT and not client_id:
        client_id = str(uuid4())
    ctx = identity.deps.ctx(Actor.system("provision"))
    result = identity.deps.users.invite(
        ctx, Invitation(email=email, name=name, role=role, client_id=client_id, send_email=False)
    )
    token, _ = identity.invitations.issue_token(result.id, 1)
    meta = RequestMeta(address="127.0.0.1", user_agent="provision")
    identity.invitations.accept(token, password, password, meta)
    signed_in = identity.signin.login(email, password, meta)
    secret, codes = "", []
    if with_mfa if with_mfa is not None else role is not Role.CLIENT:
        enrolment = identity.mfa.start_enrolment(result.id, meta)
        secret = enrolment.secret
        code = pyotp.TOTP(secret).at(identity.deps.clock())
        codes = identity.mfa.confirm(result.id, signed_in.session_id, code, meta)
    return ProvisionedUser(result.id, email, password, role, signed_in.token, secret, codes)


def new_password() -> str:
    """A random password that meets the password policy (a letter, a digit and a symbol, 10+ characters)."""
    return f"{secrets.token_urlsafe(15)}-7k"


def staff_token(identity: Identity, role: Role | str = Role.ADMIN) -> str:
    """A bearer token of a new, fully signed-in staff user (admin by default)."""
    return provision_user(identity, role=role).token
