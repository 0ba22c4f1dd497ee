"""The identity tables: secrets and credentials kept outside the event log."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any
from uuid import UUID

from psycopg import Connection

DDL = """
CREATE TABLE IF NOT EXISTS identity_credentials (
    user_id uuid PRIMARY KEY,
    password_hash text NOT NULL,
    updated_at timestamptz NOT NULL
);
CREATE TABLE IF NOT EXISTS identity_invite_tokens (
    user_id uuid PRIMARY KEY,
    invitation integer NOT NULL,
    token_hash text NOT NULL UNIQUE,
    expires_at timestamptz NOT NULL,
    used_at timestamptz
);
CREATE TABLE IF NOT EXISTS identity_totp (
    user_id uuid PRIMARY KEY,
    secret_encrypted text NOT NULL,
    confirmed boolean NOT NULL DEFAULT false,
    last_used_step bigint,
    created_at timestamptz NOT NULL
);
CREATE TABLE IF NOT EXISTS identity_totp_pending (
    user_id uuid PRIMARY KEY,
    secret_encrypted text NOT NULL,
    created_at timestamptz NOT NULL
);
CREATE TABLE IF NOT EXISTS identity_backup_codes (
    user_id uuid NOT NULL,
    code_hash text NOT NULL,
    used_at timestamptz,
    PRIMARY KEY (user_id, code_hash)
);
CREATE TABLE IF NOT EXISTS identity_sessions (
    id uuid PRIMARY KEY,
    token_hash text NOT NULL UNIQUE,
    user_id uuid NOT NULL,
    role text NOT NULL,
    client_id text NOT NULL,
    stage text NOT NULL CHECK (stage IN ('mfa', 'enrol', 'full')),
    created_at timestamptz NOT NULL,
    last_seen_at timestamptz NOT NULL,
    expires_at timestamptz,
    revoked_at timestamptz,
    address text NOT NULL DEFAULT '',
    user_agent text NOT NULL DEFAULT ''
);
CREATE INDEX IF NOT EXISTS identity_sessions_by_user ON identity_sessions (user_id);
CREATE TABLE IF NOT EXISTS identity_login_failures (
    scope text NOT NULL,
    key text NOT NULL,
    at timestamptz NOT NULL
);
CREATE INDEX IF NOT EXISTS identity_login_failures_key ON identity_login_failures (scope, key, at);
CREATE INDEX IF NOT EXISTS identity_login_failures_at ON identity_login_failures (at);
CREATE TABLE IF NOT EXISTS identity_avatars (
    user_id uuid PRIMARY KEY,
    content_type text NOT NULL,
    image bytea NOT NULL,
    digest text NOT NULL,
    updated_at timestamptz NOT NULL
);
"""


def ensure_schema(conn: Connection[Any]) -> None:
    with conn.transaction():
        conn.execute("SELECT pg_advisory_xact_lock(hashtext('api.identity.ddl'))")
        conn.execute(DDL)


@dataclass(frozen=True)
class Session:
    """A session row: who it belongs to and how far sign-in got."""

    id: UUID
    user_id: UUID
    role: str
    client_id: str
    stage: str
    created_at: datetime
    last_seen_at: datetime
    expires_at: datetime | None
    revoked_at: datetime | None
    address: str
    user_agent: str


SESSION_COLUMNS = (
    "id, user_id, role, client_id, stage, created_at, last_seen_at, expires_at, revoked_at, address, user_agent"
)


def session_by_hash(conn: Connection[Any], digest: str) -> Session | None:
    row = conn.execute(f"SELECT {SESSION_COLUMNS} FROM identity_sessions WHERE token_hash = %s", (digest,)).fetchone()
    return None if row is None else Session(*row)


def insert_session(  # noqa: PLR0913
    conn: Connection[Any],
    session_id: UUID,
    digest: str,
    user_id: UUID,
    role: str,
    client_id: str,
    stage: str,
    now: datetime,
    expires_at: datetime | None,
    address: str,
    user_agent: str,
) -> None:
    conn.execute(
        "INSERT INTO identity_sessions (id, token_hash, user_id, role, client_id, stage, created_at,"
        " last_seen_at, expires_at, address, user_agent) VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s)",
        (session_id, digest, user_id, role, client_id, stage, now, now, expires_at, address[:100], user_agent[:300]),
    )


def live_sessions(conn: Connection[Any], user_id: UUID) -> list[Session]:
    rows = conn.execute(
        f"SELECT {SESSION_COLUMNS} FROM identity_sessions WHERE user_id = %s AND revoked_at IS NULL"
        " ORDER BY created_at DESC",
        (user_id,),
    ).fetchall()
    return [Session(*r) for r in rows]


def revoke_sessions(
    conn: Connection[Any], user_id: UUID, now: datetime, *, only: UUID | None = None, keep: UUID | None = None
) -> list[UUID]:
    """Revoke the user's live sessions (one, or all but one); returns the ids revoked."""
    query = "UPDATE identity_sessions SET revoked_at = %s WHERE user_id = %s AND revoked_at IS NULL"
    params: list[Any] = [now, user_id]
    if only is not None:
        query += " AND id = %s"
        params.append(only)
    if keep is not None:
        query += " AND id <> %s"
        params.append(keep)
    rows = conn.execute(query + " RETURNING id, stage", params).fetchall()
    # Half-finished sign-ins are not sessions a user would recognise: do not report them.
    return [r[0] for r in rows if r[1] != "mfa"]


def count_failures(conn: Connection[Any], scope: str, key: str, since: datetime) -> tuple[int, datetime | None]:
    row = conn.execute(
        "SELECT count(*), min(at) FROM identity_login_failures WHERE scope = %s AND key = %s AND at > %s",
        (scope, key, since),
    ).fetchone()
    assert row is not None
    return int(row[0]), row[1]


def add_failure(conn: Connection[Any], scope: str, key: str, now: datetime, keep_after: datetime) -> None:
    """Record a failure and forget failures too old to matter, so the table stays small."""
    conn.execute("DELETE FROM identity_login_failures WHERE at < %s", (keep_after,))
    conn.execute("INSERT INTO identity_login_failures (scope, key, at) VALUES (%s, %s, %s)", (scope, key, now))


def purge_dead_sessions(conn: Connection[Any], user_id: UUID, idle_since: datetime) -> None:
    """Delete the user's revoked or idle-expired sessions (their history is in the event log)."""
    conn.execute(
        "DELETE FROM identity_sessions WHERE user_id = %s AND (revoked_at IS NOT NULL OR last_seen_at < %s)",
        (user_id, idle_since),
    )


def clear_failures(conn: Connection[Any], scope: str, key: str) -> None:
    conn.execute("DELETE FROM identity_login_failures WHERE scope = %s AND key = %s", (scope, key))
