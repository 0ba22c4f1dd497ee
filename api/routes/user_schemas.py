"""Request and response shapes of sign-in, /me and /users."""

from __future__ import annotations

from datetime import datetime
from typing import Any, Literal
from uuid import UUID

from pydantic import BaseModel, ConfigDict, Field, field_validator

from api.schemas import NOT_BLANK, Email, Phone, StrictInput
from domain.contact_details import SPACE
from domain.users import Role

# Passwords are taken exactly as typed: surrounding spaces are part of them, never silently removed.
VERBATIM = ConfigDict(str_strip_whitespace=False)


class LoginIn(StrictInput):
    model_config = VERBATIM

    email: str = Field(max_length=320)
    password: str = Field(max_length=256)


class CodeIn(StrictInput):
    code: str = Field(min_length=1, max_length=32, description="A 6-digit TOTP code or a backup code")


class SignInOut(BaseModel):
    """A session token and what to do next: 'mfa' (send a code), 'enrol' (set up MFA) or 'full'."""

    stage: Literal["mfa", "enrol", "full"]
    token: str
    user_id: UUID
    next: str


class InvitationOut(BaseModel):
    """Whom an invitation link is for, and until when it works."""

    email: str
    name: str
    role: Role
    expires_at: datetime


class SetPasswordIn(StrictInput):
    model_config = VERBATIM

    password: str = Field(max_length=256)
    password_confirmation: str = Field(max_length=256)


class ActivatedOut(BaseModel):
    user_id: UUID
    next: str


class ChangePasswordIn(StrictInput):
    model_config = VERBATIM

    current_password: str = Field(min_length=1, max_length=256)
    new_password: str = Field(max_length=256)
    new_password_confirmation: str = Field(max_length=256)


class ProofIn(StrictInput):
    """Confirm it is you before a sensitive change: your password, or a current code from your authenticator app."""

    model_config = ConfigDict(
        str_strip_whitespace=False,
        json_schema_extra={"anyOf": [{"required": ["password"]}, {"required": ["code"]}]},
    )

    password: str = Field(default="", min_length=1, max_length=256, description="Your password")
    code: str = Field(default="", min_length=1, max_length=32, description="A current 6-digit TOTP code")

    @field_validator("password", "code")
    @classmethod
    def not_blank(cls, value: str) -> str:
        if not value.strip():
            raise ValueError("must not be blank")
        return value


class ProfileUpdate(StrictInput):
    name: str | None = Field(default=None, min_length=1, max_length=200)
    job_title: str | None = Field(default=None, max_length=200)
    phone: Phone | None = None


class MeOut(BaseModel):
    """The signed-in user's own account."""

    id: UUID
    email: str
    name: str
    role: Role
    client_id: str
    status: str
    job_title: str
    phone: str
    has_avatar: bool
    mfa_enabled: bool
    mfa_required: bool
    version: int


class EnrolmentOut(BaseModel):
    """Scan the QR code (or type the secret) into an authenticator app, then confirm with a code."""

    secret: str
    provisioning_uri: str
    qr_code_url: str


class BackupCodesOut(BaseModel):
    """Shown once: keep them somewhere safe and offline. Each works once."""

    backup_codes: list[str]
    note: str


class SessionOut(BaseModel):
    id: UUID
    created_at: datetime
    last_seen_at: datetime
    address: str
    user_agent: str
    current: bool


# A client user belongs to one client organisation; staff to none (the domain's rule, stated for the schema).
CLIENT_NEEDS_ORGANISATION: dict[str, Any] = {
    "if": {"properties": {"role": {"const": "client"}}, "required": ["role"]},
    "then": {"properties": {"client_id": {"pattern": NOT_BLANK}}, "required": ["client_id"]},
    "else": {"properties": {"client_id": {"pattern": f"^[{SPACE}]*$"}}},
}


class UserInvite(StrictInput):
    """Whom to invite, with which role; a client user needs their organisation's id."""

    model_config = ConfigDict(json_schema_extra=CLIENT_NEEDS_ORGANISATION)

    email: Email
    name: str = Field(min_length=1, max_length=200)
    role: Role
    client_id: str = Field(default="", max_length=100, description="Required for client users, empty for staff")


class RoleChange(StrictInput):
    """The new role; a client user needs their organisation's id."""

    model_config = ConfigDict(json_schema_extra=CLIENT_NEEDS_ORGANISATION)

    role: Role
    client_id: str = Field(default="", max_length=100, description="Required for client users, empty for staff")


class AccountReasonIn(StrictInput):
    """Why an admin acts on an account (recorded on its event)."""

    reason: str = Field(default="", max_length=500)


class UserOut(BaseModel):
    """An account as the directory shows it (no secrets)."""

    id: UUID
    email: str
    name: str
    role: Role
    client_id: str
    status: str
    mfa_enabled: bool
    job_title: str
    phone: str
    has_avatar: bool = False
    invited_at: datetime
    activated_at: datetime | None
    last_login_at: datetime | None
    version: int


class UserPageOut(BaseModel):
    items: list[UserOut]
    next_cursor: str | None
