"""Signing in: email and password, then a TOTP or backup code; throttled on failures.

The same checks confirm a signed-in user's identity before a sensitive change
(a new password, new backup codes, a new or removed authenticator).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any
from uuid import UUID

from argon2.exceptions import InvalidHashError, VerificationError
from psycopg import Connection

from api.identity.base import IdentityDeps, RequestMeta
from api.identity.sessions import Sessions
from api.identity.throttle import Throttle
from domain.context import Actor
from domain.errors import InvalidInput
from domain.identity import one_time_codes
from domain.identity.errors import NotAuthenticated
from domain.users import User, normalise_email

WRONG_CREDENTIALS = "The email or password is incorrect."
WRONG_CODE = "That code is not valid. Use the current code from your authenticator app, or an unused backup code."
ALREADY_USED = "That code was already used: wait for the next code from your authenticator app (a new one every 30 s)."
WRONG_PASSWORD = "Your password is incorrect."  # noqa: S105 - a message, not a password
# Looked up for an unknown email, so that both answers do the same queries.
_NOBODY = UUID(int=0)

Deferred = Callable[[Callable[[], None]], None]


class CodeAlreadyUsed(NotAuthenticated):
    """A right TOTP code that was already used: not a guess, so not counted as a failure."""


def _at_once(record: Callable[[], None]) -> None:
    record()


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
        self.throttle = Throttle(deps)
        # Verified against when the email is unknown, so both answers take as long.
        self._dummy_hash = deps.hasher.hash("not a real password 1!")

    # -- step one: password ----------------------------------------------------

    def login(self, email: str, password: str, meta: RequestMeta, *, defer: Deferred = _at_once) -> SignInResult:
        """Check email and password; the same refusal, after the same work, for an unknown email and a wrong password.

        ``defer`` receives the recording of a refusal in the user's history: the API runs it after
        answering, so that the write does not tell a known email from an unknown one by its time.
        """
        email = normalise_email(email)
        with self.deps.pool.connection() as conn:
            self.throttle.check(conn, email, meta.address)
            user = self.deps.users.find_by_email(email)
            stored = self._password_hash(conn, user.id if user is not None else _NOBODY)
            if not self._verify(stored, password) or user is None or not user.can_sign_in:
                self.throttle.fail(conn, email, meta.address)
                if user is not None:
                    reason = "wrong password" if user.can_sign_in else f"account {user.status}"
                    defer(lambda: self._record_failure(user, reason, meta))
                raise NotAuthenticated(WRONG_CREDENTIALS)
            enrolled = conn.execute(
                "SELECT 1 FROM identity_totp WHERE user_id = %s AND confirmed", (user.id,)
            ).fetchone()
            if enrolled:
                # Failures are cleared only once the code is right too: otherwise the password alone
                # would reset the count and let codes be guessed without end.
                token, session_id = self.sessions.open(conn, user, "mfa", meta)
                return SignInResult(token, "mfa", user.id, session_id)
            self.throttle.clear(conn, email)
            stage = "enrol" if user.mfa_required else "full"
            token, session_id = self.sessions.open(conn, user, stage, meta)
        ctx = self.deps.as_user(user.id, user.role.value, meta)
        self.deps.users.record_login(ctx, user.id, "password", str(session_id), meta.address)
        return SignInResult(token, stage, user.id, session_id)

    def _password_hash(self, conn: Connection[Any], user_id: UUID) -> str | None:
        row = conn.execute("SELECT password_hash FROM identity_credentials WHERE user_id = %s", (user_id,)).fetchone()
        return row[0] if row else None

    def _verify(self, stored: str | None, password: str) -> bool:
        try:
            return self.deps.hasher.verify(stored or self._dummy_hash, password) and stored is not None
        except (VerificationError, InvalidHashError):
            return False

    def _record_failure(self, user: User, reason: str, meta: RequestMeta) -> None:
        anonymous = self.deps.ctx(Actor(id="anonymous", role="anonymous"), meta)
        self.deps.users.record_failed_login(anonymous, user.id, reason, meta.address)

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
            self.throttle.check(conn, user.email, meta.address)
            method = self._use_backup_code(conn, user, code) or self._use_totp(conn, user, code)
            if method is None:
                self.throttle.fail(conn, user.email, meta.address)
                self._record_failure(user, "wrong code", meta)
                raise NotAuthenticated(WRONG_CODE)
            conn.execute("DELETE FROM identity_sessions WHERE id = %s", (session.id,))
            self.throttle.clear(conn, user.email)
            token, session_id = self.sessions.open(conn, user, "full", meta)
        ctx = self.deps.as_user(user.id, user.role.value, meta)
        self.deps.users.record_login(ctx, user.id, f"password+{method}", str(session_id), meta.address)
        return SignInResult(token, "full", user.id, session_id)

    def _use_totp(self, conn: Connection[Any], user: User, code: str) -> str | None:
        """'totp' when ``code`` is the current one; CodeAlreadyUsed for a code used before."""
        row = conn.execute(
            "SELECT secret_encrypted, last_used_step FROM identity_totp WHERE user_id = %s AND confirmed",
            (user.id,),
        ).fetchone()
        if row is None:
            return None
        step = one_time_codes.code_step(self.deps.keys.decrypt(row[0]), code, self.deps.clock())
        if step is None:
            return None
        if one_time_codes.already_used(step, row[1]):
            raise CodeAlreadyUsed(ALREADY_USED)
        # The condition makes two simultaneous uses of one code succeed only once.
        used = conn.execute(
            "UPDATE identity_totp SET last_used_step = %s WHERE user_id = %s"
            " AND (last_used_step IS NULL OR last_used_step < %s)",
            (step, user.id, step),
        )
        if used.rowcount != 1:
            raise CodeAlreadyUsed(ALREADY_USED)
        return "totp"

    def _use_backup_code(self, conn: Connection[Any], user: User, code: str) -> str | None:
        digest = self.deps.keys.backup_code_hash(one_time_codes.normalise_backup_code(code))
        used = conn.execute(
            "UPDATE identity_backup_codes SET used_at = %s WHERE user_id = %s AND code_hash = %s AND used_at IS NULL",
            (self.deps.clock(), user.id, digest),
        )
        return "backup_code" if used.rowcount == 1 else None

    # -- confirming a signed-in user before a sensitive change -------------------

    def confirm(self, user_id: UUID, meta: RequestMeta, *, password: str | None, code: str | None) -> None:
        """Check the user's password or a current TOTP code; a wrong one counts towards the sign-in throttle."""
        if password is None and code is None:
            raise InvalidInput("Confirm it is you: send your password (`password`) or a current code (`code`).")
        user = self.deps.users.get(user_id)
        with self.deps.pool.connection() as conn:
            self.throttle.check(conn, user.email, meta.address)
            if password is not None:
                ok = self._verify(self._password_hash(conn, user.id), password)
            else:
                ok = self._use_totp(conn, user, code or "") is not None
            if not ok:
                self.throttle.fail(conn, user.email, meta.address)
                wrong_password = password is not None
                self._record_failure(user, "wrong password" if wrong_password else "wrong code", meta)
                raise NotAuthenticated(WRONG_PASSWORD if wrong_password else WRONG_CODE)
