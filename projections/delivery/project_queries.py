"""Reads of the project portfolio: scoped, filtered, keyset-paged lists and each project's overview."""

from __future__ import annotations

import json
from dataclasses import dataclass, fields
from typing import Any, Literal
from uuid import UUID

from psycopg import Connection, sql
from psycopg.rows import dict_row

from projections.delivery import access, record_queries
from projections.delivery.projects import NOTES, PROJECTS
from projections.engine import Keyset, fetch_page, uuid_keys
from projections.scope import Clause, Scope

Sort = Literal["updated", "created", "name"]
Order = Literal["asc", "desc"]
ORDERS = {
    (sort, order): Keyset.of(PROJECTS, column, descending=order == "desc")
    for sort, column in (("updated", "updated_at"), ("created", "created_at"), ("name", "name"))
    for order in ("asc", "desc")
}
LATEST_NOTES = 20
INTERNAL = ("members", "budget_hours", "status_reason", "notes_count")


@dataclass(frozen=True)
class ProjectFilter:
    """What a project list is narrowed to."""

    status: list[str] | None = None
    client_id: str | None = None
    manager_id: str | None = None
    member_id: str | None = None
    text: str | None = None


@dataclass(frozen=True)
class ProjectPage:
    items: list[dict[str, Any]]
    next_cursor: str | None
    counts: dict[str, int]


def _where(f: ProjectFilter, *, with_status: bool = True) -> Clause:
    clause = Clause.true()
    if with_status and f.status:
        clause = clause.and_(Clause(sql.SQL("status = ANY(%s)"), (f.status,)))
    if f.client_id:
        clause = clause.and_(Clause(sql.SQL("client_id = %s"), (f.client_id,)))
    if f.manager_id:
        clause = clause.and_(Clause(sql.SQL("manager_id = %s"), (f.manager_id,)))
    if f.member_id:
        member = "EXISTS (SELECT 1 FROM project_members m WHERE m.project_id = project_list.id AND m.user_id = %s AND m.is_member)"
        clause = clause.and_(Clause(sql.SQL(member), (f.member_id,)))
    if f.text:
        clause = clause.and_(Clause(sql.SQL("name ILIKE %s"), (access.like(f.text),)))
    return clause


def list_projects(  # noqa: PLR0913
    conn: Connection[Any],
    scope: Scope,
    f: ProjectFilter,
    *,
    sort: Sort = "updated",
    order: Order = "desc",
    limit: int = 50,
    cursor: str | None = None,
) -> ProjectPage:
    """A page of the projects ``scope`` may see that match ``f``, with counts per status."""
    where = access.projects(scope).and_(_where(f))
    page = fetch_page(conn, PROJECTS, where, ORDERS[(sort, order)], limit=limit, cursor=cursor)
    names = _client_names(conn, {r["client_id"] for r in page.items})
    items = [shaped(scope, r, names.get(r["client_id"], "")) for r in page.items]
    return ProjectPage(items, page.next_cursor, _counts(conn, scope, f))


def _counts(conn: Connection[Any], scope: Scope, f: ProjectFilter) -> dict[str, int]:
    """Projects per status under every filter but status."""
    others = [x.name for x in fields(f) if x.name != "status" and getattr(f, x.name)]
    if scope.is_admin and not others:
        query = "SELECT status, projects FROM project_counts WHERE projects > 0"
        return dict(conn.execute(query).fetchall())
    where = access.projects(scope).and_(_where(f, with_status=False))
    counted = sql.SQL("SELECT status, count(*) FROM project_list WHERE {} GROUP BY status").format(where.sql)
    return dict(conn.execute(counted, where.params).fetchall())


def _client_names(conn: Connection[Any], client_ids: set[str]) -> dict[str, str]:
    if not client_ids:
        return {}
    query = "SELECT id::text, company_name FROM client_list WHERE id = ANY(%s)"
    return dict(conn.execute(query, (uuid_keys(client_ids),)).fetchall())


def shaped(scope: Scope, row: dict[str, Any], client_name: str) -> dict[str, Any]:
    """A project row as ``scope`` may see it: the team, budget, reasons and notes count only for staff."""
    public = {k: v for k, v in row.items() if k not in INTERNAL}
    internal = {k: row[k] for k in INTERNAL} | {"members": json.loads(row["members"])}
    return {**public, "client_name": client_name, "internal": internal if scope.is_staff else None}


def project_row(conn: Connection[Any], scope: Scope, project_id: UUID) -> dict[str, Any] | None:
    """The project's row, if ``scope`` may see it."""
    where = access.projects(scope)
    query = sql.SQL("SELECT {} FROM project_list WHERE id = %s AND {}").format(PROJECTS.select_list, where.sql)
    with conn.cursor(row_factory=dict_row) as cur:
        return cur.execute(query, (project_id, *where.params)).fetchone()


def get_project(conn: Connection[Any], scope: Scope, project_id: UUID) -> dict[str, Any] | None:
    """The project's overview as ``scope`` may see it (None if unknown or not visible).

    Milestones, the latest deployment per environment, documents; for staff also
    task counts per status and the latest notes.
    """
    row = project_row(conn, scope, project_id)
    if row is None:
        return None
    overview = shaped(scope, row, _client_names(conn, {row["client_id"]}).get(row["client_id"], ""))
    overview["milestones"] = record_queries.milestones(conn, project_id)
    overview["live"] = record_queries.latest_deployments(conn, scope, project_id)
    overview["documents"] = record_queries.list_documents(conn, scope, project_id, limit=100).items
    overview["task_counts"] = _task_counts(conn, project_id) if scope.is_staff else None
    overview["notes"] = _notes(conn, project_id) if scope.is_staff else None
    return overview


def _task_counts(conn: Connection[Any], project_id: UUID) -> dict[str, int]:
    query = "SELECT status, count(*) FROM task_list WHERE project_id = %s AND NOT deleted GROUP BY status"
    return dict(conn.execute(query, (project_id,)).fetchall())


def _notes(conn: Connection[Any], project_id: UUID) -> list[dict[str, Any]]:
    query = sql.SQL(
        "SELECT note_id, text, kickoff, author_id, written_at, version FROM {}"
        " WHERE project_id = %s ORDER BY version DESC LIMIT %s"
    ).format(sql.Identifier(NOTES.name))
    with conn.cursor(row_factory=dict_row) as cur:
        latest = cur.execute(query, (project_id, LATEST_NOTES)).fetchall()
    return latest[::-1]
