"""Reads of a project's milestones, deployments and documents, as the reader may see them.

Removed milestones and deleted documents are hidden from every read. Client
users see deployments to production and client-facing documents only.
"""

from __future__ import annotations

from typing import Any
from uuid import UUID

from psycopg import Connection, sql
from psycopg.rows import dict_row

from projections.delivery import access
from projections.delivery.records import DEPLOYMENTS, DOCUMENTS, MILESTONES
from projections.engine import Keyset, Page, fetch_page
from projections.scope import Clause, Scope

NEWEST_DEPLOYMENTS = Keyset.of(DEPLOYMENTS, "deployed_at", descending=True)
NEWEST_DOCUMENTS = Keyset.of(DOCUMENTS, "uploaded_at", descending=True)
CLIENT_DEPLOYMENTS = "environment = 'production'"
CLIENT_DOCUMENTS = "visibility = 'client'"


def _rows(conn: Connection[Any], query: sql.Composed, params: tuple[Any, ...]) -> list[dict[str, Any]]:
    with conn.cursor(row_factory=dict_row) as cur:
        return cur.execute(query, params).fetchall()


def milestones(conn: Connection[Any], project_id: UUID) -> list[dict[str, Any]]:
    """The project's milestones in plan order (by target date, undated last); removed ones left out."""
    query = sql.SQL(
        "SELECT {} FROM project_milestones WHERE project_id = %s AND NOT removed"
        " ORDER BY target_date ASC NULLS LAST, created_at, id"
    ).format(MILESTONES.select_list)
    return _rows(conn, query, (project_id,))


def deployments(scope: Scope) -> Clause:
    """Deployments the reader may see."""
    return access.project_held(scope, DEPLOYMENTS.name).and_(access.client_facing(scope, CLIENT_DEPLOYMENTS))


def documents(scope: Scope) -> Clause:
    """Documents the reader may see: never deleted ones."""
    shown = Clause(sql.SQL("NOT deleted")).and_(access.client_facing(scope, CLIENT_DOCUMENTS))
    return access.project_held(scope, DOCUMENTS.name).and_(shown)


def latest_deployments(conn: Connection[Any], scope: Scope, project_id: UUID) -> list[dict[str, Any]]:
    """What runs where now: the latest deployment to each environment the reader may see."""
    where = deployments(scope)
    query = sql.SQL(
        "SELECT DISTINCT ON (environment) {} FROM project_deployments WHERE project_id = %s AND {}"
        " ORDER BY environment, deployed_at DESC, position DESC"
    ).format(DEPLOYMENTS.select_list, where.sql)
    return _rows(conn, query, (project_id, *where.params))


def list_deployments(  # noqa: PLR0913
    conn: Connection[Any],
    scope: Scope,
    project_id: UUID,
    *,
    environment: str | None = None,
    limit: int = 50,
    cursor: str | None = None,
) -> Page[dict[str, Any]]:
    """A project's deployments the reader may see, newest first, optionally to one environment."""
    where = deployments(scope).and_(Clause(sql.SQL("project_id = %s"), (project_id,)))
    if environment:
        where = where.and_(Clause(sql.SQL("environment = %s"), (environment,)))
    return fetch_page(conn, DEPLOYMENTS, where, NEWEST_DEPLOYMENTS, limit=limit, cursor=cursor)


def list_documents(
    conn: Connection[Any], scope: Scope, project_id: UUID, *, limit: int = 50, cursor: str | None = None
) -> Page[dict[str, Any]]:
    """A project's documents the reader may see, newest first."""
    where = documents(scope).and_(Clause(sql.SQL("project_id = %s"), (project_id,)))
    return fetch_page(conn, DOCUMENTS, where, NEWEST_DOCUMENTS, limit=limit, cursor=cursor)


def get_document(conn: Connection[Any], scope: Scope, document_id: UUID) -> dict[str, Any] | None:
    """One document, if the reader may see it (never a deleted one)."""
    where = documents(scope)
    query = sql.SQL("SELECT {} FROM project_documents WHERE id = %s AND {}").format(DOCUMENTS.select_list, where.sql)
    found = _rows(conn, query, (document_id, *where.params))
    return found[0] if found else None


def get_deployment(conn: Connection[Any], scope: Scope, deployment_id: UUID) -> dict[str, Any] | None:
    """One deployment, if the reader may see it."""
    where = deployments(scope)
    query = sql.SQL("SELECT {} FROM project_deployments WHERE id = %s AND {}").format(
        DEPLOYMENTS.select_list, where.sql
    )
    found = _rows(conn, query, (deployment_id, *where.params))
    return found[0] if found else None


def get_milestone(conn: Connection[Any], scope: Scope, milestone_id: UUID) -> dict[str, Any] | None:
    """One milestone, if the reader may see its project (never a removed one)."""
    where = access.project_held(scope, MILESTONES.name)
    query = sql.SQL("SELECT {} FROM project_milestones WHERE id = %s AND NOT removed AND {}").format(
        MILESTONES.select_list, where.sql
    )
    found = _rows(conn, query, (milestone_id, *where.params))
    return found[0] if found else None
