"""Reads of contracts, and the active contract of a client on a date (what the monthly client report reads)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any, Literal
from uuid import UUID

from psycopg import Connection, sql
from psycopg.rows import dict_row

from domain.billing.statuses import ContractStatus
from projections.billing.contracts import CONTRACTS
from projections.billing.listing import all_of, counts_by_status, equals, one_of
from projections.engine import Keyset, fetch_page
from projections.scope import Clause, Scope

ORDERS = {
    ("offered", "asc"): Keyset.of(CONTRACTS, "offered_at"),
    ("offered", "desc"): Keyset.of(CONTRACTS, "offered_at", descending=True),
    ("updated", "asc"): Keyset.of(CONTRACTS, "updated_at"),
    ("updated", "desc"): Keyset.of(CONTRACTS, "updated_at", descending=True),
}


@dataclass(frozen=True)
class ContractFilter:
    """What a contract list is narrowed to."""

    status: list[str] | None = None
    client_id: str | None = None
    contract_type: str | None = None


@dataclass(frozen=True)
class ContractPage:
    items: list[dict[str, Any]]
    next_cursor: str | None
    counts: dict[str, int]


def visible(scope: Scope) -> Clause:
    """Staff: every contract. A client user: their organisation's."""
    return scope.organisation("client_id")


def list_contracts(
    conn: Connection[Any],
    scope: Scope,
    f: ContractFilter,
    *,
    sort: Literal["offered", "updated"] = "offered",
    order: Literal["asc", "desc"] = "desc",
    limit: int = 50,
    cursor: str | None = None,
) -> ContractPage:
    """A page of the contracts ``scope`` may see that match ``f``, with counts per status."""
    where = all_of(equals("client_id", f.client_id), equals("contract_type", f.contract_type))
    page = fetch_page(
        conn, CONTRACTS, visible(scope).and_(where).and_(one_of("status", f.status)), ORDERS[(sort, order)],
        limit=limit, cursor=cursor,
    )  # fmt: skip
    return ContractPage(
        page.items, page.next_cursor, counts_by_status(conn, CONTRACTS.name, visible(scope).and_(where))
    )


def get_contract(conn: Connection[Any], scope: Scope, contract_id: UUID) -> dict[str, Any] | None:
    """The contract's row (None if unknown or not visible)."""
    where = visible(scope)
    with conn.cursor(row_factory=dict_row) as cur:
        row: dict[str, Any] | None = cur.execute(
            sql.SQL("SELECT {} FROM contract_list WHERE id = %s AND {}").format(CONTRACTS.select_list, where.sql),
            (contract_id, *where.params),
        ).fetchone()
    return row


def active_contract(
    conn: Connection[Any], client_id: str, on: date, scope: Scope | None = None
) -> dict[str, Any] | None:
    """The accepted contract of ``client_id`` covering ``on`` (the latest started, if several), or None.

    Its ``support_hours_per_month`` is the plan the monthly client report measures hours against.
    Without ``scope`` it reads as the system does (every client).
    """
    where = visible(scope) if scope is not None else Clause.true()
    query = sql.SQL(
        "SELECT {} FROM contract_list WHERE client_id = %s AND status = %s AND start <= %s"
        " AND (ends_on IS NULL OR %s < ends_on) AND {} ORDER BY start DESC, offered_at DESC, id LIMIT 1"
    ).format(CONTRACTS.select_list, where.sql)
    with conn.cursor(row_factory=dict_row) as cur:
        row: dict[str, Any] | None = cur.execute(
            query, (client_id, ContractStatus.ACCEPTED.value, on, on, *where.params)
        ).fetchone()
    return row
