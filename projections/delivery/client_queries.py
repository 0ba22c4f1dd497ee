"""Reads of the client directory: scoped lists with onboarding counts, and each client with its checklist."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any, Literal
from uuid import UUID

from psycopg import Connection, sql
from psycopg.rows import dict_row

from domain.delivery.onboarding import Step
from projections.delivery import access
from projections.delivery.clients import CLIENTS
from projections.engine import Keyset, fetch_page
from projections.scope import Clause, Scope

Sort = Literal["name", "updated"]
Order = Literal["asc", "desc"]
Onboarding = Literal["onboarding", "onboarded"]
ORDERS = {
    (sort, order): Keyset.of(CLIENTS, column, descending=order == "desc")
    for sort, column in (("name", "company_name"), ("updated", "updated_at"))
    for order in ("asc", "desc")
}
# Onboarded: every step of the checklist ticked.
_TICKS = "(SELECT count(*) FROM client_onboarding o WHERE o.client_id = client_list.id::text)"
_ONBOARDED = f"{_TICKS} >= {len(Step)}"


@dataclass(frozen=True)
class ClientFilter:
    """What a client list is narrowed to."""

    text: str | None = None
    account_manager_id: str | None = None
    onboarding: Onboarding | None = None


@dataclass(frozen=True)
class ClientPage:
    items: list[dict[str, Any]]
    next_cursor: str | None
    counts: dict[str, int]


def _where(f: ClientFilter, *, with_onboarding: bool = True) -> Clause:
    clause = Clause.true()
    if f.text:
        clause = clause.and_(Clause(sql.SQL("company_name ILIKE %s"), (access.like(f.text),)))
    if f.account_manager_id:
        clause = clause.and_(Clause(sql.SQL("account_manager_id = %s"), (f.account_manager_id,)))
    if with_onboarding and f.onboarding:
        clause = clause.and_(Clause(sql.SQL(_ONBOARDED if f.onboarding == "onboarded" else f"NOT ({_ONBOARDED})")))
    return clause


def _shaped(row: dict[str, Any]) -> dict[str, Any]:
    return {**row, "contacts": json.loads(row["contacts"])}


def list_clients(  # noqa: PLR0913
    conn: Connection[Any],
    scope: Scope,
    f: ClientFilter,
    *,
    sort: Sort = "name",
    order: Order = "asc",
    limit: int = 50,
    cursor: str | None = None,
) -> ClientPage:
    """A page of the clients ``scope`` may see, with how many are still onboarding and how many are done."""
    where = access.clients(scope).and_(_where(f))
    page = fetch_page(conn, CLIENTS, where, ORDERS[(sort, order)], limit=limit, cursor=cursor)
    counted_where = access.clients(scope).and_(_where(f, with_onboarding=False))
    counted = sql.SQL(
        "SELECT CASE WHEN {} THEN 'onboarded' ELSE 'onboarding' END AS state, count(*) FROM client_list"
        " WHERE {} GROUP BY state"
    ).format(sql.SQL(_ONBOARDED), counted_where.sql)
    counts = dict(conn.execute(counted, counted_where.params).fetchall())
    return ClientPage([_shaped(r) for r in page.items], page.next_cursor, counts)


def get_client(conn: Connection[Any], scope: Scope, client_id: UUID) -> dict[str, Any] | None:
    """The client with contacts, its onboarding checklist and the projects the reader may see (None if hidden)."""
    where = access.clients(scope)
    query = sql.SQL("SELECT {} FROM client_list WHERE id = %s AND {}").format(CLIENTS.select_list, where.sql)
    with conn.cursor(row_factory=dict_row) as cur:
        row = cur.execute(query, (client_id, *where.params)).fetchone()
        if row is None:
            return None
        ticks = {
            t["step"]: t
            for t in cur.execute(
                "SELECT step, at, actor_id, actor_role, topic, record_id FROM client_onboarding WHERE client_id = %s",
                (str(client_id),),
            ).fetchall()
        }
        visible = access.projects(scope)
        projects = cur.execute(
            sql.SQL("SELECT id, name, status FROM project_list WHERE client_id = %s AND {} ORDER BY name, id").format(
                visible.sql
            ),
            (str(client_id), *visible.params),
        ).fetchall()
    client = _shaped(row)
    client["onboarding"] = [{"step": step.value, "done": ticks.get(step.value)} for step in Step]
    client["projects"] = projects
    return client


def client_visible(conn: Connection[Any], scope: Scope, client_id: UUID) -> bool:
    """Whether the reader may see the client."""
    where = access.clients(scope)
    query = sql.SQL("SELECT 1 FROM client_list WHERE id = %s AND {}").format(where.sql)
    return conn.execute(query, (client_id, *where.params)).fetchone() is not None
