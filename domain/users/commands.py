"""Commands on users: invite, accept, MFA, roles, sign-in records."""

from __future__ import annotations

from collections.abc import Callable
from uuid import UUID, uuid4

from domain.application import CommandResult
from domain.commands import CommandGroup
from domain.context import CommandContext
from domain.errors import ConcurrentChange, RuleViolation
from domain.users.aggregate import Invitation, User
from domain.users.email_index import EmailClaim, email_claim_id
from domain.users.roles import Role, UserStatus, normalise_email

# Security records do not depend on what anyone last saw: retry them on a race.
__all__ = ["EmailTaken", "Invitation", "UserCommands"]

_RECORD_RETRIES = 5
_SELF_SERVICE_RETRIES = 3


class EmailTaken(RuleViolation):
    """Another user already has this email address."""

    title = "Email already in use"


class UserCommands(CommandGroup):
    """The write side of accounts."""

    def find_by_email(self, email: str) -> User | None:
        """The user holding ``email`` (any letter case), or None."""
        claim = self.find(EmailClaim, email_claim_id(email))
        return None if claim is None else self.load(User, UUID(claim.user_id))

    def get(self, user_id: UUID) -> User:
        return self.load(User, user_id)

    def invite(
        self,
        ctx: CommandContext,
        invitation: Invitation,
        *,
        user_id: UUID | None = None,
        lapsed: Callable[[User], bool] | None = None,
    ) -> CommandResult:
        """Invite a person; the user and the claim on their email are saved together.

        An address already invited is refused, unless its invitation was revoked or ``lapsed`` says
        it lapsed (its link expired): then the same user is invited again with a new link.
        """
        taken = f"A user with the email {normalise_email(invitation.email)} already exists."
        existing = self.find_by_email(invitation.email)
        if existing is not None:
            if existing.status is UserStatus.REVOKED or (
                existing.status is UserStatus.INVITED and lapsed is not None and lapsed(existing)
            ):
                return self._invite_again(ctx, existing, invitation, taken)
            if existing.status is UserStatus.INVITED:
                raise EmailTaken(f"{taken} Its invitation is still pending: resend it to replace the link.")
            raise EmailTaken(taken)
        user = User.invite(ctx, user_id or uuid4(), invitation)
        try:
            return self.create(user, EmailClaim.claim(ctx, invitation.email, user.id))
        except ConcurrentChange:
            raise EmailTaken(taken) from None

    def _invite_again(self, ctx: CommandContext, user: User, invitation: Invitation, taken: str) -> CommandResult:
        # An address whose invitation lapsed or was revoked is invited again: a new link, the same account.
        if (user.role, user.client_id) != (invitation.role, invitation.client_id):
            raise EmailTaken(
                f"{taken} It was invited as {user.role}: invite it again with that role, then change the role."
            )
        return self.resend_invitation(ctx, user.id, send_email=invitation.send_email)

    def resend_invitation(self, ctx: CommandContext, user_id: UUID, *, send_email: bool = True) -> CommandResult:
        """Resend an invitation (the previous link stops working)."""
        return self.change(User, user_id, lambda u: u.resend_invitation(ctx, send_email=send_email))

    def revoke_invitation(self, ctx: CommandContext, user_id: UUID, reason: str = "") -> CommandResult:
        """Withdraw a pending invitation."""
        return self.change(User, user_id, lambda u: u.revoke_invitation(ctx, reason))

    def accept_invitation(self, ctx: CommandContext, user_id: UUID, invitation: int) -> CommandResult:
        """Activate the account after the invited person set their password."""
        return self.change(User, user_id, lambda u: u.accept_invitation(ctx, invitation))

    def change_password(self, ctx: CommandContext, user_id: UUID) -> CommandResult:
        """Record a password change."""
        return self.change(User, user_id, lambda u: u.change_password(ctx), retries=_SELF_SERVICE_RETRIES)

    def update_profile(
        self, ctx: CommandContext, user_id: UUID, *, expected_version: int | None = None, **changes: str
    ) -> CommandResult:
        """Change profile fields."""
        return self.change(User, user_id, lambda u: u.update_profile(ctx, **changes), expected_version=expected_version)

    def enable_mfa(self, ctx: CommandContext, user_id: UUID, backup_codes: int) -> CommandResult:
        """Record a confirmed authenticator and the first set of backup codes."""

        def enable(user: User) -> None:
            user.enable_mfa(ctx)
            user.regenerate_backup_codes(ctx, backup_codes)

        return self.change(User, user_id, enable, retries=_SELF_SERVICE_RETRIES)

    def replace_mfa_device(self, ctx: CommandContext, user_id: UUID, backup_codes: int) -> CommandResult:
        """Record a replaced authenticator and its new set of backup codes."""

        def replace(user: User) -> None:
            user.replace_mfa_device(ctx)
            user.regenerate_backup_codes(ctx, backup_codes)

        return self.change(User, user_id, replace, retries=_SELF_SERVICE_RETRIES)

    def reactivate(self, ctx: CommandContext, user_id: UUID, reason: str = "") -> CommandResult:
        """Let a deactivated user sign in again."""
        return self.change(User, user_id, lambda u: u.reactivate(ctx, reason), retries=_SELF_SERVICE_RETRIES)

    def record_throttle_cleared(self, ctx: CommandContext, user_id: UUID, failures: int, reason: str) -> CommandResult:
        """Record that an admin cleared the account's failed sign-ins."""
        return self.change(
            User, user_id, lambda u: u.record_throttle_cleared(ctx, failures, reason), retries=_RECORD_RETRIES
        )

    def regenerate_backup_codes(self, ctx: CommandContext, user_id: UUID, count: int) -> CommandResult:
        """Record a new set of backup codes."""
        return self.change(
            User, user_id, lambda u: u.regenerate_backup_codes(ctx, count), retries=_SELF_SERVICE_RETRIES
        )

    def reset_mfa(self, ctx: CommandContext, user_id: UUID, reason: str = "") -> CommandResult:
        """Remove a user's MFA (an admin's action)."""
        return self.change(User, user_id, lambda u: u.reset_mfa(ctx, reason), retries=_SELF_SERVICE_RETRIES)

    def change_role(
        self,
        ctx: CommandContext,
        user_id: UUID,
        role: Role,
        client_id: str = "",
        *,
        expected_version: int | None = None,
    ) -> CommandResult:
        """Give a user another role."""
        return self.change(
            User, user_id, lambda u: u.change_role(ctx, role, client_id), expected_version=expected_version
        )

    def deactivate(self, ctx: CommandContext, user_id: UUID, reason: str = "") -> CommandResult:
        """Stop a user from signing in."""
        return self.change(User, user_id, lambda u: u.deactivate(ctx, reason), retries=_SELF_SERVICE_RETRIES)

    def record_login(self, ctx: CommandContext, user_id: UUID, method: str, session_id: str, address: str) -> None:
        """Record a successful sign-in."""
        self.change(User, user_id, lambda u: u.record_login(ctx, method, session_id, address), retries=_RECORD_RETRIES)

    def record_failed_login(self, ctx: CommandContext, user_id: UUID, reason: str, address: str) -> None:
        """Record a refused sign-in."""
        self.change(User, user_id, lambda u: u.record_failed_login(ctx, reason, address), retries=_RECORD_RETRIES)

    def record_session_revoked(self, ctx: CommandContext, user_id: UUID, session_id: str, reason: str) -> None:
        """Record that a session was ended."""
        self.change(User, user_id, lambda u: u.record_session_revoked(ctx, session_id, reason), retries=_RECORD_RETRIES)
