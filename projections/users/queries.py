"""Reads of the user directory, narrowed to the accounts the reader may see."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from psycopg import Connection, sql
from psycopg.rows import dict_row

from projections.engine import Keyset, Page, fetch_page
from projections.scope import Clause, Scope
from projections.users.directory import DIRECTORY

STAFF_ROLES = ("admin", "employee")
BY_NAME = Keyset.of(DIRECTORY, "name")


def visible(scope: Scope) -> Clause:
    """Admins see every account, employees staff accounts, a client user their organisation's client accounts."""
    if scope.is_admin:
        return Clause.true()
    if scope.is_staff:
        return Clause(sql.SQL("role = ANY(%s)"), (list(STAFF_ROLES),))
    if scope.is_client and scope.client_id:
        return Clause(sql.SQL("role = 'client' AND client_id = %s"), (scope.client_id,))
    return Clause.false()


def list_users(
    conn: Connection[Any],
    scope: Scope,
    *,
    role: str | None = None,
    status: str | None = None,
    limit: int = 100,
    cursor: str | None = None,
) -> Page[dict[str, Any]]:
    """A page of the accounts ``scope`` may see, by name, optionally of one role or status."""
    where = visible(scope)
    if role:
        where = where.and_(Clause(sql.SQL("role = %s"), (role,)))
    if status:
        where = where.and_(Clause(sql.SQL("status = %s"), (status,)))
    return fetch_page(conn, DIRECTORY, where, BY_NAME, limit=limit, cursor=cursor)


def get_user(conn: Connection[Any], scope: Scope, user_id: UUID) -> dict[str, Any] | None:
    """One account, if ``scope`` may see it."""
    where = visible(scope)
    query = sql.SQL("SELECT {} FROM user_directory WHERE id = %s AND {}").format(DIRECTORY.select_list, where.sql)
    with conn.cursor(row_factory=dict_row) as cur:
        return cur.execute(query, (user_id, *where.params)).fetchone()
