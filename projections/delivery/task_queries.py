"""Reads of the task board: scoped, filtered, keyset-paged lists with counts per status, and each task."""

from __future__ import annotations

import json
from dataclasses import dataclass, fields
from datetime import date
from typing import Any, Literal
from uuid import UUID

from psycopg import Connection, sql
from psycopg.rows import dict_row

from projections.delivery import access
from projections.delivery.tasks import COMMENTS, TASKS
from projections.engine import Keyset, fetch_page
from projections.scope import Clause, Scope

Sort = Literal["updated", "created"]
Order = Literal["asc", "desc"]
ORDERS = {
    (sort, order): Keyset.of(TASKS, column, descending=order == "desc")
    for sort, column in (("updated", "updated_at"), ("created", "created_at"))
    for order in ("asc", "desc")
}
LATEST_COMMENTS = 50


@dataclass(frozen=True)
class TaskFilter:
    """What a task list is narrowed to; ``mine`` keeps the reader's own tasks."""

    project_id: UUID | None = None
    assignee_id: str | None = None
    status: list[str] | None = None
    due_from: date | None = None
    due_to: date | None = None
    mine: bool = False
    text: str | None = None


@dataclass(frozen=True)
class TaskPage:
    items: list[dict[str, Any]]
    next_cursor: str | None
    counts: dict[str, int]


def _where(scope: Scope, f: TaskFilter, *, with_status: bool = True) -> Clause:
    clause = Clause(sql.SQL("NOT deleted"))
    if with_status and f.status:
        clause = clause.and_(Clause(sql.SQL("status = ANY(%s)"), (f.status,)))
    if f.project_id:
        clause = clause.and_(Clause(sql.SQL("project_id = %s"), (f.project_id,)))
    if f.assignee_id is not None:
        clause = clause.and_(Clause(sql.SQL("assignee_id = %s"), (f.assignee_id,)))
    if f.mine:
        clause = clause.and_(Clause(sql.SQL("assignee_id = %s"), (_me(scope),)))
    if f.due_from:
        clause = clause.and_(Clause(sql.SQL("due_date >= %s"), (f.due_from,)))
    if f.due_to:
        clause = clause.and_(Clause(sql.SQL("due_date <= %s"), (f.due_to,)))
    if f.text:
        clause = clause.and_(Clause(sql.SQL("title ILIKE %s"), (access.like(f.text),)))
    return clause


def _me(scope: Scope) -> str:
    return "" if scope.user_id is None else str(scope.user_id)


def list_tasks(  # noqa: PLR0913
    conn: Connection[Any],
    scope: Scope,
    f: TaskFilter,
    *,
    sort: Sort = "updated",
    order: Order = "desc",
    limit: int = 50,
    cursor: str | None = None,
) -> TaskPage:
    """A page of the tasks ``scope`` may see that match ``f``, with counts per status; the reader's own marked."""
    where = access.tasks(scope).and_(_where(scope, f))
    page = fetch_page(conn, TASKS, where, ORDERS[(sort, order)], limit=limit, cursor=cursor)
    me = _me(scope)
    items = [{**row, "mine": bool(me) and row["assignee_id"] == me} for row in page.items]
    return TaskPage(items, page.next_cursor, _counts(conn, scope, f))


def _counts(conn: Connection[Any], scope: Scope, f: TaskFilter) -> dict[str, int]:
    """Tasks per status under every filter but status (deleted ones never counted)."""
    others = [x.name for x in fields(f) if x.name != "status" and getattr(f, x.name)]
    if scope.is_admin and not others:
        query = "SELECT status, tasks FROM task_counts WHERE NOT deleted AND tasks > 0"
        return dict(conn.execute(query).fetchall())
    where = access.tasks(scope).and_(_where(scope, f, with_status=False))
    counted = sql.SQL("SELECT status, count(*) FROM task_list WHERE {} GROUP BY status").format(where.sql)
    return dict(conn.execute(counted, where.params).fetchall())


def get_task(conn: Connection[Any], scope: Scope, task_id: UUID) -> dict[str, Any] | None:
    """The task with its latest comments, oldest first (None if unknown, deleted or not visible)."""
    where = access.tasks(scope)
    query = sql.SQL("SELECT {} FROM task_list WHERE id = %s AND NOT deleted AND {}").format(
        TASKS.select_list, where.sql
    )
    with conn.cursor(row_factory=dict_row) as cur:
        row = cur.execute(query, (task_id, *where.params)).fetchone()
        if row is None:
            return None
        comments = cur.execute(
            sql.SQL(
                "SELECT comment_id, text, mentions, author_id, written_at, version FROM {}"
                " WHERE task_id = %s ORDER BY version DESC LIMIT %s"
            ).format(sql.Identifier(COMMENTS.name)),
            (task_id, LATEST_COMMENTS),
        ).fetchall()
    row["comments"] = [{**c, "mentions": json.loads(c["mentions"])} for c in comments[::-1]]
    row["mine"] = row["assignee_id"] == _me(scope)
    return row


def task_visible(conn: Connection[Any], scope: Scope, task_id: UUID) -> bool:
    """Whether the reader may see the task (deleted ones included: their history stays readable)."""
    where = access.tasks(scope)
    query = sql.SQL("SELECT 1 FROM task_list WHERE id = %s AND {}").format(where.sql)
    return conn.execute(query, (task_id, *where.params)).fetchone() is not None
