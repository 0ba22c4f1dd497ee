"""Invitation links and passwords: single-use tokens stored hashed, argon2id password hashes."""

from __future__ import annotations

from datetime import datetime
from uuid import UUID

from api.identity.base import IdentityDeps, RequestMeta, hours
from api.identity.common_passwords import check_new_password
from api.identity.keys import new_token, token_hash
from api.identity.sessions import Sessions
from api.identity.signin import SignIn
from domain.application import CommandResult
from domain.context import Actor, CommandContext
from domain.errors import InvalidInput
from domain.identity.errors import InvitationUnusable
from domain.users import Invitation, Role, User, UserStatus

ASK_ADMIN = "Ask an admin to resend your invitation."


class Invitations:
    """Issues invitation links and turns them into passwords."""

    def __init__(self, deps: IdentityDeps, sessions: Sessions, signin: SignIn) -> None:
        self.deps = deps
        self.sessions = sessions
        self.signin = signin

    def link(self, token: str) -> str:
        """The page a person opens to set their password (the JSON API is at /auth/invitations/{token})."""
        return f"{self.deps.public_url.rstrip('/')}/welcome/{token}"

    def issue_token(self, user_id: UUID, invitation: int) -> tuple[str, datetime]:
        """A fresh link token for ``invitation``; any earlier link of this user stops working."""
        token = new_token()
        expires = self.deps.clock() + self.deps.lifetimes.invitation
        with self.deps.pool.connection() as conn:
            conn.execute(
                "INSERT INTO identity_invite_tokens (user_id, invitation, token_hash, expires_at)"
                " VALUES (%s, %s, %s, %s) ON CONFLICT (user_id) DO UPDATE SET invitation = EXCLUDED.invitation,"
                " token_hash = EXCLUDED.token_hash, expires_at = EXCLUDED.expires_at, used_at = NULL",
                (user_id, invitation, token_hash(token), expires),
            )
        return token, expires

    def create_admin(self, email: str, name: str) -> tuple[UUID, str]:
        """An admin (from the command line): returns their id and a single-use setup link.

        An address whose invitation lapsed or was revoked gets a new link (the old one stops working).
        """
        ctx = self.deps.ctx(Actor.system("cli"))
        invitation = Invitation(email=email, name=name, role=Role.ADMIN, send_email=False)
        result = self.deps.users.invite(ctx, invitation, lapsed=self.lapsed)
        token, _ = self.issue_token(result.id, self.deps.users.get(result.id).invitation)
        return result.id, self.link(token)

    def lapsed(self, user: User) -> bool:
        """The user's current invitation link has expired (or was never issued and the invitation is old)."""
        with self.deps.pool.connection() as conn:
            row = conn.execute(
                "SELECT invitation, expires_at FROM identity_invite_tokens WHERE user_id = %s", (user.id,)
            ).fetchone()
        now = self.deps.clock()
        if row is None or row[0] != user.invitation:
            return user.modified_on + self.deps.lifetimes.invitation <= now
        expires_at: datetime = row[1]
        return expires_at <= now

    def invite(self, ctx: CommandContext, invitation: Invitation) -> CommandResult:
        """Invite a person, or invite again an address whose invitation lapsed or was revoked."""
        return self.deps.users.invite(ctx, invitation, lapsed=self.lapsed)

    def check(self, token: str) -> tuple[User, datetime]:
        """The invited user of a usable link, and when it expires; else a clear refusal."""
        with self.deps.pool.connection() as conn:
            row = conn.execute(
                "SELECT user_id, invitation, expires_at, used_at FROM identity_invite_tokens WHERE token_hash = %s",
                (token_hash(token),),
            ).fetchone()
        if row is None:
            raise InvitationUnusable(f"This invitation link is not valid (it may have been replaced). {ASK_ADMIN}")
        user_id, invitation, expires_at, used_at = row
        if used_at is not None:
            raise InvitationUnusable(f"This invitation link has already been used. {ASK_ADMIN}")
        if expires_at <= self.deps.clock():
            raise InvitationUnusable(
                f"This invitation link expired (links are valid for {hours(self.deps.lifetimes.invitation_hours)}). {ASK_ADMIN}"
            )
        user = self.deps.users.get(user_id)
        if user.status is not UserStatus.INVITED or user.invitation != invitation:
            raise InvitationUnusable(f"This invitation link is no longer valid. {ASK_ADMIN}")
        return user, expires_at

    def accept(self, token: str, password: str, confirmation: str, meta: RequestMeta) -> UUID:
        """Set the password from an invitation link; the account becomes active."""
        user, _ = self.check(token)
        if password != confirmation:
            raise InvalidInput("The two passwords do not match.")
        check_new_password(password)
        hashed = self.deps.hasher.hash(password)
        now = self.deps.clock()
        with self.deps.pool.connection() as conn, conn.transaction():
            # Lock the link so two submissions of one link cannot both succeed.
            claimed = conn.execute(
                "UPDATE identity_invite_tokens SET used_at = %s WHERE token_hash = %s AND used_at IS NULL",
                (now, token_hash(token)),
            )
            if claimed.rowcount != 1:
                raise InvitationUnusable(f"This invitation link has already been used. {ASK_ADMIN}")
            conn.execute(
                "INSERT INTO identity_credentials (user_id, password_hash, updated_at) VALUES (%s, %s, %s)"
                " ON CONFLICT (user_id) DO UPDATE SET password_hash = EXCLUDED.password_hash,"
                " updated_at = EXCLUDED.updated_at",
                (user.id, hashed, now),
            )
            # The event goes last: if it fails, the transaction (link, password) rolls back.
            ctx = self.deps.as_user(user.id, user.role.value, meta)
            self.deps.users.accept_invitation(ctx, user.id, user.invitation)
        return user.id

    def change_password(
        self, user_id: UUID, session_id: UUID, current: str, new: str, confirmation: str, meta: RequestMeta
    ) -> None:
        """Change a password; a wrong ``current`` one counts towards the sign-in throttle; every other session ends."""
        self.signin.confirm(user_id, meta, password=current, code=None)
        if new != confirmation:
            raise InvalidInput("The two new passwords do not match.")
        if new == current:
            raise InvalidInput("The new password must differ from the current one.")
        check_new_password(new)
        user = self.deps.users.get(user_id)
        ctx = self.deps.as_user(user_id, user.role.value, meta)
        with self.deps.pool.connection() as conn:
            conn.execute(
                "UPDATE identity_credentials SET password_hash = %s, updated_at = %s WHERE user_id = %s",
                (self.deps.hasher.hash(new), self.deps.clock(), user_id),
            )
        self.deps.users.change_password(ctx, user_id)
        self.sessions.end(ctx, user_id, "password changed", keep=session_id)
