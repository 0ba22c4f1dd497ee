"""The user directory: one row per account, for admin lists and scoped reads."""

from __future__ import annotations

from typing import Any

from psycopg import Cursor, sql

from domain.users import User
from projections.base import Projection, Tables, handles


class UserDirectory(Projection):
    """Accounts with role, status, MFA state, profile and last sign-in (no secrets)."""

    name = "user_directory"
    version = 1
    tables = {  # noqa: RUF012
        "user_directory": """
            id uuid PRIMARY KEY,
            email text NOT NULL,
            name text NOT NULL,
            role text NOT NULL,
            client_id text NOT NULL,
            status text NOT NULL,
            mfa_enabled boolean NOT NULL DEFAULT false,
            job_title text NOT NULL DEFAULT '',
            phone text NOT NULL DEFAULT '',
            avatar text NOT NULL DEFAULT '',
            invited_at timestamptz NOT NULL,
            activated_at timestamptz,
            last_login_at timestamptz,
            updated_at timestamptz NOT NULL,
            version integer NOT NULL,
            position bigint NOT NULL
        """,
    }
    indexes = {"user_directory": ["(name, id)", "(role)", "(client_id)"]}  # noqa: RUF012

    @handles(User.Invited)
    def invited(self, cur: Cursor[Any], e: User.Invited, t: Tables, position: int) -> None:
        cur.execute(
            sql.SQL(
                "INSERT INTO {} (id, email, name, role, client_id, status, invited_at, updated_at, version, position)"
                " VALUES (%s, %s, %s, %s, %s, 'invited', %s, %s, %s, %s) ON CONFLICT (id) DO NOTHING"
            ).format(t["user_directory"]),
            (e.originator_id, e.email, e.name, e.role, e.client_id, e.timestamp, e.timestamp, 1, position),
        )

    @handles(User.InvitationResent)
    def resent(self, cur: Cursor[Any], e: User.Event, t: Tables, position: int) -> None:
        self._set(cur, t, e, position, "status = 'invited'", ())

    @handles(User.InvitationRevoked)
    def revoked(self, cur: Cursor[Any], e: User.Event, t: Tables, position: int) -> None:
        self._set(cur, t, e, position, "status = 'revoked'", ())

    @handles(User.InvitationAccepted)
    def accepted(self, cur: Cursor[Any], e: User.Event, t: Tables, position: int) -> None:
        self._set(cur, t, e, position, "status = 'active', activated_at = %s", (e.timestamp,))

    @handles(User.ProfileUpdated)
    def profile(self, cur: Cursor[Any], e: User.ProfileUpdated, t: Tables, position: int) -> None:
        fields = [f for f in ("name", "job_title", "phone", "avatar") if f in e.changes]
        if fields:
            assignments = ", ".join(f"{f} = %s" for f in fields)
            self._set(cur, t, e, position, assignments, tuple(e.changes[f] for f in fields))
        else:
            self._set(cur, t, e, position, "", ())

    @handles(User.MfaEnabled)
    def mfa_enabled(self, cur: Cursor[Any], e: User.Event, t: Tables, position: int) -> None:
        self._set(cur, t, e, position, "mfa_enabled = true", ())

    @handles(User.MfaReset)
    def mfa_reset(self, cur: Cursor[Any], e: User.Event, t: Tables, position: int) -> None:
        self._set(cur, t, e, position, "mfa_enabled = false", ())

    @handles(User.RoleChanged)
    def role_changed(self, cur: Cursor[Any], e: User.RoleChanged, t: Tables, position: int) -> None:
        self._set(cur, t, e, position, "role = %s, client_id = %s", (e.to_role, e.client_id))

    @handles(User.Deactivated)
    def deactivated(self, cur: Cursor[Any], e: User.Event, t: Tables, position: int) -> None:
        self._set(cur, t, e, position, "status = 'deactivated'", ())

    @handles(User.LoginSucceeded)
    def logged_in(self, cur: Cursor[Any], e: User.Event, t: Tables, position: int) -> None:
        self._set(cur, t, e, position, "last_login_at = %s", (e.timestamp,))

    @handles(User.PasswordChanged, User.BackupCodesRegenerated, User.LoginFailed, User.SessionRevoked)
    def touched(self, cur: Cursor[Any], e: User.Event, t: Tables, position: int) -> None:
        # Nothing shown changes, but the version must follow so If-Match on /me stays right.
        self._set(cur, t, e, position, "", ())

    @staticmethod
    def _set(
        cur: Cursor[Any], t: Tables, e: User.Event, position: int, assignments: str, params: tuple[Any, ...]
    ) -> None:
        # The version guard makes a replayed event a no-op.
        cur.execute(
            sql.SQL(
                "UPDATE {} SET "
                + (assignments + ", " if assignments else "")
                + "updated_at = %s, version = %s, position = %s"
                " WHERE id = %s AND version < %s"
            ).format(t["user_directory"]),
            (*params, e.timestamp, e.originator_version, position, e.originator_id, e.originator_version),
        )
