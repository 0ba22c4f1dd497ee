"""Commands on users: invite, accept, MFA, roles, sign-in records."""

from __future__ import annotations

from collections.abc import Callable
from uuid import UUID, uuid4

from domain.application import BatonApplication, CommandResult
from domain.context import CommandContext
from domain.errors import ConcurrentChange, NotFound, RuleViolation
from domain.users.aggregate import User
from domain.users.email_index import EmailClaim, email_claim_id
from domain.users.roles import Role, normalise_email


class EmailTaken(RuleViolation):
    """Another user already has this email address."""

    title = "Email already in use"


class UserCommands:
    """The write side of accounts."""

    def __init__(self, app: BatonApplication) -> None:
        self._app = app

    def find_by_email(self, email: str) -> User | None:
        """The user holding ``email`` (any letter case), or None."""
        try:
            claim = self._app.load(EmailClaim, email_claim_id(email))
        except NotFound:
            return None
        return self._app.load(User, UUID(claim.user_id))

    def get(self, user_id: UUID) -> User:
        return self._app.load(User, user_id)

    def invite(  # noqa: PLR0913
        self,
        ctx: CommandContext,
        *,
        email: str,
        name: str,
        role: Role,
        client_id: str = "",
        send_email: bool = True,
        user_id: UUID | None = None,
    ) -> CommandResult:
        """Invite a person; the user and the claim on their email are saved together."""
        if self.find_by_email(email) is not None:
            raise EmailTaken(f"A user with the email {normalise_email(email)} already exists.")
        user = User.invite(
            ctx, user_id or uuid4(), email=email, name=name, role=role, client_id=client_id, send_email=send_email
        )
        claim = EmailClaim.claim(ctx, email, user.id)
        try:
            return self._app.commit(user, claim)
        except ConcurrentChange:
            raise EmailTaken(f"A user with the email {normalise_email(email)} already exists.") from None

    def change(
        self,
        ctx: CommandContext,
        user_id: UUID,
        action: Callable[[User], None],
        *,
        expected_version: int | None = None,
        retries: int = 0,
    ) -> CommandResult:
        """Load the user, apply ``action`` and save; retry on a concurrent change when asked.

        Sign-in records retry because they do not depend on what the user last saw.
        """
        attempt = 0
        while True:
            user = self._app.load_expecting(User, user_id, expected_version)
            action(user)
            try:
                return self._app.commit(user)
            except ConcurrentChange:
                attempt += 1
                if attempt > retries:
                    raise

    def resend_invitation(self, ctx: CommandContext, user_id: UUID) -> CommandResult:
        """Resend an invitation (the previous link stops working)."""
        return self.change(ctx, user_id, lambda u: u.resend_invitation(ctx))

    def revoke_invitation(self, ctx: CommandContext, user_id: UUID, reason: str = "") -> CommandResult:
        """Withdraw a pending invitation."""
        return self.change(ctx, user_id, lambda u: u.revoke_invitation(ctx, reason))

    def accept_invitation(self, ctx: CommandContext, user_id: UUID, invitation: int) -> CommandResult:
        """Activate the account after the invited person set their password."""
        return self.change(ctx, user_id, lambda u: u.accept_invitation(ctx, invitation))

    def change_password(self, ctx: CommandContext, user_id: UUID) -> CommandResult:
        """Record a password change."""
        return self.change(ctx, user_id, lambda u: u.change_password(ctx), retries=3)

    def update_profile(
        self, ctx: CommandContext, user_id: UUID, *, expected_version: int | None = None, **changes: str
    ) -> CommandResult:
        """Change profile fields."""
        return self.change(ctx, user_id, lambda u: u.update_profile(ctx, **changes), expected_version=expected_version)

    def enable_mfa(self, ctx: CommandContext, user_id: UUID, backup_codes: int) -> CommandResult:
        """Record a confirmed authenticator and the first set of backup codes."""

        def enable(user: User) -> None:
            user.enable_mfa(ctx)
            user.regenerate_backup_codes(ctx, backup_codes)

        return self.change(ctx, user_id, enable, retries=3)

    def regenerate_backup_codes(self, ctx: CommandContext, user_id: UUID, count: int) -> CommandResult:
        """Record a new set of backup codes."""
        return self.change(ctx, user_id, lambda u: u.regenerate_backup_codes(ctx, count), retries=3)

    def reset_mfa(self, ctx: CommandContext, user_id: UUID, reason: str = "") -> CommandResult:
        """Remove a user's MFA (an admin's action)."""
        return self.change(ctx, user_id, lambda u: u.reset_mfa(ctx, reason), retries=3)

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
            ctx, user_id, lambda u: u.change_role(ctx, role, client_id), expected_version=expected_version
        )

    def deactivate(self, ctx: CommandContext, user_id: UUID, reason: str = "") -> CommandResult:
        """Stop a user from signing in."""
        return self.change(ctx, user_id, lambda u: u.deactivate(ctx, reason), retries=3)

    def record_login(self, ctx: CommandContext, user_id: UUID, method: str, session_id: str, address: str) -> None:
        """Record a successful sign-in."""
        self.change(ctx, user_id, lambda u: u.record_login(ctx, method, session_id, address), retries=5)

    def record_failed_login(self, ctx: CommandContext, user_id: UUID, reason: str, address: str) -> None:
        """Record a refused sign-in."""
        self.change(ctx, user_id, lambda u: u.record_failed_login(ctx, reason, address), retries=5)

    def record_session_revoked(self, ctx: CommandContext, user_id: UUID, session_id: str, reason: str) -> None:
        """Record that a session was ended."""
        self.change(ctx, user_id, lambda u: u.record_session_revoked(ctx, session_id, reason), retries=5)
