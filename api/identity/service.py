"""Identity as one object on the container: sign-in, sessions, invitations, MFA, avatars."""

from __future__ import annotations

from uuid import UUID

from api.identity.avatars import Avatars
from api.identity.base import IdentityDeps
from api.identity.invitations import Invitations
from api.identity.mfa import Mfa
from api.identity.sessions import Sessions
from api.identity.signin import SignIn
from domain.application import CommandResult
from domain.context import CommandContext
from domain.errors import RuleViolation
from domain.users import Role


class Identity:
    """The parts of identity the API and the processes use."""

    def __init__(self, deps: IdentityDeps) -> None:
        self.deps = deps
        self.sessions = Sessions(deps)
        self.signin = SignIn(deps, self.sessions)
        self.invitations = Invitations(deps, self.sessions, self.signin)
        self.mfa = Mfa(deps, self.sessions, self.signin)
        self.avatars = Avatars(deps)

    def change_role(self, ctx: CommandContext, user_id: UUID, role: Role, client_id: str = "") -> CommandResult:
        """Change a role; the user's sessions end so the new role applies at once."""
        self._not_yourself(ctx, user_id, "change your own role")
        result = self.deps.users.change_role(ctx, user_id, role, client_id)
        self.sessions.end(ctx, user_id, "role changed")
        return result

    def deactivate(self, ctx: CommandContext, user_id: UUID, reason: str = "") -> CommandResult:
        """Deactivate a user and end their sessions."""
        self._not_yourself(ctx, user_id, "deactivate yourself")
        result = self.deps.users.deactivate(ctx, user_id, reason)
        self.sessions.end(ctx, user_id, "account deactivated")
        return result

    def reactivate(self, ctx: CommandContext, user_id: UUID, reason: str = "") -> CommandResult:
        """Let a deactivated user sign in again (with the password and MFA they had)."""
        return self.deps.users.reactivate(ctx, user_id, reason)

    def clear_sign_in_throttle(self, ctx: CommandContext, user_id: UUID, reason: str = "") -> CommandResult:
        """Forget the account's failed sign-ins so it can sign in at once; recorded with the admin as actor."""
        user = self.deps.users.get(user_id)
        with self.deps.pool.connection() as conn:
            failures = self.signin.throttle.clear(conn, user.email)
        return self.deps.users.record_throttle_cleared(ctx, user_id, failures, reason)

    def revoke_invitation(self, ctx: CommandContext, user_id: UUID, reason: str = "") -> CommandResult:
        """Withdraw an invitation; its link stops working."""
        result = self.deps.users.revoke_invitation(ctx, user_id, reason)
        with self.deps.pool.connection() as conn:
            conn.execute("DELETE FROM identity_invite_tokens WHERE user_id = %s", (user_id,))
        return result

    @staticmethod
    def _not_yourself(ctx: CommandContext, user_id: UUID, what: str) -> None:
        # An admin locking themselves out would leave nobody to undo it.
        if ctx.actor.id == str(user_id):
            raise RuleViolation(f"You cannot {what}; ask another admin.")
