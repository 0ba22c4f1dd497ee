"""Signing in: email and password, then a TOTP or backup code; throttled on failures."""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import timedelta
from typing import Any
from uuid import UUID

from argon2.exceptions import InvalidHashError, VerificationError
from psycopg import Connection

from api.identity import store
from api.identity.base import IdentityDeps, RequestMeta
from api.identity.sessions import Sessions
from domain.context import Actor
from domain.identity import one_time_codes
from domain.identity.errors import NotAuthenticated, TooManyAttempts
from domain.users import User, normalise_email

THROTTLE_WINDOW = timedelta(minutes=15)
MAX_FAILURES_PER_ACCOUNT = 5
MAX_FAILURES_PER_ADDRESS = 20
WRONG_CREDENTIALS = "The email or password is incorrect."
WRONG_CODE = "That code is not valid. Use the current code from your authenticator app, or an unused backup code."


@dataclass(frozen=True)
class SignInResult:
    """A session token and how far sign-in got: 'mfa' (code needed), 'enrol' (MFA setup needed) or 'full'."""

    token: str
    stage: str
    user_id: UUID
    session_id: UUID


class SignIn:
    """Checks credentials and opens sessions."""

    def __init__(self, deps: IdentityDeps, sessions: Sessions) -> None:
        self.deps = deps
        self.sessions = sessions
        # Verified against when the email is unknown, so both answers take as long.
        self._dummy_hash = deps.hasher.hash("not a real password 1!")

    # -- throttling ------------------------------------------------------------

    def _check_throttle(self, conn: Connection[Any], email: str, address: str) -> None:
        now = self.deps.clock()
        checks = [("account", email, MAX_FAILURES_PER_ACCOUNT, "this account")]
        if address:
            checks.append(("address", address, MAX_FAILURES_PER_ADDRESS, "your network address"))
        for scope, key, limit, what in checks:
            count, oldest = store.count_failures(conn, scope, key, now - THROTTLE_WINDOW)
            if count >= limit and oldest is not None:
                wait = (oldest + THROTTLE_WINDOW - now).total_seconds()
                minutes = max(1, math.ceil(wait / 60))
                unit = "minute" if minutes == 1 else "minutes"
                raise TooManyAttempts(
                    f"Too many failed sign-in attempts for {what}. Try again in {minutes} {unit}.", int(wait) + 1
                )

    def _fail(self, conn: Connection[Any], email: str, meta: RequestMeta) -> None:
        now = self.deps.clock()
        store.add_failure(conn, "account", email, now, now - THROTTLE_WINDOW)
        if meta.address:
            store.add_failure(conn, "address", meta.address, now, now - THROTTLE_WINDOW)

    # -- step one: password ----------------------------------------------------

    def login(self, email: str, password: str, meta: RequestMeta) -> SignInResult:
        """Check email and password; the same refusal for an unknown email and a wrong password."""
        email = normalise_email(email)
        with self.deps.pool.connection() as conn:
            self._check_throttle(conn, email, meta.address)
            user = self.deps.users.find_by_email(email)
            stored = None
            if user is not None:
                row = conn.execute(
                    "SELECT password_hash FROM identity_credentials WHERE user_id = %s", (user.id,)
                ).fetchone()
                stored = row[0] if row else None
            if not self._verify(stored, password) or user is None or not user.can_sign_in:
                self._fail(conn, email, meta)
                if user is not None:
                    reason = "wrong password" if user.can_sign_in else f"account {user.status}"
                    anonymous = self.deps.ctx(Actor(id="anonymous", role="anonymous"), meta)
                    self.deps.users.record_failed_login(anonymous, user.id, reason, meta.address)
                raise NotAuthenticated(WRONG_CREDENTIALS)
            enrolled = conn.execute(
                "SELECT 1 FROM identity_totp WHERE user_id = %s AND confirmed", (user.id,)
            ).fetchone()
            if enrolled:
                # Failures are cleared only once the code is right too: otherwise the password alone
                # would reset the count and let codes be guessed without end.
                token, session_id = self.sessions.open(conn, user, "mfa", meta)
                return SignInResult(token, "mfa", user.id, session_id)
            store.clear_failures(conn, "account", email)
            stage = "enrol" if user.mfa_required else "full"
            token, session_id = self.sessions.open(conn, user, stage, meta)
        ctx = self.deps.as_user(user.id, user.role.value, meta)
        self.deps.users.record_login(ctx, user.id, "password", str(session_id), meta.address)
        return SignInResult(token, stage, user.id, session_id)

    def _verify(self, stored: str | None, password: str) -> bool:
        try:
            return self.deps.hasher.verify(stored or self._dummy_hash, password) and stored is not None
        except (VerificationError, InvalidHashError):
            return False

    # -- step two: a code ------------------------------------------------------

    def complete(self, challenge: str, code: str, meta: RequestMeta) -> SignInResult:
        """Finish a sign-in with a TOTP code or a backup code; each code works once."""
        session = self.sessions.authenticate(challenge)
        if session.stage != "mfa":
            raise NotAuthenticated("This sign-in does not wait for a code. Sign in with your email and password.")
        user = self.deps.users.get(session.user_id)
        if not user.can_sign_in:
            raise NotAuthenticated(WRONG_CREDENTIALS)
        with self.deps.pool.connection() as conn:
            self._check_throttle(conn, user.email, meta.address)
            method = self._use_backup_code(conn, user, code) or self._use_totp(conn, user, code)
            if method is None:
                self._fail(conn, user.email, meta)
                anonymous = self.deps.ctx(Actor(id="anonymous", role="anonymous"), meta)
                self.deps.users.record_failed_login(anonymous, user.id, "wrong code", meta.address)
                raise NotAuthenticated(WRONG_CODE)
            conn.execute("DELETE FROM identity_sessions WHERE id = %s", (session.id,))
            store.clear_failures(conn, "account", user.email)
            token, session_id = self.sessions.open(conn, user, "full", meta)
        ctx = self.deps.as_user(user.id, user.role.value, meta)
        self.deps.users.record_login(ctx, user.id, f"password+{method}", str(session_id), meta.address)
        return SignInResult(token, "full", user.id, session_id)

    def _use_totp(self, conn: Connection[Any], user: User, code: str) -> str | None:
        row = conn.execute(
            "SELECT secret_encrypted, last_used_step FROM identity_totp WHERE user_id = %s AND confirmed",
            (user.id,),
        ).fetchone()
        if row is None:
            return None
        secret = self.deps.keys.decrypt(row[0])
        step = one_time_codes.matching_step(secret, code, self.deps.clock(), row[1])
        if step is None:
            return None
        # The condition makes two simultaneous uses of one code succeed only once.
        used = conn.execute(
            "UPDATE identity_totp SET last_used_step = %s WHERE user_id = %s"
            " AND (last_used_step IS NULL OR last_used_step < %s)",
            (step, user.id, step),
        )
        return "totp" if used.rowcount == 1 else None

    def _use_backup_code(self, conn: Connection[Any], user: User, code: str) -> str | None:
        digest = self.deps.keys.backup_code_hash(one_time_codes.normalise_backup_code(code))
        used = conn.execute(
            "UPDATE identity_backup_codes SET used_at = %s WHERE user_id = %s AND code_hash = %s AND used_at IS NULL",
            (self.deps.clock(), user.id, digest),
        )
        return "backup_code" if used.rowcount == 1 else None
