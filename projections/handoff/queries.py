"""Reads of the handoff board: staff see every handoff; a client user sees who to contact for what."""

from __future__ import annotations

from datetime import date
from typing import Any

from psycopg import Connection, sql
from psycopg.rows import dict_row

from domain.handoff.evidence import Evidence
from domain.handoff.ids import handoff_id
from domain.handoff.stage import ROUTING_STAGES, Stage
from projections.engine import Keyset, Page, fetch_page, uuid_keys
from projections.handoff.shape import board_item, contacts_for, evidence_of
from projections.handoff.tables import HANDOFFS, PROJECTS, TICKET_SIDES
from projections.scope import Clause, Scope

LATEST_FIRST = Keyset.of(HANDOFFS, "updated_at", descending=True)


def _projects(conn: Connection[Any], project_ids: list[str]) -> dict[str, dict[str, Any]]:
    if not project_ids:
        return {}
    query = sql.SQL("SELECT {} FROM handoff_projects WHERE id = ANY(%s)").format(PROJECTS.select_list)
    with conn.cursor(row_factory=dict_row) as cur:
        return {str(r["id"]): r for r in cur.execute(query, (uuid_keys(project_ids),)).fetchall()}


def _tickets(conn: Connection[Any], client_ids: list[str]) -> dict[str, dict[str, int]]:
    found: dict[str, dict[str, int]] = {}
    if client_ids:
        query = sql.SQL("SELECT client_id, side, rows FROM {} WHERE client_id = ANY(%s)").format(
            sql.Identifier(TICKET_SIDES.name)
        )
        for client_id, side, rows in conn.execute(query, (client_ids,)).fetchall():
            found.setdefault(client_id, {})[side] = rows
    return found


def _items(conn: Connection[Any], rows: list[dict[str, Any]], today: date, *, detail: bool) -> list[dict[str, Any]]:
    projects = _projects(conn, [r["project_id"] for r in rows])
    tickets = _tickets(conn, sorted({r["client_id"] for r in rows}))
    return [
        board_item(r, projects.get(r["project_id"]), tickets.get(r["client_id"], {}), today=today, detail=detail)
        for r in rows
    ]


def board(  # noqa: PLR0913
    conn: Connection[Any],
    scope: Scope,
    *,
    today: date,
    stage: list[str] | None = None,
    client_id: str | None = None,
    limit: int = 50,
    cursor: str | None = None,
) -> Page[dict[str, Any]]:
    """A page of handoffs, latest change first (staff only: a client user's page is empty)."""
    where = Clause.true() if scope.is_staff else Clause.false()
    if stage:
        where = where.and_(Clause(sql.SQL("stage = ANY(%s)"), (stage,)))
    if client_id:
        where = where.and_(Clause(sql.SQL("client_id = %s"), (client_id,)))
    page = fetch_page(conn, HANDOFFS, where, LATEST_FIRST, limit=limit, cursor=cursor)
    return Page(_items(conn, page.items, today, detail=False), page.next_cursor)


def handoff(conn: Connection[Any], scope: Scope, project_id: str, *, today: date) -> dict[str, Any] | None:
    """One project's handoff with its data and checklist (staff only), or None."""
    if not scope.is_staff:
        return None
    query = sql.SQL("SELECT {} FROM handoff_board WHERE id = %s").format(HANDOFFS.select_list)
    with conn.cursor(row_factory=dict_row) as cur:
        row = cur.execute(query, (handoff_id(project_id),)).fetchone()
    return _items(conn, [row], today, detail=True)[0] if row else None


def evidence(conn: Connection[Any], project_id: str) -> Evidence:
    """What the project's records prove, as the view has folded it."""
    return evidence_of(_projects(conn, [project_id]).get(project_id), project_id)


def projects_of_client(conn: Connection[Any], client_id: str) -> list[str]:
    """The projects of ``client_id`` with a handoff, latest started first."""
    query = "SELECT project_id FROM handoff_board WHERE client_id = %s ORDER BY created_at DESC, id"
    return [r[0] for r in conn.execute(query, (client_id,)).fetchall()]


def client_contacts(conn: Connection[Any], scope: Scope, *, support: dict[str, str]) -> list[dict[str, Any]]:
    """For a client user: each of their projects being handed off, and who to contact for what."""
    if not scope.is_client or not scope.client_id:
        return []
    query = (
        "SELECT b.project_id, b.stage, p.name, COALESCE(u.name, ''), COALESCE(u.email, '') FROM handoff_board b"
        " LEFT JOIN handoff_projects p ON p.id::text = b.project_id"
        " LEFT JOIN user_directory u ON u.id::text = p.manager_id"
        " WHERE b.client_id = %s AND b.stage = ANY(%s) ORDER BY b.created_at DESC, b.id"
    )
    stages = [s.value for s in ROUTING_STAGES]
    result = []
    for project_id, stage, name, pm_name, pm_email in conn.execute(query, (scope.client_id, stages)).fetchall():
        pm = {"name": pm_name, "email": pm_email}
        result.append(
            {"project_id": project_id, "project_name": name or "", "stage": stage,
             "contacts": contacts_for(Stage(stage), pm, support)}
        )  # fmt: skip
    return result
