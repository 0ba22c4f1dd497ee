"""MFA enrolment, backup codes and resets; secrets encrypted at rest.

Changing an existing second factor (a new device, new backup codes, removing it)
first confirms the user's identity with their password or a current code.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from typing import Any
from uuid import UUID

import segno
from psycopg import Connection

from api.identity.base import IdentityDeps, RequestMeta
from api.identity.sessions import Sessions
from api.identity.signin import SignIn
from domain.application import CommandResult
from domain.context import CommandContext
from domain.errors import InvalidInput, RuleViolation
from domain.identity import one_time_codes

ISSUER = "Baton"


@dataclass(frozen=True)
class Enrolment:
    """What an authenticator app needs: the secret and its otpauth:// URI."""

    secret: str
    provisioning_uri: str


@dataclass(frozen=True)
class Proof:
    """What a user gives to confirm it is them: their password or a current code (one is enough)."""

    password: str | None = None
    code: str | None = None


def qr_code_svg(uri: str) -> str:
    """``uri`` as a standalone SVG QR code (with its namespace, so it renders as an image file too)."""
    out = io.BytesIO()
    segno.make(uri, error="m").save(out, kind="svg", scale=5, xmldecl=False, svgns=True, nl=False, border=2)
    return out.getvalue().decode()


class Mfa:
    """TOTP enrolment and backup codes."""

    def __init__(self, deps: IdentityDeps, sessions: Sessions, signin: SignIn) -> None:
        self.deps = deps
        self.sessions = sessions
        self.signin = signin

    def start_enrolment(self, user_id: UUID, meta: RequestMeta, proof: Proof | None = None) -> Enrolment:
        """A new secret to scan; it only counts once confirmed with a code.

        With MFA already on it replaces the device, so the user confirms it is them first;
        the current device keeps working until the new one is confirmed.
        """
        user = self.deps.users.get(user_id)
        secret = one_time_codes.new_secret()
        encrypted, now = self.deps.keys.encrypt(secret), self.deps.clock()
        if user.mfa_enabled:
            proof = proof or Proof()
            self.signin.confirm(user_id, meta, password=proof.password, code=proof.code)
            sql = (
                "INSERT INTO identity_totp_pending (user_id, secret_encrypted, created_at) VALUES (%s, %s, %s)"
                " ON CONFLICT (user_id) DO UPDATE SET secret_encrypted = EXCLUDED.secret_encrypted,"
                " created_at = EXCLUDED.created_at"
            )
        else:
            sql = (
                "INSERT INTO identity_totp (user_id, secret_encrypted, confirmed, created_at) VALUES (%s, %s, false, %s)"
                " ON CONFLICT (user_id) DO UPDATE SET secret_encrypted = EXCLUDED.secret_encrypted,"
                " confirmed = false, last_used_step = NULL, created_at = EXCLUDED.created_at"
            )
        with self.deps.pool.connection() as conn:
            conn.execute(sql, (user_id, encrypted, now))
        return Enrolment(secret, one_time_codes.provisioning_uri(secret, user.email, ISSUER))

    def _pending_secret(self, user_id: UUID) -> tuple[str, bool]:
        """The secret waiting for its first code, and whether it replaces a confirmed one."""
        with self.deps.pool.connection() as conn:
            row = conn.execute(
                "SELECT secret_encrypted, true FROM identity_totp_pending WHERE user_id = %s"
                " UNION ALL SELECT secret_encrypted, false FROM identity_totp WHERE user_id = %s AND NOT confirmed",
                (user_id, user_id),
            ).fetchone()
        if row is None:
            raise RuleViolation("There is no MFA enrolment in progress. Start one first.")
        return self.deps.keys.decrypt(row[0]), bool(row[1])

    def pending(self, user_id: UUID) -> Enrolment:
        """The enrolment waiting for its first code (RuleViolation when there is none)."""
        user = self.deps.users.get(user_id)
        secret = self._pending_secret(user_id)[0]
        return Enrolment(secret, one_time_codes.provisioning_uri(secret, user.email, ISSUER))

    def qr_svg(self, user_id: UUID) -> str:
        """The QR code of the pending enrolment, as SVG."""
        return qr_code_svg(self.pending(user_id).provisioning_uri)

    def confirm(self, user_id: UUID, session_id: UUID, code: str, meta: RequestMeta) -> list[str]:
        """Confirm the authenticator with a code; returns the backup codes (shown only now)."""
        secret, replacing = self._pending_secret(user_id)
        step = one_time_codes.matching_step(secret, code, self.deps.clock(), None)
        if step is None:
            raise InvalidInput("That code does not match. Enter the current 6-digit code from your authenticator app.")
        user = self.deps.users.get(user_id)
        ctx = self.deps.as_user(user_id, user.role.value, meta)
        codes = one_time_codes.new_backup_codes()
        with self.deps.pool.connection() as conn, conn.transaction():
            conn.execute(
                "INSERT INTO identity_totp (user_id, secret_encrypted, confirmed, last_used_step, created_at)"
                " VALUES (%s, %s, true, %s, %s) ON CONFLICT (user_id) DO UPDATE SET confirmed = true,"
                " secret_encrypted = EXCLUDED.secret_encrypted, last_used_step = EXCLUDED.last_used_step",
                (user_id, self.deps.keys.encrypt(secret), step, self.deps.clock()),
            )
            conn.execute("DELETE FROM identity_totp_pending WHERE user_id = %s", (user_id,))
            self._store_backup_codes(conn, user_id, codes)
            if replacing:
                self.deps.users.replace_mfa_device(ctx, user_id, len(codes))
            else:
                self.deps.users.enable_mfa(ctx, user_id, len(codes))
        self.sessions.promote(session_id, "full")
        return codes

    def regenerate_backup_codes(self, user_id: UUID, meta: RequestMeta, proof: Proof | None = None) -> list[str]:
        """A new set of backup codes once the user confirmed it is them; the old ones stop working."""
        user = self.deps.users.get(user_id)
        if not user.mfa_enabled:
            raise RuleViolation("Set up MFA before generating backup codes.")
        proof = proof or Proof()
        self.signin.confirm(user_id, meta, password=proof.password, code=proof.code)
        codes = one_time_codes.new_backup_codes()
        ctx = self.deps.as_user(user_id, user.role.value, meta)
        with self.deps.pool.connection() as conn, conn.transaction():
            self._store_backup_codes(conn, user_id, codes)
            self.deps.users.regenerate_backup_codes(ctx, user_id, len(codes))
        return codes

    def _store_backup_codes(self, conn: Connection[Any], user_id: UUID, codes: list[str]) -> None:
        conn.execute("DELETE FROM identity_backup_codes WHERE user_id = %s", (user_id,))
        for code in codes:
            conn.execute(
                "INSERT INTO identity_backup_codes (user_id, code_hash) VALUES (%s, %s)",
                (user_id, self.deps.keys.backup_code_hash(code)),
            )

    def remaining_backup_codes(self, user_id: UUID) -> int:
        with self.deps.pool.connection() as conn:
            row = conn.execute(
                "SELECT count(*) FROM identity_backup_codes WHERE user_id = %s AND used_at IS NULL", (user_id,)
            ).fetchone()
        return int(row[0]) if row else 0

    def reset(self, ctx: CommandContext, user_id: UUID, reason: str) -> CommandResult:
        """An admin removes a user's MFA: secret and codes are deleted, every session ends."""
        result = self.deps.users.reset_mfa(ctx, user_id, reason)
        self._forget(user_id)
        self.sessions.end(ctx, user_id, "MFA reset by an admin")
        return result

    def reset_own(self, user_id: UUID, session_id: UUID, meta: RequestMeta, proof: Proof) -> CommandResult:
        """The user removes their own MFA after confirming it is them; their other sessions end.

        Staff stay signed in only to enrol again: this session goes back to the enrolment stage.
        """
        self.signin.confirm(user_id, meta, password=proof.password, code=proof.code)
        user = self.deps.users.get(user_id)
        ctx = self.deps.as_user(user_id, user.role.value, meta)
        result = self.deps.users.reset_mfa(ctx, user_id, "removed by the user")
        self._forget(user_id)
        self.sessions.end(ctx, user_id, "MFA removed by the user", keep=session_id)
        if user.mfa_required:
            self.sessions.promote(session_id, "enrol")
        return result

    def _forget(self, user_id: UUID) -> None:
        with self.deps.pool.connection() as conn, conn.transaction():
            for table in ("identity_totp", "identity_totp_pending", "identity_backup_codes"):
                conn.execute(f"DELETE FROM {table} WHERE user_id = %s", (user_id,))  # noqa: S608 - fixed names
