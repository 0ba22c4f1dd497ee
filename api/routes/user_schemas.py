"""Request and response shapes of sign-in, /me and /users."""

from __future__ import annotations

from datetime import datetime
from typing import Literal
from uuid import UUID

from pydantic import BaseModel, Field

from api.schemas import StrictInput
from domain.users import Role


class LoginIn(StrictInput):
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
    password: str = Field(max_length=256)
    password_confirmation: str = Field(max_length=256)


class ActivatedOut(BaseModel):
    user_id: UUID
    next: str


class ChangePasswordIn(StrictInput):
    current_password: str = Field(max_length=256)
    new_password: str = Field(max_length=256)
    new_password_confirmation: str = Field(max_length=256)


class ProfileUpdate(StrictInput):
    name: str | None = Field(default=None, min_length=1, max_length=200)
    job_title: str | None = Field(default=None, max_length=200)
    phone: str | None = Field(default=None, max_length=50, pattern=r"^[0-9+()\-. ]*$")


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


class UserInvite(StrictInput):
    email: str = Field(max_length=320)
    name: str = Field(min_length=1, max_length=200)
    role: Role
    client_id: str = Field(default="", max_length=100, description="Required for client users")


class RoleChange(StrictInput):
    role: Role
    client_id: str = Field(default="", max_length=100)


class ReasonIn(StrictInput):
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
