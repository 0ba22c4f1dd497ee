"""Reads of the user directory, narrowed to what the reader may see."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from uuid import UUID

from psycopg import Connection, sql
from psycopg.rows import dict_row

USER_COLUMNS = (
    "id, email, name, role, client_id, status, mfa_enabled, job_title, phone, avatar,"
    " invited_at, activated_at, last_login_at, updated_at, version, position"
)


@dataclass(frozen=True)
class UserScope:
    """Which accounts a reader may see: all, some roles, or one client organisation's."""

    roles: frozenset[str] | None = None
    client_id: str | None = None
    only_user: UUID | None = None


def _where(scope: UserScope) -> tuple[sql.Composable, list[Any]]:
    clauses: list[sql.Composable] = []
    params: list[Any] = []
    if scope.roles is not None:
        clauses.append(sql.SQL("role = ANY(%s)"))
        params.append(sorted(scope.roles))
    if scope.client_id is not None:
        clauses.append(sql.SQL("client_id = %s"))
        params.append(scope.client_id)
    if scope.only_user is not None:
        clauses.append(sql.SQL("id = %s"))
        params.append(scope.only_user)
    return (sql.SQL(" AND ").join(clauses) if clauses else sql.SQL("TRUE")), params


def list_users(
    conn: Connection[Any],
    scope: UserScope,
    *,
    role: str | None = None,
    status: str | None = None,
    limit: int = 100,
    after_name: str | None = None,
    after_id: str | None = None,
) -> list[dict[str, Any]]:
    """Users in the reader's scope, by name."""
    where, params = _where(scope)
    if role:
        where = sql.SQL("{} AND role = %s").format(where)
        params.append(role)
    if status:
        where = sql.SQL("{} AND status = %s").format(where)
        params.append(status)
    if after_name is not None and after_id is not None:
        where = sql.SQL("{} AND (name, id) > (%s, %s)").format(where)
        params += [after_name, after_id]
    query = sql.SQL("SELECT {} FROM user_directory WHERE {} ORDER BY name, id LIMIT %s").format(
        sql.SQL(USER_COLUMNS), where
    )
    with conn.cursor(row_factory=dict_row) as cur:
        return cur.execute(query, [*params, limit]).fetchall()


def get_user(conn: Connection[Any], scope: UserScope, user_id: UUID) -> dict[str, Any] | None:
    """One user, if the reader may see them."""
    where, params = _where(scope)
    query = sql.SQL("SELECT {} FROM user_directory WHERE id = %s AND {}").format(sql.SQL(USER_COLUMNS), where)
    with conn.cursor(row_factory=dict_row) as cur:
        return cur.execute(query, [user_id, *params]).fetchone()
