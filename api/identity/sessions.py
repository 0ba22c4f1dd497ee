"""Sessions: opaque tokens stored hashed, idle expiry, listing and revoking."""

from __future__ import annotations

from datetime import timedelta
from typing import Any
from uuid import UUID, uuid4

from psycopg import Connection

from api.identity import store
from api.identity.base import MFA_CHALLENGE_MINUTES, IdentityDeps, RequestMeta, hours
from api.identity.keys import new_token, token_hash
from api.identity.store import Session
from domain.context import CommandContext
from domain.identity.errors import NotAuthenticated
from domain.users import User

# Writing last_seen_at on every request would turn every read into a write.
_TOUCH_EVERY = timedelta(seconds=60)


class Sessions:
    """Creates, checks and ends sessions."""

    def __init__(self, deps: IdentityDeps) -> None:
        self.deps = deps

    def open(self, conn: Connection[Any], user: User, stage: str, meta: RequestMeta) -> tuple[str, UUID]:
        """A new session for ``user`` at ``stage``; returns the token (shown once) and the session id."""
        token, session_id = new_token(), uuid4()
        now = self.deps.clock()
        store.purge_dead_sessions(conn, user.id, now - self.deps.lifetimes.idle)
        expires = now + timedelta(minutes=MFA_CHALLENGE_MINUTES) if stage == "mfa" else None
        store.insert_session(
            conn,
            session_id,
            token_hash(token),
            user.id,
            user.role.value,
            user.client_id,
            stage,
            now,
            expires,
            meta.address,
            meta.user_agent,
        )
        return token, session_id

    def authenticate(self, token: str) -> Session:
        """The live session of ``token``, or NotAuthenticated saying why not."""
        now = self.deps.clock()
        with self.deps.pool.connection() as conn:
            session = store.session_by_hash(conn, token_hash(token))
            if session is None or session.revoked_at is not None:
                raise NotAuthenticated("Your session is not valid (signed out or revoked). Sign in again.")
            if session.expires_at is not None and session.expires_at <= now:
                raise NotAuthenticated("The sign-in took too long. Start again with your email and password.")
            lifetimes = self.deps.lifetimes
            if now - session.last_seen_at > lifetimes.idle:
                conn.execute("UPDATE identity_sessions SET revoked_at = %s WHERE id = %s", (now, session.id))
                raise NotAuthenticated(
                    f"Your session expired after {hours(lifetimes.session_idle_hours)} without activity. Sign in again."
                )
            if now - session.created_at > lifetimes.absolute:
                conn.execute("UPDATE identity_sessions SET revoked_at = %s WHERE id = %s", (now, session.id))
                raise NotAuthenticated(
                    f"Your session reached its longest life ({lifetimes.session_max_days:g} days after signing in)."
                    " Sign in again."
                )
            if now - session.last_seen_at > _TOUCH_EVERY:
                # Conditional, so that many requests arriving together write the row once.
                conn.execute(
                    "UPDATE identity_sessions SET last_seen_at = %s WHERE id = %s AND last_seen_at < %s",
                    (now, session.id, now - _TOUCH_EVERY),
                )
        return session

    def open_sessions(self, user_id: UUID) -> list[Session]:
        """The user's live sessions (finished sign-ins only), newest first."""
        now = self.deps.clock()
        with self.deps.pool.connection() as conn:
            return [
                s
                for s in store.live_sessions(conn, user_id)
                if s.stage != "mfa"
                and now - s.last_seen_at <= self.deps.lifetimes.idle
                and now - s.created_at <= self.deps.lifetimes.absolute
            ]

    def end(
        self,
        ctx: CommandContext,
        user_id: UUID,
        reason: str,
        *,
        only: UUID | None = None,
        keep: UUID | None = None,
    ) -> list[UUID]:
        """Revoke sessions of ``user_id`` and record each in the user's history."""
        with self.deps.pool.connection() as conn:
            ended = store.revoke_sessions(conn, user_id, self.deps.clock(), only=only, keep=keep)
        for session_id in ended:
            self.deps.users.record_session_revoked(ctx, user_id, str(session_id), reason)
        return ended

    def promote(self, session_id: UUID, stage: str) -> None:
        """Move a session to ``stage`` (e.g. after MFA enrolment it becomes a full session)."""
        with self.deps.pool.connection() as conn:
            conn.execute("UPDATE identity_sessions SET stage = %s WHERE id = %s", (stage, session_id))
