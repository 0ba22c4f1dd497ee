"""MFA enrolment, backup codes and admin resets; secrets encrypted at rest."""

from __future__ import annotations

from dataclasses import dataclass
from uuid import UUID

import segno

from api.identity.base import IdentityDeps, RequestMeta
from api.identity.sessions import Sessions
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


class Mfa:
    """TOTP enrolment and backup codes."""

    def __init__(self, deps: IdentityDeps, sessions: Sessions) -> None:
        self.deps = deps
        self.sessions = sessions

    def start_enrolment(self, user_id: UUID) -> Enrolment:
        """A new secret to scan; it only counts once confirmed with a code."""
        user = self.deps.users.get(user_id)
        if user.mfa_enabled:
            raise RuleViolation("MFA is already set up. Ask an admin to reset it if you lost your device.")
        secret = one_time_codes.new_secret()
        with self.deps.pool.connection() as conn:
            conn.execute(
                "INSERT INTO identity_totp (user_id, secret_encrypted, confirmed, created_at) VALUES (%s, %s, false, %s)"
                " ON CONFLICT (user_id) DO UPDATE SET secret_encrypted = EXCLUDED.secret_encrypted,"
                " confirmed = false, last_used_step = NULL, created_at = EXCLUDED.created_at",
                (user_id, self.deps.keys.encrypt(secret), self.deps.clock()),
            )
        return Enrolment(secret, one_time_codes.provisioning_uri(secret, user.email, ISSUER))

    def _pending_secret(self, user_id: UUID) -> str:
        with self.deps.pool.connection() as conn:
            row = conn.execute(
                "SELECT secret_encrypted FROM identity_totp WHERE user_id = %s AND NOT confirmed", (user_id,)
            ).fetchone()
        if row is None:
            raise RuleViolation("There is no MFA enrolment in progress. Start one first.")
        return self.deps.keys.decrypt(row[0])

    def qr_svg(self, user_id: UUID) -> str:
        """The QR code of the pending enrolment, as SVG."""
        user = self.deps.users.get(user_id)
        uri = one_time_codes.provisioning_uri(self._pending_secret(user_id), user.email, ISSUER)
        svg: str = segno.make(uri, error="m").svg_inline(scale=5)
        return svg

    def confirm(self, user_id: UUID, session_id: UUID, code: str, meta: RequestMeta) -> list[str]:
        """Confirm the authenticator with a code; returns the backup codes (shown only now)."""
        secret = self._pending_secret(user_id)
        step = one_time_codes.matching_step(secret, code, self.deps.clock(), None)
        if step is None:
            raise InvalidInput("That code does not match. Enter the current 6-digit code from your authenticator app.")
        user = self.deps.users.get(user_id)
        ctx = self.deps.as_user(user_id, user.role.value, meta)
        codes = one_time_codes.new_backup_codes()
        with self.deps.pool.connection() as conn, conn.transaction():
            conn.execute(
                "UPDATE identity_totp SET confirmed = true, last_used_step = %s WHERE user_id = %s", (step, user_id)
            )
            self._store_backup_codes(conn, user_id, codes)
            self.deps.users.enable_mfa(ctx, user_id, len(codes))
        self.sessions.promote(session_id, "full")
        return codes

    def regenerate_backup_codes(self, user_id: UUID, meta: RequestMeta) -> list[str]:
        """A new set of backup codes; the old ones stop working."""
        user = self.deps.users.get(user_id)
        if not user.mfa_enabled:
            raise RuleViolation("Set up MFA before generating backup codes.")
        codes = one_time_codes.new_backup_codes()
        ctx = self.deps.as_user(user_id, user.role.value, meta)
        with self.deps.pool.connection() as conn, conn.transaction():
            self._store_backup_codes(conn, user_id, codes)
            self.deps.users.regenerate_backup_codes(ctx, user_id, len(codes))
        return codes

    def _store_backup_codes(self, conn: object, user_id: UUID, codes: list[str]) -> None:
        execute = conn.execute  # type: ignore[attr-defined]
        execute("DELETE FROM identity_backup_codes WHERE user_id = %s", (user_id,))
        for code in codes:
            execute(
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
        with self.deps.pool.connection() as conn, conn.transaction():
            conn.execute("DELETE FROM identity_totp WHERE user_id = %s", (user_id,))
            conn.execute("DELETE FROM identity_backup_codes WHERE user_id = %s", (user_id,))
        self.sessions.end(ctx, user_id, "MFA reset by an admin")
        return result
