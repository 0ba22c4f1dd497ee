"""Reads of the time controls: period locks, overrides, tags and the automatic lock's setting (staff)."""

from __future__ import annotations

from datetime import date
from typing import Any
from uuid import UUID

from psycopg import Connection, sql
from psycopg.rows import dict_row

from domain.time.policy import POLICY_ID
from domain.time.tags import BUILT_IN
from projections.engine import Keyset, Page, fetch_page
from projections.scope import Clause, Scope
from projections.time.tables import LOCKS, OVERRIDES

Row = dict[str, Any]
LATEST_LOCKS = Keyset.of(LOCKS, "first_day", descending=True)
LATEST_OVERRIDES = Keyset.of(OVERRIDES, "created_at", descending=True)


def _staff(scope: Scope) -> Clause:
    return Clause.true() if scope.is_staff else Clause.false()


def list_locks(
    conn: Connection[Any],
    scope: Scope,
    *,
    active: bool | None = None,
    on: date | None = None,
    limit: int = 50,
    cursor: str | None = None,
) -> Page[Row]:
    """Locks, latest period first; ``active`` narrows to locks in force (or lifted), ``on`` to those covering a day."""
    where = _staff(scope)
    if active is not None:
        where = where.and_(Clause(sql.SQL("active = %s"), (active,)))
    if on is not None:
        where = where.and_(Clause(sql.SQL("first_day <= %s AND last_day >= %s"), (on, on)))
    return fetch_page(conn, LOCKS, where, LATEST_LOCKS, limit=limit, cursor=cursor)


def get_lock(conn: Connection[Any], scope: Scope, lock_id: UUID) -> Row | None:
    where = _staff(scope).and_(Clause(sql.SQL("id = %s"), (lock_id,)))
    with conn.cursor(row_factory=dict_row) as cur:
        query = sql.SQL("SELECT {} FROM time_locks WHERE {}").format(LOCKS.select_list, where.sql)
        return cur.execute(query, where.params).fetchone()


def _overrides_visible(scope: Scope) -> Clause:
    """Admins: every override. Employees: their own, and those on projects they manage."""
    if scope.is_admin:
        return Clause.true()
    if not scope.is_staff or scope.user_id is None:
        return Clause.false()
    managed = "EXISTS (SELECT 1 FROM time_projects p WHERE p.id = time_overrides.project_id AND p.manager_id = %s)"
    return Clause(sql.SQL("(person_id = %s OR " + managed + ")"), (scope.user_id, scope.user_id))


def list_overrides(
    conn: Connection[Any],
    scope: Scope,
    *,
    project_id: UUID | None = None,
    person_id: UUID | None = None,
    limit: int = 50,
    cursor: str | None = None,
) -> Page[Row]:
    where = _overrides_visible(scope)
    for column, value in (("project_id", project_id), ("person_id", person_id)):
        if value is not None:
            where = where.and_(Clause(sql.SQL("{} = %s").format(sql.Identifier(column)), (value,)))
    return fetch_page(conn, OVERRIDES, where, LATEST_OVERRIDES, limit=limit, cursor=cursor)


def get_override(conn: Connection[Any], scope: Scope, override_id: UUID) -> Row | None:
    where = _overrides_visible(scope).and_(Clause(sql.SQL("id = %s"), (override_id,)))
    with conn.cursor(row_factory=dict_row) as cur:
        query = sql.SQL("SELECT {} FROM time_overrides WHERE {}").format(OVERRIDES.select_list, where.sql)
        return cur.execute(query, where.params).fetchone()


def list_tags(conn: Connection[Any]) -> list[Row]:
    """The built-in tags, then those admins added, oldest first."""
    built_in: list[Row] = [
        {"name": name, "description": "", "built_in": True, "added_at": None, "added_by": ""} for name in BUILT_IN
    ]
    with conn.cursor(row_factory=dict_row) as cur:
        added = cur.execute(
            "SELECT name, description, FALSE AS built_in, added_at, added_by FROM time_tags ORDER BY added_at, name"
        ).fetchall()
    return built_in + added


def lock_policy(conn: Connection[Any]) -> Row | None:
    with conn.cursor(row_factory=dict_row) as cur:
        return cur.execute(
            "SELECT grace_days, updated_at, updated_by, version FROM time_lock_policy WHERE id = %s", (POLICY_ID,)
        ).fetchone()
