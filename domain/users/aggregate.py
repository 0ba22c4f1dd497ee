"""The User aggregate: an account's invitation, activation, MFA, role and sign-ins."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from uuid import UUID

from domain.aggregate import BatonAggregate
from domain.contact_details import check_phone
from domain.context import CommandContext
from domain.errors import InvalidInput, RuleViolation
from domain.users.roles import STAFF_ROLES, Role, UserStatus, check_role, normalise_email


@dataclass(frozen=True)
class Invitation:
    """Who is invited, with which role (and for a client user, which organisation)."""

    email: str
    name: str
    role: Role
    client_id: str = ""
    send_email: bool = True


class User(BatonAggregate):
    """A person who can sign in to Baton."""

    TOPIC = "baton.user.User"
    # Version 2 remembers whether the account was ever activated (for a reactivation).
    class_version = 2

    @staticmethod
    def upcast_v1_v2(state: dict[str, Any]) -> None:
        state["activated"] = state.get("_status") in (UserStatus.ACTIVE.value, UserStatus.DEACTIVATED.value)

    class Event(BatonAggregate.Event):
        """Base of the user's events."""

    class Invited(Event, BatonAggregate.Created):
        """An admin invited someone (or the first admin was created from the command line)."""

        TOPIC = "baton.user.Invited"
        email: str
        name: str
        role: str
        client_id: str
        send_email: bool

    Created = Invited

    class InvitationResent(Event):
        """A new invitation replaced the previous one (whose link stops working)."""

        TOPIC = "baton.user.InvitationResent"
        # Version 2 says whether an email carries the new link (the command line prints it instead).
        class_version = 2
        invitation: int
        send_email: bool

        @staticmethod
        def upcast_v1_v2(state: dict[str, Any]) -> None:
            state["send_email"] = True

        def apply(self, aggregate: User) -> None:
            aggregate.invitation = self.invitation
            aggregate._status = UserStatus.INVITED.value

    class InvitationRevoked(Event):
        """The invitation was withdrawn before it was accepted."""

        TOPIC = "baton.user.InvitationRevoked"
        reason: str

        def apply(self, aggregate: User) -> None:
            aggregate._status = UserStatus.REVOKED.value

    class InvitationAccepted(Event):
        """The invited person set a password: the account is active."""

        TOPIC = "baton.user.InvitationAccepted"
        invitation: int

        def apply(self, aggregate: User) -> None:
            aggregate._status = UserStatus.ACTIVE.value
            aggregate.activated = True

    class PasswordChanged(Event):
        """The user changed their password (the password itself is never recorded)."""

        TOPIC = "baton.user.PasswordChanged"

    class ProfileUpdated(Event):
        """Name, job title, phone or avatar changed; ``changes`` lists the new values."""

        TOPIC = "baton.user.ProfileUpdated"
        changes: dict[str, str]

        def apply(self, aggregate: User) -> None:
            for field, value in self.changes.items():
                setattr(aggregate, field, value)

    class MfaEnabled(Event):
        """The user confirmed an authenticator app (the secret is never recorded)."""

        TOPIC = "baton.user.MfaEnabled"
        method: str

        def apply(self, aggregate: User) -> None:
            aggregate.mfa_enabled = True

    class BackupCodesRegenerated(Event):
        """A new set of backup codes replaced the old ones."""

        TOPIC = "baton.user.BackupCodesRegenerated"
        count: int

    class MfaDeviceReplaced(Event):
        """The user confirmed a new authenticator app in place of the old one (after confirming it was them)."""

        TOPIC = "baton.user.MfaDeviceReplaced"
        method: str

    class MfaReset(Event):
        """An admin removed the user's MFA; they must enrol again at next sign-in."""

        TOPIC = "baton.user.MfaReset"
        reason: str

        def apply(self, aggregate: User) -> None:
            aggregate.mfa_enabled = False

    class RoleChanged(Event):
        """An admin changed the user's role."""

        TOPIC = "baton.user.RoleChanged"
        from_role: str
        to_role: str
        client_id: str

        def apply(self, aggregate: User) -> None:
            aggregate._role = self.to_role
            aggregate.client_id = self.client_id

    class Deactivated(Event):
        """The account can no longer sign in."""

        TOPIC = "baton.user.Deactivated"
        reason: str

        def apply(self, aggregate: User) -> None:
            aggregate._status = UserStatus.DEACTIVATED.value

    class Reactivated(Event):
        """An admin let a deactivated account sign in again."""

        TOPIC = "baton.user.Reactivated"
        reason: str

        def apply(self, aggregate: User) -> None:
            aggregate._status = (UserStatus.ACTIVE if aggregate.activated else UserStatus.INVITED).value

    class SignInThrottleCleared(Event):
        """An admin cleared the failed sign-ins that blocked the account, before the wait was over."""

        TOPIC = "baton.user.SignInThrottleCleared"
        failures: int
        reason: str

    class LoginSucceeded(Event):
        """The user signed in; ``method`` says which factors were used."""

        TOPIC = "baton.user.LoginSucceeded"
        method: str
        session_id: str
        address: str

    class LoginFailed(Event):
        """A sign-in attempt for this account was refused, and why."""

        TOPIC = "baton.user.LoginFailed"
        reason: str
        address: str

    class SessionRevoked(Event):
        """A session of this user was ended (logout, revoke, or a security change)."""

        TOPIC = "baton.user.SessionRevoked"
        session_id: str
        reason: str

    def __init__(self, email: str, name: str, role: str, client_id: str, send_email: bool) -> None:
        self.email = email
        self.name = name
        # Kept as plain strings: snapshots store JSON, which would turn enums into strings anyway.
        self._role = role
        self.client_id = client_id
        self._status = UserStatus.INVITED.value
        self.activated = False
        self.invitation = 1
        self.mfa_enabled = False
        self.job_title = ""
        self.phone = ""
        self.avatar = ""

    # -- questions -------------------------------------------------------------

    @property
    def role(self) -> Role:
        return Role(self._role)

    @property
    def status(self) -> UserStatus:
        return UserStatus(self._status)

    @property
    def is_staff(self) -> bool:
        return self.role in STAFF_ROLES

    @property
    def mfa_required(self) -> bool:
        """Staff must use MFA; for client users it is optional."""
        return self.is_staff

    @property
    def can_sign_in(self) -> bool:
        return self.status is UserStatus.ACTIVE

    # -- commands --------------------------------------------------------------

    @classmethod
    def invite(cls, ctx: CommandContext, user_id: UUID, invitation: Invitation) -> User:
        """Invite a person to Baton with a role."""
        address = normalise_email(invitation.email)
        local, _, domain = address.partition("@")
        if not local or "." not in domain or " " in address:
            raise InvalidInput(f"'{invitation.email}' is not a valid email address.")
        if not invitation.name.strip():
            raise InvalidInput("An invitation needs the person's name.")
        check_role(invitation.role, invitation.client_id)
        user: User = cls._start(
            cls.Invited,
            ctx,
            user_id,
            email=address,
            name=invitation.name.strip(),
            role=invitation.role.value,
            client_id=invitation.client_id,
            send_email=invitation.send_email,
        )
        return user

    def resend_invitation(self, ctx: CommandContext, *, send_email: bool = True) -> None:
        """Send a fresh invitation; the previous link stops working."""
        if self.status not in (UserStatus.INVITED, UserStatus.REVOKED):
            raise RuleViolation(f"{self.email} has already accepted their invitation; there is nothing to resend.")
        self._record(self.InvitationResent, ctx, invitation=self.invitation + 1, send_email=send_email)

    def revoke_invitation(self, ctx: CommandContext, reason: str = "") -> None:
        """Withdraw a pending invitation."""
        if self.status is not UserStatus.INVITED:
            raise RuleViolation(f"Only a pending invitation can be revoked; {self.email} is {self.status}.")
        self._record(self.InvitationRevoked, ctx, reason=reason.strip())

    def accept_invitation(self, ctx: CommandContext, invitation: int) -> None:
        """The invited person set their password through the link of ``invitation``."""
        if self.status is not UserStatus.INVITED or invitation != self.invitation:
            raise RuleViolation("This invitation link is no longer valid. Ask an admin to resend your invitation.")
        self._record(self.InvitationAccepted, ctx, invitation=invitation)

    def change_password(self, ctx: CommandContext) -> None:
        """Record that the user changed their password."""
        self._require_active()
        self._record(self.PasswordChanged, ctx)

    def update_profile(self, ctx: CommandContext, **changes: str) -> None:
        """Change name, job title, phone or avatar; unchanged values are not recorded."""
        allowed = {"name", "job_title", "phone", "avatar"}
        unknown = set(changes) - allowed
        if unknown:
            raise InvalidInput(f"Unknown profile field(s): {', '.join(sorted(unknown))}.")
        if "name" in changes and not changes["name"].strip():
            raise InvalidInput("Your name cannot be empty.")
        if "phone" in changes:
            changes = {**changes, "phone": check_phone(changes["phone"])}
        if self.status is UserStatus.DEACTIVATED:
            raise RuleViolation(f"{self.email} is deactivated; their profile cannot change.")
        actual = {k: v.strip() for k, v in changes.items() if getattr(self, k) != v.strip()}
        if actual:
            self._record(self.ProfileUpdated, ctx, changes=actual)

    def enable_mfa(self, ctx: CommandContext) -> None:
        """Record a confirmed authenticator app."""
        self._require_active()
        if self.mfa_enabled:
            raise RuleViolation("MFA is already enabled. Ask an admin to reset it to enrol a new device.")
        self._record(self.MfaEnabled, ctx, method="totp")

    def replace_mfa_device(self, ctx: CommandContext) -> None:
        """Record a new authenticator app confirmed in place of the old one."""
        self._require_active()
        if not self.mfa_enabled:
            raise RuleViolation("There is no authenticator to replace: set up MFA first.")
        self._record(self.MfaDeviceReplaced, ctx, method="totp")

    def regenerate_backup_codes(self, ctx: CommandContext, count: int) -> None:
        """Record that a new set of backup codes replaced the old one."""
        if not self.mfa_enabled:
            raise RuleViolation("Enable MFA before generating backup codes.")
        self._record(self.BackupCodesRegenerated, ctx, count=count)

    def reset_mfa(self, ctx: CommandContext, reason: str = "") -> None:
        """Remove the user's MFA so that they enrol again."""
        if not self.mfa_enabled:
            raise RuleViolation(f"{self.email} has no MFA to reset.")
        self._record(self.MfaReset, ctx, reason=reason.strip())

    def change_role(self, ctx: CommandContext, role: Role, client_id: str = "") -> None:
        """Give the user another role."""
        if self.status is UserStatus.DEACTIVATED:
            raise RuleViolation(f"{self.email} is deactivated; reactivate before changing the role.")
        check_role(role, client_id)
        if role is self.role and client_id == self.client_id:
            raise RuleViolation(f"{self.email} already is {role}.")
        self._record(self.RoleChanged, ctx, from_role=self.role.value, to_role=role.value, client_id=client_id)

    def deactivate(self, ctx: CommandContext, reason: str = "") -> None:
        """Stop the user from signing in."""
        if self.status is UserStatus.DEACTIVATED:
            raise RuleViolation(f"{self.email} is already deactivated.")
        self._record(self.Deactivated, ctx, reason=reason.strip())

    def reactivate(self, ctx: CommandContext, reason: str = "") -> None:
        """Let a deactivated account sign in again (an account never activated is invited again instead)."""
        if self.status is not UserStatus.DEACTIVATED:
            raise RuleViolation(f"Only a deactivated account can be reactivated; {self.email} is {self.status}.")
        self._record(self.Reactivated, ctx, reason=reason.strip())

    def record_throttle_cleared(self, ctx: CommandContext, failures: int, reason: str = "") -> None:
        """Record that an admin cleared the account's failed sign-ins."""
        self._record(self.SignInThrottleCleared, ctx, failures=failures, reason=reason.strip())

    def record_login(self, ctx: CommandContext, method: str, session_id: str, address: str) -> None:
        """Record a successful sign-in."""
        self._require_active()
        self._record(self.LoginSucceeded, ctx, method=method, session_id=session_id, address=address)

    def record_failed_login(self, ctx: CommandContext, reason: str, address: str) -> None:
        """Record a refused sign-in attempt (no secret is ever part of it)."""
        self._record(self.LoginFailed, ctx, reason=reason, address=address)

    def record_session_revoked(self, ctx: CommandContext, session_id: str, reason: str) -> None:
        """Record that a session ended before its time."""
        self._record(self.SessionRevoked, ctx, session_id=session_id, reason=reason)

    def _require_active(self) -> None:
        if self.status is not UserStatus.ACTIVE:
            raise RuleViolation(f"{self.email} is {self.status}, not active.")
